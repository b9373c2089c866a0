//! The Jupyter kernels: each flavour's evcxr configuration, installing their specs,
//! the prelude's fingerprint and build stamps, and the launcher Jupyter runs
//! (`ferrolab kernel`), which prepares an evcxr build directory and starts
//! `evcxr_jupyter` in it. (Which features each flavour loads: `flavors.rs`.)
//!
//! Build directories: setup compiles every flavour's prelude, one after the
//! other, into one shared `<cache>/kernels/<checkout>/template` (cargo keeps
//! each feature set's artifacts side by side, so polars and the libtorch
//! bindings are compiled once for all flavours). A running kernel needs a
//! directory of its own (evcxr writes its crate there), so the launcher takes
//! the first free `<flavour>/slot-N` (a lock file says which are in use) and
//! fills it with hard links to the template's build output (own copies of
//! cargo's small bookkeeping files, its own prelude library): little extra disk,
//! and polars or tch are never compiled again when a second notebook opens.

use crate::evcxr_build::{self, Frontend};
use crate::files::write_if_changed;
use crate::flavors::{Flavor, FlavorName, FLAVORS};
use crate::project::{self, Project};
use anyhow::{bail, Context, Result};
use serde_json::json;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Paths of one flavour's kernel files.
#[derive(Debug, Clone)]
pub struct KernelDirs {
    /// `<cache>/kernels/<checkout>/<flavour>`.
    pub root: PathBuf,
}

impl KernelDirs {
    /// The directories of `flavor` for this checkout.
    pub fn new(project: &Project, flavor: Flavor) -> KernelDirs {
        KernelDirs {
            root: project.kernels_cache().join(flavor.name),
        }
    }
    /// evcxr's configuration: `init.evcxr` and `prelude.rs`.
    pub fn config(&self) -> PathBuf {
        self.root.join("config")
    }
    /// The pre-built evcxr directory shared by all flavours, that slots are made from.
    pub fn template_dir(project: &Project) -> PathBuf {
        project.kernels_cache().join("template")
    }
    /// Slot `n`, one running kernel's evcxr directory.
    pub fn slot(&self, n: usize) -> PathBuf {
        self.root.join(format!("slot-{n}"))
    }
}

/// The file written when every flavour's pre-build finished.
pub fn template_stamp(project: &Project) -> PathBuf {
    KernelDirs::template_dir(project).join(".ferrolab-built")
}

/// The file written when `flavor`'s pre-build finished; it holds the prelude fingerprint.
pub fn flavor_stamp(project: &Project, flavor: Flavor) -> PathBuf {
    KernelDirs::template_dir(project).join(format!(".ferrolab-built-{}", flavor.name))
}

/// Is `flavor`'s prelude compiled for the prelude's current sources?
pub fn flavor_built(project: &Project, flavor: Flavor, fingerprint: &str) -> bool {
    fs::read_to_string(flavor_stamp(project, flavor))
        .ok()
        .as_deref()
        == Some(fingerprint)
}

/// Changes whenever the prelude's sources, the lockfile or the kernel templates change.
pub fn prelude_fingerprint(project: &Project) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut files = Vec::new();
    for dir in [
        "crates/ferrolab",
        "crates/ferrolab-dylib",
        "crates/ferrolab-grade",
        "crates/ferrolab-course",
        "crates/ferrolab-data",
        "crates/ferrolab-build",
        "kernel",
        "solutions/src",
        "exercises",
    ] {
        collect_files(&project.root.join(dir), &mut files)?;
    }
    files.push(project.root.join("Cargo.lock"));
    files.sort();
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update(fs::read(&file).unwrap_or_default());
    }
    hasher.update(evcxr_build::evcxr_root().to_string_lossy().as_bytes());
    Ok(hex::encode(hasher.finalize()))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "toml" || e == "evcxr")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Held by whoever pre-builds kernels (setup, or the background build `lab` starts).
pub fn prebuild_lock(project: &Project) -> PathBuf {
    KernelDirs::template_dir(project).join(".prebuild.lock")
}

/// Where the running pre-build says what it is doing (JSON).
pub fn prebuild_status(project: &Project) -> PathBuf {
    KernelDirs::template_dir(project).join(".prebuild-status.json")
}

