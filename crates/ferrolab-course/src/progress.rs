//! The learner's progress: one JSON file shared by notebooks, `cargo test` and the CLI.
//!
//! - Keyed by exercise id, never by notebook cell, so deleting or reordering cells
//!   loses nothing.
//! - Every change is a read-modify-write under an exclusive lock on a sidecar
//!   `progress.json.lock` (a kernel and the CLI may grade at the same moment), and
//!   the new file replaces the old one by rename, so a crash mid-write leaves the
//!   previous version whole.
//! - A file that does not parse is moved aside to `progress.json.corrupt-<time>`
//!   and a fresh one is started, with a warning naming the backup: never a crash,
//!   never a silent loss. Fields this version does not know are kept as they are.

use crate::verdict::VerdictKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};
use thiserror::Error;

/// The format version written into new files.
pub const FORMAT_VERSION: u32 = 1;

/// Everything recorded about a learner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The file format's version.
    #[serde(default = "format_version")]
    pub version: u32,
    /// Per exercise id.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
    /// Fields written by a newer ferrolab, kept untouched.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

fn format_version() -> u32 {
    FORMAT_VERSION
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: FORMAT_VERSION,
            exercises: BTreeMap::new(),
            other: BTreeMap::new(),
        }
    }
}

impl Progress {
    /// The record of one exercise (a default one if it was never touched).
    pub fn get(&self, id: &str) -> ExerciseProgress {
        self.exercises.get(id).cloned().unwrap_or_default()
    }

    /// The record of one exercise, created if needed.
    pub fn entry(&mut self, id: &str) -> &mut ExerciseProgress {
        self.exercises.entry(id.to_string()).or_default()
    }

    /// Whether the exercise has ever passed (and was not reset since).
    pub fn passed(&self, id: &str) -> bool {
        self.exercises.get(id).is_some_and(ExerciseProgress::passed)
    }
}

/// What is recorded about one exercise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    /// How many times it was graded, from any front door.
    #[serde(default)]
    pub attempts: u32,
    /// The last verdict: a [`VerdictKind`]'s name (`passed`, `incorrect`, `not-attempted`,
    /// `panicked`, `timed-out`, `cannot-grade`), kept as text so that a kind a newer
    /// ferrolab adds does not make this file unreadable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_verdict: Option<String>,
    /// When it was last graded (seconds since 1970).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt_at: Option<u64>,
    /// When it first passed; cleared by `ferrolab reset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed_at: Option<u64>,
    /// How many hint tiers have been revealed.
    #[serde(default)]
    pub hints_revealed: u32,
    /// When the reference solution was first shown, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_viewed_at: Option<u64>,
    /// Fields written by a newer ferrolab, kept untouched.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl ExerciseProgress {
    /// Whether it has passed since it was last reset.
    pub fn passed(&self) -> bool {
        self.passed_at.is_some()
    }

    /// Record one grading.
    pub fn record_attempt(&mut self, verdict: VerdictKind) {
        let now = now();
        self.attempts += 1;
        self.last_verdict = Some(verdict.as_str().to_string());
        self.last_attempt_at = Some(now);
        if verdict.passed() && self.passed_at.is_none() {
            self.passed_at = Some(now);
        }
    }

    /// Reveal the next hint tier, up to `available`; returns the tier now shown (1-based).
    pub fn reveal_hint(&mut self, available: usize) -> usize {
        let available = u32::try_from(available).unwrap_or(u32::MAX);
        self.hints_revealed = (self.hints_revealed + 1).min(available);
        self.hints_revealed as usize
    }

    /// Note that the reference solution was shown.
    pub fn record_solution_viewed(&mut self) {
        self.solution_viewed_at.get_or_insert_with(now);
    }
}

