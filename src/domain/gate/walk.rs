//! The walk over the parsed file: it checks what can be judged on the spot (attributes, macro
//! invocations, `mod x;`, `crate::`, syntax left unparsed) and records what needs the whole file
//! first (paths, imports, names, impls), for `resolve` to judge once every `use` is known.

use std::collections::HashSet;
use std::str::FromStr;

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Ident, Item, Macro, Pat, Token, Type, UseTree};

use super::{attrs, lists, resolve, scan, Allow, CourseSide, Inspection, Refusal, Rule};

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Pos {
    pub line: usize,
    pub column: usize,
}

pub(super) fn pos(span: Span) -> Pos {
    let start = span.start();
    Pos {
        line: start.line,
        column: start.column + 1,
    }
}

/// The source text of `span` on one line, shortened, for a message.
pub(super) fn snippet(span: Span) -> String {
    let text = span.source_text().unwrap_or_default();
    let mut one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        one_line = one_line.chars().take(57).collect::<String>() + "...";
    }
    one_line
}

/// A path as written, with raw identifiers read as plain ones (`r#std` is `std`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawPath {
    /// Starts with `::`.
    pub global: bool,
    pub segs: Vec<String>,
}

impl RawPath {
    fn of(path: &syn::Path) -> RawPath {
        RawPath {
            global: path.leading_colon.is_some(),
            segs: path
                .segments
                .iter()
                .map(|segment| name(&segment.ident))
                .collect(),
        }
    }

    pub fn text(&self) -> String {
        let joined = self.segs.join("::");
        if self.global {
            format!("::{joined}")
        } else {
            joined
        }
    }

    /// How many modules up the path climbs: its leading `super`s (after an optional `self`).
    fn climb(&self) -> usize {
        let rest = match self.segs.first().map(String::as_str) {
            Some("self") => &self.segs[1..],
            _ => &self.segs[..],
        };
        rest.iter()
            .take_while(|segment| *segment == "super")
            .count()
    }

    /// The first segment after the leading `self`/`super`s.
    pub fn first_named(&self) -> Option<&str> {
        self.segs
            .iter()
            .map(String::as_str)
            .find(|segment| *segment != "self" && *segment != "super")
    }
}

/// An identifier as the compiler resolves it: `r#type` is `type`.
pub(super) fn name(ident: &Ident) -> String {
    ident.unraw().to_string()
}

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

