//! Attributes: an allowlist. An attribute can place a symbol for the linker (a constructor that
//! runs before the tests), read a file while compiling (`#[path]`, `#[doc = include_str!(..)]`),
//! lift a limit that protects the compiler, or apply to the whole module, the course's tests
//! included (`#![...]`). Only the attributes exercises need pass, with literal arguments.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{AttrStyle, Attribute, Expr, Lit, Meta, Token};

use super::lists;
use super::source::{name, pos, snippet};
use super::walk::Walker;
use super::Rule;

/// Attributes that take no code, only literals and names: allowed as long as no macro hides in
/// their arguments.
const PLAIN: &[&str] = &[
    "cfg",
    "cold",
    "deprecated",
    "ignore",
    "inline",
    "must_use",
    "non_exhaustive",
    "repr",
    "should_panic",
    "test",
    "track_caller",
];

/// Tool attributes (`#[rustfmt::skip]`, `#[clippy::...]`, `#[diagnostic::...]`): hints to tools.
const TOOLS: &[&str] = &["rustfmt", "clippy", "diagnostic"];

pub(super) fn check(walker: &mut Walker, attr: &Attribute) {
    if let AttrStyle::Inner(_) = attr.style {
        // `//!` comments are inner `doc` attributes with a literal: they only document.
        if doc_literal(&attr.meta) {
            return;
        }
        walker.refuse(
            attr.span(),
            Rule::InnerAttribute,
            format!(
                "`#![{}]` is not allowed here: an inner attribute applies to the whole module, \
                 the course's tests included",
                snippet(attr.meta.span())
            ),
        );
        return;
    }
    check_meta(walker, &attr.meta);
}

fn check_meta(walker: &mut Walker, meta: &Meta) {
    let path: Vec<String> = meta
        .path()
        .segments
        .iter()
        .map(|segment| name(&segment.ident))
        .collect();
    let at = meta.path().span();
    match path.as_slice() {
        [one] => match one.as_str() {
            "derive" => derive(walker, meta),
            "allow" | "warn" | "expect" => lints(walker, meta),
            "deny" | "forbid" => literal_only(walker, meta),
            "doc" => doc(walker, meta),
            "cfg_attr" => cfg_attr(walker, meta),
            "unsafe" => {
                // `#[unsafe(no_mangle)]`: the scan refuses `unsafe`; say what it wraps too.
                if let Some(inner) = parse_list(walker, meta) {
                    inner.iter().for_each(|meta| check_meta(walker, meta));
                }
            }
            plain if PLAIN.contains(&plain) => literal_only(walker, meta),
            other => refuse_attribute(walker, at, meta, reason(other)),
        },
        [tool, ..] if TOOLS.contains(&tool.as_str()) => literal_only(walker, meta),
        _ => refuse_attribute(walker, at, meta, reason("")),
    }
}

fn reason(attribute: &str) -> &'static str {
    match attribute {
        symbol if lists::SYMBOL_ATTRIBUTES.contains(&symbol) => {
            "it places or names a symbol for the linker, which can run your code before the \
             tests start or replace a function the runner relies on"
        }
        "global_allocator" | "panic_handler" | "alloc_error_handler" => {
            "it replaces a part of the runtime that the tests and the runner share"
        }
        "path" | "debugger_visualizer" => {
            "it makes the compiler read another file, which could be one the runner keeps from \
             you"
        }
        "macro_use" | "macro_export" => {
            "it moves macros across modules, where they could replace the ones the tests use"
        }
        "recursion_limit" | "type_length_limit" | "move_size_limit" | "const_eval_limit" => {
            "it lifts a limit that keeps the compiler from running away"
        }
        "proc_macro" | "proc_macro_derive" | "proc_macro_attribute" => {
            "it defines a macro, which could replace one the tests use"
        }
        "target_feature" => {
            "it builds code for processor features the machine may not have, below the \
             compiler's checks"
        }
        _ => {
            "only the attributes exercises need are (`derive`, `allow`, `doc`, `cfg`, `test`, \
             `inline`, ...), so no attribute can change how the tests are built or run"
        }
    }
}

fn refuse_attribute(walker: &mut Walker, at: Span, meta: &Meta, reason: &str) {
    walker.refuse(
        at,
        Rule::Attribute,
        format!(
            "`#[{}]` is not allowed here: {reason}",
            snippet(meta.span())
        ),
    );
}

/// `#[derive(..)]` of the standard library's derives only, by name or by a `std::` path.
fn derive(walker: &mut Walker, meta: &Meta) {
    let Meta::List(list) = meta else {
        return literal_only(walker, meta);
    };
    let paths = Punctuated::<syn::Path, Token![,]>::parse_terminated.parse2(list.tokens.clone());
    let paths = match paths {
        Ok(paths) => paths,
        Err(error) => return walker.unreadable_at(&error, meta),
    };
    for path in paths {
        let segments: Vec<String> = path
            .segments
            .iter()
            .map(|segment| name(&segment.ident))
            .collect();
        let std_derive = segments
            .last()
            .is_some_and(|last| lists::DERIVES.contains(&last.as_str()))
            && match segments.len() {
                1 => path.leading_colon.is_none(),
                _ => lists::CRATES[..2].contains(&segments[0].as_str()),
            };
        if !std_derive {
            walker.refuse(
                path.span(),
                Rule::Attribute,
                format!(
                    "`#[derive({})]` is not allowed here: only the standard library's derives \
                     are (`Debug`, `Clone`, `Copy`, `PartialEq`, `Eq`, `PartialOrd`, `Ord`, \
                     `Hash`, `Default`), called by their own names",
                    snippet(path.span())
                ),
            );
        }
    }
}

