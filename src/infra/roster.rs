//! Reading a class roster (`grade --roster FILE`): CSV with the columns `folder,id,name,email`,
//! one learner a line, a header line optional, as a spreadsheet saves it (a UTF-8 byte-order
//! mark, CRLF line ends and quoted fields with commas, quotes or line breaks are all fine).
//! `folder` is the name of the learner's folder among the submissions; `id` what the gradebook
//! knows them by. Applying it to a report is `ClassReport::apply_roster`.

use std::path::Path;

use crate::domain::grade::record::Learner;
use crate::infra::error::{Error, Result};
use crate::infra::safe_file;

/// A roster is small; a larger file is not one.
const CAP: u64 = 16 << 20;

/// Reads and checks the roster at `path`: every problem is an error naming the file and line.
pub fn read(path: &Path) -> Result<Vec<Learner>> {
    let bytes = safe_file::read_regular(path, CAP).map_err(|refused| {
        Error::Usage(format!(
            "the roster `{}` was not read: {refused}",
            path.display()
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::Usage(format!(
            "the roster `{}` is not UTF-8 text (save it as CSV UTF-8)",
            path.display()
        ))
    })?;
    parse(&text).map_err(|message| Error::Usage(format!("{}:{message}", path.display())))
}

/// The learners of a roster's text; `Err("LINE: what is wrong")`.
pub fn parse(text: &str) -> std::result::Result<Vec<Learner>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut learners: Vec<Learner> = Vec::new();
    for (line, fields) in records(text)? {
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let lower: Vec<String> = fields.iter().map(|f| f.trim().to_lowercase()).collect();
        if learners.is_empty() && lower.first().is_some_and(|f| f == "folder") {
            continue;
        }
        if !(2..=4).contains(&fields.len()) {
            return Err(format!(
                "{line}: expected folder,id,name,email (4 fields), found {}",
                fields.len()
            ));
        }
        let field = |idx: usize| fields.get(idx).map_or("", |f| f.trim()).to_owned();
        let learner = Learner {
            folder: field(0),
            id: field(1),
            name: field(2),
            email: field(3),
        };
        if learner.folder.is_empty() || learner.id.is_empty() {
            return Err(format!("{line}: the folder and the id must not be empty"));
        }
        if learners.iter().any(|l| l.folder == learner.folder) {
            return Err(format!(
                "{line}: folder `{}` is on the roster twice",
                learner.folder
            ));
        }
        if learners.iter().any(|l| l.id == learner.id) {
            return Err(format!(
                "{line}: id `{}` is on the roster twice",
                learner.id
            ));
        }
        learners.push(learner);
    }
    Ok(learners)
}

/// RFC 4180 records with the line each starts on.
fn records(text: &str) -> std::result::Result<Vec<(usize, Vec<String>)>, String> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.next_if_eq(&'"').is_some() => field.push('"'),
                '"' => quoted = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(format!("{start}: a quoted field is never closed"));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((start, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_spreadsheet_saves() {
        let text = "\u{feff}folder,id,name,email\r\nalice,s1,\"Liddell, Alice\",alice@example.org\r\n\r\nbob,s2,\"Bob \"\"the\"\" Builder\",\r\ncarol,s3\n";
        let learners = parse(text).unwrap();
        assert_eq!(learners.len(), 3);
        assert_eq!(learners[0].name, "Liddell, Alice");
        assert_eq!(learners[0].email, "alice@example.org");
        assert_eq!(learners[1].name, "Bob \"the\" Builder");
        assert_eq!(learners[1].email, "");
        assert_eq!(learners[2].id, "s3");
        assert_eq!(
            parse("a,1,\"Two\nlines\",x\n").unwrap()[0].name,
            "Two\nlines"
        );
    }

    #[test]
    fn says_what_is_wrong_and_where() {
        assert_eq!(
            parse("folder,id\nalice,s1\nalice,s2\n").unwrap_err(),
            "3: folder `alice` is on the roster twice"
        );
        assert_eq!(
            parse("alice,s1\nbob,s1\n").unwrap_err(),
            "2: id `s1` is on the roster twice"
        );
        assert_eq!(
            parse("alice\n").unwrap_err(),
            "1: expected folder,id,name,email (4 fields), found 1"
        );
        assert_eq!(
            parse(",s1\n").unwrap_err(),
            "1: the folder and the id must not be empty"
        );
        assert_eq!(
            parse("a,\"open\n").unwrap_err(),
            "1: a quoted field is never closed"
        );
    }
}
