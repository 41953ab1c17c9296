//! The class reports an instructor reads: every format of one class, snapshotted (`insta`) as
//! people see it; hostile folder names and messages in every format; `--merge` refusing what
//! does not add up; and the HTML report checked in a real headless Chromium.
//!
//! A class is graded once to JSON; the formats are rendered from that JSON with `--merge`, after
//! the parts that differ between machines (the sandbox level, the course version, timings) are
//! fixed, so the snapshots hold on any machine and after any course edit.

use std::path::{Path, PathBuf};
use std::time::Duration;

use predicates::str::contains;
use serde_json::Value;

use crate::{Env, MARKER};

const ADD: &str = "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n";
const ANSWER: &str = "pub fn answer() -> u32 {\n    42\n}\n";

fn init(env: &Env, id: &str) {
    let mut command = env.cmd(&["init"]);
    command.arg(env.path("class").join(id));
    command.assert().success();
}

fn set_code(env: &Env, id: &str, exercise: &str, code: &str) {
    let path = env
        .path("class")
        .join(id)
        .join(format!("exercises/01_basics/{exercise}.rs"));
    let text = std::fs::read_to_string(&path).unwrap();
    let tests = &text[text.find(MARKER).unwrap()..];
    std::fs::write(&path, format!("{code}\n{tests}")).unwrap();
}

/// `id` takes the fixture quiz with some answers right and some wrong.
fn take_quiz(env: &Env, id: &str, answers: &str) {
    env.write("answers.yaml", answers);
    let mut command = env.cmd(&[]);
    command
        .arg("--workbook")
        .arg(env.path("class").join(id))
        .args(["quiz", "basics", "--answers", "answers.yaml", "--json"]);
    command.output().unwrap();
}

/// Grades `class` to JSON (with `args`), and writes it to `name` with the machine-dependent
/// parts fixed.
fn graded(env: &Env, args: &[&str], name: &str) -> Value {
    let mut all = vec!["--timeout", "5", "grade", "class", "--format", "json"];
    all.extend_from_slice(args);
    let output = env.cmd(&all).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    report["sandbox"] = "SANDBOX".into();
    report["course"]["version"] = "VERSION".into();
    for submission in report["submissions"].as_array_mut().unwrap() {
        for exercise in submission["exercises"].as_array_mut().unwrap() {
            exercise["seconds"] = 0.0.into();
        }
    }
    env.write(name, &serde_json::to_string_pretty(&report).unwrap());
    report
}

