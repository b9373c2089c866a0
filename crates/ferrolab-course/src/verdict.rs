//! The verdict as it crosses from the grading side to the CLI.
//!
//! `ferrolab check` cannot call the checks itself: they must compile against the
//! learner's code, so it runs the exercise's `#[test]` with `cargo test` and learns the
//! verdict from a file the test leaves behind ([`crate::env::FERROLAB_VERDICT_FILE`]).
//! Both sides read and write that file through [`VerdictFile`], so a field renamed on one
//! side is a compile error on the other, not a silent "unknown" verdict. The kinds live
//! here, below `ferrolab-grade`, because the progress file and the CLI name them too.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// What kind of verdict the checks reached; the stable names progress files, verdict
/// files and scripts use (`passed`, `incorrect`, `not-attempted`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    /// Every check held.
    Passed,
    /// An answer was wrong.
    Incorrect,
    /// The stub's `todo!()` is still there.
    NotAttempted,
    /// The learner's code panicked.
    Panicked,
    /// The learner's code did not finish in time.
    TimedOut,
    /// The check could not run (a data set is missing, say).
    CannotGrade,
}

impl VerdictKind {
    /// The stable name: `passed`, `incorrect`, `not-attempted`, `panicked`, `timed-out`,
    /// `cannot-grade`.
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Passed => "passed",
            VerdictKind::Incorrect => "incorrect",
            VerdictKind::NotAttempted => "not-attempted",
            VerdictKind::Panicked => "panicked",
            VerdictKind::TimedOut => "timed-out",
            VerdictKind::CannotGrade => "cannot-grade",
        }
    }

    /// Whether the exercise is solved.
    pub fn passed(self) -> bool {
        self == VerdictKind::Passed
    }
}

impl fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets tests and scripts compare with the stable name: `kind == "passed"`.
impl PartialEq<&str> for VerdictKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// What the exercise's test leaves for `ferrolab check`: the verdict's kind (to decide
/// pass or fail) and the card exactly as the test printed it (so the terminal shows the
/// same words as `cargo test -p exercises`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictFile {
    /// The exercise id, e.g. `math/dot-product`.
    pub exercise: String,
    /// What the checks concluded.
    pub kind: VerdictKind,
    /// The verdict card as text (with ANSI colours when the CLI asked for them).
    pub card: String,
}

/// The verdict file could not be written or read back.
#[derive(Debug, Error)]
pub enum VerdictFileError {
    /// A file-system operation failed.
    #[error("could not {action} the verdict file {path}: {source}")]
    Io {
        /// `write` or `read`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a verdict this version understands: the `exercises` crate and the
    /// `ferrolab` binary were built from different versions of the course.
    #[error("the verdict file {path} does not parse ({source}); rebuild `ferrolab` (run `./ferrolab` once) so it matches the exercises crate")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What serde said.
        source: serde_json::Error,
    },
}

impl VerdictFile {
    /// Write the verdict to `path`.
    pub fn write(&self, path: &Path) -> Result<(), VerdictFileError> {
        // Serialising a struct of strings and a unit enum cannot fail.
        let json = serde_json::to_string(self).unwrap_or_default();
        std::fs::write(path, json).map_err(|source| VerdictFileError::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
    }

    /// Read the verdict at `path`; `None` when there is no file, which means the test
    /// never reached a verdict (the learner's code did not compile, or the process died).
    pub fn read(path: &Path) -> Result<Option<VerdictFile>, VerdictFileError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(VerdictFileError::Io {
                    action: "read",
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|source| VerdictFileError::Malformed {
                path: path.to_path_buf(),
                source,
            })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_stable_names() {
        assert_eq!(VerdictKind::NotAttempted.as_str(), "not-attempted");
        assert_eq!(
            serde_json::to_string(&VerdictKind::TimedOut).unwrap(),
            "\"timed-out\""
        );
        assert!(VerdictKind::CannotGrade == "cannot-grade");
        assert!(VerdictKind::Passed.passed() && !VerdictKind::Incorrect.passed());
    }

    #[test]
    fn a_verdict_file_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("verdict.json");
        assert!(VerdictFile::read(&path).unwrap().is_none());
        let written = VerdictFile {
            exercise: "math/dot-product".into(),
            kind: VerdictKind::Incorrect,
            card: "✗ Not quite: math/dot-product".into(),
        };
        written.write(&path).unwrap();
        assert_eq!(VerdictFile::read(&path).unwrap(), Some(written));
    }

    #[test]
    fn a_foreign_file_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("verdict.json");
        std::fs::write(
            &path,
            r#"{"exercise":"x","verdict":{"kind":"passed"},"card":""}"#,
        )
        .unwrap();
        let error = VerdictFile::read(&path).unwrap_err();
        assert!(
            matches!(error, VerdictFileError::Malformed { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("rebuild `ferrolab`"), "{error}");
    }
}
