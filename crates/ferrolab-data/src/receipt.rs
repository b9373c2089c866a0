//! The receipt written into each installed set: what was installed, from where, and the
//! size and sha256 of every file, so a loader or `verify` can prove nothing changed since.

use crate::catalogue::SetSpec;
use crate::error::DataError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The receipt's file name inside a set's folder.
pub const RECEIPT_FILE: &str = "receipt.json";

/// One installed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Path relative to the set's folder.
    pub path: String,
    /// Length in bytes.
    pub bytes: u64,
    /// Lower-case hex sha256.
    pub sha256: String,
}

/// What `ferrolab data fetch` installed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The set's name.
    pub set: String,
    /// The package, e.g. `pypi:scikit-learn==1.9.1`.
    pub package: String,
    /// The downloaded archive's file name.
    pub archive: String,
    /// The downloaded archive's sha256.
    pub archive_sha256: String,
    /// The data's licence.
    pub licence: String,
    /// Where the files come from and how they were converted.
    pub provenance: String,
    /// When it was installed (seconds since 1970).
    pub installed_unix: u64,
    /// The ferrolab version that installed it.
    pub ferrolab_version: String,
    /// Every installed file.
    pub files: Vec<FileRecord>,
}

impl Receipt {
    /// Read `<set dir>/receipt.json`; a missing receipt means the set is not installed.
    pub fn read(set_dir: &Path, set: &str) -> Result<Receipt, DataError> {
        let path = set_dir.join(RECEIPT_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(DataError::NotInstalled {
                    set: set.to_string(),
                })
            }
            Err(e) => return Err(DataError::io(path, e)),
        };
        serde_json::from_str(&text).map_err(|e| DataError::Corrupt {
            set: set.to_string(),
            file: path,
            reason: format!("unreadable receipt: {e}"),
        })
    }

    /// Write it as pretty JSON.
    pub fn write(&self, set_dir: &Path) -> Result<(), DataError> {
        let path = set_dir.join(RECEIPT_FILE);
        let text = serde_json::to_string_pretty(self).map_err(|e| DataError::BadFile {
            file: path.clone(),
            reason: e.to_string(),
        })?;
        std::fs::write(&path, text + "\n").map_err(|e| DataError::io(path, e))
    }

    /// The record of one file.
    pub fn file(&self, path: &str) -> Option<&FileRecord> {
        self.files.iter().find(|f| f.path == path)
    }

    /// `Err(reason)` when this receipt is not what the catalogue installs today
    /// (another package version, other files or checksums): the set needs a re-fetch.
    pub fn matches(&self, spec: &SetSpec) -> Result<(), String> {
        let package = spec.package().spec();
        if self.package != package {
            return Err(format!(
                "installed from {}, the catalogue now pins {package}",
                self.package
            ));
        }
        let sums = &crate::catalogue::catalogue().checksums;
        for file in spec.files() {
            let Some(record) = self.file(file) else {
                return Err(format!("{file} is not installed"));
            };
            if let Some(expected) = sums.file(&spec.name, file) {
                if expected.sha256 != record.sha256 || expected.bytes != record.bytes {
                    return Err(format!("{file} differs from the catalogue's checksum"));
                }
            }
        }
        Ok(())
    }
}
