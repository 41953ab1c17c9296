//! `statelings export --gradescope DIR`: an autograder for Gradescope. `setup.sh` installs what
//! grading needs on Gradescope's Ubuntu image and builds statelings from `statelings/` (the
//! runner's sources and the full course: solutions, hidden tests, answer keys), and
//! `run_autograder` grades each upload with `grade --format gradescope --autograder`.

use super::{template, without_benches, File, RUNNER_FILES};
use crate::domain::course::Course;
use crate::domain::report::gradescope::Visibility;
use crate::infra::error::{Error, Result};

/// Every file of the bundle; `hidden_tests` is when learners see graded results.
pub fn bundle(course: &Course, hidden_tests: Visibility) -> Result<Vec<File>> {
    if !course.has_solutions() {
        return Err(Error::Usage(
            "a Gradescope autograder grades with the course's hidden tests and answer keys, and \
             this edition has none: export it from the full edition"
                .to_owned(),
        ));
    }
    let when = match hidden_tests {
        Visibility::AfterDueDate => "after the due date",
        Visibility::AfterPublished => "once you publish the grades",
        Visibility::Hidden => "to instructors only, never to learners",
        Visibility::Visible => "at once",
    };
    let mut files = vec![
        File::script("setup.sh", template("templates/gradescope/setup.sh")),
        File::script(
            "run_autograder",
            template("templates/gradescope/run_autograder")
                .replace("@HIDDEN_TESTS@", hidden_tests.id()),
        ),
        File::new(
            "README.md",
            template("templates/gradescope/README.md").replace("@WHEN@", when),
        ),
    ];
    for (path, text) in RUNNER_FILES {
        let text = match *path {
            "Cargo.toml" => without_benches(text),
            _ => (*text).to_owned(),
        };
        files.push(File::new(format!("statelings/{path}"), text));
    }
    for (path, text) in course.files() {
        files.push(File::new(format!("statelings/{path}"), text.as_str()));
    }
    Ok(files)
}