/// `allow`, `warn` and `expect` of any lint but `long_running_const_eval`: with it allowed, a
/// constant may be computed forever and keep the compiler busy (attack 12).
fn lints(walker: &mut Walker, meta: &Meta) {
    let Some(lints) = parse_list(walker, meta) else {
        return literal_only(walker, meta);
    };
    for lint in &lints {
        let is_const_eval_limit = match lint {
            Meta::Path(path) => path.segments.last().is_some_and(|last| {
                name(&last.ident).eq_ignore_ascii_case("long_running_const_eval")
            }),
            _ => false,
        };
        if is_const_eval_limit {
            walker.refuse(
                lint.span(),
                Rule::Attribute,
                format!(
                    "`#[{}]` is not allowed here: it lets a constant be computed forever, which \
                     keeps the compiler busy",
                    snippet(meta.span())
                ),
            );
        } else {
            literal_only(walker, lint);
        }
    }
}

/// `#[doc = "..."]` (what `///` comments become) and `#[doc(hidden)]`-like lists of literals.
fn doc(walker: &mut Walker, meta: &Meta) {
    if let Meta::NameValue(pair) = meta {
        if !doc_literal(meta) {
            walker.refuse(
                pair.value.span(),
                Rule::Attribute,
                format!(
                    "`#[doc = {}]` is not allowed here: only a plain string may document an \
                     item, since a macro such as `include_str!` reads a file while compiling",
                    snippet(pair.value.span())
                ),
            );
        }
        return;
    }
    literal_only(walker, meta);
}

fn doc_literal(meta: &Meta) -> bool {
    match meta {
        Meta::NameValue(pair) => {
            pair.path.is_ident("doc")
                && matches!(&pair.value, Expr::Lit(literal) if matches!(literal.lit, Lit::Str(_)))
        }
        _ => false,
    }
}

/// `#[cfg_attr(predicate, attr, ...)]`: each attribute it may apply is checked as if written.
fn cfg_attr(walker: &mut Walker, meta: &Meta) {
    let Meta::List(list) = meta else {
        return literal_only(walker, meta);
    };
    let parser = |input: ParseStream| {
        let predicate: Meta = input.parse()?;
        input.parse::<Token![,]>()?;
        let attrs = Punctuated::<Meta, Token![,]>::parse_terminated(input)?;
        Ok((predicate, attrs))
    };
    match parser.parse2(list.tokens.clone()) {
        Ok((predicate, attrs)) => {
            literal_only(walker, &predicate);
            attrs.iter().for_each(|meta| check_meta(walker, meta));
        }
        Err(error) => walker.unreadable_at(&error, meta),
    }
}

fn parse_list(walker: &mut Walker, meta: &Meta) -> Option<Punctuated<Meta, Token![,]>> {
    let Meta::List(list) = meta else {
        return None;
    };
    match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(list.tokens.clone()) {
        Ok(metas) => Some(metas),
        Err(error) => {
            walker.unreadable_at(&error, meta);
            None
        }
    }
}

/// An allowed attribute still refuses a macro in its arguments: `#[must_use = concat!(..)]`.
fn literal_only(walker: &mut Walker, meta: &Meta) {
    let hidden_macro = match meta {
        Meta::Path(_) => None,
        Meta::NameValue(pair) => match &pair.value {
            Expr::Lit(_) => None,
            value => Some(value.span()),
        },
        Meta::List(list) => macro_in(&list.tokens),
    };
    if let Some(span) = hidden_macro {
        walker.refuse(
            span,
            Rule::Attribute,
            format!(
                "`#[{}]` is not allowed here: an attribute's arguments must be plain names and \
                 literals, since a macro in them runs while compiling",
                snippet(meta.span())
            ),
        );
    }
}

/// The first `!` or `#` in the tokens (a macro call or a nested attribute), if any.
fn macro_in(tokens: &TokenStream) -> Option<Span> {
    tokens.clone().into_iter().find_map(|token| match token {
        TokenTree::Punct(punct) if matches!(punct.as_char(), '!' | '#') => Some(punct.span()),
        TokenTree::Group(group) => macro_in(&group.stream()),
        _ => None,
    })
}

impl Walker {
    /// An attribute's arguments that do not parse; an error at their end has no span of its own,
    /// so it points at the attribute.
    fn unreadable_at(&mut self, error: &syn::Error, meta: &Meta) {
        let mut at = pos(error.span());
        if at < pos(meta.span()) {
            at = pos(meta.span());
        }
        let attribute = snippet(meta.path().span());
        self.found.unreadable(
            at,
            format!("the arguments of `#[{attribute}]` do not parse: {error}"),
        );
    }
}