/// `report` (a JSON file) rendered with `args`.
fn render(env: &Env, report: &str, args: &[&str]) -> String {
    let mut all = vec!["grade", "--merge", report];
    all.extend_from_slice(args);
    let output = env.cmd(&all).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A class with one learner per outcome, a roster with one learner who handed in nothing and one
/// folder it does not name, and a folder that is not a submission.
fn class(env: &Env) {
    for id in ["alice", "bob", "carol", "dave", "erin"] {
        init(env, id);
    }
    set_code(env, "alice", "basics1_add", ADD);
    set_code(env, "alice", "basics2_compile", ANSWER);
    take_quiz(
        env,
        "alice",
        "pick-one: a\npick-many: [a, c]\ntruth: true\nword: nothing\nsort: {adder: stateless, store: stateful}\noutput: \"calls: 3\"\n",
    );
    set_code(
        env,
        "bob",
        "basics1_add",
        "pub fn add(a: u32, _b: u32) -> u32 {\n    a\n}\n",
    );
    take_quiz(env, "bob", "pick-one: b\npick-many: [a]\ntruth: false\n");
    set_code(
        env,
        "dave",
        "basics2_compile",
        "pub fn answer() -> u32 {\n    \"42\"\n}\n",
    );
    set_code(
        env,
        "erin",
        "basics1_add",
        "pub fn add(_a: u32, _b: u32) -> u32 {\n    std::process::exit(0)\n}\n",
    );
    set_code(env, "erin", "basics2_compile", ANSWER);
    std::fs::create_dir_all(env.path("class/__MACOSX")).unwrap();
    env.write(
        "roster.csv",
        "folder,id,name,email\nalice,s1,\"Liddell, Alice\",alice@example.org\nbob,s2,Bob Builder,bob@example.org\ndave,s4,Dave,dave@example.org\nerin,s5,Erin,erin@example.org\nfrank,s6,Frank Absent,frank@example.org\n",
    );
}

#[test]
fn every_format_of_a_class_reads_right() {
    let env = Env::fixture();
    class(&env);
    let report = graded(&env, &[], "class.json");
    assert_eq!(report["course"]["exercises"].as_array().unwrap().len(), 2);
    assert_eq!(report["course"]["quizzes"][0]["pass_mark"], 60);
    let alice = &report["submissions"][0];
    assert_eq!(alice["folder"], "alice");
    assert_eq!(alice["quizzes"][0]["passed"], true);
    assert!(alice["exercises"][0]["digest"].is_string());
    assert!(
        report["submissions"][2]["exercises"][0]["digest"].is_null(),
        "carol's untouched stub was never attempted"
    );
    let roster = ["--roster", "roster.csv"];
    let with = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(&roster);
        render(&env, "class.json", &all)
    };
    insta::assert_snapshot!("table", with(&["--format", "table"]));
    insta::assert_snapshot!("markdown", with(&["--format", "markdown"]));
    insta::assert_snapshot!("csv_plain", with(&["--format", "csv"]));
    insta::assert_snapshot!(
        "csv_canvas",
        with(&["--format", "csv", "--csv-style", "canvas"])
    );
    insta::assert_snapshot!(
        "csv_moodle",
        with(&["--format", "csv", "--csv-style", "moodle"])
    );
    insta::assert_snapshot!("junit", with(&["--format", "junit"]));
    let json: Value = serde_json::from_str(&with(&["--format", "json"])).unwrap();
    assert_eq!(json["missing"][0]["id"], "s6");
    let ids: Vec<&str> = json["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["carol", "s1", "s2", "s4", "s5"]);
}

#[test]
fn figures_are_among_those_who_attempted_and_quizzes_use_the_pass_mark() {
    let env = Env::fixture();
    class(&env);
    let report = graded(&env, &[], "class.json");
    let summary = &report["summary"];
    // basics1_add: alice passed, bob failed, erin rejected; carol and dave left it alone.
    assert_eq!(summary["exercises"][0]["attempted"], 3);
    assert_eq!(summary["exercises"][0]["passed"], 1);
    let rate = summary["exercises"][0]["pass_rate"].as_f64().unwrap();
    assert!((rate - 1.0 / 3.0).abs() < 1e-9, "{rate}");
    // One quiz taken and passed, one taken and failed (below 60%), three not taken.
    assert_eq!(summary["quizzes"][0]["taken"], 2);
    assert_eq!(summary["quizzes"][0]["passed"], 1);
    let bob = &report["submissions"][1];
    assert_eq!(bob["quizzes"][0]["taken"], true);
    assert_eq!(bob["quizzes"][0]["passed"], false);
    let picked = &bob["quizzes"][0]["answers"][0];
    assert_eq!(picked["question"], "pick-one");
    assert_eq!(picked["picked"], serde_json::json!(["b"]));
    assert_eq!(picked["correct"], false);

    // Nobody attempted an exercise: said in words, never as 0%.
    let env = Env::fixture();
    init(&env, "only");
    graded(&env, &[], "one.json");
    let table = render(&env, "one.json", &["--format", "table"]);
    assert!(table.contains("1 submission,"), "{table}");
    assert!(
        table.contains("Nobody attempted: basics1_add, basics2_compile"),
        "{table}"
    );
    assert!(!table.contains("0% passed"), "{table}");
    assert!(
        table.contains("Quiz basics: nobody took it (pass mark 60%)"),
        "{table}"
    );
    let markdown = render(&env, "one.json", &["--format", "markdown"]);
    assert!(markdown.contains("Nobody attempted: basics1\\_add, basics2\\_compile."));
}

/// Folder names a learner (or a zip file) can choose, each trying to break out of its cell.
const HOSTILE: [&str; 7] = [
    "eve\nmallory ✓✓ 15 of 15",
    "ansi\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{7}",
    "=HYPERLINK(\"evil.example\",\"grades\")",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)",
    "pipe | ✓✓ | 15 | 25 |",
    "@cmd|' \\x'!A0",
];

