//! What a course must be, checked without a compiler: metadata, files, mutants, the coverage
//! map, orphans. Every problem names its file (and line where it can). Some problems would make
//! the learner's commands misbehave (an exercise with no hint, a chapter with no exercise): those
//! are *fatal*, and a course that has one does not load for any command but `verify`, which
//! reports them all with the rest.

use std::collections::BTreeSet;
use std::fmt;

use super::format::{self, CoverageFile};
use super::{source, Course, Exercise, Mutant};

/// The coverage map of the source text.
pub const COVERAGE: &str = "exercises/coverage.yaml";

/// One inconsistency, located as precisely as the runner can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
    /// The course cannot be used with it (only `verify` runs).
    pub fatal: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Problems gathered as they are found.
#[derive(Default)]
struct Found {
    problems: Vec<Problem>,
    /// Every file that belongs to the course (the rest under `exercises/` and `solutions/` are
    /// orphans).
    known: BTreeSet<String>,
}

impl Found {
    fn add(&mut self, file: &str, line: Option<usize>, message: String) {
        self.push(file, line, message, false);
    }

    fn fatal(&mut self, file: &str, line: Option<usize>, message: String) {
        self.push(file, line, message, true);
    }

    fn push(&mut self, file: &str, line: Option<usize>, message: String, fatal: bool) {
        self.problems.push(Problem {
            file: file.to_owned(),
            line,
            message,
            fatal,
        });
    }
}

/// Every problem of the course's structure, fatal ones included.
pub fn problems(course: &Course) -> Vec<Problem> {
    let mut found = Found::default();
    found.known.extend([
        super::COURSE_FILE.to_owned(),
        "exercises/README.md".to_owned(),
        COVERAGE.to_owned(),
    ]);
    if course.exercises.is_empty() {
        found.fatal(
            super::COURSE_FILE,
            None,
            "the course has no exercises".to_owned(),
        );
    }
    for chapter_idx in 0..course.chapters.len() {
        chapter(course, chapter_idx, &mut found);
    }
    coverage(course, &mut found);
    for file in course.files().keys() {
        let is_course_file = file.starts_with("exercises/") || file.starts_with("solutions/");
        if is_course_file && !found.known.contains(file) {
            found.add(
                file,
                None,
                "this file belongs to no exercise or chapter (an orphan)".to_owned(),
            );
        }
    }
    found.problems
}

fn chapter(course: &Course, chapter_idx: usize, found: &mut Found) {
    let chapter = &course.chapters[chapter_idx];
    let readme = format!("exercises/{}/README.md", chapter.dir);
    let info = format!("exercises/{}/info.yaml", chapter.dir);
    if course
        .chapter_readme(chapter)
        .is_none_or(|text| text.trim().is_empty())
    {
        found.add(
            &readme,
            None,
            "every chapter needs a README that teaches its idea".to_owned(),
        );
    }
    if chapter.exercises.is_empty() {
        found.fatal(&info, None, "the chapter has no exercises".to_owned());
    }
    found.known.insert(readme);
    found.known.insert(info.clone());
    let info_text = course.files().get(&info).map_or("", String::as_str);
    for &idx in &chapter.exercises {
        let exercise = &course.exercises[idx];
        let line = line_of(info_text, &exercise.name);
        metadata(exercise, &info, line, found);
        files(course, exercise, found);
        mutants(course, exercise, &info, line, found);
    }
}

/// What `info.yaml` says of an exercise.
fn metadata(exercise: &Exercise, info: &str, line: Option<usize>, found: &mut Found) {
    let name = &exercise.name;
    let name_ok = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !name_ok {
        found.fatal(
            info,
            line,
            format!("`{name}`: names are snake_case (a-z, 0-9, _)"),
        );
    }
    if exercise.hints.len() < 2 || exercise.hints.iter().any(|hint| hint.trim().is_empty()) {
        found.fatal(
            info,
            line,
            format!("`{name}`: needs two or more non-empty hints"),
        );
    }
    if exercise.takeaway.trim().is_empty() {
        found.fatal(info, line, format!("`{name}`: the takeaway is empty"));
    }
    if exercise.points == 0 {
        found.fatal(info, line, format!("`{name}`: points must be at least 1"));
    }
    if exercise.tests.is_empty() {
        found.fatal(
            &exercise.path,
            None,
            "the test block declares no `#[test]` functions".to_owned(),
        );
    }
}