/// Tokenizes and parses a file; a leading `#!` line (not `#![`) is read as rustc reads it: not
/// code. Errors carry where the parser stopped.
pub(super) fn parse(code: &str) -> Result<(TokenStream, syn::File), (Pos, String)> {
    let blanked;
    let mut text = code;
    if code.starts_with("#!") && !code[2..].trim_start().starts_with('[') {
        let end = code.find('\n').unwrap_or(code.len());
        blanked = " ".repeat(end) + &code[end..];
        text = &blanked;
    }
    let tokens =
        TokenStream::from_str(text).map_err(|error| (pos(error.span()), error.to_string()))?;
    let file = syn::parse2::<syn::File>(tokens.clone())
        .map_err(|error| (pos(error.span()), error.to_string()))?;
    Ok((tokens, file))
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
        if self.block_depth == 0 {
            self.names.push(NameRecord {
                pos: pos(ident.span()),
                name: name(ident),
                kind,
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

    fn check_macro(&mut self, mac: &Macro) {
        let raw = RawPath::of(&mac.path);
        let span = mac.path.span();
        let Some(last) = raw.segs.last().cloned() else {
            return;
        };
        if raw.segs.len() == 1 && last == "macro_rules" {
            self.refuse(
                span,
                Rule::MacroDefinition,
                "`macro_rules!` is not allowed here: a macro of yours could replace one the \
                 tests use, such as `assert_eq!`"
                    .to_string(),
            );
            return;
        }
        let by_own_name = match raw.segs.len() {
            1 => !raw.global,
            2 => lists::CRATES[..2].contains(&raw.segs[0].as_str()),
            _ => false,
        };
        let written = format!("{}!", raw.text());
        if !by_own_name || !lists::MACROS.contains(&last.as_str()) {
            let reason = match last.as_str() {
                "include" | "include_str" | "include_bytes" => {
                    "it reads a file while compiling, which could reveal the hidden tests or \
                     the runner's secrets"
                }
                "env" | "option_env" => {
                    "it reads the compiler's environment, where the runner's secrets could be"
                }
                "asm" | "global_asm" | "naked_asm" => {
                    "it runs machine code that the compiler does not check"
                }
                _ => {
                    "only the standard library's own macros that exercises need (`println!`, \
                     `format!`, `vec!`, `assert_eq!`, ...) are, called by their own names, so \
                     no macro can change what the tests check or reach past them"
                }
            };
            self.refuse(
                span,
                Rule::Macro,
                format!("`{written}` is not allowed here: {reason}"),
            );
            return;
        }
        if last == "thread_local" && !self.threads {
            self.refuse(
                span,
                Rule::Threads,
                "`thread_local!` is not allowed in this exercise: it only matters with threads, \
                 which this exercise does not allow in its `info.yaml`"
                    .to_string(),
            );
            return;
        }
        match parse_arguments(&last, &mac.tokens) {
            Ok(Arguments::Exprs(exprs)) => exprs.iter().for_each(|expr| self.visit_expr(expr)),
            Ok(Arguments::Items(items)) => items.iter().for_each(|item| self.visit_item(item)),
            Ok(Arguments::Matches(matches)) => {
                let (expr, pat, guard) = *matches;
                self.visit_expr(&expr);
                self.visit_pat(&pat);
                if let Some(guard) = guard {
                    self.visit_expr(&guard);
                }
            }
            Ok(Arguments::Inert) => {}
            Err(error) => {
                // an error at the end of the arguments has no span of its own: point at the
                // macro's closing delimiter
                let mut at = pos(error.span());
                if at < pos(span) {
                    at = pos(mac.delimiter.span().close());
                }
                self.found.unreadable(
                    at,
                    format!("the arguments of `{written}` do not parse: {error}"),
                );
            }
        }
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

/// What an allowed macro's tokens are, parsed the way the macro reads them.
enum Arguments {
    Exprs(Vec<Expr>),
    Items(Vec<Item>),
    Matches(Box<(Expr, Pat, Option<Expr>)>),
    /// `stringify!` and `cfg!` never expand or evaluate what they are given.
    Inert,
}

fn parse_arguments(name: &str, tokens: &TokenStream) -> syn::Result<Arguments> {
    let tokens = tokens.clone();
    match name {
        "stringify" | "cfg" => Ok(Arguments::Inert),
        "thread_local" => {
            let items = |input: ParseStream| {
                let mut items = Vec::new();
                while !input.is_empty() {
                    items.push(input.parse::<Item>()?);
                }
                Ok(items)
            };
            items.parse2(tokens).map(Arguments::Items)
        }
        "matches" => {
            let matches = |input: ParseStream| {
                let expr: Expr = input.parse()?;
                input.parse::<Token![,]>()?;
                let pat = Pat::parse_multi_with_leading_vert(input)?;
                let guard = if input.peek(Token![if]) {
                    input.parse::<Token![if]>()?;
                    Some(input.parse::<Expr>()?)
                } else {
                    None
                };
                input.parse::<Option<Token![,]>>()?;
                Ok(Arguments::Matches(Box::new((expr, pat, guard))))
            };
            matches.parse2(tokens)
        }
        "vec" if has_top_level_semicolon(&tokens) => {
            let repeat = |input: ParseStream| {
                let element: Expr = input.parse()?;
                input.parse::<Token![;]>()?;
                let length: Expr = input.parse()?;
                Ok(Arguments::Exprs(vec![element, length]))
            };
            repeat.parse2(tokens)
        }
        _ => Punctuated::<Expr, Token![,]>::parse_terminated
            .parse2(tokens)
            .map(|exprs| Arguments::Exprs(exprs.into_iter().collect())),
    }
}

fn has_top_level_semicolon(tokens: &TokenStream) -> bool {
    tokens
        .clone()
        .into_iter()
        .any(|token| matches!(token, TokenTree::Punct(punct) if punct.as_char() == ';'))
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
            Item::Const(item) => self.record_name(&item.ident, "constant"),
            Item::Enum(item) => {
                self.record_name(&item.ident, "enum");
                self.declare_type(&item.ident);
                for variant in &item.variants {
                    self.record_name(&variant.ident, "enum variant");
                }
            }
            Item::Fn(item) => self.record_name(&item.sig.ident, "function"),
            Item::Mod(item) => self.record_name(&item.ident, "module"),
            Item::Static(item) => self.record_name(&item.ident, "static"),
            Item::Struct(item) => {
                self.record_name(&item.ident, "struct");
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