/// A message a learner's code can make a test print: markup, a forged row, a terminal escape.
const FORGED: &str = "</failure><script>alert(1)</script>\\n| mallory | 999/999 |\\u{1b}[2J";

#[test]
fn hostile_folder_names_and_messages_stay_inside_their_cells() {
    let env = Env::fixture();
    for id in HOSTILE {
        init(&env, id);
    }
    set_code(&env, HOSTILE[0], "basics1_add", ADD);
    set_code(
        &env,
        HOSTILE[3],
        "basics1_add",
        &format!("pub fn add(_a: u32, _b: u32) -> u32 {{\n    panic!(\"{FORGED}\")\n}}\n"),
    );
    let report = graded(&env, &[], "hostile.json");
    let ids: Vec<&str> = report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for id in HOSTILE {
        assert!(
            ids.contains(&id),
            "{id:?} is graded under its own name: {ids:?}"
        );
    }
    let n = HOSTILE.len();
    // An id may hold what a folder name cannot (a report edited by hand, a roster id): a slash,
    // to forge a whole "999/999" row after a line break.
    let forged = "eve\nmallory   ✓✓   999/999   999/999   999/999  100.0";
    let edited = env.read("hostile.json").replace(
        "\"eve\\nmallory ✓✓ 15 of 15\"",
        &serde_json::to_string(forged).unwrap(),
    );
    assert!(edited.contains("999/999"));
    env.write("hostile.json", &edited);

    let plain = render(&env, "hostile.json", &["--format", "table"]);
    assert!(
        !plain.contains('\u{1b}') && !plain.contains('\u{7}'),
        "{plain}"
    );
    let rows: Vec<&str> = plain.lines().skip(1).take(n).collect();
    assert!(rows.iter().all(|row| row.contains("/15")), "{plain}");
    assert!(
        !plain.lines().any(|line| line.starts_with("mallory")),
        "{plain}"
    );
    assert!(plain.contains("eve mallory   ✓✓   999/999"), "{plain}");
    assert_eq!(
        plain.matches("999/999").count(),
        3,
        "on the one line of eve's id: {plain}"
    );
    assert!(plain.contains("ansired "), "{plain}");

    let markdown = render(&env, "hostile.json", &["--format", "markdown"]);
    let table_rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with('|')).collect();
    let header_cells = unescaped_pipes(table_rows[0]);
    for row in &table_rows[..n + 2] {
        assert_eq!(
            unescaped_pipes(row),
            header_cells,
            "a forged cell in {row:?}"
        );
    }
    assert!(
        markdown.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{markdown}"
    );
    assert!(!markdown.contains("<img"), "{markdown}");

    let csv = render(&env, "hostile.json", &["--format", "csv"]);
    let records = parse_csv(&csv);
    let width = records[0].len();
    assert!(records.iter().all(|r| r.len() == width), "{records:?}");
    assert_eq!(
        records.len(),
        2 + n,
        "header, points possible, one row per learner"
    );
    for record in &records {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula cell {cell:?}"
            );
        }
    }
    assert!(records
        .iter()
        .any(|r| r[0] == "'=HYPERLINK(\"evil.example\",\"grades\")"));
    assert!(records.iter().any(|r| r[0] == "'@cmd|' \\x'!A0"));
    assert!(records.iter().any(|r| r[0] == forged), "{records:?}");

    let junit = render(&env, "hostile.json", &["--format", "junit"]);
    assert!(!junit.contains('\u{1b}'));
    assert!(
        !junit.contains("<script>") && !junit.contains("<img"),
        "{junit}"
    );
    assert!(junit.contains("&lt;/failure&gt;&lt;script&gt;"), "{junit}");
    assert_eq!(junit.matches("<testsuite ").count(), n);

    let html = render(&env, "hostile.json", &["--format", "html"]);
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains('\u{1b}'));
}

