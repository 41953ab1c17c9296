//! The architecture, checked: every `crate::` and `super::` path in `src/` is resolved to the
//! module it names, and the imports between components (a layer's top-level module, like
//! `domain::course` or `infra::process`) must point down the layers (`app` -> `infra` ->
//! `domain`, never back) and form no cycle. Functions stay short.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::Visit;

use super::sources;

const LAYERS: [&str; 3] = ["domain", "infra", "app"];

/// A component: `(layer, top-level module)`, e.g. `("infra", "process")`.
type Component = (String, String);

/// The module path of a file: `domain/course/quiz.rs` is `[domain, course, quiz]`.
fn module_path(file: &str) -> Vec<String> {
    let without = file.strip_suffix(".rs").unwrap_or(file);
    without
        .split('/')
        .filter(|part| *part != "mod")
        .map(str::to_owned)
        .collect()
}

/// Every absolute module path a file refers to through `crate::`, `super::` or `self::`.
struct References {
    /// The module the visitor is in (the file's, plus inline `mod` blocks).
    module: Vec<String>,
    found: Vec<Vec<String>>,
}

impl References {
    fn resolve(&mut self, segments: &[String]) {
        let Some(first) = segments.first() else {
            return;
        };
        let mut base: Vec<String> = match first.as_str() {
            "crate" => vec![],
            "self" => self.module.clone(),
            "super" => self.module.clone(),
            _ => return,
        };
        let mut rest = &segments[1..];
        if first == "super" {
            base.pop();
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        base.extend(rest.iter().cloned());
        self.found.push(base);
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                prefix.push(name.ident.to_string());
                let full = prefix.clone();
                self.resolve(&full);
                prefix.pop();
            }
            syn::UseTree::Rename(rename) => {
                prefix.push(rename.ident.to_string());
                let full = prefix.clone();
                self.resolve(&full);
                prefix.pop();
            }
            syn::UseTree::Glob(_) => {
                let full = prefix.clone();
                self.resolve(&full);
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for References {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.module.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.resolve(&segments);
        syn::visit::visit_path(self, path);
    }
}

fn component(path: &[String]) -> Option<Component> {
    match path {
        [layer, module, ..] if LAYERS.contains(&layer.as_str()) => {
            Some((layer.clone(), module.clone()))
        }
        _ => None,
    }
}

/// component -> the components it refers to, and where (file) each reference is.
fn graph() -> BTreeMap<Component, BTreeMap<Component, BTreeSet<String>>> {
    let mut graph: BTreeMap<Component, BTreeMap<Component, BTreeSet<String>>> = BTreeMap::new();
    for (file, text) in sources() {
        let module = module_path(&file);
        let Some(from) = component(&module) else {
            continue;
        };
        let parsed = syn::parse_file(&text).unwrap_or_else(|error| panic!("{file}: {error}"));
        let mut references = References {
            module: module.clone(),
            found: Vec::new(),
        };
        references.visit_file(&parsed);
        let edges = graph.entry(from.clone()).or_default();
        for path in references.found {
            if let Some(to) = component(&path) {
                if to != from {
                    edges.entry(to).or_default().insert(file.clone());
                }
            }
        }
    }
    graph
}

fn rank(layer: &str) -> usize {
    LAYERS.iter().position(|l| *l == layer).expect("a layer")
}

#[test]
fn imports_point_down_the_layers() {
    let mut wrong = Vec::new();
    for (from, edges) in graph() {
        for (to, files) in edges {
            if rank(&to.0) > rank(&from.0) {
                wrong.push(format!(
                    "{}::{} -> {}::{} (in {files:?})",
                    from.0, from.1, to.0, to.1
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that go up a layer:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn components_import_each_other_without_cycles() {
    let graph = graph();
    // Depth-first search for a back edge, reporting the cycle it closes.
    fn visit(
        node: &Component,
        graph: &BTreeMap<Component, BTreeMap<Component, BTreeSet<String>>>,
        state: &mut BTreeMap<Component, u8>,
        stack: &mut Vec<Component>,
    ) -> Option<Vec<Component>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flat_map(|edges| edges.keys()) {
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|n| n == next).expect("on the stack");
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node).copied().unwrap_or(0) == 0 {
            if let Some(cycle) = visit(node, &graph, &mut state, &mut Vec::new()) {
                let shown: Vec<String> = cycle.iter().map(|(l, m)| format!("{l}::{m}")).collect();
                panic!("an import cycle: {}", shown.join(" -> "));
            }
        }
    }
}

#[test]
fn the_checker_sees_imports_across_layers() {
    // The resolution itself, on a file that is known to import `domain` and `infra`.
    let graph = graph();
    let session = graph
        .get(&("app".to_owned(), "session".to_owned()))
        .expect("app::session exists");
    assert!(session.contains_key(&("infra".to_owned(), "workbook".to_owned())));
    assert!(session.contains_key(&("domain".to_owned(), "course".to_owned())));
    let verdict = graph
        .get(&("domain".to_owned(), "verdict".to_owned()))
        .expect("domain::verdict exists");
    assert!(
        verdict.contains_key(&("domain".to_owned(), "harness".to_owned())),
        "`super::harness` is resolved: {verdict:?}"
    );
}

/// The longest a function may be, in lines (its signature to its closing brace).
const MAX_FUNCTION_LINES: usize = 80;

struct Functions {
    file: String,
    long: Vec<String>,
}

impl Functions {
    fn check(&mut self, name: &syn::Ident, span: proc_macro2::Span) {
        let lines = span.end().line - span.start().line + 1;
        if lines > MAX_FUNCTION_LINES {
            self.long.push(format!(
                "{}:{} `{name}` is {lines} lines",
                self.file,
                span.start().line
            ));
        }
    }
}

impl<'ast> Visit<'ast> for Functions {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.check(&item.sig.ident, syn::spanned::Spanned::span(item));
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.check(&item.sig.ident, syn::spanned::Spanned::span(item));
        syn::visit::visit_impl_item_fn(self, item);
    }
}

#[test]
fn no_function_is_longer_than_80_lines() {
    let mut long = Vec::new();
    for (file, text) in sources() {
        let parsed = syn::parse_file(&text).unwrap_or_else(|error| panic!("{file}: {error}"));
        let mut functions = Functions {
            file: file.clone(),
            long: Vec::new(),
        };
        functions.visit_file(&parsed);
        long.extend(functions.long);
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines:\n{}",
        long.join("\n")
    );
}
