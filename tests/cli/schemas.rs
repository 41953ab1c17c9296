//! Every published JSON has a JSON Schema in `docs/schemas/`, generated from its Rust types, and
//! what the commands print (and the progress file they write) validates against it. Run with
//! `STATELINGS_BLESS=1` to rewrite the schema files after changing a type.

use serde_json::Value;

use crate::Env;

/// `(file in docs/schemas, the schema generated from the type)`
fn schemas() -> Vec<(&'static str, Value)> {
    use statelings::app::commands::progress::ProgressReport;
    use statelings::app::commands::quiz::QuizResult;
    use statelings::domain::grade::record::ClassReport;
    use statelings::infra::workbook::progress::Progress;
    let json = |schema: schemars::Schema| serde_json::to_value(schema).unwrap();
    vec![
        (
            "progress-report.schema.json",
            json(schemars::schema_for!(ProgressReport)),
        ),
        (
            "quiz-result.schema.json",
            json(schemars::schema_for!(QuizResult)),
        ),
        (
            "grade-report.schema.json",
            json(schemars::schema_for!(ClassReport)),
        ),
        (
            "progress-file.schema.json",
            json(schemars::schema_for!(Progress)),
        ),
    ]
}

fn schema_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(name)
}

#[test]
fn the_schemas_in_docs_are_the_types() {
    let bless = std::env::var_os("STATELINGS_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, schema) in schemas() {
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = schema_file(name);
        if bless {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "these schemas differ from their types; run `STATELINGS_BLESS=1 cargo test schemas` and commit docs/schemas: {stale:?}"
    );
}

fn validate(name: &str, instance: &Value) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_file(name)).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{instance:#}");
}

fn json(output: &std::process::Output) -> Value {
    assert!(
        output.status.code().is_some_and(|code| code <= 1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn what_the_commands_publish_validates_against_its_schema() {
    let env = Env::fixture().with_workbook();
    env.solve_with(
        "basics1_add",
        "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}",
    );
    env.cmd(&["run", "basics1_add"]).assert().success();
    env.cmd(&["hint", "basics2_compile"]).assert().success();
    env.write("answers.yaml", "pick-one: a\ntruth: true\n");
    let quiz = env
        .cmd(&["quiz", "basics", "--answers", "answers.yaml", "--json"])
        .output()
        .unwrap();
    validate("quiz-result.schema.json", &json(&quiz));
    validate("progress-report.schema.json", &env.progress());
    let file: Value =
        serde_json::from_str(&env.read("workbook/.statelings/progress.json")).unwrap();
    validate("progress-file.schema.json", &file);
    let report = env
        .cmd(&["grade", "workbook", "--format", "json"])
        .output()
        .unwrap();
    let report = json(&report);
    assert_eq!(report["submissions"][0]["exercises"][0]["status"], "passed");
    validate("grade-report.schema.json", &report);
    // And the check can fail: a status the schema does not list.
    let mut broken = report.clone();
    broken["submissions"][0]["exercises"][0]["status"] = "aced".into();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(schema_file("grade-report.schema.json")).unwrap(),
    )
    .unwrap();
    assert!(!jsonschema::validator_for(&schema)
        .unwrap()
        .is_valid(&broken));
}