/// The exercise's solution and grading tests.
fn files(course: &Course, exercise: &Exercise, found: &mut Found) {
    found.known.insert(exercise.path.clone());
    let solution_path = exercise.solution_path();
    found.known.insert(solution_path.clone());
    match &exercise.solution {
        None if course.has_solutions() => {
            found.add(&solution_path, None, "the solution is missing".to_owned())
        }
        None => {}
        Some(solution) => same_tests(exercise, &solution_path, solution, found),
    }
    if exercise.grading.is_some() {
        let grading = exercise.grading_path();
        found.known.insert(grading.clone());
        if exercise.grading_tests.is_empty() {
            found.add(
                &grading,
                None,
                "the grading file declares no `#[test]` functions".to_owned(),
            );
        }
        if let Some(clash) = exercise
            .grading_tests
            .iter()
            .find(|test| exercise.tests.contains(test))
        {
            found.add(
                &grading,
                None,
                format!("test `{clash}` is also a visible test"),
            );
        }
    }
}

/// A solution or mutant has the marker and the stub's test block, byte for byte.
fn same_tests(exercise: &Exercise, path: &str, text: &str, found: &mut Found) {
    match source::split(text) {
        None => found.add(
            path,
            None,
            format!("the marker line `{}` is missing", source::MARKER),
        ),
        Some(split) if split.tests != exercise.test_block() => found.add(
            path,
            Some(text[..split.code.len()].lines().count() + 1),
            "the test block differs from the stub's; they must be identical".to_owned(),
        ),
        Some(_) => {}
    }
}

fn mutants(
    course: &Course,
    exercise: &Exercise,
    info: &str,
    line: Option<usize>,
    found: &mut Found,
) {
    if course.has_solutions() && !exercise.mutants.iter().any(|mutant| mutant.visible) {
        found.add(
            info,
            line,
            format!(
                "`{}`: needs a mutant marked `visible: true`: the most plausible wrong design, \
                 which the visible tests must catch",
                exercise.name
            ),
        );
    }
    for mutant in &exercise.mutants {
        mutant_entry(course, exercise, mutant, info, line, found);
    }
}

fn mutant_entry(
    course: &Course,
    exercise: &Exercise,
    mutant: &Mutant,
    info: &str,
    line: Option<usize>,
    found: &mut Found,
) {
    found.known.insert(mutant.path.clone());
    let label_ok = !mutant.label.is_empty()
        && mutant
            .label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !label_ok {
        found.add(
            info,
            line,
            format!(
                "`{}`: mutant label `{}`: use lowercase words and dashes",
                exercise.name, mutant.label
            ),
        );
    }
    if mutant.wrong.trim().is_empty() || mutant.wrong.trim().contains('\n') {
        found.add(
            info,
            line,
            format!(
                "`{}`: mutant `{}`: `wrong` is one line saying what the wrong design does",
                exercise.name, mutant.label
            ),
        );
    }
    match &mutant.text {
        None if course.has_solutions() => found.add(
            &mutant.path,
            None,
            "the mutant's file is missing".to_owned(),
        ),
        None => {}
        Some(text) => same_tests(exercise, &mutant.path, text, found),
    }
}

/// Every point of the coverage map has an exercise and a quiz question, and every name in it
/// exists. A course without the file has nothing to check.
fn coverage(course: &Course, found: &mut Found) {
    let Some(text) = course.files().get(COVERAGE) else {
        return;
    };
    let file: CoverageFile = match format::parse(COVERAGE, text) {
        Ok(file) => file,
        Err(error) => return found.add(COVERAGE, None, error.to_string()),
    };
    for point in &file.points {
        let line = text
            .lines()
            .position(|line| line.contains(&point.point))
            .map(|idx| idx + 1);
        if point.exercises.is_empty() || point.questions.is_empty() {
            found.add(
                COVERAGE,
                line,
                format!(
                    "\"{}\" needs at least one exercise and one quiz question",
                    point.point
                ),
            );
        }
        for name in &point.exercises {
            if course.exercise(name).is_none() {
                found.add(COVERAGE, line, format!("there is no exercise `{name}`"));
            }
        }
        for id in &point.questions {
            let exists = id.split_once('/').is_some_and(|(quiz, question)| {
                course
                    .quiz(quiz)
                    .is_some_and(|quiz| quiz.question(question).is_some())
            });
            if !exists {
                found.add(
                    COVERAGE,
                    line,
                    format!("there is no quiz question `{id}` (write `quiz/question`)"),
                );
            }
        }
    }
}

/// The 1-based line of `info.yaml` that names an exercise.
fn line_of(text: &str, name: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains("name:") && line.trim_end().ends_with(name))
        .map(|idx| idx + 1)
}
