//! The walk over the parsed file: it checks what can be judged on the spot (attributes, macro
//! invocations, `mod x;`, `crate::`, syntax left unparsed) and records what needs the whole file
//! first (paths, imports, names, impls), for `resolve` to judge once every `use` is known.

use std::collections::HashSet;

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Ident, Item, Macro, Pat, Type, UseTree};

use super::source::{name, parse, pos, snippet, Pos, RawPath};
use super::{attrs, resolve, scan, Allow, CourseSide, Inspection, Refusal, Rule};

/// A path to judge once the file's imports are known.
pub(super) struct PathRecord {
    pub pos: Pos,
    pub written: String,
    pub raw: RawPath,
    /// The path of a `use`, not of an expression or a type.
    pub is_use: bool,
}

/// A `use` binding: `use a::b;` binds `b`, `use a::b as c;` binds `c`.
pub(super) struct Binding {
    pub pos: Pos,
    pub name: String,
    pub raw: RawPath,
    pub written: String,
    /// Outside any function body, so a glob import can bring it into the tests.
    pub module_level: bool,
}

/// An item or enum variant declared outside any function body.
pub(super) struct NameRecord {
    pub pos: Pos,
    pub name: String,
    pub kind: &'static str,
    /// A constant, unit struct or unit variant: in scope, its name in a pattern is a comparison
    /// with it, not a new variable (`if let Some(n) = ..` only matches `Some(n)` if `n` is one).
    pub in_patterns: bool,
}

/// An `impl` block.
pub(super) struct ImplRecord {
    pub pos: Pos,
    pub written: String,
    pub trait_path: Option<RawPath>,
    /// The self type when it is a single name, maybe behind `&`: `Counter<T>`, `&Counter`.
    pub self_name: Option<String>,
    pub generic_params: Vec<String>,
    /// The scope the impl is in.
    pub frame: usize,
}

/// A module or a block: what it declares, to tell the learner's own types from others.
pub(super) struct Frame {
    pub parent: Option<usize>,
    pub is_module: bool,
    pub types: HashSet<String>,
    pub bindings: HashSet<String>,
}

/// What the gate found so far.
#[derive(Default)]
pub(super) struct Findings {
    pub refusals: Vec<Refusal>,
    pub unreadable: Option<(Pos, String)>,
}

impl Findings {
    pub fn refuse(&mut self, at: Pos, rule: Rule, message: String) {
        self.refusals.push(Refusal {
            line: at.line,
            column: at.column,
            rule,
            message,
        });
    }

    pub fn unreadable(&mut self, at: Pos, message: String) {
        if self.unreadable.is_none() {
            self.unreadable = Some((at, message));
        }
    }

    fn into_inspection(mut self) -> Inspection {
        if !self.refusals.is_empty() {
            self.refusals
                .sort_by_key(|refusal| (refusal.line, refusal.column, refusal.rule));
            self.refusals
                .dedup_by(|a, b| (a.line, a.column, a.rule) == (b.line, b.column, b.rule));
            return Inspection::Refused(self.refusals);
        }
        match self.unreadable {
            Some((at, message)) => Inspection::Unreadable {
                line: at.line,
                column: at.column,
                message,
            },
            None => Inspection::Allowed,
        }
    }
}

pub(super) fn inspect(code: &str, course: &CourseSide<'_>, allow: &[Allow]) -> Inspection {
    let (tokens, file) = match parse(code) {
        Ok(parsed) => parsed,
        Err((at, message)) => {
            return Inspection::Unreadable {
                line: at.line,
                column: at.column,
                message,
            }
        }
    };
    let mut walker = Walker::new(allow.contains(&Allow::Threads));
    scan::keywords(tokens, &mut walker.found);
    walker.visit_file(&file);
    resolve::finish(&mut walker, course);
    walker.found.into_inspection()
}

pub(super) struct Walker {
    pub threads: bool,
    pub found: Findings,
    mod_depth: usize,
    block_depth: usize,
    frame_stack: Vec<usize>,
    pub frames: Vec<Frame>,
    pub paths: Vec<PathRecord>,
    pub bindings: Vec<Binding>,
    pub globs: Vec<PathRecord>,
    pub impls: Vec<ImplRecord>,
    pub names: Vec<NameRecord>,
}

impl Walker {
    pub fn new(threads: bool) -> Walker {
        Walker {
            threads,
            found: Findings::default(),
            mod_depth: 0,
            block_depth: 0,
            frame_stack: vec![0],
            frames: vec![Frame {
                parent: None,
                is_module: true,
                types: HashSet::new(),
                bindings: HashSet::new(),
            }],
            paths: Vec::new(),
            bindings: Vec::new(),
            globs: Vec::new(),
            impls: Vec::new(),
            names: Vec::new(),
        }
    }

    fn frame(&mut self) -> &mut Frame {
        let current = *self
            .frame_stack
            .last()
            .expect("the file's frame is never popped");
        &mut self.frames[current]
    }

    fn enter(&mut self, is_module: bool) {
        let parent = self.frame_stack.last().copied();
        self.frames.push(Frame {
            parent,
            is_module,
            types: HashSet::new(),
            bindings: HashSet::new(),
        });
        self.frame_stack.push(self.frames.len() - 1);
    }

