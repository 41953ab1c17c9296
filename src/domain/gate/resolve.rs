//! The judgements that need the whole file: every path, resolved through the learner's own `use`
//! renames, against the parts of `std` that reach the machine; glob imports; the names a glob
//! brings into the tests; and `impl` blocks.
//!
//! Resolution is deliberately generous: a path is read through every `use` binding whose name
//! appears in it, wherever that `use` is, so `use std as s` anywhere makes every `s::fs::...`
//! a path to `std::fs`. An attacker gains nothing from scoping tricks; an honest learner who
//! names a module of their own like a std module loses nothing, since only `std` paths that
//! reach the machine are refused.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

use super::lists;
use super::walk::{self, Binding, Frame, Pos, RawPath, Walker};
use super::{CourseSide, Rule};

/// Binding name -> the `std` paths it may stand for.
type Resolved = HashMap<String, Vec<Vec<String>>>;

pub(super) fn finish(walker: &mut Walker, course: &CourseSide<'_>) {
    let resolved = resolve_bindings(&walker.bindings);
    let test_words = test_words(course.tests);
    let guarded = guarded_names(course.stub_code, &test_words.idents);
    let mut refusals = Vec::new();
    check_paths(walker, &resolved, &test_words.modules, &mut refusals);
    check_globs(walker, &resolved, &test_words.modules, &mut refusals);
    check_impls(walker, &resolved, &mut refusals);
    check_names(walker, &resolved, &guarded, &mut refusals);
    for (at, rule, message) in refusals {
        walker.found.refuse(at, rule, message);
    }
}

/// `core::x` and `alloc::x` are `std::x` for the gate; paths from other roots are not std's.
fn normalize(raw: &RawPath) -> Option<Vec<String>> {
    let first = raw.segs.first()?;
    if !lists::CRATES.contains(&first.as_str()) {
        return None;
    }
    let mut path = vec!["std".to_string()];
    path.extend(raw.segs[1..].iter().cloned());
    Some(path)
}

/// Every `std` path `raw` may stand for: itself, and the path read through each binding whose
/// name it contains.
fn candidates(raw: &RawPath, resolved: &Resolved) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = normalize(raw).into_iter().collect();
    if !raw.global {
        for (index, segment) in raw.segs.iter().enumerate() {
            for target in resolved.get(segment).into_iter().flatten() {
                let mut path = target.clone();
                path.extend(raw.segs[index + 1..].iter().cloned());
                out.push(path);
            }
        }
    }
    out
}

