//! `ferrolab test`: the project's own test suite, exactly as CI runs it.
//!
//! Set up (idempotent, with every data set and model weight), then `cargo fmt --check`, `cargo clippy -D warnings`,
//! and `cargo test` for the workspace. The notebook tests inside `cargo test`
//! run every notebook through the real kernel, so setup must come first.
//!
//! `cargo test` runs twice: the course crates together, then the CLI alone.
//! Cargo unifies features over the packages it builds; the CLI's file watcher
//! switches on features of crates polars also uses (mio's `log`), which would
//! give polars a different hash from the kernels' build and compile it again.
//! Kept apart, the course crates reuse exactly what setup compiled for the kernels.

use crate::cli::{SetupArgs, TestArgs};
use crate::project::Project;
use crate::setup;
use crate::steps::human;
use anyhow::{bail, Context, Result};
use std::process::Command;
use std::time::Instant;

/// Every workspace package but the CLI (tested on its own) and the learner's `exercises`
/// (which fail until solved, by design; the proofs in `tests/` cover their stubs).
const COURSE_PACKAGES: &[&str] = &[
    "ferrolab",
    "ferrolab-build",
    "ferrolab-course",
    "ferrolab-grade",
    "ferrolab-data",
    "solutions",
    "ferrolab-tests",
];

fn cargo(project: &Project, args: &[&str], extra: &[String]) -> Result<()> {
    let started = Instant::now();
    eprintln!(
        "\n$ cargo {}{}",
        args.join(" "),
        if extra.is_empty() {
            String::new()
        } else {
            format!(" {}", extra.join(" "))
        }
    );
    let status = Command::new("cargo")
        .args(args)
        .args(extra)
        .current_dir(&project.root)
        .status()
        .context("running cargo")?;
    eprintln!(
        "(cargo {} took {})",
        args.first().copied().unwrap_or(""),
        human(started.elapsed())
    );
    if !status.success() {
        bail!("`cargo {}` failed", args.join(" "));
    }
    Ok(())
}

/// Run everything; an error names the step that failed.
pub fn run(project: &Project, args: &TestArgs) -> Result<()> {
    let started = Instant::now();
    // Stage 5 runs on the model weights a learner fetches on demand; the tests need them all.
    let setup_args = SetupArgs {
        all_data: true,
        ..SetupArgs::default()
    };
    setup::run(project, &setup_args)?;
    if !args.no_lint {
        cargo(project, &["fmt", "--all", "--", "--check"], &[])?;
        cargo(
            project,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )?;
    }
    let mut extra = Vec::new();
    if !args.cargo_args.is_empty() {
        extra.push("--".to_string());
        extra.extend(args.cargo_args.iter().cloned());
    }
    let mut course = vec!["test"];
    for package in COURSE_PACKAGES {
        course.extend(["-p", package]);
    }
    cargo(project, &course, &extra)?;
    cargo(project, &["test", "-p", "ferrolab-cli"], &extra)?;
    eprintln!(
        "\nferrolab test: everything passed in {}",
        human(started.elapsed())
    );
    Ok(())
}
