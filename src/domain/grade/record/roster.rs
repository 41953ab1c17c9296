//! A class roster applied to a report: each submission (found under a learner's folder) gets the
//! learner's id, name and email, and every learner on the roster who handed in nothing is listed,
//! so no one is left out of a gradebook silently. Reading the file is `infra::roster`.

use serde::{Deserialize, Serialize};

use super::ClassReport;

/// One line of a roster: the folder a learner's work is found under, and who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Learner {
    pub folder: String,
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
}

impl ClassReport {
    /// Maps every submission whose folder is on `roster` to its learner, notes the submissions
    /// the roster does not name, and lists the learners with no submission (in `missing` and in
    /// `problems`). A shard only maps: who is missing is known once the shards are merged.
    pub fn apply_roster(&mut self, roster: &[Learner]) {
        for submission in &mut self.submissions {
            if submission.folder.is_empty() {
                submission.folder = submission.id.clone();
            }
            match roster.iter().find(|l| l.folder == submission.folder) {
                Some(learner) => {
                    if !learner.id.is_empty() {
                        submission.id = learner.id.clone();
                    }
                    submission.name = learner.name.clone();
                    submission.email = learner.email.clone();
                }
                None => {
                    let note = format!(
                        "folder `{}` is not on the roster, so it keeps its folder name as its id",
                        submission.folder
                    );
                    if !submission.problems.contains(&note) {
                        submission.problems.push(note);
                    }
                }
            }
        }
        self.submissions.sort_by(|a, b| a.id.cmp(&b.id));
        if self.shard.is_some() {
            return;
        }
        for learner in roster {
            let handed_in = self.submissions.iter().any(|s| s.folder == learner.folder);
            if handed_in || self.missing.contains(learner) {
                continue;
            }
            self.problems.push(format!(
                "missing: {} is on the roster (id `{}`, folder `{}`) but no submission was found",
                if learner.name.is_empty() {
                    &learner.id
                } else {
                    &learner.name
                },
                learner.id,
                learner.folder
            ));
            self.missing.push(learner.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CourseShape, Submission};
    use super::*;

    fn submission(folder: &str) -> Submission {
        Submission {
            id: folder.to_owned(),
            folder: folder.to_owned(),
            name: String::new(),
            email: String::new(),
            score: 0,
            max_score: 0,
            exercises: Vec::new(),
            quizzes: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn learner(folder: &str, id: &str, name: &str) -> Learner {
        Learner {
            folder: folder.to_owned(),
            id: id.to_owned(),
            name: name.to_owned(),
            email: format!("{folder}@example.org"),
        }
    }

    #[test]
    fn maps_ids_and_lists_who_is_missing() {
        let mut report = ClassReport::new(
            CourseShape::default(),
            "none".to_owned(),
            None,
            Vec::new(),
            vec![submission("zed"), submission("stranger")],
        );
        let roster = [learner("zed", "s1", "Zed Z"), learner("amy", "s2", "Amy A")];
        report.apply_roster(&roster);
        report.apply_roster(&roster);
        let zed = report
            .submissions
            .iter()
            .find(|s| s.folder == "zed")
            .unwrap();
        assert_eq!(zed.id, "s1");
        assert_eq!(zed.name, "Zed Z");
        assert_eq!(zed.email, "zed@example.org");
        let stranger = report
            .submissions
            .iter()
            .find(|s| s.id == "stranger")
            .unwrap();
        assert_eq!(
            stranger.problems.len(),
            1,
            "noted once: {:?}",
            stranger.problems
        );
        assert_eq!(report.missing, [roster[1].clone()]);
        assert_eq!(report.problems.len(), 1);
        assert!(
            report.problems[0].starts_with("missing: Amy A"),
            "{:?}",
            report.problems
        );
    }

    #[test]
    fn a_shard_maps_but_does_not_say_who_is_missing() {
        let mut report = ClassReport::new(
            CourseShape::default(),
            "none".to_owned(),
            Some("1/2".to_owned()),
            Vec::new(),
            vec![submission("zed")],
        );
        report.apply_roster(&[learner("zed", "s1", "Zed"), learner("amy", "s2", "Amy")]);
        assert_eq!(report.submissions[0].id, "s1");
        assert!(report.missing.is_empty());
        assert!(report.problems.is_empty());
    }
}