/// `|` not preceded by a backslash.
fn unescaped_pipes(row: &str) -> usize {
    let bytes = row.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

/// RFC 4180 records, for checking what a spreadsheet would read.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

#[test]
fn merging_refuses_what_does_not_add_up_and_replaces_a_regraded_learner() {
    let env = Env::fixture();
    for id in ["a", "b", "c"] {
        init(&env, id);
    }
    for k in 1..=3 {
        graded(
            &env,
            &["--shard", &format!("{k}/3")],
            &format!("shard{k}.json"),
        );
    }
    env.cmd(&["grade", "--merge", "shard1.json", "shard3.json"])
        .assert()
        .code(2)
        .stderr(contains("shard 2/3 is missing"));
    env.cmd(&[
        "grade",
        "--merge",
        "shard1.json",
        "shard2.json",
        "shard2.json",
        "shard3.json",
    ])
    .assert()
    .code(2)
    .stderr(contains("shard 2/3 is given twice"));
    let other = env
        .read("shard3.json")
        .replace("\"VERSION\"", "\"ANOTHER\"");
    env.write("other3.json", &other);
    env.cmd(&["grade", "--merge", "shard1.json", "shard2.json", "other3.json"])
        .assert()
        .code(2)
        .stderr(contains(
            "`other3.json` was graded against course version ANOTHER, but `shard1.json` against VERSION",
        ));

    // b is graded again after fixing their work: --replace puts the new record in.
    set_code(&env, "b", "basics1_add", ADD);
    let mut again = env.cmd(&[
        "--timeout",
        "5",
        "grade",
        "--format",
        "json",
        "--out",
        "b.json",
    ]);
    again.arg(env.path("class/b"));
    again.assert().success();
    let mut fixed: Value = serde_json::from_str(&env.read("b.json")).unwrap();
    fixed["course"]["version"] = "VERSION".into();
    env.write("b.json", &fixed.to_string());
    let shards = ["shard1.json", "shard2.json", "shard3.json", "b.json"];
    let mut args = vec!["grade", "--merge"];
    args.extend(shards);
    env.cmd(&args)
        .assert()
        .code(2)
        .stderr(contains("submission `b` appears twice"))
        .stderr(contains("--replace"));
    args.extend(["--replace", "--format", "json"]);
    let merged: Value = serde_json::from_slice(&env.cmd(&args).output().unwrap().stdout).unwrap();
    let b = merged["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "b")
        .unwrap();
    assert_eq!(b["score"], 10);
    assert_eq!(merged["submissions"].as_array().unwrap().len(), 3);
    assert_eq!(merged["summary"]["exercises"][0]["passed"], 1);
}

#[test]
fn a_bad_roster_is_refused_before_grading() {
    let env = Env::fixture();
    init(&env, "alice");
    env.write(
        "roster.csv",
        "folder,id,name,email\nalice,s1,A,\nbob,s1,B,\n",
    );
    env.cmd(&["grade", "class", "--roster", "roster.csv"])
        .assert()
        .code(2)
        .stderr(contains(
            "roster.csv` (line 3): id `s1` is on the roster twice",
        ));
    env.cmd(&["grade", "class", "--roster", "nowhere.csv"])
        .assert()
        .code(2)
        .stderr(contains("nowhere.csv"));
}

/// Chromium, which the HTML report is checked in: `.ci/run` installs it. Never skipped.
fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "the HTML report is tested in a headless Chromium, and none was found on PATH: install \
         it (`apt-get install -y chromium`, as `.ci/run` does) and run the tests again"
    );
}