/// Is a pre-build running right now (its lock taken)?
pub fn prebuild_running(project: &Project) -> bool {
    match File::open(prebuild_lock(project)) {
        Ok(file) => file.try_lock_shared().is_err(),
        Err(_) => false,
    }
}

/// Which flavours the template holds, and for which sources: a slot copies the template
/// again when this changes (a flavour finished building in the background, or the prelude
/// changed).
pub fn built_state(project: &Project) -> String {
    FLAVORS
        .iter()
        .filter_map(|flavor| {
            let stamp = fs::read_to_string(flavor_stamp(project, *flavor)).ok()?;
            Some(format!("{}={}\n", flavor.name, stamp.trim()))
        })
        .collect()
}

/// The linker evcxr should use: mold, then lld, else the system linker.
pub fn linker() -> &'static str {
    if project::which("mold").is_some() {
        "mold"
    } else if project::which("ld.lld").is_some() || project::which("lld").is_some() {
        "lld"
    } else {
        "system"
    }
}

/// Write `init.evcxr` and `prelude.rs` for a flavour from the templates in `kernel/`.
pub fn write_config(project: &Project, flavor: Flavor) -> Result<PathBuf> {
    let dirs = KernelDirs::new(project, flavor);
    let config = dirs.config();
    fs::create_dir_all(&config).with_context(|| format!("creating {}", config.display()))?;
    let features: Vec<String> = flavor.features.iter().map(|f| format!("\"{f}\"")).collect();
    let init = read_template(project, "init.evcxr")?
        .replace("{{PRELUDE_CRATE}}", &toml_path(&project.prelude_crate()))
        .replace("{{FEATURES}}", &features.join(", "))
        .replace("{{LINKER}}", linker());
    write_if_changed(&config.join("init.evcxr"), &init)?;
    let prelude = read_template(project, "prelude.rs")?;
    write_if_changed(&config.join("prelude.rs"), &prelude)?;
    Ok(config)
}

/// A path as a TOML basic string's contents.
pub fn toml_path(path: &Path) -> String {
    path.display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
}

fn read_template(project: &Project, name: &str) -> Result<String> {
    let path = project.root.join("kernel").join(name);
    fs::read_to_string(&path)
        .with_context(|| format!("reading the kernel template {}", path.display()))
}

/// Where kernel specs go: the venv's Jupyter (`--sys-prefix`), or the user's with `user`.
pub fn spec_root(project: &Project, user: bool) -> PathBuf {
    if user {
        let data_home = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".local/share")
            });
        data_home.join("jupyter/kernels")
    } else {
        project.venv().join("share/jupyter/kernels")
    }
}

/// Install the kernel spec of every flavour; `launcher` is the `ferrolab` binary Jupyter runs.
pub fn install_specs(project: &Project, launcher: &Path, user: bool) -> Result<Vec<PathBuf>> {
    let template = read_template(project, "kernel.json")?;
    let mut written = Vec::new();
    for flavor in FLAVORS {
        let dir = spec_root(project, user).join(flavor.spec);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let spec = template
            .replace(
                "{{LAUNCHER}}",
                &json_escape(&launcher.display().to_string()),
            )
            .replace("{{FLAVOR}}", flavor.name)
            .replace("{{DISPLAY_NAME}}", flavor.display_name);
        // Fail here, not in Jupyter, if the template stopped being JSON.
        serde_json::from_str::<serde_json::Value>(&spec)
            .context("kernel/kernel.json is not valid JSON after filling in")?;
        write_if_changed(&dir.join("kernel.json"), &spec)?;
        for logo in ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"] {
            let source = project.root.join("kernel").join(logo);
            if source.exists() {
                fs::copy(&source, dir.join(logo))
                    .with_context(|| format!("copying {}", source.display()))?;
            }
        }
        written.push(dir);
    }
    Ok(written)
}

