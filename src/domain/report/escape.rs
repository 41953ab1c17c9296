//! Making learner-made text (submission ids, messages, test output) harmless in each format: it
//! can never add a row, a column, markup, a formula or a terminal escape to a report.

/// Whether `c` changes what a terminal or a reader sees beyond its own glyph: C0 and C1 controls
/// (escape included), DEL, and the Unicode bidirectional overrides and isolates.
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// For the terminal table: one line, escape sequences (`ESC [ ... m` and the like) removed
/// whole, other control characters dropped; line breaks and tabs become spaces.
pub fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' | '\u{9b}' => {
                // CSI (`ESC [` or the 8-bit CSI): parameters and intermediates, then one final
                // byte. OSC (`ESC ]`) to its terminator. Otherwise the one character after ESC.
                let csi = c == '\u{9b}' || chars.next_if_eq(&'[').is_some();
                if csi {
                    for next in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&next) {
                            break;
                        }
                    }
                } else if chars.next_if_eq(&']').is_some() {
                    while let Some(next) = chars.next() {
                        if next == '\u{7}'
                            || (next == '\u{1b}' && chars.next_if_eq(&'\\').is_some())
                        {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// One CSV field (RFC 4180 quoting), neutralised against formula injection by OWASP's rule: a
/// field starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, so a
/// spreadsheet shows it as text. Other control characters are dropped; line breaks stay, quoted.
pub fn csv(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|&c| matches!(c, '\n' | '\r' | '\t') || !is_control(c))
        .collect();
    let neutral = if cleaned.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cleaned}")
    } else {
        cleaned
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// Text inside a Markdown table cell or line: one line, and nothing Markdown or HTML would read
/// as markup (pipes, backticks, emphasis, links, headings, tags, entities).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as a fenced Markdown code block, however many lines: the fence is longer than any run
/// of backticks inside, so the text cannot close it, and escape sequences and other control
/// characters are removed line by line.
pub fn code_block(text: &str) -> String {
    let body: Vec<String> = text.lines().map(terminal).collect();
    let body = body.join("\n");
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{body}\n{fence}")
}

/// XML text or attribute value: the five special characters escaped; characters XML 1.0 cannot
/// carry, and other control characters, dropped (line breaks and tabs stay).
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// HTML text or attribute value: everything that could open markup or end an attribute escaped,
/// control characters dropped.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '`' => out.push_str("&#96;"),
            '\n' | '\t' => out.push(c),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_gets_one_line_and_no_escapes() {
        assert_eq!(terminal("a\u{1b}[31;1mred\u{1b}[0m"), "ared");
        assert_eq!(terminal("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(terminal("line\nforged 999/999"), "line forged 999/999");
        assert_eq!(terminal("back\rspace\u{8}\u{7f}"), "back space");
        assert_eq!(terminal("rtl\u{202E}gnp.exe"), "rtlgnp.exe");
        assert_eq!(terminal("plain ünïcode"), "plain ünïcode");
    }

    #[test]
    fn csv_cells_cannot_hold_formulas_or_break_rows() {
        assert_eq!(csv("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv("+1"), "'+1");
        assert_eq!(csv("-1"), "'-1");
        assert_eq!(csv("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv("\tx"), "'\tx");
        assert_eq!(csv("\rx"), "\"'\rx\"");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("a\nb"), "\"a\nb\"");
        assert_eq!(csv("a\u{1b}[31m"), "a[31m");
        assert_eq!(csv("alice"), "alice");
        assert_eq!(csv("12.5"), "12.5");
    }

    #[test]
    fn markdown_cells_stay_cells() {
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(
            markdown("x\n| forged | 999/999 |"),
            "x \\| forged \\| 999/999 \\|"
        );
        assert_eq!(markdown("`code` <script>"), "\\`code\\` &lt;script&gt;");
        assert_eq!(markdown("[link](http://x)"), "\\[link\\](http://x)");
    }

    #[test]
    fn code_blocks_cannot_be_closed_from_inside() {
        assert_eq!(code_block("a\nb"), "```text\na\nb\n```");
        assert_eq!(
            code_block("x\n```\n# forged heading\n`````"),
            "``````text\nx\n```\n# forged heading\n`````\n``````"
        );
        assert_eq!(code_block("red \u{1b}[31mtext"), "```text\nred text\n```");
    }

    #[test]
    fn xml_and_html_escape_markup_and_drop_controls() {
        assert_eq!(
            xml("a<b & \"c\"\u{1}\u{1b}[31m\u{85}"),
            "a&lt;b &amp; &quot;c&quot;[31m"
        );
        assert_eq!(
            html("<script>alert('x')</script>\u{1b}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
    }
}
