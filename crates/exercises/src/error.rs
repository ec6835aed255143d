//! The one error type of the workbook: each variant says what to do next, in English
//! (`Display`) or in the learner's language ([`Error::message`]; the sentences are
//! [`Msg`]s).

use std::io;
use std::path::PathBuf;

use crate::i18n::{Lang, Msg};

/// What went wrong, phrased for the learner at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `init` writes only into an empty (or missing) directory.
    #[error(
        "{0} is not empty: `wiretrail exercises init` writes a new workbook into an empty or missing directory"
    )]
    NotEmpty(PathBuf),
    /// The directory has no `.wiretrail/`.
    #[error(
        "{0} is not a workbook (no .wiretrail/ inside, nor in a parent): create one with `wiretrail exercises init DIR`, or pass --dir"
    )]
    NotAWorkbook(PathBuf),
    /// No exercise has that id.
    #[error("there is no exercise {0:?}: `wiretrail exercises list` shows them")]
    UnknownExercise(String),
    /// The solution is shown only after the learner's own code passed.
    #[error(
        "the solution of {0} opens once your own code passes: run `wiretrail exercises check {0}` (and `wiretrail exercises hint {0}` if you are stuck)"
    )]
    NotPassedYet(String),
    /// The learner's `src/` and `tests/` hold more than the grader copies.
    #[error("{0}: more than 256 files or 8 MiB under src/ and tests/; the grader copies no more")]
    TooBig(PathBuf),
    /// No exercise was named, and the command was not run inside an exercise's folder.
    #[error(
        "which exercise? Name one (`wiretrail exercises check 01`), or run the command inside its folder"
    )]
    NoExercise,
    /// `cargo` could not be started.
    #[error("cannot run cargo (is it installed and on PATH?): {0}")]
    Cargo(io::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

impl Error {
    /// The message in `lang` (`Display` is the English).
    pub fn message(&self, lang: Lang) -> String {
        let text = |m: Msg<'_>| m.text(lang);
        match self {
            Error::NotEmpty(dir) => text(Msg::NotEmpty {
                dir: &dir.display().to_string(),
            }),
            Error::NotAWorkbook(dir) => text(Msg::NotAWorkbook {
                dir: &dir.display().to_string(),
            }),
            Error::UnknownExercise(id) => text(Msg::UnknownExercise { id }),
            Error::NotPassedYet(id) => text(Msg::NotPassedYet { id }),
            Error::TooBig(dir) => text(Msg::TooBig {
                dir: &dir.display().to_string(),
            }),
            Error::NoExercise => text(Msg::NoExercise),
            Error::Cargo(why) => text(Msg::NoCargo {
                why: &why.to_string(),
            }),
            Error::Io { path, source } => format!("{}: {source}", path.display()),
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_message_is_the_display_and_the_korean_is_korean() {
        let all = [
            Error::NotEmpty("d".into()),
            Error::NotAWorkbook("d".into()),
            Error::UnknownExercise("99".into()),
            Error::NotPassedYet("01-accept-key".into()),
            Error::TooBig("d".into()),
            Error::NoExercise,
            Error::Cargo(io::Error::other("gone")),
        ];
        for e in &all {
            assert_eq!(e.message(Lang::En), e.to_string());
            let ko = e.message(Lang::Ko);
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{ko}");
        }
    }
}