/// The `std` paths each binding may stand for, through chains of renames (`use std as s; use
/// s::io as i;`), to a fixed point.
fn resolve_bindings(bindings: &[Binding]) -> Resolved {
    const MAX_TARGETS: usize = 16;
    let mut resolved = Resolved::new();
    for _ in 0..8 {
        let mut changed = false;
        for binding in bindings {
            for path in candidates(&binding.raw, &resolved) {
                let targets = resolved.entry(binding.name.clone()).or_default();
                if targets.len() < MAX_TARGETS && !targets.contains(&path) {
                    targets.push(path);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    resolved
}

/// Why a `std` path is refused, if it is.
fn danger(path: &[String], threads: bool) -> Option<(Rule, String)> {
    if path.len() < 2 || path[0] != "std" {
        return None;
    }
    let module = path[1].as_str();
    let item = path.get(2).map(String::as_str);
    if let Some((_, why)) = lists::SYSTEM_MODULES
        .iter()
        .find(|(name, _)| *name == module)
    {
        return Some((Rule::SystemAccess, format!("is not allowed here: it {why}")));
    }
    if module == "io" && item.is_some_and(|item| lists::STD_IO_HANDLES.contains(&item)) {
        return Some((
            Rule::SystemAccess,
            "is not allowed here: it hands out the test process's own standard input and \
             output, which the runner reads (`println!` and `dbg!` are there to debug with)"
                .to_string(),
        ));
    }
    if module == "thread" && !threads {
        return Some((
            Rule::Threads,
            "is not allowed in this exercise: threads could outlive the test that started them \
             and disturb the others, and this exercise does not allow them in its `info.yaml`"
                .to_string(),
        ));
    }
    if module == "panic" && item.is_some_and(|item| lists::PANIC_CONTROL.contains(&item)) {
        return Some((
            Rule::PanicControl,
            "is not allowed here: it changes how the test harness catches and reports a test's \
             panic"
                .to_string(),
        ));
    }
    None
}

fn described(written: &str, raw: &RawPath, target: &[String]) -> String {
    let target_text = target.join("::");
    if normalize(raw).as_deref() == Some(target) {
        format!("`{written}`")
    } else {
        format!("`{written}` (that is `{target_text}`)")
    }
}

type Found = Vec<(Pos, Rule, String)>;

fn check_paths(walker: &Walker, resolved: &Resolved, modules: &HashSet<String>, out: &mut Found) {
    for record in &walker.paths {
        let raw = &record.raw;
        let through_tests = !raw.global
            && raw
                .first_named()
                .is_some_and(|first| modules.contains(first))
            && (record.is_use || raw.segs.last().map(String::as_str) != raw.first_named());
        if through_tests {
            out.push((
                record.pos,
                Rule::TestAccess,
                format!(
                    "`{}` is not allowed here: your code must not reach into the course's \
                     tests, where it could change what they check",
                    record.written
                ),
            ));
            continue;
        }
        for target in candidates(raw, resolved) {
            if let Some((rule, why)) = danger(&target, walker.threads) {
                let what = described(&record.written, raw, &target);
                out.push((record.pos, rule, format!("{what} {why}")));
                break;
            }
        }
    }
}

fn check_globs(walker: &Walker, resolved: &Resolved, modules: &HashSet<String>, out: &mut Found) {
    for glob in &walker.globs {
        if glob
            .raw
            .first_named()
            .is_some_and(|first| modules.contains(first))
        {
            out.push((
                glob.pos,
                Rule::TestAccess,
                format!(
                    "`use {}` is not allowed here: your code must not reach into the course's \
                     tests, where it could change what they check",
                    glob.written
                ),
            ));
            continue;
        }
        let Some(target) = candidates(&glob.raw, resolved).into_iter().next() else {
            continue;
        };
        let finding = match danger(&target, walker.threads) {
            Some((rule, why)) => (
                rule,
                format!("{} {why}", described(&glob.written, &glob.raw, &target)),
            ),
            None => (
                Rule::GlobImport,
                format!(
                    "`use {}` is not allowed here: a glob import from the standard library \
                     brings in names that could take the place of the ones the tests use, or \
                     reach the machine; import each name you need",
                    glob.written
                ),
            ),
        };
        out.push((glob.pos, finding.0, finding.1));
    }
}

fn check_impls(walker: &Walker, resolved: &Resolved, out: &mut Found) {
    for record in &walker.impls {
        if let Some(trait_path) = &record.trait_path {
            let mut names: Vec<&String> = trait_path.segs.last().into_iter().collect();
            let targets = candidates(trait_path, resolved);
            names.extend(targets.iter().filter_map(|target| target.last()));
            if let Some(compared) = names
                .into_iter()
                .find(|name| lists::COMPARISON_TRAITS.contains(&name.as_str()))
            {
                out.push((
                    record.pos,
                    Rule::ComparisonImpl,
                    format!(
                        "`{}` is not allowed here: a hand-written `{compared}` decides what \
                         `assert_eq!` and friends conclude; derive it instead, \
                         `#[derive({compared})]`",
                        record.written
                    ),
                ));
                continue;
            }
        }
        let own = record
            .self_name
            .as_ref()
            .filter(|name| !record.generic_params.contains(name))
            .is_some_and(|name| declared_in_scope(&walker.frames, record.frame, name));
        if !own {
            out.push((
                record.pos,
                Rule::ForeignImpl,
                format!(
                    "`{}` is not allowed here: methods you add to a type you did not declare \
                     could take the place of the ones the tests call; implement it for a type \
                     your code declares, named as declared (no path, no alias)",
                    record.written
                ),
            ));
        }
    }
}

/// Whether `name`, seen in `frame`, is a struct, enum or union the learner declared: blocks see
/// their enclosing blocks and module; a module sees only itself; an import of the name hides it.
fn declared_in_scope(frames: &[Frame], frame: usize, name: &str) -> bool {
    let mut current = Some(frame);
    while let Some(index) = current {
        let frame = &frames[index];
        if frame.bindings.contains(name) {
            return false;
        }
        if frame.types.contains(name) {
            return true;
        }
        if frame.is_module {
            return false;
        }
        current = frame.parent;
    }
    false
}

/// A name the tests take from std, with the one path an import of it may come from.
struct Reserved {
    canonical: Vec<String>,
    what: String,
    /// Also importable from `std::prelude::*`.
    in_prelude: bool,
}

fn reserved(name: &str, guarded: &HashMap<String, Vec<String>>) -> Option<Reserved> {
    let split = |path: &str| path.split("::").map(str::to_string).collect::<Vec<_>>();
    if let Some(path) = guarded.get(name) {
        return Some(Reserved {
            canonical: path.clone(),
            what: format!(
                "`{name}` as `{}`, which the exercise imports",
                path.join("::")
            ),
            in_prelude: false,
        });
    }
    if let Some((_, path)) = lists::PRELUDE.iter().find(|(prelude, _)| *prelude == name) {
        return Some(Reserved {
            canonical: split(path),
            what: format!("the prelude's `{name}`"),
            in_prelude: true,
        });
    }
    if lists::STD_MACROS.contains(&name) {
        return Some(Reserved {
            canonical: vec!["std".to_string(), name.to_string()],
            what: format!("the standard library's `{name}!`"),
            in_prelude: true,
        });
    }
    if lists::PRIMITIVES.contains(&name) {
        return Some(Reserved {
            canonical: split(&format!("std::primitive::{name}")),
            what: format!("the primitive type `{name}`"),
            in_prelude: false,
        });
    }
    if lists::CRATES.contains(&name) {
        return Some(Reserved {
            canonical: vec!["std".to_string()],
            what: format!("the crate `{name}`"),
            in_prelude: false,
        });
    }
    None
}

fn check_names(
    walker: &Walker,
    resolved: &Resolved,
    guarded: &HashMap<String, Vec<String>>,
    out: &mut Found,
) {
    for record in &walker.names {
        if let Some(reserved) = reserved(&record.name, guarded) {
            out.push((
                record.pos,
                Rule::Shadowing,
                format!(
                    "`{}` is not allowed as the name of a {} here: the tests use {}, and yours \
                     would take its place",
                    record.name, record.kind, reserved.what
                ),
            ));
        }
    }
    for binding in walker
        .bindings
        .iter()
        .filter(|binding| binding.module_level)
    {
        let Some(reserved) = reserved(&binding.name, guarded) else {
            continue;
        };
        let same = candidates(&binding.raw, resolved).iter().any(|target| {
            *target == reserved.canonical
                || (reserved.in_prelude
                    && target.len() == 4
                    && target[1] == "prelude"
                    && target[3] == binding.name)
        });
        if !same {
            let written = match binding.raw.segs.last() {
                Some(last) if *last == binding.name => format!("use {}", binding.written),
                _ => format!("use {} as {}", binding.written, binding.name),
            };
            out.push((
                binding.pos,
                Rule::Shadowing,
                format!(
                    "`{written}` is not allowed here: the tests use {}, and this import would \
                     put another in its place",
                    reserved.what
                ),
            ));
        }
    }
}

/// What the course's tests mention: every identifier, and the modules they declare.
struct TestWords {
    idents: HashSet<String>,
    modules: HashSet<String>,
}

fn test_words(tests: &[&str]) -> TestWords {
    fn collect(tokens: TokenStream, words: &mut TestWords) {
        let mut after_mod = false;
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    let word = ident.to_string();
                    let word = word.strip_prefix("r#").unwrap_or(&word).to_string();
                    if after_mod {
                        words.modules.insert(word.clone());
                    }
                    after_mod = word == "mod";
                    words.idents.insert(word);
                }
                TokenTree::Group(group) => {
                    after_mod = false;
                    collect(group.stream(), words);
                }
                _ => after_mod = false,
            }
        }
    }
    let mut words = TestWords {
        idents: HashSet::new(),
        modules: HashSet::new(),
    };
    for test in tests {
        if let Ok(tokens) = TokenStream::from_str(test) {
            collect(tokens, &mut words);
        }
    }
    words
}

/// The names the tests use that the stub imports from std, with the path it imports each from:
/// the tests see them through `use super::*`, so the learner may import the same, nothing else.
fn guarded_names(stub_code: &str, test_idents: &HashSet<String>) -> HashMap<String, Vec<String>> {
    let Ok((_, file)) = walk::parse(stub_code) else {
        return HashMap::new();
    };
    let mut stub = Walker::new(true);
    stub.visit_file(&file);
    let resolved = resolve_bindings(&stub.bindings);
    let mut guarded = HashMap::new();
    for binding in stub.bindings.iter().filter(|binding| binding.module_level) {
        if !test_idents.contains(&binding.name) {
            continue;
        }
        if let Some(target) = candidates(&binding.raw, &resolved).into_iter().next() {
            guarded.insert(binding.name.clone(), target);
        }
    }
    guarded
}
