//! `cargo bench --bench speed`: how fast the runner is, as ratios against baselines measured
//! in the same run on the same machine (absolute times vary between machines; ratios travel).
//!
//! 1. Checking one passing exercise (`statelings run`) against a bare
//!    `rustc --edition 2021 --test FILE -o BIN && BIN` of the same file; and the gate's own cost
//!    per exercise (`domain::gate::inspect` over every course file, in this release build).
//! 2. Verifying the whole course against compiling and running every stub and every solution
//!    (with its grading tests) one after another with bare rustc.
//! 3. Grading a generated class of 40 submissions (solved, partly solved, untouched, edited),
//!    in the sandbox (the default) and with `--no-sandbox`, against a batched floor measured in
//!    the same run: one bare `rustc --test` crate per distinct submission holding its attempted
//!    files with their grading tests, compiled and run on all cores. Also against the naive way,
//!    one `cargo test` per attempted exercise per submission (sampled and extrapolated). And
//!    regrading the unchanged class from a `--cache` against grading it without one.
//!
//! Set `STATELINGS_BENCH_ONLY=1` (or 2, 3) to run one part.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const MARKER: &str = "// ===== TESTS: the specification. Edit only above this line. =====";
const RUNS: usize = 9;

fn main() {
    let only: Option<u32> = std::env::var("STATELINGS_BENCH_ONLY")
        .ok()
        .and_then(|v| v.parse().ok());
    let scratch = tempfile::tempdir().expect("a temp dir");
    println!(
        "statelings speed benchmark ({} cores)\n",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    if only.is_none_or(|n| n == 1) {
        one_exercise(scratch.path());
    }
    if only.is_none_or(|n| n == 2) {
        verify(scratch.path());
    }
    if only.is_none_or(|n| n == 3) {
        grade(scratch.path());
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn statelings() -> Command {
    Command::new(env!("CARGO_BIN_EXE_statelings"))
}

fn run(mut command: Command) -> Duration {
    let start = Instant::now();
    let output = command.output().expect("the command starts");
    let elapsed = start.elapsed();
    assert!(
        output.status.success() || output.status.code() == Some(1),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn report(what: &str, ours: Duration, baseline: Duration, baseline_name: &str) {
    println!(
        "{what}\n  statelings {:>8.3} s   {baseline_name} {:>8.3} s   ratio {:.2}x\n",
        ours.as_secs_f64(),
        baseline.as_secs_f64(),
        ours.as_secs_f64() / baseline.as_secs_f64()
    );
}

/// Every `(exercise path, solution path)` of the course, e.g. `exercises/01_x/a.rs`.
fn exercises() -> Vec<String> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(repo().join("exercises"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            e.path()
                .strip_prefix(repo())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    paths.sort();
    paths
}

fn solution_of(exercise: &str) -> String {
    std::fs::read_to_string(repo().join(exercise.replacen("exercises/", "solutions/", 1))).unwrap()
}

fn one_exercise(scratch: &Path) {
    let exercise = "exercises/01_stateless/stateless1_maximum.rs";
    let workbook = scratch.join("workbook");
    let mut init = statelings();
    init.arg("init").arg(&workbook);
    run(init);
    std::fs::write(workbook.join(exercise), solution_of(exercise)).unwrap();
    let file = workbook.join(exercise);
    let binary = scratch.join("bare-test");
    let (mut ours, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let mut command = statelings();
        command
            .args(["--color", "never", "run", "stateless1_maximum"])
            .current_dir(&workbook);
        ours.push(run(command));
        let start = Instant::now();
        let compiled = Command::new("rustc")
            .args(["--edition", "2021", "--test"])
            .arg(&file)
            .arg("-o")
            .arg(&binary)
            .output()
            .unwrap();
        assert!(compiled.status.success());
        assert!(Command::new(&binary).output().unwrap().status.success());
        bare.push(start.elapsed());
    }
    report(
        &format!("1. check one passing exercise (median of {RUNS})"),
        median(ours),
        median(bare),
        "bare rustc --test + run",
    );
    gate_cost();
}

/// The gate's cost on every stub, solution and mutant of the course, as the runner calls it.
fn gate_cost() {
    use statelings::domain::gate::{inspect, Allow, CourseSide};
    let mut files = Vec::new();
    for exercise in exercises() {
        let stub = std::fs::read_to_string(repo().join(&exercise)).unwrap();
        let split = |text: &str| -> (String, String) {
            let at = text.find(MARKER).unwrap();
            (text[..at].to_owned(), text[at..].to_owned())
        };
        let (stub_code, tests) = split(&stub);
        let solutions = repo().join(&exercise).with_extension("");
        let dir = repo().join(exercise.replacen("exercises/", "solutions/", 1));
        let stem = solutions
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut learner = vec![stub_code.clone()];
        for entry in std::fs::read_dir(dir.parent().unwrap()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.starts_with(&stem) && !name.ends_with(".grading.rs") {
                let text = std::fs::read_to_string(dir.parent().unwrap().join(&name)).unwrap();
                learner.push(split(&text).0);
            }
        }
        for code in learner {
            files.push((code, stub_code.clone(), tests.clone()));
        }
    }
    let mut times = Vec::new();
    for (code, stub_code, tests) in &files {
        let blocks = [tests.as_str()];
        let course = CourseSide {
            stub_code,
            tests: &blocks,
        };
        let start = Instant::now();
        std::hint::black_box(inspect(code, &course, &[Allow::Threads]));
        times.push(start.elapsed());
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "   the gate, per exercise file ({} files): mean {:.2} ms, median {:.2} ms, max {:.2} ms (budget 5 ms)\n",
        times.len(),
        mean.as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}

fn verify(scratch: &Path) {
    let mut command = statelings();
    command.arg("verify");
    let ours = run(command);
    let start = Instant::now();
    for exercise in exercises() {
        let stub = repo().join(&exercise);
        let binary = scratch.join("verify-bare");
        let compiled = Command::new("rustc")
            .args(["--edition", "2021", "--test", "-A", "unused"])
            .arg(&stub)
            .arg("-o")
            .arg(&binary)
            .output()
            .unwrap();
        if compiled.status.success() {
            let _ = Command::new(&binary).output();
        }
        let mut full = solution_of(&exercise);
        let grading = repo().join(
            exercise
                .replacen("exercises/", "solutions/", 1)
                .replace(".rs", ".grading.rs"),
        );
        if let Ok(grading) = std::fs::read_to_string(grading) {
            full.push('\n');
            full.push_str(&grading);
        }
        let source = scratch.join("verify-bare.rs");
        std::fs::write(&source, full).unwrap();
        let compiled = Command::new("rustc")
            .args(["--edition", "2021", "--test", "-A", "unused"])
            .arg(&source)
            .arg("-o")
            .arg(&binary)
            .output()
            .unwrap();
        assert!(compiled.status.success(), "{exercise}");
        assert!(
            Command::new(&binary).output().unwrap().status.success(),
            "{exercise}"
        );
    }
    report(
        "2. verify the whole course",
        ours,
        start.elapsed(),
        "bare rustc, one file after another",
    );
}

/// 40 workbooks: 10 solved with the course's solutions, 10 with half of them, 10 untouched,
/// 10 solved in their own words (each file differs, so nothing is shared) with some tests
/// edited.
fn make_class(scratch: &Path) -> (PathBuf, usize) {
    let class = scratch.join("class");
    let exercises = exercises();
    let mut attempted = 0;
    for n in 0..40 {
        let workbook = class.join(format!("learner{n:02}"));
        let mut init = statelings();
        init.arg("init").arg(&workbook);
        run(init);
        for (idx, exercise) in exercises.iter().enumerate() {
            let solution = solution_of(exercise);
            let text = match n / 10 {
                0 => solution,
                1 if idx % 2 == 0 => solution,
                3 => {
                    let at = solution.find(MARKER).unwrap();
                    let mut own = format!(
                        "{}// learner {n} wrote this\n{}",
                        &solution[..at],
                        &solution[at..]
                    );
                    if idx % 7 == 0 {
                        own = own.replacen("    #[test]\n", "    #[test]\n    #[ignore]\n", 1);
                    }
                    own
                }
                _ => continue,
            };
            attempted += 1;
            std::fs::write(workbook.join(exercise), text).unwrap();
        }
    }
    (class, attempted)
}

fn grade(scratch: &Path) {
    let (class, attempted) = make_class(scratch);
    let graded = |extra: &[&str]| {
        let mut command = statelings();
        command
            .arg("grade")
            .arg(&class)
            .args(["--format", "json", "--out"])
            .arg(scratch.join("grades.json"))
            .args(extra);
        run(command)
    };
    let sandboxed = graded(&[]);
    let open = graded(&["--no-sandbox"]);
    let cache = scratch.join("cache");
    let cache = cache.to_str().expect("a UTF-8 temp dir");
    let filling = graded(&["--cache", cache]);
    let regrade = graded(&["--cache", cache]);
    let floor = batched_floor(scratch, &class);
    println!("3. grade a class of 40 submissions ({attempted} attempted exercise files)");
    report(
        "   in the sandbox (the default)",
        sandboxed,
        floor,
        "batched floor",
    );
    report("   with --no-sandbox", open, floor, "batched floor");
    report(
        "   filling a --cache",
        filling,
        sandboxed,
        "the same grading without one",
    );
    report(
        "   regrading the unchanged class from the --cache",
        regrade,
        sandboxed,
        "grading it without one",
    );
    let naive = naive(scratch, attempted);
    report(
        "   in the sandbox, against the naive way",
        sandboxed,
        naive,
        "naive cargo test (extrapolated)",
    );
}

/// One bare `rustc --test` crate per distinct submission (its attempted files, each a module
/// with its grading tests), compiled and run, two at a time (all cores of this machine).
fn batched_floor(scratch: &Path, class: &Path) -> Duration {
    let exercises = exercises();
    let mut distinct: Vec<Vec<(usize, String)>> = Vec::new();
    for entry in std::fs::read_dir(class).unwrap() {
        let workbook = entry.unwrap().path();
        let mut files = Vec::new();
        for (idx, exercise) in exercises.iter().enumerate() {
            let text = std::fs::read_to_string(workbook.join(exercise)).unwrap();
            let stub = std::fs::read_to_string(repo().join(exercise)).unwrap();
            if text != stub {
                files.push((idx, text));
            }
        }
        if !files.is_empty() && !distinct.contains(&files) {
            distinct.push(files);
        }
    }
    let crates: Vec<PathBuf> = distinct
        .iter()
        .enumerate()
        .map(|(n, files)| {
            let dir = scratch.join(format!("floor{n}"));
            std::fs::create_dir_all(&dir).unwrap();
            let mut root = String::new();
            for (idx, text) in files {
                let mut module = text.clone();
                let grading = repo().join(
                    exercises[*idx]
                        .replacen("exercises/", "solutions/", 1)
                        .replace(".rs", ".grading.rs"),
                );
                if let Ok(grading) = std::fs::read_to_string(grading) {
                    module.push('\n');
                    module.push_str(&grading);
                }
                std::fs::write(dir.join(format!("ex{idx}.rs")), module).unwrap();
                root.push_str(&format!("#[path = \"ex{idx}.rs\"]\nmod ex{idx};\n"));
            }
            std::fs::write(dir.join("main.rs"), root).unwrap();
            dir
        })
        .collect();
    let start = Instant::now();
    let next = std::sync::Mutex::new(crates.iter());
    std::thread::scope(|scope| {
        for _ in 0..std::thread::available_parallelism().map_or(1, usize::from) {
            scope.spawn(|| loop {
                let Some(dir) = next.lock().unwrap().next() else {
                    break;
                };
                let compiled = Command::new("rustc")
                    .args([
                        "--edition",
                        "2021",
                        "--test",
                        "-A",
                        "unused",
                        "main.rs",
                        "-o",
                        "tests",
                    ])
                    .current_dir(dir)
                    .output()
                    .unwrap();
                assert!(
                    compiled.status.success(),
                    "{}",
                    String::from_utf8_lossy(&compiled.stderr)
                );
                let _ = Command::new(dir.join("tests"))
                    .current_dir(dir)
                    .output()
                    .unwrap();
            });
        }
    });
    start.elapsed()
}

/// The naive way: a cargo project per attempted exercise, `cargo test` each (sampled).
fn naive(scratch: &Path, attempted: usize) -> Duration {
    let sample: Vec<String> = exercises().into_iter().step_by(8).collect();
    let start = Instant::now();
    for (idx, exercise) in sample.iter().enumerate() {
        let project = scratch.join(format!("naive{idx}"));
        std::fs::create_dir_all(project.join("src")).unwrap();
        std::fs::write(
            project.join("Cargo.toml"),
            "[package]\nname = \"naive\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[workspace]\n",
        )
        .unwrap();
        let mut source = solution_of(exercise);
        if let Ok(grading) = std::fs::read_to_string(
            repo().join(
                exercise
                    .replacen("exercises/", "solutions/", 1)
                    .replace(".rs", ".grading.rs"),
            ),
        ) {
            source.push_str(&grading);
        }
        std::fs::write(project.join("src/lib.rs"), source).unwrap();
        let mut cargo = Command::new("cargo");
        cargo
            .args(["test", "--offline", "-q"])
            .current_dir(&project)
            .env("CARGO_TARGET_DIR", project.join("target"));
        run(cargo);
    }
    let per_test = start.elapsed() / sample.len() as u32;
    println!(
        "   naive: {:.2} s per `cargo test` (mean of {}), x {attempted} attempted files",
        per_test.as_secs_f64(),
        sample.len()
    );
    per_test * attempted as u32
}
