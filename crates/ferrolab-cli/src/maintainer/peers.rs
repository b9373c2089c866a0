//! The two programs every library benchmark pairs: a Python peer in the venv
//! (`kernel/<name>.py`) and a Rust example of the `ferrolab` crate. Each prints its JSON
//! report on stdout; a failure becomes an error that says what to run or read.

use crate::project::Project;
use anyhow::{bail, Context, Result};
use serde::de::DeserializeOwned;
use std::ffi::OsStr;
use std::process::{Command, Stdio};

/// Run `kernel/<script>` with the venv's Python; its stdout on success, its stderr in the error.
pub fn python<I, S>(project: &Project, script: &str, library: &str, args: I) -> Result<Vec<u8>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(project.python())
        .arg(project.root.join("kernel").join(script))
        .args(args)
        .output()
        .with_context(|| {
            format!(
                "running {} (is the venv set up? `./ferrolab setup`)",
                project.python().display()
            )
        })?;
    if !output.status.success() {
        bail!(
            "the {library} benchmark failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// `cargo <verb> --quiet --example <example> --features <feature> -p ferrolab`.
fn cargo(project: &Project, verb: &str, example: &str, feature: &str) -> Command {
    let mut command = Command::new("cargo");
    command.current_dir(&project.root).args([
        verb,
        "--quiet",
        "--example",
        example,
        "--features",
        feature,
        "-p",
        "ferrolab",
    ]);
    command
}

/// Build the example first, so that no build time falls inside a timed run.
pub fn build_example(project: &Project, example: &str, feature: &str, library: &str) -> Result<()> {
    eprintln!(
        "{library}: cargo build --example {example} --features {feature} -p ferrolab (the first build takes a while)"
    );
    let status = cargo(project, "build", example, feature)
        .status()
        .context("running cargo (is Rust installed?)")?;
    if !status.success() {
        bail!("building the {library} benchmark failed (its errors are above)");
    }
    Ok(())
}

/// Run the example with `args`; its stdout on success. `cargo run` (after
/// [`build_example`], nothing is left to build) sets up the library path that the
/// `-Cprefer-dynamic` binary needs for Rust's own shared libraries.
pub fn run_example<I, S>(
    project: &Project,
    example: &str,
    feature: &str,
    library: &str,
    args: I,
) -> Result<Vec<u8>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = cargo(project, "run", example, feature)
        .arg("--")
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo (is Rust installed?)")?;
    if !output.status.success() {
        bail!("the {library} benchmark failed (its errors are above)");
    }
    Ok(output.stdout)
}

/// A program's JSON report; the error quotes the start of what it printed instead.
pub fn parse_report<T: DeserializeOwned>(what: &str, stdout: &[u8]) -> Result<T> {
    serde_json::from_slice(stdout).with_context(|| {
        let text = String::from_utf8_lossy(stdout);
        format!(
            "reading the {what} report (expected JSON on stdout, got: {})",
            text.chars().take(300).collect::<String>()
        )
    })
}
