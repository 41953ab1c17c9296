//! A broken course: every kind of bad metadata gets one sentence naming file, line and field.

use predicates::str::contains;

use crate::Env;

const INFO: &str = "course/exercises/01_basics/info.yaml";

#[test]
fn an_unknown_field_names_file_line_and_field() {
    let env = Env::fixture().own_course();
    let info = env
        .read(INFO)
        .replace("    points: 5\n", "    points: 5\n    difficulty: hard\n");
    env.write(INFO, &info);
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains("exercises/01_basics/info.yaml:10:"))
        .stdout(contains("unknown field `difficulty`"));
}

#[test]
fn a_missing_field_names_the_field() {
    let env = Env::fixture().with_workbook().own_course();
    let info = env
        .read(INFO)
        .replace("    takeaway: Read the compiler.\n", "");
    env.write(INFO, &info);
    env.cmd(&["list"])
        .assert()
        .code(2)
        .stderr(contains("exercises/01_basics/info.yaml:"))
        .stderr(contains("missing field `takeaway`"));
}

#[test]
fn malformed_yaml_gives_line_and_column() {
    let env = Env::fixture().own_course();
    env.write(
        "course/exercises/course.yaml",
        "chapters:\n  - dir: 01_basics\n    title: [unclosed\n",
    );
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains("exercises/course.yaml:"));
}

#[test]
fn too_few_hints_and_an_orphan_file_are_problems() {
    let env = Env::fixture().own_course();
    let info = env
        .read(INFO)
        .replace("      - Second hint, nearly the answer.\n", "");
    env.write(INFO, &info);
    env.write("course/exercises/01_basics/stray.rs", "fn main() {}\n");
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains(
            "info.yaml:2: `basics1_add`: needs two or more non-empty hints",
        ))
        .stdout(contains(
            "exercises/01_basics/stray.rs: this file belongs to no exercise",
        ));
}

#[test]
fn a_stub_that_passes_and_a_solution_that_fails_are_problems() {
    let env = Env::fixture().own_course();
    let stub = "course/exercises/01_basics/basics1_add.rs";
    env.write(stub, &env.read(stub).replace("todo!()", "a + b"));
    let solution = "course/solutions/01_basics/basics2_compile.rs";
    env.write(solution, &env.read(solution).replace("42", "41"));
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains(
            "exercises/01_basics/basics1_add.rs: the stub passes its tests",
        ))
        .stdout(contains(
            "solutions/01_basics/basics2_compile.rs: the solution does not pass",
        ));
}

#[test]
fn a_missing_marker_names_the_file() {
    let env = Env::fixture().own_course();
    let stub = "course/exercises/01_basics/basics2_compile.rs";
    env.write(stub, &env.read(stub).replace(crate::MARKER, "// tests"));
    env.cmd(&["verify"]).assert().code(1).stdout(contains(
        "exercises/01_basics/basics2_compile.rs: the marker line",
    ));
}
