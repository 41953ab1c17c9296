//! The real course through the gate: every stub, solution and known-wrong solution passes with
//! its exercise's allowances from `info.yaml`, and the gate's cost over all of them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{inspect, Allow, CourseSide, Inspection};

const MARKER: &str = "// ===== TESTS: the specification. Edit only above this line. =====";

/// Allowances an exercise needs that its `info.yaml` does not list yet (the gate's branch may
/// not edit the course): reported to the lead, and checked below to be still needed.
const PENDING_ALLOWANCES: &[(&str, Allow)] = &[];

/// One exercise file of the course, split at the marker.
struct CourseFile {
    path: PathBuf,
    exercise: String,
    code: String,
    tests: String,
}

/// The course side of one exercise: the stub's code, its visible tests, its grading tests.
struct Exercise {
    stub_code: String,
    tests: Vec<String>,
    allow: Vec<Allow>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn split(text: &str) -> (String, String) {
    match text.find(MARKER) {
        Some(at) => (text[..at].to_string(), text[at..].to_string()),
        None => (text.to_string(), String::new()),
    }
}

fn chapters(dir: &Path) -> Vec<PathBuf> {
    let mut chapters: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    chapters.sort();
    chapters
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter(|path| !path.to_string_lossy().ends_with(".grading.rs"))
        .collect();
    files.sort();
    files
}

/// The `allow:` of each exercise of a chapter's `info.yaml`, read loosely: `allow: [threads]` or
/// `allow:` followed by `- threads` lines, inside the entry that starts with `- name: <name>`.
fn allowances(info_yaml: &str) -> BTreeMap<String, Vec<Allow>> {
    let mut allowances: BTreeMap<String, Vec<Allow>> = BTreeMap::new();
    let mut exercise: Option<String> = None;
    let mut in_allow_list = false;
    for line in info_yaml.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix("- name:") {
            exercise = Some(name.trim().to_string());
            in_allow_list = false;
            continue;
        }
        let Some(exercise) = &exercise else { continue };
        if let Some(value) = trimmed.strip_prefix("allow:") {
            let value = value.trim();
            in_allow_list = value.is_empty();
            let names = value.trim_start_matches('[').trim_end_matches(']');
            let entry = allowances.entry(exercise.clone()).or_default();
            entry.extend(
                names
                    .split(',')
                    .filter_map(|name| Allow::from_id(name.trim())),
            );
        } else if in_allow_list && trimmed.starts_with("- ") {
            let name = trimmed.trim_start_matches("- ").trim();
            if let Some(allow) = Allow::from_id(name) {
                allowances.entry(exercise.clone()).or_default().push(allow);
            }
        } else if !trimmed.is_empty() {
            in_allow_list = false;
        }
    }
    allowances
}

/// Every stub, solution and `*.wrong-*.rs` of the course, with its exercise's course side.
fn course() -> (Vec<CourseFile>, BTreeMap<String, Exercise>) {
    let root = root();
    let mut files = Vec::new();
    let mut exercises = BTreeMap::new();
    for chapter in chapters(&root.join("exercises")) {
        let info = fs::read_to_string(chapter.join("info.yaml")).unwrap_or_default();
        let allowances = allowances(&info);
        let solutions = root
            .join("solutions")
            .join(chapter.file_name().expect("a name"));
        for stub in rust_files(&chapter) {
            let name = stub_name(&stub);
            let (stub_code, visible) = split(&read(&stub));
            let mut tests = vec![visible];
            let grading = solutions.join(format!("{name}.grading.rs"));
            if grading.exists() {
                tests.push(read(&grading));
            }
            let mut allow = allowances.get(&name).cloned().unwrap_or_default();
            for (pending, allowance) in PENDING_ALLOWANCES {
                if *pending == name && !allow.contains(allowance) {
                    allow.push(*allowance);
                }
            }
            exercises.insert(
                name,
                Exercise {
                    stub_code,
                    tests,
                    allow,
                },
            );
        }
        let mut paths = rust_files(&chapter);
        if solutions.is_dir() {
            paths.extend(rust_files(&solutions));
        }
        for path in paths {
            let (code, tests) = split(&read(&path));
            files.push(CourseFile {
                exercise: stub_name(&path),
                path,
                code,
                tests,
            });
        }
    }
    (files, exercises)
}

fn stub_name(path: &Path) -> String {
    let file = path.file_name().expect("a file name").to_string_lossy();
    file.split('.').next().expect("a stem").to_string()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

fn run(file: &CourseFile, exercise: &Exercise, allow: &[Allow]) -> Inspection {
    let tests: Vec<&str> = exercise.tests.iter().map(String::as_str).collect();
    let course = CourseSide {
        stub_code: &exercise.stub_code,
        tests: &tests,
    };
    inspect(&file.code, &course, allow)
}

#[test]
fn every_stub_solution_and_mutant_of_the_course_passes_the_gate() {
    let (files, exercises) = course();
    // Stubs, solutions and mutants; the student edition has the stubs alone.
    let least = if root().join("solutions").is_dir() {
        60
    } else {
        30
    };
    assert!(files.len() >= least, "the course has {} files", files.len());
    let mut refused = Vec::new();
    for file in &files {
        let exercise = &exercises[&file.exercise];
        assert!(
            file.tests.starts_with(MARKER),
            "{} has no marker line",
            file.path.display()
        );
        match run(file, exercise, &exercise.allow) {
            Inspection::Allowed => {}
            Inspection::Refused(refusals) => {
                for refusal in refusals {
                    refused.push(format!("{}:{refusal}", file.path.display()));
                }
            }
            Inspection::Unreadable {
                line,
                column,
                message,
            } => refused.push(format!(
                "{}:{line}:{column}: unreadable: {message}",
                file.path.display()
            )),
        }
    }
    assert!(refused.is_empty(), "refused:\n{}", refused.join("\n"));
}

#[test]
fn each_pending_allowance_is_still_needed() {
    let (files, exercises) = course();
    for (name, allowance) in PENDING_ALLOWANCES {
        let exercise = &exercises[*name];
        let without: Vec<Allow> = exercise
            .allow
            .iter()
            .copied()
            .filter(|allow| allow != allowance)
            .collect();
        let needed = files
            .iter()
            .filter(|file| file.exercise == *name)
            .any(|file| !run(file, exercise, &without).is_allowed());
        assert!(
            needed,
            "{name} passes the gate without `allow: [{}]`: drop it from PENDING_ALLOWANCES",
            allowance.id()
        );
    }
}

/// Prints the gate's cost per exercise file over the whole course (no wall-clock assertion:
/// machines differ; the budget is 5 ms per exercise).
#[test]
fn cost_over_the_course() {
    let (files, exercises) = course();
    // the fastest of several rounds: the machine is shared, and other work only adds time
    let mut times: Vec<(Duration, &Path)> = Vec::new();
    for file in &files {
        let exercise = &exercises[&file.exercise];
        let fastest = (0..7)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(run(file, exercise, &exercise.allow));
                started.elapsed()
            })
            .min()
            .expect("some rounds");
        times.push((fastest, &file.path));
    }
    times.sort();
    let total: Duration = times.iter().map(|(time, _)| *time).sum();
    let (slowest, slowest_path) = times.last().expect("the course has files");
    println!(
        "gate cost over {} course files ({} build): mean {:?}, median {:?}, max {:?} ({})",
        times.len(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        total / times.len() as u32,
        times[times.len() / 2].0,
        slowest,
        slowest_path.display()
    );
}
