//! The learner's text as the gate reads it: tokens and the parsed file (within limits that keep
//! hostile nesting from overflowing the stack), positions and quoted snippets for messages, and
//! paths and names as the compiler resolves them (`r#std` is `std`).

use std::str::FromStr;

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::Ident;

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

/// The source text of `span` on one line, shortened, for a message. It is the learner's text:
/// control characters (terminal escapes, bidirectional overrides) become `\u{..}` escapes.
pub(super) fn snippet(span: Span) -> String {
    let text = span.source_text().unwrap_or_default();
    let mut one_line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|ch| match ch {
            ch if ch.is_control() || ('\u{202a}'..='\u{202e}').contains(&ch) => {
                ch.escape_unicode().to_string()
            }
            ch if ('\u{2066}'..='\u{2069}').contains(&ch) => ch.escape_unicode().to_string(),
            ch => ch.to_string(),
        })
        .collect();
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
    pub fn of(path: &syn::Path) -> RawPath {
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
    pub fn climb(&self) -> usize {
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
    within_limits(&tokens)?;
    let file = syn::parse2::<syn::File>(tokens.clone())
        .map_err(|error| (pos(error.span()), error.to_string()))?;
    Ok((tokens, file))
}

/// More tokens than this are not parsed: the deepest nesting they could build must fit the
/// gate's stack (see `STACK_BYTES`). The course's largest file has a few thousand.
pub(super) const MAX_TOKENS: usize = 10_000;

/// Deeper nesting of `()`, `[]` and `{}` is not parsed.
pub(super) const MAX_GROUP_DEPTH: usize = 128;

/// Deeper nesting of `<...>` (counted loosely: every `<` since the last `;` of the same
/// brackets that no `>` closed) is not parsed: `Vec<Vec<...>>` costs the parser the most stack.
pub(super) const MAX_ANGLE_DEPTH: usize = 32;

/// Counts tokens, group depth and angle depth without recursion, before anything recurses.
fn within_limits(tokens: &TokenStream) -> Result<(), (Pos, String)> {
    let too_deep = |span: Span, what: &str, limit: usize| {
        Err((
            pos(span),
            format!(
                "the code is nested too deeply for the gate to read: more than {limit} {what} \
                 inside one another"
            ),
        ))
    };
    let mut count = 0;
    // each level: its tokens, its open `<`s, and whether the last token was `-` or `=` (so a
    // `>` after it is part of `->` or `=>`)
    let mut stack = vec![(tokens.clone().into_iter(), 0usize, false)];
    while let Some((top, angles, after_arrow_start)) = stack.last_mut() {
        let Some(token) = top.next() else {
            stack.pop();
            continue;
        };
        let arrow_start = *after_arrow_start;
        *after_arrow_start = false;
        if let TokenTree::Punct(punct) = &token {
            match punct.as_char() {
                '<' => {
                    *angles += 1;
                    if *angles > MAX_ANGLE_DEPTH {
                        return too_deep(punct.span(), "`<...>`", MAX_ANGLE_DEPTH);
                    }
                }
                '>' if !arrow_start => *angles = angles.saturating_sub(1),
                ';' => *angles = 0,
                '-' | '=' => *after_arrow_start = punct.spacing() == proc_macro2::Spacing::Joint,
                _ => {}
            }
        }
        count += 1;
        if count > MAX_TOKENS {
            return Err((
                pos(token.span()),
                format!("the code is too long for the gate to read: more than {MAX_TOKENS} tokens"),
            ));
        }
        if let TokenTree::Group(group) = token {
            if stack.len() >= MAX_GROUP_DEPTH {
                return too_deep(group.span(), "brackets", MAX_GROUP_DEPTH);
            }
            stack.push((group.stream().into_iter(), 0, false));
        }
    }
    Ok(())
}
