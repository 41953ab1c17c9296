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
    let problem = |line: Option<usize>, message: String| Error::Roster {
        path: path.to_path_buf(),
        line,
        message,
    };
    let bytes = safe_file::read_regular(path, CAP)
        .map_err(|refused| problem(None, format!("it was not read: {refused}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        problem(
            None,
            "it is not UTF-8 text (save it as CSV UTF-8)".to_owned(),
        )
    })?;
    parse(&text).map_err(|(line, message)| problem(Some(line), message))
}

/// The learners of a roster's text; `Err((line, what is wrong))`.
pub fn parse(text: &str) -> std::result::Result<Vec<Learner>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut learners: Vec<Learner> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            let line = error
                .position()
                .map_or(0, |position| position.line() as usize);
            (line, format!("not CSV: {error}"))
        })?;
        let line = record
            .position()
            .map_or(0, |position| position.line() as usize);
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        if fields.iter().all(|field| field.is_empty()) {
            continue;
        }
        if learners.is_empty()
            && fields
                .first()
                .is_some_and(|f| f.eq_ignore_ascii_case("folder"))
        {
            continue;
        }
        if !(2..=4).contains(&fields.len()) {
            return Err((
                line,
                format!(
                    "expected folder,id,name,email (4 fields), found {}",
                    fields.len()
                ),
            ));
        }
        let field = |idx: usize| fields.get(idx).copied().unwrap_or("").to_owned();
        let learner = Learner {
            folder: field(0),
            id: field(1),
            name: field(2),
            email: field(3),
        };
        if learner.folder.is_empty() || learner.id.is_empty() {
            return Err((line, "the folder and the id must not be empty".to_owned()));
        }
        if learners.iter().any(|l| l.folder == learner.folder) {
            return Err((
                line,
                format!("folder `{}` is on the roster twice", learner.folder),
            ));
        }
        if learners.iter().any(|l| l.id == learner.id) {
            return Err((line, format!("id `{}` is on the roster twice", learner.id)));
        }
        learners.push(learner);
    }
    Ok(learners)
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
        let error = |text: &str| {
            let (line, message) = parse(text).unwrap_err();
            format!("{line}: {message}")
        };
        assert_eq!(
            error("folder,id\nalice,s1\nalice,s2\n"),
            "3: folder `alice` is on the roster twice"
        );
        assert_eq!(
            error("alice,s1\nbob,s1\n"),
            "2: id `s1` is on the roster twice"
        );
        assert_eq!(
            error("alice\n"),
            "1: expected folder,id,name,email (4 fields), found 1"
        );
        assert_eq!(error(",s1\n"), "1: the folder and the id must not be empty");
    }
}