fn json_escape(text: &str) -> String {
    let quoted = json!(text).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

/// The environment a kernel (or the REPL, or a pre-build) of `flavor` runs with.
pub fn kernel_env(
    project: &Project,
    flavor: Flavor,
    evcxr_dir: &Path,
    frontend: &str,
) -> Result<Vec<(String, String)>> {
    let dirs = KernelDirs::new(project, flavor);
    let cargo_bin = project::cargo_bin_dir()?;
    let mut path = vec![cargo_bin];
    if let Some(existing) = std::env::var_os("PATH") {
        path.extend(std::env::split_paths(&existing));
    }
    let path = std::env::join_paths(path).context("PATH contains an invalid entry")?;
    let libtorch = project.libtorch();
    // Cells link Rust's std dynamically (-Cprefer-dynamic). evcxr's rpath to it is
    // relative to cargo's deps/ folder, but evcxr loads the copy one folder up, so the
    // rpath only works when the kernel directory is shallow; the search path always does.
    let mut ld = vec![project.libtorch_lib()];
    if let Some(std_lib) = project::rust_std_lib_dir() {
        ld.push(std_lib);
    }
    // Where cargo puts libferrolab_dylib.so, which every cell links against.
    ld.push(
        evcxr_dir
            .join("target")
            .join(project::HOST_TARGET)
            .join("debug/deps"),
    );
    if let Some(existing) = std::env::var_os("LD_LIBRARY_PATH") {
        ld.extend(std::env::split_paths(&existing));
    }
    let ld = std::env::join_paths(ld).context("LD_LIBRARY_PATH contains an invalid entry")?;
    // The kernel's patch shows these cards under compile errors (the kernel build cannot
    // depend on our crates, so it gets them rendered).
    let coach = crate::coach::Coach::embedded()?.kernel_json();
    Ok(vec![
        ("PATH".into(), path.to_string_lossy().into_owned()),
        ("LIBTORCH".into(), libtorch.display().to_string()),
        ("LD_LIBRARY_PATH".into(), ld.to_string_lossy().into_owned()),
        (
            "EVCXR_CONFIG_DIR".into(),
            dirs.config().display().to_string(),
        ),
        ("EVCXR_TMPDIR".into(), evcxr_dir.display().to_string()),
        (
            ferrolab_course::env::FERROLAB_FRONTEND.into(),
            frontend.into(),
        ),
        (
            ferrolab_course::env::FERROLAB_ROOT.into(),
            project.root.display().to_string(),
        ),
        (
            ferrolab_course::env::FERROLAB_CARGO_LOCK.into(),
            project.root.join("Cargo.lock").display().to_string(),
        ),
        (
            ferrolab_course::env::FERROLAB_KERNEL_FLAVOR.into(),
            flavor.name.into(),
        ),
        (ferrolab_course::env::FERROLAB_ERROR_COACH.into(), coach),
    ])
}

/// Make sure `dir` is a usable evcxr directory for `flavor`: the lockfile, so cargo picks
/// the workspace's versions offline, and (for slots) hard links to the template's build.
pub fn prepare_evcxr_dir(project: &Project, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    copy_workspace_lock(project, dir)?;
    let template = KernelDirs::template_dir(project);
    if dir == template {
        // The template builds straight into the workspace's build directory: with the
        // matching flags in .cargo/config.toml, `cargo test` and the kernels share artifacts.
        let link = template.join("target");
        let workspace_target = project.build_dir();
        fs::create_dir_all(&workspace_target)?;
        if fs::read_link(&link).ok().as_deref() != Some(workspace_target.as_path()) {
            if link.is_dir()
                && fs::symlink_metadata(&link)
                    .map(|m| !m.file_type().is_symlink())
                    .unwrap_or(false)
            {
                fs::remove_dir_all(&link)?;
            } else {
                let _ = fs::remove_file(&link);
            }
            std::os::unix::fs::symlink(&workspace_target, &link).with_context(|| {
                format!(
                    "linking {} to {}",
                    link.display(),
                    workspace_target.display()
                )
            })?;
        }
        return Ok(());
    }
    let template_stamp = built_state(project);
    let slot_stamp = fs::read_to_string(dir.join(".ferrolab-built")).unwrap_or_default();
    if template_stamp.is_empty() || template_stamp == slot_stamp {
        return Ok(());
    }
    let target = dir.join("target");
    if target.exists() {
        fs::remove_dir_all(&target)
            .with_context(|| format!("removing the stale {}", target.display()))?;
    }
    let source = project.build_dir();
    let status = Command::new("cp")
        .arg("-al")
        .arg(&source)
        .arg(&target)
        .status()
        .context("running cp -al")?;
    if !status.success() {
        // Hard links fail across file systems; a full copy is slower but works.
        let status = Command::new("cp")
            .arg("-a")
            .arg(&source)
            .arg(&target)
            .status()?;
        if !status.success() {
            bail!(
                "could not copy the pre-built kernel directory into {}",
                target.display()
            );
        }
    }
    unshare_small_files(&target)?;
    // Cargo names a dylib without a hash, so the template holds one prelude library: the
    // flavour built last. Without it the slot's first build links its own flavour's.
    let debug = target.join(project::HOST_TARGET).join("debug");
    for stale in [debug.join("deps"), debug] {
        let _ = fs::remove_file(stale.join("libferrolab_dylib.so"));
    }
    fs::write(dir.join(".ferrolab-built"), template_stamp)?;
    Ok(())
}

/// Give a kernel directory the workspace's Cargo.lock, every time: cargo prunes the copy
/// to the kernel's graph, and a copy left from an older checkout would pin other versions.
pub fn copy_workspace_lock(project: &Project, dir: &Path) -> Result<()> {
    let lock = project.root.join("Cargo.lock");
    let text = fs::read_to_string(&lock)
        .with_context(|| format!("reading {} (the workspace's lock file)", lock.display()))?;
    write_if_changed(&dir.join("Cargo.lock"), &text)?;
    Ok(())
}

/// Files below this size are cargo's bookkeeping (fingerprints, dep-info, timestamps,
/// locks), not build artifacts.
const BOOKKEEPING_MAX_BYTES: u64 = 64 * 1024;

/// Give the slot its own copy of every small hard-linked file.
///
/// Cargo rewrites fingerprints and `invoked.timestamp` in place. Shared between slots,
/// a newer timestamp written by one kernel makes another kernel's freshly written cell
/// look already compiled, and that kernel loads its previous cell again ("dlsym
/// failed", exit status 99). The large artifacts stay linked: compilers replace those.
fn unshare_small_files(dir: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        let meta = fs::symlink_metadata(&path)?;
        if meta.is_dir() {
            unshare_small_files(&path)?;
        } else if meta.is_file() && meta.nlink() > 1 && meta.len() <= BOOKKEEPING_MAX_BYTES {
            let mut copy = path.clone().into_os_string();
            copy.push(".ferrolab-copy");
            let copy = PathBuf::from(copy);
            fs::copy(&path, &copy).with_context(|| format!("copying {}", path.display()))?;
            // Cargo compares modification times: the copy must keep the original's.
            let file = File::options().write(true).open(&copy)?;
            file.set_modified(meta.modified()?)?;
            drop(file);
            fs::rename(&copy, &path).with_context(|| format!("replacing {}", path.display()))?;
        }
    }
    Ok(())
}

