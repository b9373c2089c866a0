//! Building evcxr's kernel and REPL with ferrolab's patch, once per machine, and where
//! the built binaries live.
//!
//! Stock evcxr 0.22.0 spends most of a cell's time outside the compiler with our prelude:
//! rust-analyzer runs before *every* cell (its first run loads the whole dependency graph,
//! about 20 s on 2 cores, between a notebook's start and its first result), and `cargo build`
//! checks every dependency for freshness (~0.4 s) before compiling a one-line cell.
//! `kernel/evcxr/ferrolab.patch` skips the analysis for cells that declare no variable,
//! runs it on a worker thread meanwhile, and replays the cell crate's recorded rustc
//! invocation while nothing cargo checks has changed (kernel/README.md has the measurements).
//! It also makes the Jupyter front end send output while a cell runs (`display_data`,
//! `update_display_data`), batch and cap long prints, and answer a panicking cell with an
//! `error` reply.
//!
//! The sources come from the crate registry through cargo (`cargo metadata` downloads them
//! and checks them against the index); each binary is built from its published `Cargo.lock`,
//! so every other dependency stays at the version evcxr was released with (a fresh
//! resolution picks salsa 0.28.5, which breaks evcxr's rust-analyzer crates).

use crate::process::{self, run_command};
use anyhow::{bail, Context, Result};
use ferrolab_data::dirs;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Our change to evcxr, applied to the registry's sources before building.
const PATCH: &str = include_str!("../../../kernel/evcxr/ferrolab.patch");

/// The evcxr version the kernel and REPL are built from (0.22.x works with rustc 1.95).
pub const EVCXR_VERSION: &str = "0.22.0";

/// Where the patched evcxr binaries are cached (outside any checkout: built once per machine).
/// The name carries a digest of the patch, so editing the patch makes setup rebuild.
pub fn evcxr_root() -> PathBuf {
    dirs::cache_dir().join(format!("evcxr-{EVCXR_VERSION}-ferrolab-{}", patch_digest()))
}

/// A short digest of the patch, part of the cache directory's name.
pub fn patch_digest() -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(PATCH.as_bytes())[..6])
}

/// The two evcxr front ends we build.
#[derive(Debug, Clone, Copy)]
pub enum Frontend {
    Jupyter,
    Repl,
}

impl Frontend {
    fn package(self) -> &'static str {
        match self {
            Frontend::Jupyter => "evcxr_jupyter",
            Frontend::Repl => "evcxr_repl",
        }
    }

    fn binary_name(self) -> &'static str {
        match self {
            Frontend::Jupyter => "evcxr_jupyter",
            Frontend::Repl => "evcxr",
        }
    }

    /// Where the built binary is cached.
    pub fn binary(self) -> PathBuf {
        evcxr_root().join("bin").join(self.binary_name())
    }
}

/// Build `frontend` with the patch unless the cached binary exists.
pub fn install(frontend: Frontend, bar: &indicatif::ProgressBar) -> Result<String> {
    let binary = frontend.binary();
    if binary.exists() {
        return Ok(format!(
            "{} {EVCXR_VERSION} (patched) cached at {}",
            frontend.package(),
            binary.display()
        ));
    }
    let sources = dirs::cache_dir().join("evcxr-sources");
    bar.set_message("locating evcxr's sources (cargo metadata)");
    let registry = registry_sources(&sources.join("locate"), frontend.package())?;
    bar.set_message("applying kernel/evcxr/ferrolab.patch");
    let evcxr = sources.join("evcxr");
    let front = sources.join(frontend.package());
    copy_fresh(&registry.evcxr, &evcxr)?;
    copy_fresh(&registry.frontend, &front)?;
    apply_patch(
        &sources,
        frontend.package(),
        &sources.join("ferrolab.patch"),
    )?;
    point_at_patched_evcxr(&front.join("Cargo.toml"))?;

    // Kept between builds, so the REPL reuses what the kernel's build compiled.
    let target = dirs::cache_dir().join("evcxr-build");
    let package = frontend.package();
    bar.set_message(format!(
        "cargo build {package} {EVCXR_VERSION} (8-13 minutes on 2 cores, once per machine)"
    ));
    process::run_streaming(
        Command::new("cargo")
            .args(["build", "--release", "--bin", frontend.binary_name()])
            .current_dir(&front)
            .env("CARGO_TARGET_DIR", &target)
            .envs(process::cargo_progress_env()),
        &format!("cargo build {package}"),
        |_, line| {
            if let Some(progress) = process::parse_cargo_progress(line) {
                bar.set_message(format!("{package}: {progress}"));
            }
        },
    )?;
    let built = target.join("release").join(frontend.binary_name());
    let parent = binary
        .parent()
        .context("the evcxr binary path has no parent")?;
    fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let partial = binary.with_extension("partial");
    fs::copy(&built, &partial)
        .with_context(|| format!("copying {} to {}", built.display(), partial.display()))?;
    fs::rename(&partial, &binary)?;
    remove_older_builds();
    Ok(format!(
        "built {} {EVCXR_VERSION} with the ferrolab patch into {}",
        frontend.package(),
        evcxr_root().display()
    ))
}

