//! Where in a quiz file a question or one of its fields is written, for the errors serde cannot
//! place (a wrong answer key parses fine). It reads the text the way authors lay it out: a
//! `questions:` list whose entries are maps; it never fails, it only finds less.

/// 1-based line and column.
pub type Position = (usize, usize);

/// The line that starts a question's entry (`- id: NAME`), at the column of `id`.
pub fn question(text: &str, id: &str) -> Option<Position> {
    let block = question_block(text, id)?;
    Some((block.id_line + 1, block.key_column + 1))
}

/// Where the id of a question is written a second time, if it is.
pub fn repeated_question(text: &str, id: &str) -> Option<Position> {
    let first = question_block(text, id)?;
    let lines: Vec<Line> = text.lines().map(Line::parse).collect();
    (first.end..lines.len())
        .find(|&idx| {
            let line = &lines[idx];
            line.column == first.key_column && line.key == Some("id") && line.value == id
        })
        .map(|idx| (idx + 1, first.key_column + 1))
}

/// `field:` of the question `id`, or of the quiz itself when `id` is `None`; falls back to the
/// question's own line when the field is not written.
pub fn field(text: &str, id: Option<&str>, field: &str) -> Option<Position> {
    let lines: Vec<Line> = text.lines().map(Line::parse).collect();
    let Some(id) = id else {
        return lines
            .iter()
            .position(|line| line.column == 0 && line.key == Some(field))
            .map(|idx| (idx + 1, 1));
    };
    let block = question_block(text, id)?;
    lines[block.start..block.end]
        .iter()
        .position(|line| line.column == block.key_column && line.key == Some(field))
        .map(|offset| (block.start + offset + 1, block.key_column + 1))
        .or(Some((block.id_line + 1, block.key_column + 1)))
}

/// The `nth` (from 0) line inside question `id` that has `key: value` at any depth (an item's
/// `id: NAME`), falling back to the question's line.
pub fn nested(text: &str, id: &str, key: &str, value: &str, nth: usize) -> Option<Position> {
    let lines: Vec<Line> = text.lines().map(Line::parse).collect();
    let block = question_block(text, id)?;
    (block.start..block.end)
        .filter(|&idx| lines[idx].key == Some(key) && lines[idx].value == value)
        .nth(nth)
        .map(|idx| (idx + 1, lines[idx].column + 1))
        .or(Some((block.id_line + 1, block.key_column + 1)))
}

/// One line reduced to what matters here: the column of its key (after any `- `), the key, and
/// the value without quotes or a trailing comment.
#[derive(Debug)]
struct Line<'a> {
    column: usize,
    /// The column of a leading `- `, when the line starts a list entry.
    dash: Option<usize>,
    key: Option<&'a str>,
    value: &'a str,
    blank: bool,
}

impl<'a> Line<'a> {
    fn parse(text: &'a str) -> Line<'a> {
        let content = text.trim_start();
        let mut column = text.len() - content.len();
        let mut dash = None;
        let mut content = content;
        if let Some(rest) = content.strip_prefix("- ") {
            dash = Some(column);
            let rest_trimmed = rest.trim_start();
            column += 2 + (rest.len() - rest_trimmed.len());
            content = rest_trimmed;
        }
        let blank = content.is_empty() || content.starts_with('#');
        let (key, value) = match content.split_once(':') {
            Some((key, value))
                if !key.is_empty() && !key.contains(' ') && !key.starts_with(['"', '\'']) =>
            {
                (Some(key), clean_value(value))
            }
            _ => (None, content),
        };
        Line {
            column,
            dash,
            key,
            value,
            blank,
        }
    }
}

fn clean_value(value: &str) -> &str {
    let value = match value.find(" #") {
        Some(idx) => &value[..idx],
        None => value,
    };
    let value = value.trim();
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
}

/// Lines `start..end` (0-based) hold the question whose keys sit at `key_column`.
struct Block {
    start: usize,
    end: usize,
    id_line: usize,
    key_column: usize,
}

fn question_block(text: &str, id: &str) -> Option<Block> {
    let lines: Vec<Line> = text.lines().map(Line::parse).collect();
    let list_start = lines
        .iter()
        .position(|line| line.column == 0 && line.key == Some("questions"))?;
    let key_column = lines[list_start + 1..]
        .iter()
        .find(|line| !line.blank)
        .and_then(|line| line.dash)?
        + 2;
    let id_line = (list_start + 1..lines.len()).find(|&idx| {
        let line = &lines[idx];
        line.column == key_column && line.key == Some("id") && line.value == id
    })?;
    let starts_entry = |line: &Line| line.dash == Some(key_column - 2);
    let start = (list_start + 1..=id_line)
        .rev()
        .find(|&idx| starts_entry(&lines[idx]))
        .unwrap_or(id_line);
    let end = (id_line + 1..lines.len())
        .find(|&idx| {
            let line = &lines[idx];
            !line.blank && (starts_entry(line) || line.column < key_column)
        })
        .unwrap_or(lines.len());
    // A block scalar's lines may be blank or less indented than the key only when they are
    // inside it; prompts are indented further, so the rule above holds for authored files.
    Some(Block {
        start,
        end,
        id_line,
        key_column,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
id: demo
pass_mark: 70
questions:
  - id: first
    kind: single
    answer: b

  - kind: classify
    id: \"second\"   # keys in any order
    items:
      - id: first
        text: Same id as the question above, one level down.
    answer:
      first: stateless
";

    #[test]
    fn finds_top_level_fields() {
        assert_eq!(field(TEXT, None, "pass_mark"), Some((2, 1)));
        assert_eq!(field(TEXT, None, "title"), None);
    }

    #[test]
    fn finds_a_question_and_its_fields() {
        assert_eq!(question(TEXT, "first"), Some((4, 5)));
        assert_eq!(field(TEXT, Some("first"), "answer"), Some((6, 5)));
        assert_eq!(question(TEXT, "second"), Some((9, 5)));
        assert_eq!(repeated_question(TEXT, "first"), None);
        let twice = TEXT.replace("id: \"second\"", "id: first");
        assert_eq!(repeated_question(&twice, "first"), Some((9, 5)));
        assert_eq!(field(TEXT, Some("second"), "kind"), Some((8, 5)));
        assert_eq!(field(TEXT, Some("second"), "answer"), Some((13, 5)));
    }

    #[test]
    fn a_missing_field_falls_back_to_the_question() {
        assert_eq!(field(TEXT, Some("first"), "explanation"), Some((4, 5)));
        assert_eq!(field(TEXT, Some("nowhere"), "answer"), None);
    }

    #[test]
    fn finds_nested_keys_inside_the_question_only() {
        assert_eq!(nested(TEXT, "second", "id", "first", 0), Some((11, 9)));
        assert_eq!(nested(TEXT, "second", "id", "first", 1), Some((9, 5)));
        assert_eq!(nested(TEXT, "first", "id", "zzz", 0), Some((4, 5)));
    }
}
