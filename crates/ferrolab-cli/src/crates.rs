//! The crates that the kernels and the tests compile, downloaded while there is a network.
//!
//! Kernels run cargo offline (`:offline 1` in kernel/init.evcxr), so every crate in their
//! dependency graph must be in cargo's cache before the first notebook opens. Offline,
//! cargo cannot use a Cargo.lock entry whose crate was never downloaded: it re-resolves
//! ("Locking 92 packages to latest compatible versions") and then fails ("failed to
//! download … --offline was specified"). Setup therefore downloads exactly what the
//! workspace's Cargo.lock names (`cargo fetch --locked`), and a kernel directory always
//! gets a fresh copy of that lock file, so both resolve to the same versions.

use crate::flavors::{Flavor, FLAVORS};
use crate::process;
use crate::project::Project;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

/// `cargo fetch --locked` for the workspace: every crate in Cargo.lock, at its version.
pub fn fetch(project: &Project, bar: &indicatif::ProgressBar) -> Result<String> {
    let locked = locked_versions(&project.root.join("Cargo.lock"))?.len();
    bar.set_message(format!("cargo fetch: the {locked} crates in Cargo.lock"));
    let mut downloaded = 0usize;
    let result = process::run_streaming(
        Command::new("cargo")
            .args(["fetch", "--locked", "--manifest-path"])
            .arg(project.root.join("Cargo.toml")),
        "cargo fetch --locked",
        |_, line| {
            let line = line.trim();
            if line.starts_with("Downloaded ") {
                downloaded += 1;
                bar.set_message(format!("{downloaded} downloaded: {line}"));
            }
        },
    );
    match result {
        Ok(_) if downloaded == 0 => Ok(format!(
            "all {locked} crates of Cargo.lock already downloaded"
        )),
        Ok(_) => Ok(format!(
            "{downloaded} of the {locked} crates in Cargo.lock downloaded"
        )),
        Err(error) => Err(process::needs_network(
            error.into(),
            "the crate registry (crates.io)",
            "the crates the kernels compile offline later",
        )),
    }
}

/// Every registry package in a Cargo.lock, by name, with the versions it pins.
pub fn locked_versions(lock: &Path) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let text = fs::read_to_string(lock).with_context(|| format!("reading {}", lock.display()))?;
    let parsed: toml::Table = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", lock.display()))?;
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in parsed
        .get("package")
        .and_then(|p| p.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let field = |name: &str| package.get(name).and_then(|v| v.as_str());
        if let (Some(name), Some(version), Some(_registry)) =
            (field("name"), field("version"), field("source"))
        {
            versions
                .entry(name.to_string())
                .or_default()
                .insert(version.to_string());
        }
    }
    Ok(versions)
}

/// The manifest evcxr 0.22 writes to validate the kernel's `:dep` (its
/// `cargo_metadata::validate_dep`, edition 2024): the first resolution a kernel does.
pub fn kernel_dep_manifest(project: &Project, flavor: Flavor) -> String {
    let features: Vec<String> = flavor.features.iter().map(|f| format!("\"{f}\"")).collect();
    format!(
        "[package]\nname = \"evcxr_dummy_validate_dep\"\nversion = \"0.0.1\"\nedition = \"2024\"\n\n\
         [lib]\npath = \"lib.rs\"\n\n[dependencies]\n\
         ferrolab = {{ path = \"{}\", package = \"ferrolab-dylib\", default-features = false, \
         features = [\"kernel\", {}] }}\n",
        crate::kernel::toml_path(&project.prelude_crate()),
        features.join(", ")
    )
}

