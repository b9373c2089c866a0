//! Where ferrolab keeps things on the learner's machine.
//!
//! | what | default | override |
//! |---|---|---|
//! | learner home (progress, data) | `$XDG_DATA_HOME/ferrolab`, else `~/.local/share/ferrolab` | `FERROLAB_HOME` |
//! | data sets and weights | `<home>/data` | `FERROLAB_DATA` |
//! | caches (downloads, tools, kernel builds) | `$XDG_CACHE_HOME/ferrolab`, else `~/.cache/ferrolab` | `FERROLAB_CACHE` |
//!
//! Caches can be deleted at any time (they are rebuilt); the home holds the
//! learner's progress and must not be.

use std::env;
use std::path::PathBuf;

/// Moves the learner's home (progress, backups, data). Listed with every other variable in
/// `ferrolab_course::env`; defined here because this crate sits below the course crate.
pub const FERROLAB_HOME: &str = "FERROLAB_HOME";
/// Moves the data sets and model weights (default `<home>/data`).
pub const FERROLAB_DATA: &str = "FERROLAB_DATA";
/// Moves the caches: downloads, the evcxr binary, kernel build directories.
pub const FERROLAB_CACHE: &str = "FERROLAB_CACHE";

fn from_env(name: &str) -> Option<PathBuf> {
    env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn user_home() -> PathBuf {
    from_env("HOME").unwrap_or_else(|| PathBuf::from("/tmp"))
}

/// The learner's ferrolab home: progress and data live here.
pub fn home() -> PathBuf {
    from_env(FERROLAB_HOME)
        .or_else(|| from_env("XDG_DATA_HOME").map(|d| d.join("ferrolab")))
        .unwrap_or_else(|| user_home().join(".local/share/ferrolab"))
}

/// Where data sets and model weights are installed.
pub fn data_dir() -> PathBuf {
    from_env(FERROLAB_DATA).unwrap_or_else(|| home().join("data"))
}

/// The progress file shared by notebooks, `cargo test` and the CLI.
pub fn progress_file() -> PathBuf {
    home().join("progress.json")
}

/// Caches: downloaded packages, the evcxr binary, kernel build directories.
pub fn cache_dir() -> PathBuf {
    from_env(FERROLAB_CACHE)
        .or_else(|| from_env("XDG_CACHE_HOME").map(|d| d.join("ferrolab")))
        .unwrap_or_else(|| user_home().join(".cache/ferrolab"))
}

/// Downloaded registry packages (wheels, tarballs, .debs), kept so a re-fetch needs no network.
pub fn downloads_dir() -> PathBuf {
    cache_dir().join("downloads")
}