    fn leave(&mut self) {
        self.frame_stack.pop();
    }

    pub fn refuse(&mut self, span: Span, rule: Rule, message: String) {
        self.found.refuse(pos(span), rule, message);
    }

    /// `crate::` and `super::` above the file reach the runner's generated code.
    fn check_climb(&mut self, raw: &RawPath, span: Span, written: &str) {
        if raw.segs.first().map(String::as_str) == Some("crate") {
            self.refuse(
                span,
                Rule::CratePath,
                format!(
                    "`{written}` is not allowed here: `crate::` reaches past your exercise into \
                     the runner's generated code and the other exercises built with it"
                ),
            );
        } else if raw.climb() > self.mod_depth {
            self.refuse(
                span,
                Rule::CratePath,
                format!(
                    "`{written}` is not allowed here: it climbs above your file into the \
                     runner's generated code and the other exercises built with it"
                ),
            );
        }
    }

    fn record_name(&mut self, ident: &Ident, kind: &'static str) {
        self.record_name_in(ident, kind, false);
    }

    fn record_name_in(&mut self, ident: &Ident, kind: &'static str, in_patterns: bool) {
        if self.block_depth == 0 {
            self.names.push(NameRecord {
                pos: pos(ident.span()),
                name: name(ident),
                kind,
                in_patterns,
            });
        }
    }

    fn declare_type(&mut self, ident: &Ident) {
        let declared = name(ident);
        self.frame().types.insert(declared);
    }

    fn use_tree(&mut self, tree: &UseTree, prefix: &mut RawPath) {
        match tree {
            UseTree::Path(step) => {
                prefix.segs.push(name(&step.ident));
                self.use_segment(prefix, step.ident.span());
                self.use_tree(&step.tree, prefix);
                prefix.segs.pop();
            }
            UseTree::Name(leaf) => {
                let bound = name(&leaf.ident);
                if bound == "self" {
                    if let Some(last) = prefix.segs.last().cloned() {
                        self.use_leaf(prefix.clone(), last, leaf.ident.span(), leaf.ident.span());
                    }
                } else {
                    let mut full = prefix.clone();
                    full.segs.push(bound.clone());
                    self.use_segment(&full, leaf.ident.span());
                    self.use_leaf(full, bound, leaf.ident.span(), leaf.ident.span());
                }
            }
            UseTree::Rename(rename) => {
                let mut full = prefix.clone();
                if name(&rename.ident) != "self" {
                    full.segs.push(name(&rename.ident));
                    self.use_segment(&full, rename.ident.span());
                }
                let bound = name(&rename.rename);
                if bound == "_" {
                    self.record_path(full, rename.ident.span());
                } else {
                    self.use_leaf(full, bound, rename.rename.span(), rename.ident.span());
                }
            }
            UseTree::Glob(glob) => {
                let span = glob.star_token.span;
                let written = format!("{}::*", prefix.text());
                self.globs.push(PathRecord {
                    pos: pos(span),
                    written,
                    raw: prefix.clone(),
                    is_use: true,
                });
            }
            UseTree::Group(group) => {
                for item in &group.items {
                    self.use_tree(item, prefix);
                }
            }
        }
    }

    /// Checks the path of a `use` as it grows, so each climb is refused once, where it happens.
    fn use_segment(&mut self, prefix: &RawPath, span: Span) {
        let last = prefix.segs.last().map(String::as_str);
        let climbs = (last == Some("crate") && prefix.segs.len() == 1)
            || (last == Some("super") && prefix.climb() == self.mod_depth + 1);
        if climbs {
            let written = prefix.text();
            self.check_climb(prefix, span, &written);
        }
    }

    fn use_leaf(&mut self, full: RawPath, bound: String, span: Span, path_span: Span) {
        let written = full.text();
        self.frame().bindings.insert(bound.clone());
        self.bindings.push(Binding {
            pos: pos(span),
            name: bound,
            raw: full.clone(),
            written,
            module_level: self.block_depth == 0,
        });
        self.record_path(full, path_span);
    }

    fn record_path(&mut self, raw: RawPath, span: Span) {
        self.paths.push(PathRecord {
            pos: pos(span),
            written: raw.text(),
            raw,
            is_use: true,
        });
    }

    fn refuse_verbatim(&mut self, tokens: &TokenStream) {
        let span = tokens
            .clone()
            .into_iter()
            .next()
            .map(|token| token.span())
            .unwrap_or_else(Span::call_site);
        let written = snippet(span);
        self.refuse(
            span,
            Rule::UncheckedSyntax,
            format!(
                "this use of `{written}` is not allowed here: the gate cannot check this syntax, \
                 and no exercise needs it"
            ),
        );
    }
}

