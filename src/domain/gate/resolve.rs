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
use super::source::{self, name, Pos, RawPath};
use super::walk::{Binding, Frame, Walker};
use super::{CourseSide, Rule};

/// Binding name -> the `std` paths it may stand for.
type Resolved = HashMap<String, Vec<Vec<String>>>;

pub(super) fn finish(walker: &mut Walker, course: &CourseSide<'_>) {
    let resolved = resolve_bindings(&walker.bindings);
    let test_words = test_words(course.tests);
    let stub = stub_side(course.stub_code, &test_words.idents);
    let mut refusals = Vec::new();
    check_paths(walker, &resolved, &test_words.modules, &mut refusals);
    check_globs(walker, &resolved, &test_words.modules, &mut refusals);
    check_impls(walker, &resolved, &mut refusals);
    check_names(walker, &resolved, &stub, &test_words.idents, &mut refusals);
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
    stub: &StubSide,
    test_idents: &HashSet<String>,
    out: &mut Found,
) {
    let guarded = &stub.guarded;
    for record in &walker.names {
        let turns_patterns = record.in_patterns
            && test_idents.contains(&record.name)
            && !stub.declared.contains(&record.name);
        if turns_patterns {
            out.push((
                record.pos,
                Rule::Shadowing,
                format!(
                    "`{}` is not allowed as the name of {} here: the tests use that name for \
                     something of their own, and in their patterns (`if let Some({}) = ..`) \
                     it would compare with yours instead of naming a new variable",
                    record.name,
                    with_article(record.kind),
                    record.name
                ),
            ));
            continue;
        }
        if let Some(reserved) = reserved(&record.name, guarded) {
            out.push((
                record.pos,
                Rule::Shadowing,
                format!(
                    "`{}` is not allowed as the name of {} here: the tests use {}, and yours \
                     would take its place",
                    record.name,
                    with_article(record.kind),
                    reserved.what
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

/// What the course's tests mention: every identifier, and the modules each test block declares
/// at its top level (`tests`, `grading`), which sit beside the learner's code.
struct TestWords {
    idents: HashSet<String>,
    modules: HashSet<String>,
}

fn test_words(tests: &[&str]) -> TestWords {
    fn collect(tokens: TokenStream, words: &mut TestWords, top_level: bool) {
        let mut after_mod = false;
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    let word = ident.to_string();
                    let word = word.strip_prefix("r#").unwrap_or(&word).to_string();
                    if after_mod && top_level {
                        words.modules.insert(word.clone());
                    }
                    after_mod = word == "mod";
                    words.idents.insert(word);
                }
                TokenTree::Group(group) => {
                    after_mod = false;
                    collect(group.stream(), words, false);
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
            collect(tokens, &mut words, true);
        }
    }
    words
}

/// What the stub gives the tests.
#[derive(Default)]
struct StubSide {
    /// The names the tests use that the stub imports from std, with the path it imports each
    /// from: the tests see them through `use super::*`, so the learner may import the same,
    /// nothing else.
    guarded: HashMap<String, Vec<String>>,
    /// The names the stub declares outside function bodies (items and enum variants).
    declared: HashSet<String>,
}

fn stub_side(stub_code: &str, test_idents: &HashSet<String>) -> StubSide {
    let Ok((_, file)) = source::parse(stub_code) else {
        return StubSide::default();
    };
    // only the stub's module-level items matter here, at any module depth
    fn module_items(items: &[syn::Item], stub: &mut Walker, declared: &mut HashSet<String>) {
        for item in items {
            let ident = match item {
                syn::Item::Use(item) => {
                    stub.visit_item_use(item);
                    None
                }
                syn::Item::Mod(item) => {
                    if let Some((_, inner)) = &item.content {
                        module_items(inner, stub, declared);
                    }
                    Some(&item.ident)
                }
                syn::Item::Enum(item) => {
                    declared.extend(item.variants.iter().map(|variant| name(&variant.ident)));
                    Some(&item.ident)
                }
                syn::Item::Const(item) => Some(&item.ident),
                syn::Item::Fn(item) => Some(&item.sig.ident),
                syn::Item::Static(item) => Some(&item.ident),
                syn::Item::Struct(item) => Some(&item.ident),
                syn::Item::Trait(item) => Some(&item.ident),
                syn::Item::Type(item) => Some(&item.ident),
                syn::Item::Union(item) => Some(&item.ident),
                _ => None,
            };
            declared.extend(ident.map(name));
        }
    }
    let mut stub = Walker::new(true);
    let mut declared = HashSet::new();
    module_items(&file.items, &mut stub, &mut declared);
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
    StubSide { guarded, declared }
}

/// "a struct", "an enum".
fn with_article(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}
