//! `ferrolab setup`: everything the course needs, idempotent and resumable.
//!
//! Each step checks whether its work is already done (a stamp, a file, a
//! version) before doing it, so a second run takes seconds and an interrupted
//! run picks up where it stopped.

use crate::cli::SetupArgs;
use crate::evcxr_build::{self, Frontend};
use crate::kernel::{self, Flavor, KernelDirs, FLAVORS};
use crate::project::{self, Project, TORCH_VERSION};
use crate::steps::{human, Steps};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// Run every step and print a summary with timings.
pub fn run(project: &Project, args: &SetupArgs) -> Result<Steps> {
    let mut steps = Steps::default();
    steps.run("rust-src", |_| ensure_rust_src())?;
    steps.run("fast linker", |_| ensure_linker())?;
    steps.run("python venv", |bar| ensure_venv(project, bar))?;
    steps.run("libtorch", |_| ensure_libtorch_links(project))?;
    steps.run("evcxr", ensure_evcxr)?;
    steps.run("kernel specs", |_| ensure_kernel_specs(project, args.user))?;
    steps.run("data sets", |bar| {
        crate::data_cmd::fetch_for_setup(project, args.all_data, bar)
    })?;
    if args.no_prebuild {
        eprintln!(
            "- prelude pre-build skipped (--no-prebuild): the first notebook will compile it"
        );
    } else {
        steps.run("kernel prelude build", |bar| prebuild_kernels(project, bar))?;
    }
    eprintln!("\nsetup finished in {}:", human(steps.total()));
    for report in steps.reports() {
        eprintln!(
            "  {:22} {:>9}  {}",
            report.name,
            human(report.elapsed),
            report.outcome
        );
    }
    Ok(steps)
}

