//! Helpers shared by the integration tests: paths, and running notebooks through
//! `kernel/nbrun.py` with the project venv's Python.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("repository root")
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// What a notebook run printed and whether every notebook passed.
pub struct Run {
    /// Exit status 0.
    pub success: bool,
    /// stdout and stderr together.
    pub output: String,
}

/// Run `notebooks` through their kernels; `solutions` is a JSON file for exercise cells.
pub fn run_notebooks(notebooks: &[PathBuf], solutions: Option<&Path>) -> Run {
    let python = root().join(".venv/bin/python");
    assert!(
        python.exists(),
        "the project venv is missing ({}); run `./ferrolab setup` first",
        python.display()
    );
    // A failing check! on an injected solution must fail its cell, and test runs must
    // not write to the learner's progress file.
    let home = tempfile::tempdir().expect("temporary FERROLAB_HOME");
    let mut command = Command::new(python);
    command
        .arg(root().join("kernel/nbrun.py"))
        .arg("run")
        .args(notebooks)
        .arg("--jobs")
        .arg(notebook_jobs().to_string())
        .env(ferrolab::course::env::FERROLAB_CHECKS_MUST_PASS, "1")
        .env(ferrolab::course::env::FERROLAB_HOME, home.path())
        .env(ferrolab::course::env::FERROLAB_DATA, ferrolab_data_dir());
    if let Some(solutions) = solutions {
        command.arg("--solutions").arg(solutions);
    }
    let output = command.output().expect("running kernel/nbrun.py");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Run {
        success: output.status.success(),
        output: text,
    }
}

/// Notebooks run at once: one kernel per core (cells compile on one core each), at most 3
/// so that memory stays modest.
fn notebook_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 3))
}

/// The learner's data directory, pinned before FERROLAB_HOME is pointed elsewhere.
fn ferrolab_data_dir() -> PathBuf {
    ferrolab::data::catalogue::dirs::data_dir()
}
