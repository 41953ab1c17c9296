//! The kill test: `kill -9` at a hundred random (seeded) moments of `run`, `check`, `hint` and
//! `quiz --answers`, some of them holding the workbook's lock or halfway through a write, while
//! other commands run to the end. Afterwards progress parses, was never damaged, and nothing a
//! command acknowledged (exit 0 before the kill of another) is lost.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use super::{answers_file, Rng};
use crate::{output_text, Env};

/// What a command changes in progress, to know what must be there afterwards.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// `run NAME` of a solved exercise: it passes.
    Run(&'static str),
    /// `check`: both exercises pass.
    Check,
    /// `hint basics1_add`: one more hint (two at most).
    Hint,
    /// `quiz basics --answers`: one more attempt.
    Quiz,
}

impl Kind {
    fn args(self, answers: &str) -> Vec<String> {
        let args: Vec<&str> = match self {
            Kind::Run(name) => vec!["run", name],
            Kind::Check => vec!["check"],
            Kind::Hint => vec!["hint", "basics1_add"],
            Kind::Quiz => vec!["quiz", "basics", "--answers", answers],
        };
        args.into_iter().map(str::to_owned).collect()
    }

    fn pick(rng: &mut Rng) -> Kind {
        match rng.below(5) {
            0 => Kind::Run("basics1_add"),
            1 => Kind::Run("basics2_compile"),
            2 => Kind::Check,
            3 => Kind::Hint,
            _ => Kind::Quiz,
        }
    }
}

/// What acknowledged commands promise, and what killed ones may have added.
#[derive(Debug, Default)]
struct Promised {
    passed: Vec<&'static str>,
    hints: u64,
    attempts: u64,
    /// Quiz attempts that were killed: each may or may not have been recorded.
    maybe_attempts: u64,
}

impl Promised {
    fn acknowledge(&mut self, kind: Kind) {
        match kind {
            Kind::Run(name) => self.passed.push(name),
            Kind::Check => self.passed.extend(["basics1_add", "basics2_compile"]),
            Kind::Hint => self.hints = (self.hints + 1).min(2),
            Kind::Quiz => self.attempts += 1,
        }
    }

    /// Checks the progress file against what was promised.
    fn assert_kept(&self, env: &Env, when: &str) {
        let text = env.read(crate::PROGRESS);
        let progress: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{when}: progress does not parse ({error}): {text}"));
        for name in &self.passed {
            assert_eq!(
                progress["exercises"][name]["status"], "passed",
                "{when}: the acknowledged pass of {name} was lost: {text}"
            );
        }
        let hints = progress["exercises"]["basics1_add"]["hints_shown"]
            .as_u64()
            .unwrap_or(0);
        assert!(hints >= self.hints, "{when}: hints lost: {text}");
        let attempts = progress["quizzes"]["basics"]["attempts"]
            .as_u64()
            .unwrap_or(0);
        assert!(
            attempts >= self.attempts && attempts <= self.attempts + self.maybe_attempts,
            "{when}: {attempts} quiz attempts recorded, {} acknowledged, {} killed: {text}",
            self.attempts,
            self.maybe_attempts
        );
    }
}

fn spawn(env: &Env, kind: Kind, answers: &str) -> Child {
    let args = kind.args(answers);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.process(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_hundred_kill_9s_at_random_moments_lose_nothing_acknowledged() {
    let env = Env::fixture().with_workbook().own_tmp();
    env.solve("basics1_add");
    env.solve("basics2_compile");
    let answers = answers_file(&env);
    let mut progress = env.progress_file();
    progress["exercises"] = json!({"basics1_add": {"status": "failed", "hints_shown": 0},
                                   "basics2_compile": {"status": "failed", "hints_shown": 0}});
    env.set_progress(&progress);
    let mut rng = Rng::new(0x5EED_0009);
    let mut promised = Promised::default();
    let mut kills = 0;
    let mut round = 0;
    while kills < 100 {
        round += 1;
        // Four victims, each to be killed at its own moment, and one witness run to the end.
        let mut victims: Vec<(Kind, Duration, Child)> = (0..4)
            .map(|_| {
                let kind = Kind::pick(&mut rng);
                let at = Duration::from_millis(rng.below(500));
                (kind, at, spawn(&env, kind, answers))
            })
            .collect();
        let witness = Kind::pick(&mut rng);
        let start = Instant::now();
        let output = spawn(&env, witness, answers).wait_with_output().unwrap();
        assert!(
            output.status.code() == Some(0),
            "round {round}: {witness:?}: {}",
            output_text(&output)
        );
        promised.acknowledge(witness);
        victims.sort_by_key(|(_, at, _)| *at);
        for (kind, at, child) in &mut victims {
            if let Some(wait) = at.checked_sub(start.elapsed()) {
                std::thread::sleep(wait);
            }
            let _ = child.kill();
            kills += 1;
            let status = child.wait().unwrap();
            if status.code() == Some(0) {
                // It had finished, and said so, before the kill.
                promised.acknowledge(*kind);
            } else if *kind == Kind::Quiz {
                promised.maybe_attempts += 1;
            }
        }
        promised.assert_kept(&env, &format!("after round {round}"));
    }
    // Every command still works, and the next change cleans what the killed writers left.
    env.cmd(&["check"]).assert().success();
    promised.acknowledge(Kind::Check);
    promised.assert_kept(&env, "at the end");
    let state = std::fs::read_dir(env.path("workbook/.statelings"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    assert!(
        state
            .iter()
            .all(|name| name == "progress.json" || name == "lock"),
        "left in .statelings: {state:?}"
    );
    assert!(
        promised.attempts > 0 && !promised.passed.is_empty(),
        "{promised:?}"
    );
}
