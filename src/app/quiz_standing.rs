//! Where a learner stands with each quiz: not taken, passed, failed, or (sealed) submitted; how
//! many are done; which one is due next; and the quiz lines of `list` and `progress`.

use crate::app::session::Session;
use crate::app::ui;
use crate::domain::course::quiz::Quiz;
use crate::infra::workbook::quiz_record::QuizRecord;

/// A quiz's standing in a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    NotTaken,
    Passed {
        score: u32,
        max: u32,
    },
    Failed {
        score: u32,
        max: u32,
    },
    /// A sealed quiz that was taken: the instructor scores it.
    Submitted,
}

impl Standing {
    /// `not taken`, `passed 14/16`, `failed 9/16`, `submitted`.
    pub fn label(self) -> String {
        match self {
            Standing::NotTaken => "not taken".to_owned(),
            Standing::Passed { score, max } => format!("passed {score}/{max}"),
            Standing::Failed { score, max } => format!("failed {score}/{max}"),
            Standing::Submitted => "submitted".to_owned(),
        }
    }

    /// Nothing more is needed from the learner: passed, or (sealed) submitted.
    pub fn is_done(self) -> bool {
        matches!(self, Standing::Passed { .. } | Standing::Submitted)
    }

    fn styled(self) -> String {
        let label = format!("{:<13}", self.label());
        match self {
            Standing::Passed { .. } | Standing::Submitted => ui::success(&label),
            Standing::Failed { .. } => ui::failure(&label),
            Standing::NotTaken => ui::dim(&label),
        }
    }
}

/// The standing the best attempt (else the last) gives a quiz.
pub fn standing(quiz: &Quiz, record: Option<&QuizRecord>) -> Standing {
    let Some(record) = record.filter(|record| record.attempts > 0) else {
        return Standing::NotTaken;
    };
    let shown = record.best.as_ref().or(record.last.as_ref());
    match shown.and_then(|attempt| attempt.score.map(|score| (score, attempt))) {
        Some((score, attempt)) if attempt.passed == Some(true) => Standing::Passed {
            score,
            max: attempt.max_score,
        },
        Some((score, attempt)) => Standing::Failed {
            score,
            max: attempt.max_score,
        },
        None if quiz.sealed || shown.is_some() => Standing::Submitted,
        None => Standing::NotTaken,
    }
}

/// The standing of every quiz of the course, in course order.
pub fn standings(session: &Session) -> Vec<(&Quiz, Standing)> {
    session
        .course()
        .quizzes
        .iter()
        .map(|quiz| (quiz, standing(quiz, session.quiz_record(&quiz.id).as_ref())))
        .collect()
}

/// How many quizzes are done, out of all of them.
pub fn n_done(session: &Session) -> (usize, usize) {
    let all = standings(session);
    let done = all
        .iter()
        .filter(|(_, standing)| standing.is_done())
        .count();
    (done, all.len())
}

/// The quiz due: the first not done whose chapter is finished (the module quiz once every
/// exercise passes).
pub fn due(session: &Session) -> Option<&Quiz> {
    let progress = session.progress();
    let course = session.course();
    let passed = |idx: &usize| progress.passed(&course.exercises[*idx].name);
    let finished = |quiz: &Quiz| match course.chapters.iter().find(|c| c.dir == quiz.closes) {
        Some(chapter) => chapter.exercises.iter().all(passed),
        None => (0..course.exercises.len()).all(|idx| passed(&idx)),
    };
    standings(session)
        .into_iter()
        .find(|(quiz, standing)| !standing.is_done() && finished(quiz))
        .map(|(quiz, _)| quiz)
}

/// The next quiz to take: the one due, else the first not done.
pub fn next(session: &Session) -> Option<&Quiz> {
    due(session).or_else(|| {
        standings(session)
            .into_iter()
            .find(|(_, standing)| !standing.is_done())
            .map(|(quiz, _)| quiz)
    })
}

/// `list`'s lines for quizzes, after the exercises: `  quiz  passed 14/16  stateless`.
pub fn list_lines(session: &Session) -> Vec<String> {
    standings(session)
        .into_iter()
        .map(|(quiz, standing)| {
            format!(
                "  quiz  {} {:<20} {}",
                standing.styled(),
                quiz.id,
                quiz.title
            )
        })
        .collect()
}

/// `progress`'s lines for quizzes, under a heading (none when the course has no quizzes).
pub fn progress_lines(session: &Session) -> Vec<String> {
    let all = standings(session);
    let heading = (!all.is_empty()).then(|| ui::heading("Quizzes:"));
    heading
        .into_iter()
        .chain(
            all.into_iter()
                .map(|(quiz, standing)| format!("  {:<52} {}", quiz.id, standing.label())),
        )
        .collect()
}
