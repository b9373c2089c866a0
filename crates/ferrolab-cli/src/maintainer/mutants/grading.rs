//! Grading the built mutants: the runner binary over each exercise's mutants, two
//! exercises at a time (the machines have two cores).
//!
//! A mutant can abort the whole process (a huge allocation, a stack overflow): the
//! runner prints `start <n>` before grading each, so the driver knows which one did
//! it, counts it as killed (the learner would have seen their kernel die, not a pass)
//! and starts the runner again on the rest.

use crate::project::HOST_TARGET;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read as _, Seek as _, SeekFrom};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// What the checks made of one mutant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The check said anything but Passed; the verdict kind and its first line.
    Killed(String),
    /// The check said Passed.
    Survived,
    /// The check could not grade (missing data): neither killed nor survived.
    NotGraded(String),
}

/// Grade every group (one exercise's mutant numbers each), `jobs` groups at a time.
pub fn grade(
    binary: &Path,
    groups: Vec<Vec<usize>>,
    jobs: usize,
) -> Result<BTreeMap<usize, Outcome>> {
    let library_path = library_path()?;
    let queue = Mutex::new(groups.into_iter().rev().collect::<Vec<_>>());
    let results = Mutex::new(BTreeMap::new());
    let errors = Mutex::new(Vec::new());
    let (queue, results, errors, library_path) = (&queue, &results, &errors, &library_path);
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            let next = move || queue.lock().map(|mut q| q.pop()).ok().flatten();
            scope.spawn(move || {
                while let Some(group) = next() {
                    match grade_group(binary, library_path, &group) {
                        Ok(outcomes) => {
                            if let Ok(mut all) = results.lock() {
                                all.extend(outcomes);
                            }
                        }
                        Err(e) => {
                            if let Ok(mut errors) = errors.lock() {
                                errors.push(format!("{e:#}"));
                            }
                        }
                    }
                }
            });
        }
    });
    let errors = std::mem::take(
        &mut *errors
            .lock()
            .map_err(|_| anyhow::anyhow!("a grading thread panicked"))?,
    );
    if let Some(first) = errors.first() {
        anyhow::bail!("grading mutants failed: {first}");
    }
    let results = std::mem::take(
        &mut *results
            .lock()
            .map_err(|_| anyhow::anyhow!("a grading thread panicked"))?,
    );
    Ok(results)
}

/// Grade one group, restarting the runner after a mutant that kills it.
fn grade_group(
    binary: &Path,
    library_path: &str,
    group: &[usize],
) -> Result<BTreeMap<usize, Outcome>> {
    let mut outcomes = BTreeMap::new();
    let mut remaining: Vec<usize> = group.to_vec();
    while !remaining.is_empty() {
        // A file, not a pipe: nobody reads stderr while the runner works, and panicking
        // mutants can write more than a pipe holds.
        let mut stderr = tempfile::tempfile().context("a file for the runner's stderr")?;
        let mut child = Command::new(binary)
            .args(remaining.iter().map(usize::to_string))
            .env("LD_LIBRARY_PATH", library_path)
            .stdout(Stdio::piped())
            .stderr(
                stderr
                    .try_clone()
                    .context("a file for the runner's stderr")?,
            )
            .spawn()
            .with_context(|| format!("running {}", binary.display()))?;
        let stdout = child.stdout.take().context("the runner's output")?;
        let mut running = None;
        for line in BufReader::new(stdout).lines() {
            let line = line.context("reading the runner's output")?;
            let fields: Vec<&str> = line.splitn(4, '\t').collect();
            match fields.as_slice() {
                ["start", number, ..] => running = number.parse::<usize>().ok(),
                ["done", number, kind, message] => {
                    let number: usize = number.parse().context("a mutant number")?;
                    outcomes.insert(number, outcome(kind, message));
                    running = None;
                }
                _ => {}
            }
        }
        let status = child.wait().context("waiting for the runner")?;
        let Some(crashed) = running else {
            let missing: Vec<&usize> = remaining
                .iter()
                .filter(|n| !outcomes.contains_key(n))
                .collect();
            if let Some(first) = missing.first() {
                let mut text = String::new();
                let _ = stderr.seek(SeekFrom::Start(0));
                let _ = stderr.read_to_string(&mut text);
                bail!("the runner stopped before mutant {first} ({status}):\n{text}");
            }
            break;
        };
        outcomes.insert(
            crashed,
            Outcome::Killed(format!("Crashed: the runner {status}")),
        );
        remaining.retain(|n| !outcomes.contains_key(n));
    }
    Ok(outcomes)
}

/// The runner is built with `-Cprefer-dynamic` (.cargo/config.toml), as cargo test's
/// binaries are: it needs the toolchain's `libstd` on the library path, as cargo gives it.
fn library_path() -> Result<String> {
    let output = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .context("running rustc --print sysroot")?;
    let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let mut path = format!("{sysroot}/lib/rustlib/{HOST_TARGET}/lib:{sysroot}/lib");
    if let Ok(existing) = std::env::var("LD_LIBRARY_PATH") {
        path = format!("{path}:{existing}");
    }
    Ok(path)
}

/// The outcome of one `done` line.
fn outcome(kind: &str, message: &str) -> Outcome {
    match kind {
        "Passed" => Outcome::Survived,
        "CannotGrade" => Outcome::NotGraded(message.to_string()),
        _ => Outcome::Killed(format!("{kind}: {message}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_passed_survives_and_missing_data_is_not_counted() {
        assert_eq!(outcome("Passed", "All checks passed"), Outcome::Survived);
        assert!(matches!(outcome("Incorrect", "x"), Outcome::Killed(_)));
        assert!(matches!(outcome("TimedOut", "x"), Outcome::Killed(_)));
        assert!(matches!(outcome("CannotGrade", "x"), Outcome::NotGraded(_)));
    }
}
