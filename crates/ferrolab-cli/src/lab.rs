//! `ferrolab lab` and `ferrolab repl`: the two ways into the learning environment.

use crate::cli::{LabArgs, ReplArgs, SetupArgs};
use crate::evcxr_build::Frontend;
use crate::kernel::{self, KernelDirs};
use crate::project::{self, Project};
use crate::setup;
use anyhow::{bail, Context, Result};
use std::io::Read;
use std::net::TcpListener;
use std::process::Command;

/// True when everything `lab` needs is installed and the first kernel is pre-built (the
/// others are, or are being built in the background).
fn ready(project: &Project) -> bool {
    let first = crate::prebuild::FIRST.flavor();
    let first_built = kernel::prelude_fingerprint(project)
        .is_ok_and(|fingerprint| kernel::flavor_built(project, first, &fingerprint));
    project.python().exists()
        && Frontend::Jupyter.binary().exists()
        && project.venv_bin("ferrolab").exists()
        && kernel::spec_root(project, false)
            .join("ferrolab/kernel.json")
            .exists()
        && first_built
        && (crate::prebuild::all_built(project) || kernel::prebuild_running(project))
}

fn free_port(start: u16) -> Result<u16> {
    (start..start + 100)
        .find(|&port| TcpListener::bind(("127.0.0.1", port)).is_ok())
        .context("no free port between 8888 and 8988; pass --port")
}

fn random_token() -> Result<String> {
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom for the JupyterLab token")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Set up if needed, then run JupyterLab on the notebooks until it is stopped.
pub fn lab(project: &Project, args: &LabArgs) -> Result<()> {
    if !ready(project) {
        eprintln!("Setting up the course first (a second run only checks).");
        setup::run_with(
            project,
            &SetupArgs::default(),
            setup::Prebuild::FirstThenBackground,
        )?;
    }
    let jupyter = project.venv_bin("jupyter");
    if !jupyter.exists() {
        bail!(
            "JupyterLab is missing from {}; run `./ferrolab setup`",
            project.venv().display()
        );
    }
    let target = args.path.clone().unwrap_or_else(|| project.notebooks());
    let target = target
        .canonicalize()
        .with_context(|| format!("{} does not exist", target.display()))?;
    let (root_dir, open) = if target.is_file() {
        let parent = target
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|| project.notebooks());
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (parent, format!("lab/tree/{name}"))
    } else {
        (target.clone(), "lab".to_string())
    };
    let port = match args.port {
        Some(port) => port,
        None => free_port(8888)?,
    };
    let token = random_token()?;
    let url = format!("http://127.0.0.1:{port}/{open}?token={token}");
    eprintln!("\nJupyterLab is starting on {}", root_dir.display());
    eprintln!("Open: {url}");
    eprintln!("Pick the kernel \"Rust · ferrolab\" (the course notebooks already do). Stop with Ctrl-C.\n");
    let mut command = Command::new(&jupyter);
    command
        .arg("lab")
        .arg(format!("--ServerApp.root_dir={}", root_dir.display()))
        .arg("--ServerApp.ip=127.0.0.1")
        .arg(format!("--ServerApp.port={port}"))
        .arg(format!("--IdentityProvider.token={token}"))
        .arg("--ServerApp.port_retries=0")
        .env("PATH", venv_path(project));
    if args.no_browser || std::env::var_os("DISPLAY").is_none() {
        command.arg("--no-browser");
    }
    if project::is_root() {
        // Containers and cloud machines log in as root; JupyterLab refuses to run as root
        // unless told, although it only listens on 127.0.0.1 with a token.
        eprintln!("Note: running as root, so JupyterLab is started with --allow-root.");
        command.arg("--allow-root");
    }
    let status = command
        .status()
        .with_context(|| format!("starting {}", jupyter.display()))?;
    if !status.success() {
        bail!("JupyterLab exited with {status}");
    }
    Ok(())
}

fn venv_path(project: &Project) -> std::ffi::OsString {
    let mut parts = vec![project.venv().join("bin")];
    if let Some(path) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(parts).unwrap_or_default()
}

/// The terminal REPL with the flavour's prelude; pictures go to `./ferrolab-plots`.
pub fn repl(project: &Project, args: &ReplArgs) -> Result<()> {
    let flavor = args.flavor.flavor();
    if !ready(project) {
        eprintln!("Setting up the course first (a second run only checks).");
        setup::run(project, &SetupArgs::default())?;
    }
    let evcxr = Frontend::Repl.binary();
    if !evcxr.exists() {
        let mut steps = crate::steps::Steps::default();
        steps.run("evcxr REPL (first use)", setup::ensure_evcxr_repl)?;
    }
    kernel::write_config(project, flavor)?;
    let (slot, _lock) = kernel::take_slot(&KernelDirs::new(project, flavor))?;
    kernel::prepare_evcxr_dir(project, &slot)?;
    eprintln!("ferrolab REPL ({}). Charts are saved under ./ferrolab-plots. :help for commands, :quit to leave.", flavor.display_name);
    let status = kernel::without_cargo_run_env(&mut Command::new(&evcxr))
        .envs(kernel::kernel_env(project, flavor, &slot, "terminal")?)
        .status()
        .with_context(|| format!("starting {}", evcxr.display()))?;
    std::process::exit(status.code().unwrap_or(1));
}
