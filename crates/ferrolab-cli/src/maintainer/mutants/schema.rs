//! Every mutant compiled into one binary (`tests/mutants`), "mutant schemata" style.
//!
//! Building one test binary per mutant, as cargo-mutants does, would relink polars and
//! libtorch for each of about two thousand mutants (minutes each on two cores). Instead
//! each mutant becomes a module of the `ferrolab-mutants` crate and the crate is built
//! once; a mutant that does not compile (rustc names its file) is dropped as unviable
//! and the crate is built again without it.

use super::Numbered;
use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the generated modules go (ignored by git; removed after a run).
pub fn generated_dir(root: &Path) -> PathBuf {
    root.join("tests/mutants/generated")
}

/// Write every mutant's module file; the table is written by [`write_table`].
pub fn write_modules(root: &Path, mutants: &[Numbered]) -> Result<()> {
    let dir = generated_dir(root);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for m in mutants {
        let path = dir.join(format!("{}.rs", module_name(m.number)));
        std::fs::write(&path, &m.mutant.source)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The module a mutant lives in.
fn module_name(number: usize) -> String {
    format!("m{number:04}")
}

/// The mutant number named by a generated file's path, if it is one.
fn number_of(file: &str) -> Option<usize> {
    let name = Path::new(file).file_stem()?.to_str()?;
    if !file.contains("generated") {
        return None;
    }
    name.strip_prefix('m')?.parse().ok()
}

/// The table of the mutants still in the build: one module each, and how to grade it.
fn write_table(root: &Path, mutants: &[&Numbered]) -> Result<()> {
    let dir = generated_dir(root);
    let mut code = String::from("// Written by `ferrolab dev mutants`; removed after the run.\n\n");
    for m in mutants {
        let path = dir.join(format!("{}.rs", module_name(m.number)));
        let _ = writeln!(
            code,
            "#[path = {:?}]\n#[allow(warnings, clippy::all)]\nmod {};",
            path.display().to_string(),
            module_name(m.number)
        );
    }
    code.push_str(
        "\n/// Every mutant in this build.\n#[allow(unused_imports)]\n\
         pub fn mutants() -> Vec<Mutant> {\n    use ferrolab::grade::traits::*;\n    vec![\n",
    );
    for m in mutants {
        let _ = writeln!(
            code,
            "        Mutant {{ number: {n}, exercise: {id:?}, grade: |g| \
             ferrolab::grade::checks::{path}(g, {module}::{arg}) }},",
            n = m.number,
            id = m.exercise.id,
            path = m.exercise.module_path(),
            module = module_name(m.number),
            arg = m.exercise.check_with(),
        );
    }
    code.push_str("    ]\n}\n");
    let table = dir.join("mutants.rs");
    std::fs::write(&table, code).with_context(|| format!("writing {}", table.display()))
}

/// What one `cargo build` said: the runner binary, or the mutants that failed to compile.
enum Build {
    Built(PathBuf),
    Unviable(BTreeSet<usize>),
}

/// Build the runner with every viable mutant; return its path and the unviable mutants.
pub fn build(root: &Path, mutants: &[Numbered]) -> Result<(PathBuf, BTreeSet<usize>)> {
    let mut unviable = BTreeSet::new();
    for round in 1..=6 {
        let kept: Vec<&Numbered> = mutants
            .iter()
            .filter(|m| !unviable.contains(&m.number))
            .collect();
        write_table(root, &kept)?;
        println!(
            "Building the mutants' runner with {} mutants (round {round})…",
            kept.len()
        );
        match cargo_build(root)? {
            Build::Built(binary) => return Ok((binary, unviable)),
            Build::Unviable(failed) => {
                println!("  {} mutants do not compile: unviable", failed.len());
                unviable.extend(failed);
            }
        }
    }
    bail!("the mutants' runner still fails to build after six rounds of dropping unviable mutants")
}

/// One `cargo build -p ferrolab-mutants`, read through cargo's JSON messages.
fn cargo_build(root: &Path) -> Result<Build> {
    let mut child = Command::new("cargo")
        .args(["build", "-p", "ferrolab-mutants", "--message-format=json"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("running cargo build -p ferrolab-mutants")?;
    let stdout = child.stdout.take().context("cargo's output")?;
    let (mut binary, mut failed, mut other_errors) = (None, BTreeSet::new(), Vec::new());
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading cargo's output")?;
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") if message["target"]["name"] == "ferrolab-mutants" => {
                binary = message["executable"].as_str().map(PathBuf::from);
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let numbers: BTreeSet<usize> = spans(&message["message"])
                    .filter_map(|file| number_of(&file))
                    .collect();
                if numbers.is_empty() {
                    other_errors.push(
                        message["message"]["rendered"]
                            .as_str()
                            .unwrap_or("")
                            .to_string(),
                    );
                }
                failed.extend(numbers);
            }
            _ => {}
        }
    }
    let status = child.wait().context("waiting for cargo")?;
    if !failed.is_empty() {
        return Ok(Build::Unviable(failed));
    }
    match binary {
        Some(binary) if status.success() => Ok(Build::Built(binary)),
        _ => bail!(
            "building the mutants' runner failed outside any mutant:\n{}",
            other_errors.join("\n")
        ),
    }
}

/// The files a diagnostic points at, its children's included.
fn spans(message: &serde_json::Value) -> impl Iterator<Item = String> + '_ {
    let own = message["spans"].as_array().into_iter().flatten();
    let children = message["children"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["spans"].as_array().into_iter().flatten());
    own.chain(children)
        .filter_map(|span| span["file_name"].as_str().map(str::to_string))
}

/// Remove the generated modules, so the workspace's own builds compile an empty table.
pub fn clean(root: &Path) {
    let _ = std::fs::remove_dir_all(generated_dir(root));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_file_names_its_mutant() {
        assert_eq!(
            number_of("/work/tests/mutants/generated/m0042.rs"),
            Some(42)
        );
        assert_eq!(number_of("crates/ferrolab-grade/src/compare.rs"), None);
        assert_eq!(number_of("/work/tests/mutants/generated/mutants.rs"), None);
    }
}
