//! Macro invocations: an allowlist of std macros called by their own names, and the arguments
//! of each allowed macro parsed the way the macro reads them (expressions, items, a pattern) and
//! walked like the rest of the file, so `println!("{}", std::env::var(..))` is judged as code.

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Item, Macro, Pat, Token};

use super::lists;
use super::source::{pos, RawPath};
use super::walk::Walker;
use super::Rule;

impl Walker {
    pub(super) fn check_macro(&mut self, mac: &Macro) {
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
            let reason = refusal_reason(&last);
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
        self.walk_arguments(mac, &last, &written);
    }

    /// Walks an allowed macro's arguments like the rest of the file, once parsed the way the
    /// macro reads them; arguments that do not parse make the code unreadable to the gate.
    fn walk_arguments(&mut self, mac: &Macro, name: &str, written: &str) {
        match parse_arguments(name, &mac.tokens) {
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
                if at < pos(mac.path.span()) {
                    at = pos(mac.delimiter.span().close());
                }
                self.found.unreadable(
                    at,
                    format!("the arguments of `{written}` do not parse: {error}"),
                );
            }
        }
    }
}

/// Why the macro `name` is refused, for the learner: the dangerous ones say what they could
/// do; any other is simply not on the allowlist (or not called by its own name).
fn refusal_reason(name: &str) -> &'static str {
    match name {
        "include" | "include_str" | "include_bytes" => {
            "it reads a file while compiling, which could reveal the hidden tests or the runner's \
             secrets"
        }
        "env" | "option_env" => {
            "it reads the compiler's environment, where the runner's secrets could be"
        }
        "asm" | "global_asm" | "naked_asm" => {
            "it runs machine code that the compiler does not check"
        }
        _ => {
            "only the standard library's own macros that exercises need (`println!`, `format!`, \
             `vec!`, `assert_eq!`, ...) are, called by their own names, so no macro can change \
             what the tests check or reach past them"
        }
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