/// Seconds since 1970.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The progress file could not be read or written.
#[derive(Debug, Error)]
pub enum ProgressError {
    /// A file-system operation failed.
    #[error("could not {action} {path}: {source}; set FERROLAB_HOME to a writable folder if this one cannot be used")]
    Io {
        /// What was being done, e.g. "write".
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A corrupt file that was moved aside: say so to the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Where the unreadable file was moved.
    pub backup: PathBuf,
    /// What was wrong with it.
    pub problem: String,
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "warning: your progress file could not be read ({}); it was moved to {} and a new one was started. \
             Your old progress is in that backup; nothing was deleted.",
            self.problem,
            self.backup.display()
        )
    }
}

/// The result of a read or an update.
#[derive(Debug, Clone)]
pub struct Outcome<T> {
    /// The progress (after the change, for an update).
    pub progress: Progress,
    /// What the change closure returned.
    pub value: T,
    /// Set when a corrupt file was backed up and replaced.
    pub recovered: Option<Recovery>,
}

/// The progress file and its lock.
#[derive(Debug, Clone)]
pub struct ProgressStore {
    path: PathBuf,
}

impl ProgressStore {
    /// The learner's file: `ferrolab_data::dirs::progress_file()` (`FERROLAB_HOME` moves it).
    pub fn for_learner() -> ProgressStore {
        ProgressStore {
            path: ferrolab_data::dirs::progress_file(),
        }
    }

    /// A store at `path` (tests use a temporary folder).
    pub fn at(path: impl Into<PathBuf>) -> ProgressStore {
        ProgressStore { path: path.into() }
    }

    /// The JSON file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read the progress (a missing file is empty progress).
    pub fn load(&self) -> Result<Outcome<()>, ProgressError> {
        self.locked(|path| {
            let (progress, recovered) = read_or_recover(path)?;
            if recovered.is_some() {
                write_atomically(path, &progress)?;
            }
            Ok(Outcome {
                progress,
                value: (),
                recovered,
            })
        })
    }

    /// Read, change and write back, all under the lock.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Progress) -> T,
    ) -> Result<Outcome<T>, ProgressError> {
        self.locked(|path| {
            let (mut progress, recovered) = read_or_recover(path)?;
            let value = change(&mut progress);
            write_atomically(path, &progress)?;
            Ok(Outcome {
                progress,
                value,
                recovered,
            })
        })
    }

    fn locked<T>(
        &self,
        work: impl FnOnce(&Path) -> Result<T, ProgressError>,
    ) -> Result<T, ProgressError> {
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(io("create", dir))?;
        let lock_path = sibling(&self.path, ".lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io("open", &lock_path))?;
        lock.lock().map_err(io("lock", &lock_path))?;
        let result = work(&self.path);
        // Closing the file releases the lock too; unlocking first just makes it prompt.
        let _ = lock.unlock();
        result
    }
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> ProgressError {
    let path = path.to_path_buf();
    move |source| ProgressError::Io {
        action,
        path,
        source,
    }
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "progress.json".into());
    name.push(suffix);
    path.with_file_name(name)
}

/// Parse the file; if it does not parse, move it aside and start fresh.
fn read_or_recover(path: &Path) -> Result<(Progress, Option<Recovery>), ProgressError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Progress::default(), None))
        }
        Err(e) => {
            return Err(ProgressError::Io {
                action: "read",
                path: path.to_path_buf(),
                source: e,
            })
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok((Progress::default(), None));
    }
    match serde_json::from_slice::<Progress>(&bytes) {
        Ok(progress) => Ok((progress, None)),
        Err(error) => {
            let backup = free_backup_name(path);
            fs::rename(path, &backup).map_err(io("back up", path))?;
            Ok((
                Progress::default(),
                Some(Recovery {
                    backup,
                    problem: error.to_string(),
                }),
            ))
        }
    }
}

fn free_backup_name(path: &Path) -> PathBuf {
    let stamp = now();
    let mut candidate = sibling(path, &format!(".corrupt-{stamp}"));
    let mut n = 1;
    while candidate.exists() {
        candidate = sibling(path, &format!(".corrupt-{stamp}-{n}"));
        n += 1;
    }
    candidate
}

