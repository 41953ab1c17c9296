//! `verify` over the fixture course and over the real course built into the binary.

use predicates::str::contains;

use crate::Env;

#[test]
fn the_fixture_course_is_consistent() {
    Env::fixture()
        .cmd(&["verify"])
        .assert()
        .success()
        .stdout(contains("the course is consistent"));
}

#[test]
fn the_real_course_is_consistent() {
    Env::real_course()
        .cmd(&["verify"])
        .assert()
        .success()
        .stdout(contains("the course is consistent"));
}
