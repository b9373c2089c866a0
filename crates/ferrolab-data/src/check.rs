//! Proving installed files are whole: size first (cheap, catches truncation), then sha256.

use crate::catalogue::{self, SetSpec};
use crate::error::DataError;
use crate::receipt::{FileRecord, Receipt};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Size and lower-case hex sha256 of a file, read in 1 MiB blocks.
pub fn sha256_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buffer[..n]);
    }
    Ok((total, hex::encode(hasher.finalize())))
}

/// Where a set lives under a data root.
pub fn set_dir(root: &Path, set: &str) -> PathBuf {
    root.join(set)
}

/// Check one file against its record: `Err(reason)` names what is wrong.
pub fn check_record(set_dir: &Path, record: &FileRecord) -> Result<(), String> {
    let path = set_dir.join(&record.path);
    let size = match std::fs::metadata(&path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err("missing".into()),
        Err(e) => return Err(format!("unreadable: {e}")),
    };
    if size != record.bytes {
        let what = if size < record.bytes {
            "truncated"
        } else {
            "wrong size"
        };
        return Err(format!("{what}: {size} bytes, expected {}", record.bytes));
    }
    let (_, sha) = sha256_file(&path).map_err(|e| format!("unreadable: {e}"))?;
    if sha != record.sha256 {
        return Err(format!(
            "sha256 {} does not match the recorded {}",
            &sha[..12],
            &record.sha256[..12]
        ));
    }
    Ok(())
}

/// The receipt of an installed set under `root`, checked against today's catalogue.
pub fn installed(root: &Path, set: &str) -> Result<(&'static SetSpec, Receipt), DataError> {
    let spec = catalogue::set(set)?;
    let receipt = Receipt::read(&set_dir(root, set), set)?;
    if let Err(reason) = receipt.matches(spec) {
        return Err(DataError::Outdated {
            set: set.to_string(),
            installed: receipt.package.clone(),
            expected: format!("{} ({reason})", spec.package().spec()),
        });
    }
    Ok((spec, receipt))
}

/// The path of `file` in installed set `set` under `root`, after proving it is whole.
///
/// Errors say what to run: not installed → fetch; truncated or changed → fetch --force.
pub fn installed_file(root: &Path, set: &str, file: &str) -> Result<PathBuf, DataError> {
    let (spec, receipt) = installed(root, set)?;
    let Some(record) = receipt.file(file) else {
        return Err(DataError::NoSuchFile {
            set: set.to_string(),
            file: file.to_string(),
            files: spec.files().join(", "),
        });
    };
    let dir = set_dir(root, set);
    check_record(&dir, record).map_err(|reason| DataError::Corrupt {
        set: set.to_string(),
        file: dir.join(file),
        reason,
    })?;
    Ok(dir.join(file))
}

/// One problem `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (or the set's folder).
    pub file: PathBuf,
    /// What is wrong.
    pub reason: String,
}

/// Re-hash every file of an installed set; an empty list means all is well.
pub fn verify_set(root: &Path, set: &str) -> Result<Vec<Problem>, DataError> {
    let spec = catalogue::set(set)?;
    let dir = set_dir(root, set);
    let receipt = Receipt::read(&dir, set)?;
    let mut problems = Vec::new();
    if let Err(reason) = receipt.matches(spec) {
        problems.push(Problem {
            file: dir.clone(),
            reason: format!("outdated: {reason}"),
        });
    }
    for record in &receipt.files {
        if let Err(reason) = check_record(&dir, record) {
            problems.push(Problem {
                file: dir.join(&record.path),
                reason,
            });
        }
    }
    Ok(problems)
}

/// Whether a set looks installed and current, without hashing (sizes only): fast enough for setup.
pub fn is_installed_quick(root: &Path, set: &str) -> bool {
    let Ok(spec) = catalogue::set(set) else {
        return false;
    };
    let dir = set_dir(root, set);
    let Ok(receipt) = Receipt::read(&dir, set) else {
        return false;
    };
    receipt.matches(spec).is_ok()
        && receipt.files.iter().all(|r| {
            std::fs::metadata(dir.join(&r.path))
                .map(|m| m.len() == r.bytes)
                .unwrap_or(false)
        })
}