/// Resolve a kernel's dependency graph offline in `dir` (prepared as the kernel launcher
/// prepares its directories) and check that every registry crate comes out at a version
/// the workspace's Cargo.lock pins. Returns how many registry crates the kernel uses.
pub fn check_kernel_resolves_offline(
    project: &Project,
    flavor: Flavor,
    dir: &Path,
) -> Result<usize> {
    crate::kernel::copy_workspace_lock(project, dir)?;
    fs::write(dir.join("Cargo.toml"), kernel_dep_manifest(project, flavor))?;
    fs::write(dir.join("lib.rs"), "")?;
    let output = process::run_command(
        Command::new("cargo")
            .args(["metadata", "--offline", "--format-version", "1"])
            .current_dir(dir),
        &format!("resolving the {} kernel's crates offline", flavor.spec),
    )?;
    let metadata: serde_json::Value =
        serde_json::from_str(&output).context("parsing cargo metadata's output")?;
    let locked = locked_versions(&project.root.join("Cargo.lock"))?;
    let mut registry_crates = 0;
    let mut strays = Vec::new();
    for package in metadata["packages"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        if package["source"].is_null() {
            continue; // our own path crates
        }
        registry_crates += 1;
        let name = package["name"].as_str().unwrap_or_default();
        let version = package["version"].as_str().unwrap_or_default();
        if !locked.get(name).is_some_and(|v| v.contains(version)) {
            strays.push(format!("{name} {version}"));
        }
    }
    if !strays.is_empty() {
        bail!(
            "the {} kernel resolved {} crates at versions Cargo.lock does not pin: {}",
            flavor.spec,
            strays.len(),
            strays.join(", ")
        );
    }
    Ok(registry_crates)
}

/// A kernel directory's Cargo.lock after a build: every registry crate must be at a
/// version the workspace's lock pins. Without `FERROLAB_CARGO_LOCK` (kernel/evcxr's patch)
/// evcxr resolves the prelude's `:dep` afresh, and the kernels and `cargo test` build
/// different versions of the same crates (twice the compile time, untested versions).
pub fn check_kernel_lock(project: &Project, kernel_lock: &Path, flavor: Flavor) -> Result<()> {
    let pinned = locked_versions(&project.root.join("Cargo.lock"))?;
    let used = locked_versions(kernel_lock)?;
    let strays: Vec<String> = used
        .iter()
        .flat_map(|(name, versions)| {
            let pinned = pinned.get(name);
            versions
                .iter()
                .filter(move |v| !pinned.is_some_and(|p| p.contains(*v)))
                .map(move |v| format!("{name} {v}"))
        })
        .collect();
    if !strays.is_empty() {
        bail!(
            "the {} kernel built {} crates at versions Cargo.lock does not pin ({}): \
             its evcxr is not the patched build that restores the lock; run `./ferrolab setup`",
            flavor.spec,
            strays.len(),
            strays
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

/// `ferrolab dev kernel-crates`: every flavour's graph resolves offline at the lock's versions.
pub fn check_all_kernels(project: &Project, fetch_first: bool) -> Result<()> {
    if fetch_first {
        let bar = indicatif::ProgressBar::hidden();
        println!("crate sources: {}", fetch(project, &bar)?);
    }
    for flavor in FLAVORS {
        let dir = tempfile::tempdir().context("creating a temporary kernel directory")?;
        let count = check_kernel_resolves_offline(project, *flavor, dir.path())?;
        println!(
            "{}: {count} registry crates, all downloaded, at Cargo.lock's versions",
            flavor.spec
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_registry_packages_from_a_lock_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lock = dir.path().join("Cargo.lock");
        fs::write(
            &lock,
            "version = 4\n\n[[package]]\nname = \"ours\"\nversion = \"0.1.0\"\n\n\
             [[package]]\nname = \"rand\"\nversion = \"0.8.5\"\nsource = \"registry+x\"\n\n\
             [[package]]\nname = \"rand\"\nversion = \"0.9.2\"\nsource = \"registry+x\"\n",
        )
        .expect("write");
        let versions = locked_versions(&lock).expect("parse");
        assert!(!versions.contains_key("ours"));
        assert_eq!(versions["rand"].len(), 2);
    }

    #[test]
    fn the_validation_manifest_names_the_flavours_features() {
        let project = Project {
            root: "/course".into(),
        };
        let flavor = crate::flavors::FlavorName::Ml.flavor();
        let manifest: toml::Table = kernel_dep_manifest(&project, flavor)
            .parse()
            .expect("valid TOML");
        let dep = &manifest["dependencies"]["ferrolab"];
        assert_eq!(dep["package"].as_str(), Some("ferrolab-dylib"));
        let features: Vec<&str> = dep["features"]
            .as_array()
            .expect("features")
            .iter()
            .filter_map(|f| f.as_str())
            .collect();
        assert_eq!(features, ["kernel", "ml"]);
    }
}
