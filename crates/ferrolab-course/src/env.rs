//! Every `FERROLAB_*` environment variable, in one list.
//!
//! The exercise loop crosses process boundaries: `ferrolab check` starts `cargo test`,
//! whose test leaves a verdict file for it; the kernel launcher starts evcxr, whose
//! cells read the front end; `kernel/nbrun.py` starts kernels. Each pair agrees on a
//! variable's name only if both sides spell it the same way, so every Rust crate
//! names these constants instead of writing the string, and a test below fails when a
//! literal `"FERROLAB_…"` appears anywhere else (or when `nbrun.py` reads one that is
//! not listed here). This crate is the lowest one both the CLI and the kernel-side
//! crates (`ferrolab`, `ferrolab-grade`) depend on.
//!
//! The data crate sits below this one and owns its three directory variables; they are
//! re-exported here, not repeated.

pub use ferrolab_data::dirs::{FERROLAB_CACHE, FERROLAB_DATA, FERROLAB_HOME};

// --- Learners set these ----------------------------------------------------------------

/// `off` (or `0`, `false`) records nothing in the progress file: CI, benchmarks, and
/// `ferrolab` grading on behalf of a benchmark.
pub const FERROLAB_PROGRESS: &str = "FERROLAB_PROGRESS";

/// A positive number that multiplies every check's time limit (`3` on slow machines).
pub const FERROLAB_CHECK_TIME_SCALE: &str = "FERROLAB_CHECK_TIME_SCALE";

/// `always` or `never` overrides the guess (a terminal, no `NO_COLOR`) of whether verdict
/// cards are coloured; `ferrolab check` sets it for the `cargo test` it starts.
pub const FERROLAB_COLOR: &str = "FERROLAB_COLOR";

/// `cpu` makes `device()` pick the CPU even when CUDA is there (to compare speeds).
pub const FERROLAB_DEVICE: &str = "FERROLAB_DEVICE";

/// Where the terminal REPL writes charts and images (default `./ferrolab-plots`).
pub const FERROLAB_PLOTS_DIR: &str = "FERROLAB_PLOTS_DIR";

/// The course checkout the `ferrolab` command works on, when it is not the one the
/// binary was built from; the kernel launcher and the background pre-build pass it on.
pub const FERROLAB_ROOT: &str = "FERROLAB_ROOT";

/// The lock file whose versions a kernel's dependencies must resolve to (the workspace's
/// Cargo.lock): read by our patch to evcxr, set by the kernel launcher.
pub const FERROLAB_CARGO_LOCK: &str = "FERROLAB_CARGO_LOCK";

/// The error coach's cards as JSON (`kernel/evcxr/error-coach.toml`, rendered by the
/// kernel launcher): our patch to evcxr shows the matching card under a compile error.
pub const FERROLAB_ERROR_COACH: &str = "FERROLAB_ERROR_COACH";

/// The Python virtual environment (torch, JupyterLab) instead of `<root>/.venv`.
pub const FERROLAB_VENV: &str = "FERROLAB_VENV";

// --- The exercise loop sets these for its own children ---------------------------------

/// Where `ferrolab::grading::run_test` writes its [`crate::VerdictFile`]: `ferrolab
/// check` names a temporary file and reads the verdict back from it.
pub const FERROLAB_VERDICT_FILE: &str = "FERROLAB_VERDICT_FILE";

/// `1` (or `true`, `yes`) makes a `check!` that does not pass panic, so the notebook
/// test, which injects the reference solutions, fails on a check that fails.
pub const FERROLAB_CHECKS_MUST_PASS: &str = "FERROLAB_CHECKS_MUST_PASS";

// --- The kernel launcher and the notebook runner set these ------------------------------

/// `terminal` (or `repl`) renders values as text and files; anything else as Jupyter
/// MIME bundles. Set by the kernel launcher and the REPL.
pub const FERROLAB_FRONTEND: &str = "FERROLAB_FRONTEND";

/// Which kernel flavor (`math`, `ml`, `dl`, `full`) a kernel process belongs to, set in
/// its environment by the launcher so a cell or a bug report can tell.
pub const FERROLAB_KERNEL_FLAVOR: &str = "FERROLAB_KERNEL_FLAVOR";

/// The evcxr directory a kernel must use instead of taking a slot: the pre-build points
/// it at the template it is filling.
pub const FERROLAB_KERNEL_DIR: &str = "FERROLAB_KERNEL_DIR";

