//! A data directory: the free loaders use the learner's; tests point one at a temporary copy
//! (setting `FERROLAB_DATA` would leak into every test of the same process).

use super::Result;
use ferrolab_data::DataError;
use std::path::{Path, PathBuf};

/// A folder holding installed sets, one subfolder each with its `receipt.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl Default for DataDir {
    /// The learner's data directory ([`ferrolab_data::dirs::data_dir`]).
    fn default() -> DataDir {
        DataDir {
            root: ferrolab_data::dirs::data_dir(),
        }
    }
}

impl DataDir {
    /// Sets installed under `root` instead of the learner's data directory.
    pub fn at(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of `file` in installed set `set`, after checking its size and sha256.
    pub fn file(&self, set: &str, file: &str) -> Result<PathBuf> {
        ferrolab_data::installed_file(&self.root, set, file)
    }

    /// The set's main file (the one `data list` describes), checked.
    pub fn main_file(&self, set: &str) -> Result<PathBuf> {
        let spec = ferrolab_data::set(set)?;
        self.file(set, &spec.main)
    }

    /// The whole text of a checked file of a set.
    pub fn read_text(&self, set: &str, file: &str) -> Result<String> {
        let path = self.file(set, file)?;
        let bytes = std::fs::read(&path).map_err(|e| DataError::io(&path, e))?;
        String::from_utf8(bytes).map_err(|_| DataError::format(Some(set), &path, "not UTF-8 text"))
    }
}
