//! What can go wrong when a lesson asks for data, phrased so the learner knows what to run.

use std::path::PathBuf;

/// The command that (re)installs a set; every error about an installed file names it.
pub fn repair_command(set: &str) -> String {
    format!("./ferrolab data fetch {set} --force")
}

/// A data set is missing, unknown, damaged, or a file is not in the expected format.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The name is not in the catalogue.
    #[error(
        "there is no data set called `{name}`; the sets are: {known} (see `./ferrolab data list`)"
    )]
    UnknownSet {
        /// What was asked for.
        name: String,
        /// Every set name, comma-separated.
        known: String,
    },
    /// The set is in the catalogue but not installed in this data directory.
    #[error("data set `{set}` is not installed; run `./ferrolab data fetch {set}`")]
    NotInstalled {
        /// The set.
        set: String,
    },
    /// The set was installed from an older catalogue (another package version).
    #[error("data set `{set}` was installed from {installed}, but this version of ferrolab expects {expected}; run `./ferrolab data fetch {set}`")]
    Outdated {
        /// The set.
        set: String,
        /// Package and version recorded at install time.
        installed: String,
        /// Package and version the catalogue names now.
        expected: String,
    },
    /// The set has no file of that name.
    #[error("data set `{set}` has no file `{file}`; its files are: {files}")]
    NoSuchFile {
        /// The set.
        set: String,
        /// What was asked for.
        file: String,
        /// The files it has, comma-separated.
        files: String,
    },
    /// Something other than a set was named that does not exist (a column, an image, a vocabulary...).
    #[error("there is no {kind} called `{name}`; the {kind}s are: {known}")]
    UnknownName {
        /// What kind of thing: "column", "sample image", "BPE vocabulary"...
        kind: String,
        /// What was asked for.
        name: String,
        /// The ones that exist, comma-separated.
        known: String,
    },
    /// A column exists but holds the other kind of values.
    #[error("column `{column}` {reason}")]
    Column {
        /// The column.
        column: String,
        /// What is wrong, e.g. "holds text, not numbers".
        reason: String,
    },
    /// An installed file does not match its recorded checksum, size or format.
    #[error("{} is damaged ({reason}); repair it with `{}`", file.display(), repair_command(set))]
    Corrupt {
        /// The set the file belongs to.
        set: String,
        /// The damaged file.
        file: PathBuf,
        /// What is wrong: truncated, checksum mismatch, bad header...
        reason: String,
    },
    /// A file that is not part of an installed set (the learner's own) is not in the expected format.
    #[error("{}: {reason}", file.display())]
    BadFile {
        /// The file.
        file: PathBuf,
        /// What is wrong and what was expected.
        reason: String,
    },
    /// Reading a file failed.
    #[error("could not read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

impl DataError {
    /// An unknown name among `known`.
    pub fn unknown(
        kind: &str,
        name: &str,
        known: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> DataError {
        let known: Vec<String> = known.into_iter().map(|k| k.as_ref().to_string()).collect();
        DataError::UnknownName {
            kind: kind.to_string(),
            name: name.to_string(),
            known: known.join(", "),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> DataError {
        DataError::Io {
            path: path.into(),
            source,
        }
    }

    /// A format problem in `file`: blamed on the installed set when there is one
    /// (so the message names the repair command), else on the file itself.
    pub fn format(
        set: Option<&str>,
        file: impl Into<PathBuf>,
        reason: impl Into<String>,
    ) -> DataError {
        match set {
            Some(set) => DataError::Corrupt {
                set: set.to_string(),
                file: file.into(),
                reason: reason.into(),
            },
            None => DataError::BadFile {
                file: file.into(),
                reason: reason.into(),
            },
        }
    }
}
