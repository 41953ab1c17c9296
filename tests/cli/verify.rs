//! `verify` over the fixture course and over the real course built into the binary.

use predicates::str::{contains, is_match};

use crate::Env;

#[test]
fn the_fixture_course_is_consistent() {
    Env::fixture()
        .cmd(&["verify"])
        .assert()
        .success()
        .stdout(contains("the course is consistent"))
        .stdout(contains("2 quizzes with 8 questions"));
}

#[test]
fn the_real_course_is_consistent() {
    Env::real_course()
        .cmd(&["verify"])
        .assert()
        .success()
        .stdout(contains("the course is consistent"))
        // At least 7 quizzes and 50 questions, every predict_output key proved.
        .stdout(is_match(r" ([7-9]|\d\d+) quizzes with ([5-9]\d|\d{3,}) questions").unwrap());
}

/// Every file under a folder with its bytes and modification time.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .map(|entry| {
            let path = entry.path().to_path_buf();
            let meta = entry.metadata().unwrap();
            let bytes = if meta.is_file() {
                std::fs::read(&path).unwrap()
            } else {
                Vec::new()
            };
            (path, bytes, meta.modified().unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The course is read, never written: not by checking, verifying, grading or exporting.
#[test]
fn no_command_writes_under_the_course() {
    let env = Env::fixture().own_course().with_workbook();
    let course = env.path("course");
    let before = snapshot(&course);
    env.solve("basics1_add");
    env.cmd(&["run", "basics1_add"]).assert().success();
    env.cmd(&["check"]).assert().code(1);
    env.cmd(&["verify"]).assert().success();
    env.cmd(&["grade", "workbook", "--no-sandbox", "--format", "json"])
        .assert()
        .success();
    env.cmd(&["export", "edition"]).assert().success();
    assert!(
        before == snapshot(&course),
        "a command wrote under the course"
    );
}