/// Run `command`, returning its stdout; on failure the error carries stderr's last lines.
pub fn run_command(command: &mut Command, what: &str) -> Result<String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("could not start {what}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr
            .lines()
            .rev()
            .take(25)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        bail!("{what} failed ({}):\n{}", output.status, tail.join("\n"));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn ensure_rust_src() -> Result<String> {
    if project::rust_src_present() {
        return Ok("already installed".into());
    }
    run_command(Command::new("rustup").args(["component", "add", "rust-src"]), "rustup component add rust-src")
        .context("evcxr needs the rust-src component for type inference; install it with `rustup component add rust-src`")?;
    Ok("installed".into())
}

fn ensure_linker() -> Result<String> {
    let linker = kernel::linker();
    if linker != "system" {
        return Ok(format!("{linker} found"));
    }
    let is_root = run_command(Command::new("id").arg("-u"), "id -u")
        .map(|s| s.trim() == "0")
        .unwrap_or(false);
    if is_root && project::which("apt-get").is_some() {
        let installed = run_command(
            Command::new("apt-get")
                .args(["install", "-y", "-qq", "--no-install-recommends", "mold"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
            "apt-get install mold",
        );
        if installed.is_err() {
            // The package lists may be missing on a fresh machine.
            let _ = run_command(
                Command::new("apt-get").args(["update", "-qq"]),
                "apt-get update",
            );
            run_command(
                Command::new("apt-get")
                    .args(["install", "-y", "-qq", "--no-install-recommends", "mold"])
                    .env("DEBIAN_FRONTEND", "noninteractive"),
                "apt-get install mold",
            )?;
        }
        return Ok("installed mold from Debian".into());
    }
    Ok("none found; cells link ~10 % slower (install mold or lld, e.g. `sudo apt-get install mold`)".into())
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

fn ensure_venv(project: &Project, bar: &indicatif::ProgressBar) -> Result<String> {
    let venv = project.venv();
    let requirements =
        fs::read(project.requirements()).context("reading kernel/requirements.txt")?;
    let wanted = sha256_hex(&requirements);
    let stamp = venv.join(".ferrolab-requirements");
    if project.python().exists()
        && fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str())
    {
        return Ok(format!("up to date ({})", venv.display()));
    }
    if !project.python().exists() {
        bar.set_message("creating the venv");
        let python = project::which("python3")
            .context("python3 is not on PATH; install Python 3.10 or newer")?;
        run_command(
            Command::new(python).args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        )?;
    }
    bar.set_message(format!("pip install torch=={TORCH_VERSION}, JupyterLab, pandas, scikit-learn (a few GB the first time)"));
    run_command(
        Command::new(project.venv_bin("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(project.requirements()),
        "pip install -r kernel/requirements.txt",
    )?;
    fs::write(&stamp, &wanted)?;
    Ok(format!("installed into {}", venv.display()))
}

/// `.venv/libtorch/{include,lib}` link into the wheel; `build-version` lets tch check the version.
pub fn ensure_libtorch_links(project: &Project) -> Result<String> {
    let out = run_command(
        Command::new(project.python())
            // Reads torch/version.py instead of importing torch (which takes seconds).
            .args([
                "-c",
                "import importlib.util as u, os; d = os.path.dirname(u.find_spec('torch').origin); \
                 ns = {}; exec(open(os.path.join(d, 'version.py')).read(), ns); print(ns['__version__']); print(d)",
            ])
            .env("PYTHONWARNINGS", "ignore"),
        "importing torch from the venv",
    )?;
    let mut lines = out.lines();
    let version = lines.next().unwrap_or_default().trim().to_string();
    let torch_dir = Path::new(lines.next().unwrap_or_default().trim()).to_path_buf();
    if version.split('+').next() != Some(TORCH_VERSION) {
        bail!("the venv has torch {version}, but tch 0.24 needs {TORCH_VERSION}: run `.venv/bin/pip install torch=={TORCH_VERSION}`");
    }
    let libtorch = project.venv().join("libtorch");
    fs::create_dir_all(&libtorch)?;
    for part in ["include", "lib"] {
        let link = libtorch.join(part);
        let target = torch_dir.join(part);
        let relative = pathdiff(&target, &libtorch).unwrap_or(target.clone());
        if fs::read_link(&link).ok().as_deref() != Some(relative.as_path()) {
            let _ = fs::remove_file(&link);
            std::os::unix::fs::symlink(&relative, &link)
                .with_context(|| format!("linking {}", link.display()))?;
        }
    }
    kernel::write_if_changed(&libtorch.join("build-version"), &format!("{version}\n"))?;
    let cuda = if torch_dir.join("lib/libtorch_cuda.so").exists() {
        "CUDA build"
    } else {
        "CPU build"
    };
    Ok(format!(
        "torch {version} ({cuda}) at {}",
        libtorch.display()
    ))
}

/// `target` relative to `base` (both absolute), e.g. `../lib/python3.11/site-packages/torch/lib`.
fn pathdiff(target: &Path, base: &Path) -> Option<std::path::PathBuf> {
    let target: Vec<_> = target.components().collect();
    let base: Vec<_> = base.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = std::path::PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for part in &target[common..] {
        out.push(part);
    }
    Some(out)
}

fn ensure_evcxr(bar: &indicatif::ProgressBar) -> Result<String> {
    evcxr_build::install(Frontend::Jupyter, bar)
}

/// The terminal REPL is installed on first use (`ferrolab repl`): notebooks and tests do not need it.
pub fn ensure_evcxr_repl(bar: &indicatif::ProgressBar) -> Result<String> {
    evcxr_build::install(Frontend::Repl, bar)
}

/// Copy this binary into the venv (the kernel specs run it from there) and install the specs.
fn ensure_kernel_specs(project: &Project, user: bool) -> Result<String> {
    let launcher = project.venv_bin("ferrolab");
    let me = std::env::current_exe().context("locating the ferrolab binary")?;
    if me != launcher {
        let same = fs::read(&me).ok() == fs::read(&launcher).ok();
        if !same {
            let tmp = launcher.with_extension("new");
            fs::copy(&me, &tmp)
                .with_context(|| format!("copying {} into the venv", me.display()))?;
            fs::rename(&tmp, &launcher)?;
        }
    }
    for flavor in FLAVORS {
        kernel::write_config(project, *flavor)?;
    }
    let dirs = kernel::install_specs(project, &launcher, user)?;
    Ok(format!(
        "{} kernels in {}",
        dirs.len(),
        kernel::spec_root(project, user).display()
    ))
}

/// Compile every flavour's prelude into the shared template directory, through the real
/// kernel, so opening a notebook costs seconds, not minutes.
fn prebuild_kernels(project: &Project, bar: &indicatif::ProgressBar) -> Result<String> {
    let template = KernelDirs::template_dir(project);
    let stamp = template.join(".ferrolab-built");
    let fingerprint = prelude_fingerprint(project)?;
    if fs::read_to_string(&stamp).ok().as_deref() == Some(fingerprint.as_str()) {
        return Ok("up to date".into());
    }
    kernel::prepare_evcxr_dir(project, &template)?;
    // Light flavours first: each reuses what the one before compiled.
    let order: Vec<Flavor> = ["math", "dl", "ml", "full"]
        .iter()
        .filter_map(|n| kernel::flavor(n).ok())
        .collect();
    for flavor in order {
        bar.set_message(format!(
            "{} (the first time compiles polars and libtorch bindings: 10-20 minutes)",
            flavor.spec
        ));
        run_command(
            Command::new(project.python())
                .arg(project.root.join("kernel/nbrun.py"))
                .args(["cells", "--kernel", flavor.spec, "--timeout", "3600"])
                .arg("let ferrolab_warm_up = 1;")
                .env("FERROLAB_KERNEL_DIR", &template),
            &format!("pre-building the {} kernel", flavor.spec),
        )?;
    }
    fs::write(&stamp, &fingerprint)?;
    Ok(format!("compiled in {}", template.display()))
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
    hasher.update(project::evcxr_root().to_string_lossy().as_bytes());
    Ok(hex::encode(hasher.finalize()))
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
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