/// `ferrolab kernel`: take a free slot, then run evcxr_jupyter in it until Jupyter stops it.
pub fn run(project: &Project, flavor: FlavorName, connection_file: &Path) -> Result<()> {
    let flavor = flavor.flavor();
    let evcxr = Frontend::Jupyter.binary();
    if !evcxr.exists() {
        bail!(
            "evcxr_jupyter is not installed at {}; run `./ferrolab setup`",
            evcxr.display()
        );
    }
    // Setup's pre-build names the template directory itself.
    let prebuild_dir = std::env::var_os(ferrolab_course::env::FERROLAB_KERNEL_DIR);
    if prebuild_dir.is_none() && prebuild_running(project) {
        let fingerprint = prelude_fingerprint(project)?;
        if !flavor_built(project, flavor, &fingerprint) {
            return run_stand_in(project, flavor, connection_file);
        }
    }
    let (slot, _lock) = match prebuild_dir {
        Some(dir) => (PathBuf::from(dir), None),
        None => {
            let (slot, lock) = take_slot(&KernelDirs::new(project, flavor))?;
            (slot, Some(lock))
        }
    };
    prepare_evcxr_dir(project, &slot)?;
    let status = without_cargo_run_env(&mut Command::new(&evcxr))
        .arg("--control_file")
        .arg(connection_file)
        .envs(kernel_env(project, flavor, &slot, "jupyter")?)
        .status()
        .with_context(|| format!("starting {}", evcxr.display()))?;
    std::process::exit(status.code().unwrap_or(1));
}