/// Runs headless Chromium on `page` with `args`; its standard output.
fn headless(page: &Path, profile: &Path, args: &[&str]) -> String {
    let output = assert_cmd::Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_html_report_shows_the_figures_in_a_real_browser() {
    let env = Env::fixture();
    class(&env);
    init(&env, "twin");
    set_code(&env, "twin", "basics1_add", ADD);
    init(&env, "<img src=x onerror=alert(1)>");
    graded(&env, &[], "class.json");
    let html = render(
        &env,
        "class.json",
        &["--format", "html", "--roster", "roster.csv"],
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing is fetched"
    );
    let page = env.path("report.html");
    std::fs::write(&page, &html).unwrap();

    let dom = headless(&page, &env.path("profile-dom"), &["--dump-dom"]);
    assert!(
        dom.contains("<span id=\"submissions\">7 submissions</span>"),
        "{dom}"
    );
    // basics1_add: alice and twin passed, bob failed, erin rejected.
    assert!(
        dom.contains("data-exercise=\"basics1_add\" data-attempted=\"4\" data-passed=\"2\""),
        "{dom}"
    );
    assert!(dom.contains("<span class=\"rate\">50%</span>"), "{dom}");
    assert!(
        dom.contains("data-exercise=\"basics2_compile\" data-attempted=\"3\" data-passed=\"2\""),
        "{dom}"
    );
    // Scores: alice 25 of 25 less a quiz point or two; the rest low. Every learner is counted once.
    let counted: usize = dom
        .match_indices("data-count=\"")
        .map(|(at, _)| {
            let rest = &dom[at + "data-count=\"".len()..];
            rest[..rest.find('"').unwrap()].parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(counted, 7, "the histogram counts every submission");
    assert!(dom.contains("data-bin=\"0\" data-count=\"4\""), "{dom}");
    // Quiz items: pick-one right for alice only; bob picked b.
    assert!(
        dom.contains("data-question=\"pick-one\" data-correct=\"1\""),
        "{dom}"
    );
    assert!(dom.contains("data-choice=\"b\" data-picked=\"1\""), "{dom}");
    assert!(
        dom.contains("basics: 1 of 2 learners who took it passed (pass mark 60%)"),
        "{dom}"
    );
    // Identical files: alice's and twin's basics1_add.
    assert!(
        dom.contains("data-exercise=\"basics1_add\" data-size=\"2\"><th scope=\"row\">basics1_add</th><td class=\"num\">2</td><td>s1, twin</td>"),
        "{dom}"
    );
    // The roster's absent learner, the report's problems, and no injected element.
    assert!(dom.contains("Frank Absent"), "{dom}");
    assert!(dom.contains("macOS archive metadata"), "{dom}");
    assert!(
        !dom.contains("<img"),
        "a folder name became an element: {dom}"
    );
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;"), "{dom}");

    let shot = env.path("report.png");
    headless(
        &page,
        &env.path("profile-shot"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2300",
        ],
    );
    let (width, height, distinct, inked) = picture(&shot);
    assert_eq!((width, height), (1280, 2300));
    assert!(
        distinct > 16,
        "a blank page has one colour; this has {distinct}"
    );
    assert!(inked > 0.02, "{:.1}% of the page is drawn", inked * 100.0);
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("class-report.png");
    std::fs::copy(&shot, kept).unwrap();
}

/// Width, height, how many distinct colours, and the share of pixels that are not white.
fn picture(path: &Path) -> (u32, u32, usize, f64) {
    let file = std::fs::File::open(path).expect("the screenshot exists");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a size")];
    let frame = reader.next_frame(&mut buffer).expect("a frame");
    let channels = frame.color_type.samples();
    let pixels = &buffer[..frame.buffer_size()];
    let mut colours = std::collections::HashSet::new();
    let mut inked = 0usize;
    for pixel in pixels.chunks(channels) {
        let rgb = [pixel[0], pixel[1 % channels], pixel[2 % channels]];
        colours.insert(rgb);
        inked += usize::from(rgb != [255, 255, 255]);
    }
    let total = pixels.len() / channels;
    (
        frame.width,
        frame.height,
        colours.len(),
        inked as f64 / total as f64,
    )
}
