//! The read-only course: chapters, exercises (stub, solution, hidden grading tests, hints,
//! takeaway, points) and quizzes, loaded from the copy embedded in the binary or from a
//! checkout on disk.
//!
//! This module never writes anything. Authors' files are parsed by `format` (the only code that
//! reads YAML) and turned into the run-time types below.

pub mod format;
pub mod quiz;
pub mod source;
pub mod structure;

use std::collections::{BTreeMap, HashSet};

use thiserror::Error;

pub use format::Allowance;
use format::{ChapterInfo, CourseFile, ExerciseEntry, QuizFile};
use quiz::{Quiz, QuizProblem};

pub const COURSE_FILE: &str = "exercises/course.yaml";

/// The Rust edition every exercise is compiled with.
pub const EDITION: &str = "2021";

/// Why the course could not be read. Every variant names the file it concerns.
#[derive(Debug, Error)]
pub enum CourseError {
    #[error("{file}:{line}:{column}: {message}")]
    Yaml {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: the file is missing")]
    MissingFile { file: String },
    #[error("{file}: the marker line `{}` is missing", source::MARKER)]
    MissingMarker { file: String },
    #[error("{file}: the exercise name `{name}` is used twice")]
    DuplicateName { file: String, name: String },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    /// Quiz files that parse but break the rules (`course/quiz`); every problem, one a line.
    #[error("{}", lines(.0))]
    Quizzes(Vec<QuizProblem>),
    /// The course's structure would make commands misbehave (`course/structure`).
    #[error("{}", lines(.0))]
    Structure(Vec<structure::Problem>),
}

fn lines<T: ToString>(problems: &[T]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug)]
pub struct Course {
    pub chapters: Vec<Chapter>,
    pub exercises: Vec<Exercise>,
    /// In the order of the chapters they close; the module quiz last.
    pub quizzes: Vec<Quiz>,
    files: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct Chapter {
    /// The folder under `exercises/`, e.g. `01_stateless`; also the chapter's id.
    pub dir: String,
    pub title: String,
    /// Indices into `Course::exercises`, in order.
    pub exercises: Vec<usize>,
}

#[derive(Debug)]
pub struct Exercise {
    pub name: String,
    /// Index into `Course::chapters`.
    pub chapter: usize,
    /// Relative to the course root and to a workbook: `exercises/<chapter>/<name>.rs`.
    pub path: String,
    pub stub: String,
    pub solution: Option<String>,
    /// Hidden tests appended when grading; absent in the student edition.
    pub grading: Option<String>,
    pub hints: Vec<String>,
    pub takeaway: String,
    pub points: u32,
    /// The visible tests the stub's test block declares, e.g. `tests::empty_list`.
    pub tests: Vec<String>,
    /// The tests the grading file declares, e.g. `grading::random_lists`.
    pub grading_tests: Vec<String>,
    /// What the gate lets this exercise's code use beyond the default.
    pub allow: Vec<Allowance>,
    /// Known-wrong solutions that must fail (absent from the student edition's files).
    pub mutants: Vec<Mutant>,
}

/// A known-wrong solution: `verify` proves it fails, and whether the visible tests catch it.
#[derive(Debug)]
pub struct Mutant {
    pub label: String,
    /// One line: what the wrong design does.
    pub wrong: String,
    /// The visible tests alone must catch it.
    pub visible: bool,
    /// `solutions/<chapter>/<name>.wrong-<label>.rs`
    pub path: String,
    /// `None` when the file is missing (verify reports it).
    pub text: Option<String>,
}

impl Exercise {
    /// The canonical test block (from the marker line to the end of the stub).
    pub fn test_block(&self) -> &str {
        source::split(&self.stub)
            .expect("a loaded exercise always has its marker")
            .tests
    }

    pub fn solution_path(&self) -> String {
        self.path.replacen("exercises/", "solutions/", 1)
    }

    pub fn grading_path(&self) -> String {
        self.solution_path().replace(".rs", ".grading.rs")
    }
}

impl Course {
    /// Builds the course from its files (relative path -> text), checking everything that can
    /// be checked without a compiler.
    pub fn from_files(files: BTreeMap<String, String>) -> Result<Course, CourseError> {
        let course_file: CourseFile = format::parse(COURSE_FILE, read(&files, COURSE_FILE)?)?;
        let mut chapters = Vec::new();
        let mut exercises: Vec<Exercise> = Vec::new();
        let mut names = HashSet::new();
        for entry in course_file.chapters {
            let info_path = format!("exercises/{}/info.yaml", entry.dir);
            let info: ChapterInfo = format::parse(&info_path, read(&files, &info_path)?)?;
            let chapter_idx = chapters.len();
            let mut indices = Vec::new();
            for meta in info.exercises {
                if !names.insert(meta.name.clone()) {
                    return Err(CourseError::DuplicateName {
                        file: info_path,
                        name: meta.name,
                    });
                }
                indices.push(exercises.len());
                exercises.push(load_exercise(&files, &entry.dir, chapter_idx, meta)?);
            }
            chapters.push(Chapter {
                dir: entry.dir,
                title: entry.title,
                exercises: indices,
            });
        }
        let quizzes = load_quizzes(&files, &chapters)?;
        Ok(Course {
            chapters,
            exercises,
            quizzes,
            files,
        })
    }

    /// `Err` when the structure has a fatal problem (see `structure`): the course cannot be used.
    pub fn usable(self) -> Result<Course, CourseError> {
        let fatal: Vec<structure::Problem> = structure::problems(&self)
            .into_iter()
            .filter(|problem| problem.fatal)
            .collect();
        if fatal.is_empty() {
            Ok(self)
        } else {
            Err(CourseError::Structure(fatal))
        }
    }

