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
        .stdout(contains("exercises/01_basics/info.yaml:17:"))
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

#[test]
fn verify_reports_which_tests_catch_each_mutant() {
    Env::fixture()
        .cmd(&["verify", "--mutants"])
        .assert()
        .success()
        .stdout(contains(
            "3 known-wrong solutions; 2 caught by the visible tests, 1 only by the grading tests",
        ))
        .stdout(contains("grading only  basics1_add/small-only"));
}

#[test]
fn a_mutant_that_passes_or_escapes_the_visible_tests_is_a_problem() {
    let env = Env::fixture().own_course();
    let passes = "course/solutions/01_basics/basics1_add.wrong-multiplies.rs";
    env.write(
        passes,
        &env.read(passes).replace("a * b + a.min(1)", "a + b"),
    );
    let info = env.read(INFO).replace(
        "adds only when the first number is below 2\n",
        "adds only when the first number is below 2\n        visible: true\n",
    );
    env.write(INFO, &info);
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains(
            "basics1_add.wrong-multiplies.rs: the mutant `multiplies` (multiplies instead of adding) passes",
        ))
        .stdout(contains(
            "basics1_add.wrong-small-only.rs: the mutant `small-only` (adds only when the first number is below 2) is marked `visible: true` but only the grading tests catch it",
        ));
}

#[test]
fn a_mutant_without_its_file_is_a_problem() {
    let env = Env::fixture().own_course();
    std::fs::remove_file(env.path("course/solutions/01_basics/basics1_add.wrong-small-only.rs"))
        .unwrap();
    env.cmd(&["verify"]).assert().code(1).stdout(contains(
        "solutions/01_basics/basics1_add.wrong-small-only.rs: the mutant's file is missing",
    ));
}

#[test]
fn tests_that_take_too_much_cpu_time_are_a_problem() {
    let env = Env::fixture().own_course();
    let grading = "course/solutions/01_basics/basics1_add.grading.rs";
    let slow = env.read(grading).replace(
        "    fn adds_many_numbers() {\n",
        // A fixed amount of work (about a second of CPU in a debug build), not a time.
        "    fn adds_many_numbers() {\n        let mut sum = 0u64;\n        for i in 0..150_000_000u64 {\n            sum = sum.wrapping_add(std::hint::black_box(i));\n        }\n        std::hint::black_box(sum);\n",
    );
    assert_ne!(slow, env.read(grading));
    env.write(grading, &slow);
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains(
            "basics1_add.grading.rs: the solution's visible and grading tests take",
        ))
        .stdout(contains("keep each exercise under 0.3 s"));
}

#[test]
fn the_coverage_map_names_only_what_exists_and_covers_every_point() {
    let env = Env::fixture().own_course();
    env.write(
        "course/exercises/coverage.yaml",
        "points:\n  - point: Adding is stateless.\n    exercises: [basics1_add, basics9_gone]\n    questions: [basics/pick-one, basics/nope]\n  - point: Nothing checks this.\n    exercises: [basics1_add]\n    questions: []\n",
    );
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains("exercises/coverage.yaml:2: there is no exercise `basics9_gone`"))
        .stdout(contains("there is no quiz question `basics/nope`"))
        .stdout(contains(
            "exercises/coverage.yaml:5: \"Nothing checks this.\" needs at least one exercise and one quiz question",
        ));
}

#[test]
fn a_course_that_would_make_commands_misbehave_does_not_load() {
    // No hints: `hint` would have nothing to show.
    let env = Env::fixture().with_workbook().own_course();
    let info = env.read(INFO).replace(
        "    hints:\n      - First hint, a nudge.\n      - Second hint, nearly the answer.\n",
        "    hints: []\n",
    );
    env.write(INFO, &info);
    env.cmd(&["hint", "basics1_add"])
        .assert()
        .code(2)
        .stderr(contains(
            "exercises/01_basics/info.yaml:2: `basics1_add`: needs two or more non-empty hints",
        ));
    // No chapters at all: nothing to be on.
    env.write("course/exercises/course.yaml", "chapters: []\n");
    for quiz in ["basics", "exam"] {
        std::fs::remove_file(env.path(&format!("course/quizzes/{quiz}.yaml"))).unwrap();
    }
    env.cmd(&["progress"]).assert().code(2).stderr(contains(
        "exercises/course.yaml: the course has no exercises",
    ));
}

#[test]
fn too_many_choices_is_a_located_problem_not_a_crash() {
    let env = Env::fixture().own_course();
    let quiz = "course/quizzes/basics.yaml";
    let many: String = (0..300)
        .map(|n| format!("      - text: choice {n}\n"))
        .collect();
    let text = env.read(quiz).replacen(
        "    choices:\n      - text: add, which returns a + b\n",
        &format!("    choices:\n{many}      - text: add, which returns a + b\n"),
        1,
    );
    env.write(quiz, &text);
    env.cmd(&["verify"])
        .assert()
        .code(1)
        .stdout(contains("expected 2 to 26 choices, found 303"));
}