impl<'ast> Visit<'ast> for Walker {
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        attrs::check(self, attr);
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(crate)` and `pub(in path)` only narrow who may name an item: nothing to refuse.
    }

    fn visit_item(&mut self, item: &'ast Item) {
        match item {
            Item::Const(item) => self.record_name_in(&item.ident, "constant", true),
            Item::Enum(item) => {
                self.record_name(&item.ident, "enum");
                self.declare_type(&item.ident);
                for variant in &item.variants {
                    let unit = matches!(variant.fields, syn::Fields::Unit);
                    self.record_name_in(&variant.ident, "enum variant", unit);
                }
            }
            Item::Fn(item) => self.record_name(&item.sig.ident, "function"),
            Item::Mod(item) => self.record_name(&item.ident, "module"),
            Item::Static(item) => self.record_name(&item.ident, "static"),
            Item::Struct(item) => {
                let unit = matches!(item.fields, syn::Fields::Unit);
                self.record_name_in(&item.ident, "struct", unit);
                self.declare_type(&item.ident);
            }
            Item::Trait(item) => self.record_name(&item.ident, "trait"),
            Item::TraitAlias(item) => self.record_name(&item.ident, "trait alias"),
            Item::Type(item) => self.record_name(&item.ident, "type alias"),
            Item::Union(item) => {
                self.record_name(&item.ident, "union");
                self.declare_type(&item.ident);
            }
            Item::Verbatim(tokens) => self.refuse_verbatim(tokens),
            _ => {}
        }
        visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_none() {
            let module = name(&item.ident);
            self.refuse(
                item.mod_token.span,
                Rule::ModuleFile,
                format!(
                    "`mod {module};` is not allowed here: it makes the compiler read another \
                     file, which could be one the runner keeps from you; write the module \
                     inline, `mod {module} {{ ... }}`"
                ),
            );
        }
        self.mod_depth += 1;
        self.enter(true);
        visit::visit_item_mod(self, item);
        self.leave();
        self.mod_depth -= 1;
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.block_depth += 1;
        self.enter(false);
        visit::visit_block(self, block);
        self.leave();
        self.block_depth -= 1;
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        for attr in &item.attrs {
            self.visit_attribute(attr);
        }
        let mut prefix = RawPath {
            global: item.leading_colon.is_some(),
            segs: Vec::new(),
        };
        self.use_tree(&item.tree, &mut prefix);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let written = match &item.trait_ {
            Some((path, _)) => format!(
                "impl {} for {}",
                snippet(path.span()),
                snippet(item.self_ty.span())
            ),
            None => format!("impl {}", snippet(item.self_ty.span())),
        };
        let generic_params = item
            .generics
            .params
            .iter()
            .filter_map(|param| match param {
                syn::GenericParam::Type(param) => Some(name(&param.ident)),
                _ => None,
            })
            .collect();
        let frame = *self
            .frame_stack
            .last()
            .expect("the file's frame is never popped");
        self.impls.push(ImplRecord {
            pos: pos(item.impl_token.span),
            written,
            trait_path: item.trait_.as_ref().map(|(path, _)| RawPath::of(path)),
            self_name: single_name(&item.self_ty),
            generic_params,
            frame,
        });
        visit::visit_item_impl(self, item);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let raw = RawPath::of(path);
        let span = path.span();
        let written = snippet(span);
        self.check_climb(&raw, span, &written);
        self.paths.push(PathRecord {
            pos: pos(span),
            written,
            raw,
            is_use: false,
        });
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        self.check_macro(mac);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Verbatim(tokens) => self.refuse_verbatim(tokens),
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_type(&mut self, ty: &'ast Type) {
        match ty {
            Type::Verbatim(tokens) => self.refuse_verbatim(tokens),
            _ => visit::visit_type(self, ty),
        }
    }

    fn visit_pat(&mut self, pat: &'ast Pat) {
        match pat {
            Pat::Verbatim(tokens) => self.refuse_verbatim(tokens),
            _ => visit::visit_pat(self, pat),
        }
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        match item {
            syn::ImplItem::Verbatim(tokens) => self.refuse_verbatim(tokens),
            _ => visit::visit_impl_item(self, item),
        }
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        match item {
            syn::TraitItem::Verbatim(tokens) => self.refuse_verbatim(tokens),
            _ => visit::visit_trait_item(self, item),
        }
    }

    fn visit_foreign_item(&mut self, item: &'ast syn::ForeignItem) {
        match item {
            syn::ForeignItem::Verbatim(tokens) => self.refuse_verbatim(tokens),
            _ => visit::visit_foreign_item(self, item),
        }
    }

    fn visit_type_param_bound(&mut self, bound: &'ast syn::TypeParamBound) {
        match bound {
            syn::TypeParamBound::Verbatim(tokens) => self.refuse_verbatim(tokens),
            _ => visit::visit_type_param_bound(self, bound),
        }
    }
}

/// `Counter<T>`, `&Counter`, `(Counter)`: the one name; anything else (paths with `::`, tuples,
/// slices, trait objects, `Self`) is `None`.
fn single_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() && path.path.leading_colon.is_none() => {
            match path.path.segments.len() {
                1 => Some(name(&path.path.segments[0].ident)),
                _ => None,
            }
        }
        Type::Reference(reference) => single_name(&reference.elem),
        Type::Paren(inner) => single_name(&inner.elem),
        Type::Group(inner) => single_name(&inner.elem),
        _ => None,
    }
}
