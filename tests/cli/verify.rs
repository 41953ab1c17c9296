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