/// Write to a temporary file next to `path`, flush it to disk, then rename over `path`.
fn write_atomically(path: &Path, progress: &Progress) -> Result<(), ProgressError> {
    let mut text = serde_json::to_string_pretty(progress).map_err(|e| ProgressError::Io {
        action: "encode",
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    text.push('\n');
    let temp = sibling(path, &format!(".tmp-{}", std::process::id()));
    let mut file = File::create(&temp).map_err(io("create", &temp))?;
    file.write_all(text.as_bytes())
        .map_err(io("write", &temp))?;
    file.sync_all().map_err(io("flush", &temp))?;
    drop(file);
    fs::rename(&temp, path).map_err(io("replace", path))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, ProgressStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::at(dir.path().join("home/progress.json"));
        (dir, store)
    }

    #[test]
    fn a_missing_file_is_empty_progress_and_updates_persist() {
        let (_dir, store) = store();
        assert!(store.load().unwrap().progress.exercises.is_empty());
        store
            .update(|p| {
                p.entry("math/dot-product")
                    .record_attempt(VerdictKind::Incorrect)
            })
            .unwrap();
        store
            .update(|p| {
                p.entry("math/dot-product")
                    .record_attempt(VerdictKind::Passed)
            })
            .unwrap();
        let progress = store.load().unwrap().progress;
        let dot = progress.get("math/dot-product");
        assert_eq!(dot.attempts, 2);
        assert!(dot.passed());
        assert_eq!(dot.last_verdict.as_deref(), Some("passed"));
        assert!(!progress.passed("math/matmul-loops"));
    }

    #[test]
    fn hints_advance_one_tier_and_stop_at_the_last() {
        let (_dir, store) = store();
        let tiers: Vec<usize> = (0..4)
            .map(|_| {
                store
                    .update(|p| p.entry("math/x").reveal_hint(3))
                    .unwrap()
                    .value
            })
            .collect();
        assert_eq!(tiers, [1, 2, 3, 3]);
    }

    #[test]
    fn a_corrupt_file_is_backed_up_and_replaced_with_a_warning() {
        let (_dir, store) = store();
        store
            .update(|p| p.entry("math/a").record_attempt(VerdictKind::Passed))
            .unwrap();
        fs::write(store.path(), "{ \"exercises\": { truncated").unwrap();
        let outcome = store
            .update(|p| p.entry("math/b").record_attempt(VerdictKind::Incorrect))
            .unwrap();
        let recovery = outcome
            .recovered
            .expect("the corrupt file must be reported");
        assert_eq!(
            fs::read_to_string(&recovery.backup).unwrap(),
            "{ \"exercises\": { truncated"
        );
        assert!(
            recovery.to_string().contains("nothing was deleted"),
            "{recovery}"
        );
        let progress = store.load().unwrap();
        assert!(progress.recovered.is_none());
        assert_eq!(progress.progress.get("math/b").attempts, 1);
    }

    #[test]
    fn fields_from_a_newer_version_survive_a_write() {
        let (_dir, store) = store();
        fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        fs::write(
            store.path(),
            r#"{"version": 1, "streak": 4, "exercises": {"math/a": {"attempts": 2, "mood": "happy"}}}"#,
        )
        .unwrap();
        store
            .update(|p| p.entry("math/a").record_attempt(VerdictKind::Passed))
            .unwrap();
        let text = fs::read_to_string(store.path()).unwrap();
        assert!(
            text.contains("\"streak\": 4") && text.contains("\"mood\": \"happy\""),
            "{text}"
        );
        assert!(text.contains("\"attempts\": 3"), "{text}");
    }

    #[test]
    fn concurrent_writers_lose_no_update() {
        let (_dir, store) = store();
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let store = store.clone();
                std::thread::spawn(move || {
                    for _ in 0..10 {
                        store
                            .update(|p| p.entry("math/a").record_attempt(VerdictKind::Incorrect))
                            .unwrap();
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(store.load().unwrap().progress.get("math/a").attempts, 80);
    }
}
