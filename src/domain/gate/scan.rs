//! The keyword scan: every token of the file, the arguments of macros and attributes included,
//! looked at one by one. `unsafe`, `extern` and `macro` are reserved words, so wherever one
//! appears as a token (not in a string or a comment, not as `r#unsafe`) it is the keyword; the
//! scan needs no grammar to find them, which makes it the net under the structured walk.

use proc_macro2::{Spacing, TokenStream, TokenTree};

use super::source::pos;
use super::walk::Findings;
use super::Rule;

pub(super) fn keywords(tokens: TokenStream, found: &mut Findings) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        let ident = match token {
            TokenTree::Group(group) => {
                keywords(group.stream(), found);
                continue;
            }
            TokenTree::Ident(ident) => ident,
            _ => continue,
        };
        let next = tokens.get(index + 1);
        let word = ident.to_string();
        let at = pos(ident.span());
        match word.as_str() {
            "unsafe" => found.refuse(
                at,
                Rule::Unsafe,
                format!(
                    "`{}` is not allowed here: it switches off the checks that keep your code \
                     inside the test harness, away from the runner and the machine",
                    with_next(&word, next)
                ),
            ),
            "extern" => found.refuse(
                at,
                Rule::Extern,
                format!(
                    "`{}` is not allowed here: it links to code outside Rust, or exports yours \
                     to the linker, below the checks that keep your code inside the test harness",
                    with_next(&word, next)
                ),
            ),
            "macro" => found.refuse(
                at,
                Rule::MacroDefinition,
                "`macro` is not allowed here: a macro of yours could replace one the tests use, \
                 such as `assert_eq!`"
                    .to_string(),
            ),
            "macro_rules" if is_punct(next, '!') => found.refuse(
                at,
                Rule::MacroDefinition,
                "`macro_rules!` is not allowed here: a macro of yours could replace one the \
                 tests use, such as `assert_eq!`"
                    .to_string(),
            ),
            "crate" if is_path_separator(&tokens[index + 1..]) => found.refuse(
                at,
                Rule::CratePath,
                "`crate::` is not allowed here: it reaches past your exercise into the runner's \
                 generated code and the other exercises built with it"
                    .to_string(),
            ),
            _ => {}
        }
    }
}

/// `unsafe fn`, `extern "C"`, `unsafe { .. }`: the keyword with what follows, for the message.
fn with_next(word: &str, next: Option<&TokenTree>) -> String {
    match next {
        Some(TokenTree::Ident(ident)) => format!("{word} {ident}"),
        Some(TokenTree::Literal(literal)) => format!("{word} {literal}"),
        Some(TokenTree::Group(group)) if group.delimiter() == proc_macro2::Delimiter::Brace => {
            format!("{word} {{ .. }}")
        }
        _ => word.to_string(),
    }
}

fn is_punct(token: Option<&TokenTree>, ch: char) -> bool {
    matches!(token, Some(TokenTree::Punct(punct)) if punct.as_char() == ch)
}

fn is_path_separator(rest: &[TokenTree]) -> bool {
    match rest {
        [TokenTree::Punct(first), TokenTree::Punct(second), ..] => {
            first.as_char() == ':' && first.spacing() == Spacing::Joint && second.as_char() == ':'
        }
        _ => false,
    }
}