    /// Looks a quiz up by its id.
    pub fn quiz(&self, id: &str) -> Option<&Quiz> {
        self.quizzes.iter().find(|quiz| quiz.id == id)
    }

    /// Looks an exercise up by name.
    pub fn exercise(&self, name: &str) -> Option<(usize, &Exercise)> {
        self.exercises
            .iter()
            .enumerate()
            .find(|(_, exercise)| exercise.name == name)
    }

    /// Every course file, by relative path (for `verify` and `export`).
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }

    pub fn chapter_readme(&self, chapter: &Chapter) -> Option<&str> {
        self.files
            .get(&format!("exercises/{}/README.md", chapter.dir))
            .map(String::as_str)
    }

    /// A digest of the files under `exercises/` only (SHA-256, hex): what learners work on. The
    /// student edition has the same (it ships `exercises/` as it is), so a workbook stamped with
    /// it at `init` can be matched with the full course at grading.
    pub fn exercises_version(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for (path, text) in self.files.range("exercises/".to_owned()..) {
            if !path.starts_with("exercises/") {
                break;
            }
            hasher.update((path.len() as u64).to_le_bytes());
            hasher.update(path.as_bytes());
            hasher.update((text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// A digest of every file of the course (SHA-256, hex): two courses with the same version
    /// grade alike. Stamped in reports and in the verdict cache's keys.
    pub fn version(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for (path, text) in &self.files {
            hasher.update((path.len() as u64).to_le_bytes());
            hasher.update(path.as_bytes());
            hasher.update((text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
        }
        hex(&hasher.finalize())
    }

    /// Whether this edition carries solutions (the student edition does not).
    pub fn has_solutions(&self) -> bool {
        self.exercises
            .iter()
            .any(|exercise| exercise.solution.is_some())
    }
}

/// Bytes as lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The text of a course file that must exist.
fn read<'a>(files: &'a BTreeMap<String, String>, file: &str) -> Result<&'a str, CourseError> {
    files
        .get(file)
        .map(String::as_str)
        .ok_or_else(|| CourseError::MissingFile {
            file: file.to_owned(),
        })
}

/// One exercise of chapter `dir` (number `chapter`): its stub (which must have the marker line)
/// and its test names, and the solution, hidden grading tests and mutants found beside it.
fn load_exercise(
    files: &BTreeMap<String, String>,
    dir: &str,
    chapter: usize,
    meta: ExerciseEntry,
) -> Result<Exercise, CourseError> {
    let path = format!("exercises/{dir}/{}.rs", meta.name);
    let stub = read(files, &path)?.to_owned();
    let split =
        source::split(&stub).ok_or_else(|| CourseError::MissingMarker { file: path.clone() })?;
    let tests = source::test_names(split.tests);
    let solution_path = path.replacen("exercises/", "solutions/", 1);
    let grading_path = solution_path.replace(".rs", ".grading.rs");
    let grading = files.get(&grading_path).cloned();
    let grading_tests = grading
        .as_deref()
        .map(source::test_names)
        .unwrap_or_default();
    let mutants = meta
        .mutants
        .into_iter()
        .map(|entry| {
            let path = solution_path.replace(".rs", &format!(".wrong-{}.rs", entry.label));
            Mutant {
                text: files.get(&path).cloned(),
                path,
                label: entry.label,
                wrong: entry.wrong,
                visible: entry.visible,
            }
        })
        .collect();
    Ok(Exercise {
        name: meta.name,
        chapter,
        path,
        stub,
        solution: files.get(&solution_path).cloned(),
        grading,
        hints: meta.hints,
        takeaway: meta.takeaway,
        points: meta.points,
        tests,
        grading_tests,
        allow: meta.allow,
        mutants,
    })
}

/// Every `quizzes/<id>.yaml`, parsed and checked, sorted by the chapter it closes (the module
/// quiz last). A file that does not parse stops loading at once, like any YAML error; rule
/// problems are gathered from every quiz so an author sees them all.
fn load_quizzes(
    files: &BTreeMap<String, String>,
    chapters: &[Chapter],
) -> Result<Vec<Quiz>, CourseError> {
    let dirs: Vec<&str> = chapters
        .iter()
        .map(|chapter| chapter.dir.as_str())
        .collect();
    let mut quizzes = Vec::new();
    let mut problems = Vec::new();
    for (file, text) in files {
        let is_quiz = file
            .strip_prefix("quizzes/")
            .is_some_and(|name| !name.contains('/') && name.ends_with(".yaml"));
        if !is_quiz {
            continue;
        }
        let entry: QuizFile = format::parse(file, text)?;
        match quiz::build(file, text, entry, &dirs) {
            Ok(quiz) => quizzes.push(quiz),
            Err(found) => problems.extend(found),
        }
    }
    let order = |quiz: &Quiz| {
        dirs.iter()
            .position(|dir| *dir == quiz.closes)
            .unwrap_or(dirs.len())
    };
    quizzes.sort_by_key(|quiz| (order(quiz), quiz.id.clone()));
    for pair in quizzes.windows(2) {
        if pair[0].closes == pair[1].closes {
            problems.push(QuizProblem {
                file: pair[1].file.clone(),
                line: quiz::locate::field(&files[&pair[1].file], None, "closes").map(|(l, _)| l),
                column: Some(1),
                message: format!(
                    "`closes: {}` is also closed by quiz `{}`: a chapter has one quiz",
                    pair[1].closes, pair[0].id
                ),
            });
        }
    }
    if problems.is_empty() {
        Ok(quizzes)
    } else {
        Err(CourseError::Quizzes(problems))
    }
}
