//! What people read, as snapshots (`insta`): the `--help` of every command, the verdict screens
//! and a quiz transcript. A change to any of them shows up as a diff to review. Regenerate with
//! `INSTA_UPDATE=always cargo test snapshots` (or `cargo insta review`).

use clap::CommandFactory;

use crate::{output_text, Env};

#[test]
fn the_command_line_is_well_formed() {
    statelings::app::cli::Cli::command().debug_assert();
}

#[test]
fn every_command_has_help() {
    let env = Env::fixture();
    let top = env.cmd(&["--help"]).output().unwrap();
    assert!(top.status.success());
    insta::assert_snapshot!("help", String::from_utf8(top.stdout).unwrap());
    let cli = statelings::app::cli::Cli::command();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|command| command.get_name().to_owned())
        .collect();
    assert!(names.len() >= 13, "{names:?}");
    for name in names {
        let output = env.cmd(&[&name, "--help"]).output().unwrap();
        assert!(output.status.success(), "{name}");
        insta::assert_snapshot!(
            format!("help_{name}"),
            String::from_utf8(output.stdout).unwrap()
        );
    }
}

/// The `run` screen for `code` in basics1_add (or the stub, untouched).
fn run_screen(env: &Env, code: Option<&str>) -> String {
    if let Some(code) = code {
        env.solve_with("basics1_add", code);
    }
    let output = env
        .cmd(&["--timeout", "1", "run", "basics1_add"])
        .output()
        .unwrap();
    output_text(&output)
}

#[test]
fn verdict_screens() {
    let env = Env::fixture().with_workbook();
    insta::assert_snapshot!(
        "verdict_passed",
        run_screen(
            &env,
            Some("pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}")
        )
    );
    insta::assert_snapshot!(
        "verdict_failed",
        run_screen(
            &env,
            Some("pub fn add(a: u32, b: u32) -> u32 {\n    a * b\n}")
        )
    );
    insta::assert_snapshot!(
        "verdict_timed_out",
        run_screen(&env, Some("pub fn add(a: u32, b: u32) -> u32 {\n    loop {\n        std::hint::black_box(a + b);\n    }\n}"))
    );
    insta::assert_snapshot!(
        "verdict_rejected",
        run_screen(&env, Some("macro_rules! assert_eq {\n    ($($t:tt)*) => {};\n}\npub fn add(_a: u32, _b: u32) -> u32 {\n    std::process::exit(0)\n}"))
    );
    // The compiler's own words change between Rust releases: only the frame is ours.
    let output = env.cmd(&["run", "basics2_compile"]).output().unwrap();
    let text = output_text(&output);
    let frame: Vec<&str> = text
        .lines()
        .filter(|line| {
            line.starts_with("Exercise ")
                || line.starts_with("COMPILE ERROR")
                || line.starts_with("Stuck?")
        })
        .collect();
    insta::assert_snapshot!("verdict_compile_error", frame.join("\n"));
}

#[test]
fn a_quiz_transcript() {
    let env = Env::fixture().with_workbook().with_seed(5);
    let pick_one = env.shown("basics", "pick-one", 3, "a");
    let pick_many = env.shown("basics", "pick-many", 3, "ac");
    let pick_many: Vec<String> = pick_many.chars().map(String::from).collect();
    let input = format!(
        "{pick_one}\n{}\nt\nnothing\n1\n2\ncalls: 3\n\nn\n",
        pick_many.join(" ")
    );
    let output = env
        .cmd(&["quiz", "basics"])
        .write_stdin(input)
        .output()
        .unwrap();
    insta::assert_snapshot!("quiz_transcript", output_text(&output));
}