/// Binaries of other evcxr versions or patches (`evcxr-<version>…` beside ours) are dead weight.
fn remove_older_builds() {
    let current = evcxr_root();
    let Ok(entries) = fs::read_dir(dirs::cache_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_build = name
            .to_str()
            .and_then(|n| n.strip_prefix("evcxr-"))
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if is_build && entry.path() != current {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Where cargo unpacked evcxr and one front end from the registry.
struct RegistrySources {
    evcxr: PathBuf,
    frontend: PathBuf,
}

/// Ask cargo for the sources: a throwaway manifest that depends on exactly these versions
/// makes `cargo metadata` download them (checksummed) and report where they are.
fn registry_sources(dir: &Path, package: &str) -> Result<RegistrySources> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let manifest = format!(
        "[package]\nname = \"ferrolab-evcxr-sources\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[lib]\npath = \"lib.rs\"\n\n[dependencies]\n\
         evcxr = \"={EVCXR_VERSION}\"\n{package} = \"={EVCXR_VERSION}\"\n"
    );
    fs::write(dir.join("Cargo.toml"), manifest)?;
    fs::write(dir.join("lib.rs"), "")?;
    let json = run_command(
        Command::new("cargo")
            .args(["metadata", "--format-version", "1"])
            .current_dir(dir),
        "cargo metadata (downloading evcxr's sources)",
    )?;
    let metadata: serde_json::Value =
        serde_json::from_str(&json).context("parsing cargo metadata's output")?;
    let find = |name: &str| -> Result<PathBuf> {
        let packages = metadata["packages"].as_array().context("no packages")?;
        for p in packages {
            if p["name"] == name && p["version"] == EVCXR_VERSION {
                let manifest = p["manifest_path"].as_str().context("no manifest_path")?;
                return Path::new(manifest)
                    .parent()
                    .map(Path::to_path_buf)
                    .context("manifest has no directory");
            }
        }
        bail!("cargo metadata did not report {name} {EVCXR_VERSION}")
    };
    Ok(RegistrySources {
        evcxr: find("evcxr")?,
        frontend: find(package)?,
    })
}

/// Replace `to` with a copy of the directory `from` (the registry's copy stays pristine).
/// `cp -a`, as the kernel launcher copies build directories.
fn copy_fresh(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        fs::remove_dir_all(to).with_context(|| format!("removing {}", to.display()))?;
    }
    run_command(
        Command::new("cp").arg("-a").arg(from).arg(to),
        &format!("copying {} to {}", from.display(), to.display()),
    )?;
    Ok(())
}

/// `git apply` in a repository of its own, so that an enclosing checkout cannot change how
/// the patch's paths are read. The patch holds `evcxr/` and front-end parts; a front end
/// gets evcxr's part and its own.
fn apply_patch(sources: &Path, frontend: &str, patch_file: &Path) -> Result<()> {
    fs::write(patch_file, PATCH)?;
    run_command(
        Command::new("git")
            .args(["init", "-q"])
            .current_dir(sources),
        "git init (to apply the evcxr patch)",
    )?;
    let applied = run_command(
        Command::new("git")
            .arg("apply")
            .arg("--include=evcxr/*")
            .arg(format!("--include={frontend}/*"))
            .arg(patch_file)
            .current_dir(sources),
        "git apply kernel/evcxr/ferrolab.patch",
    )
    .context("the patch no longer applies to the registry's evcxr sources");
    // cargo lists a path dependency's files through git when it sits in a repository.
    fs::remove_dir_all(sources.join(".git"))?;
    applied?;
    Ok(())
}

/// Make the front end build against the patched copy beside it.
fn point_at_patched_evcxr(manifest: &Path) -> Result<()> {
    let mut text =
        fs::read_to_string(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    text.push_str("\n[patch.crates-io]\nevcxr = { path = \"../evcxr\" }\n");
    fs::write(manifest, text).with_context(|| format!("writing {}", manifest.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_nested_directories_and_replaces_old_copies() {
        let root = tempfile::tempdir().expect("temp dir");
        let from = root.path().join("from");
        fs::create_dir_all(from.join("src/module")).expect("mkdir");
        fs::write(from.join("Cargo.toml"), "[package]").expect("write");
        fs::write(from.join("src/module/mod.rs"), "// inner").expect("write");
        let to = root.path().join("to");
        fs::create_dir_all(&to).expect("mkdir");
        fs::write(to.join("stale.rs"), "old").expect("write");
        copy_fresh(&from, &to).expect("copy");
        assert_eq!(
            fs::read_to_string(to.join("src/module/mod.rs")).expect("read"),
            "// inner"
        );
        assert!(
            !to.join("stale.rs").exists(),
            "an old copy must not leak into the build"
        );
    }

    #[test]
    fn front_end_builds_against_the_patched_copy() {
        let root = tempfile::tempdir().expect("temp dir");
        let manifest = root.path().join("Cargo.toml");
        fs::write(&manifest, "[package]\nname = \"evcxr_jupyter\"\n").expect("write");
        point_at_patched_evcxr(&manifest).expect("edit");
        let parsed: toml::Table = fs::read_to_string(&manifest)
            .expect("read")
            .parse()
            .expect("still valid TOML");
        assert_eq!(
            parsed["patch"]["crates-io"]["evcxr"]["path"].as_str(),
            Some("../evcxr")
        );
    }

    #[test]
    fn patch_is_a_git_diff_of_evcxr_and_jupyter_sources_only() {
        let files: Vec<&str> = PATCH
            .lines()
            .filter_map(|line| line.strip_prefix("diff --git a/"))
            .collect();
        assert!(!files.is_empty(), "the patch holds no diff");
        for file in files {
            assert!(
                file.starts_with("evcxr/src/") || file.starts_with("evcxr_jupyter/src/"),
                "unexpected file in the patch: {file}"
            );
        }
        assert_eq!(patch_digest().len(), 12);
    }
}