/// A file where `kernel/nbrun.py` sends the kernels' own output (evcxr's and cargo's).
pub const FERROLAB_KERNEL_LOG: &str = "FERROLAB_KERNEL_LOG";

/// Seconds `kernel/nbrun.py` waits for a kernel to start (the pre-build's includes the
/// whole compile, so it sets a week and watches for stalls itself).
pub const FERROLAB_KERNEL_START_TIMEOUT: &str = "FERROLAB_KERNEL_START_TIMEOUT";

/// Seconds `kernel/nbrun.py` waits after a cell for late output (panic messages); the
/// latency benchmark sets `0`.
pub const FERROLAB_LATE_OUTPUT_SECONDS: &str = "FERROLAB_LATE_OUTPUT_SECONDS";

/// How many notebooks `kernel/nbrun.py run` runs at once (each in its own kernel).
pub const FERROLAB_NOTEBOOK_JOBS: &str = "FERROLAB_NOTEBOOK_JOBS";

/// Every variable above, for documentation and for the test that keeps this list whole.
pub const ALL: &[&str] = &[
    FERROLAB_HOME,
    FERROLAB_DATA,
    FERROLAB_CACHE,
    FERROLAB_PROGRESS,
    FERROLAB_CHECK_TIME_SCALE,
    FERROLAB_COLOR,
    FERROLAB_DEVICE,
    FERROLAB_PLOTS_DIR,
    FERROLAB_ROOT,
    FERROLAB_ERROR_COACH,
    FERROLAB_VENV,
    FERROLAB_VERDICT_FILE,
    FERROLAB_CHECKS_MUST_PASS,
    FERROLAB_FRONTEND,
    FERROLAB_KERNEL_FLAVOR,
    FERROLAB_KERNEL_DIR,
    FERROLAB_KERNEL_LOG,
    FERROLAB_KERNEL_START_TIMEOUT,
    FERROLAB_LATE_OUTPUT_SECONDS,
    FERROLAB_NOTEBOOK_JOBS,
];

/// Whether a yes/no variable is set to yes (`1`, `true` or `yes`).
pub fn flag(name: &str) -> bool {
    matches!(
        std::env::var(name).as_deref(),
        Ok("1") | Ok("true") | Ok("yes")
    )
}

/// Whether [`FERROLAB_PROGRESS`] turns recording off (`off`, `0` or `false`).
pub fn progress_off() -> bool {
    matches!(
        std::env::var(FERROLAB_PROGRESS).as_deref(),
        Ok("off") | Ok("0") | Ok("false")
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    fn repository() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_name_is_listed_once_and_spelled_as_its_constant() {
        let unique: BTreeSet<&str> = ALL.iter().copied().collect();
        assert_eq!(unique.len(), ALL.len(), "a variable is listed twice");
        assert!(ALL.iter().all(|name| name.starts_with("FERROLAB_")));
    }

    /// A literal `"FERROLAB_…"` outside this list is a second spelling that can drift.
    #[test]
    fn no_crate_spells_a_variable_itself() {
        let needle = concat!('"', "FERROLAB_");
        let root = repository();
        let mut files = Vec::new();
        for dir in ["crates", "tests", "exercises", "solutions"] {
            rust_files(&root.join(dir), &mut files);
        }
        let allowed = [
            Path::new("crates/ferrolab-course/src/env.rs"),
            Path::new("crates/ferrolab-data/src/dirs.rs"),
        ];
        let offenders: Vec<String> = files
            .iter()
            .filter_map(|path| {
                let relative = path.strip_prefix(&root).ok()?;
                if allowed.contains(&relative) {
                    return None;
                }
                let text = std::fs::read_to_string(path).ok()?;
                text.contains(needle)
                    .then(|| relative.display().to_string())
            })
            .collect();
        assert!(
            offenders.is_empty(),
            "use the constants in ferrolab_course::env instead of spelling the name: {offenders:?}"
        );
    }

    /// The notebook runner is Python and cannot use the constants; it may read only listed names.
    #[test]
    fn the_notebook_runner_reads_only_listed_variables() {
        let text = std::fs::read_to_string(repository().join("kernel/nbrun.py")).unwrap();
        for (i, _) in text.match_indices("FERROLAB_") {
            let name: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            assert!(
                ALL.contains(&name.as_str()),
                "kernel/nbrun.py reads {name}, which is not in ferrolab_course::env"
            );
        }
    }
}