/// While this flavour is still being built in the background, a notebook gets a stand-in
/// kernel that answers every cell with the build's progress (kernel/building_kernel.py),
/// instead of an evcxr that would wait minutes for the build lock before it answers.
fn run_stand_in(project: &Project, flavor: Flavor, connection_file: &Path) -> Result<()> {
    let status = Command::new(project.python())
        .arg(project.root.join("kernel/building_kernel.py"))
        .arg("-f")
        .arg(connection_file)
        .arg("--flavor")
        .arg(flavor.spec)
        .arg("--status")
        .arg(prebuild_status(project))
        .status()
        .context("starting the stand-in kernel (kernel/building_kernel.py)")?;
    std::process::exit(status.code().unwrap_or(1));
}

/// Does cargo set `name` for the program it runs (`cargo test`, `cargo run`)?
///
/// Build scripts watch some of these (ring re-runs when `CARGO_PKG_NAME` changes), so
/// a kernel started from inside `cargo test` that kept them would rebuild polars'
/// whole TLS stack in its slot, and again whenever the value flips back.
pub fn is_cargo_run_var(name: &str) -> bool {
    const EXACT: &[&str] = &[
        "CARGO",
        "CARGO_CRATE_NAME",
        "CARGO_BIN_NAME",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
        "CARGO_RUSTC_CURRENT_DIR",
        "CARGO_MAKEFLAGS",
        "OUT_DIR",
    ];
    const PREFIXES: &[&str] = &[
        "CARGO_PKG_",
        "CARGO_MANIFEST_",
        "CARGO_BIN_EXE_",
        "CARGO_CFG_",
    ];
    EXACT.contains(&name) || PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Remove from `command`'s environment what [`is_cargo_run_var`] names.
pub fn without_cargo_run_env(command: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(is_cargo_run_var) {
            command.env_remove(name);
        }
    }
    command
}

/// The first slot whose lock we can take; the lock is held until the returned file is dropped.
pub fn take_slot(dirs: &KernelDirs) -> Result<(PathBuf, File)> {
    for n in 0..64 {
        let slot = dirs.slot(n);
        fs::create_dir_all(&slot).with_context(|| format!("creating {}", slot.display()))?;
        let lock = File::create(slot.join(".lock"))
            .with_context(|| format!("creating the lock in {}", slot.display()))?;
        if lock.try_lock().is_ok() {
            return Ok((slot, lock));
        }
    }
    bail!("64 ferrolab kernels of this flavour are already running; shut some down in JupyterLab")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_hard_linked_files_are_unshared_with_their_times_and_large_ones_stay_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        let slot = dir.path().join("slot/.fingerprint");
        fs::create_dir_all(&shared).unwrap();
        fs::create_dir_all(&slot).unwrap();
        fs::write(shared.join("invoked.timestamp"), b"").unwrap();
        fs::write(shared.join("lib.so"), vec![0u8; 100_000]).unwrap();
        fs::hard_link(
            shared.join("invoked.timestamp"),
            slot.join("invoked.timestamp"),
        )
        .unwrap();
        fs::hard_link(shared.join("lib.so"), slot.join("lib.so")).unwrap();
        let before = fs::metadata(slot.join("invoked.timestamp"))
            .unwrap()
            .modified()
            .unwrap();
        unshare_small_files(&dir.path().join("slot")).unwrap();
        let stamp = fs::metadata(slot.join("invoked.timestamp")).unwrap();
        assert_eq!(stamp.nlink(), 1);
        assert_eq!(stamp.modified().unwrap(), before);
        assert_eq!(fs::metadata(slot.join("lib.so")).unwrap().nlink(), 2);
    }

    #[test]
    fn cargo_run_variables_are_recognised_and_user_settings_kept() {
        for name in ["CARGO_PKG_NAME", "CARGO_MANIFEST_DIR", "CARGO", "OUT_DIR"] {
            assert!(is_cargo_run_var(name), "{name}");
        }
        for name in ["CARGO_HOME", "CARGO_TARGET_DIR", "RUSTFLAGS", "PATH"] {
            assert!(!is_cargo_run_var(name), "{name}");
        }
    }
}
