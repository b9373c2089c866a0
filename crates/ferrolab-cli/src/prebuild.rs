//! Pre-building the kernels' prelude, so that opening a notebook costs seconds, not minutes.
//!
//! A pre-build is the real kernel's first build: setup starts each flavour's kernel once
//! (through `kernel/nbrun.py`) in the shared template directory and runs one cell, so the
//! artifacts are exactly those a notebook's kernel looks for. It is treated as a build,
//! not as a wait for a kernel: there is no time limit while the compiler is working, the
//! terminal shows how many crates are compiled and which ones are compiling now, and it is
//! stopped (with every process it started) only when nothing has happened for
//! [`STALL_LIMIT`]. When it fails, the kernel's own output says why.

use crate::flavors::{Flavor, FlavorName};
use crate::kernel::{self, KernelDirs};
use crate::process::{self, ProcessError};
use crate::project::{self, Project};
use crate::steps::human;
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A pre-build with no compiler running and no new crate finished for this long is stuck.
const STALL_LIMIT: Duration = Duration::from_secs(15 * 60);

/// The flavours in the order they are built: the math kernel (stages 0–1 and the welcome
/// notebook) is usable first; each later one reuses what the ones before compiled.
pub const BUILD_ORDER: &[FlavorName] = &[
    FlavorName::Math,
    FlavorName::Dl,
    FlavorName::Ml,
    FlavorName::Full,
];

/// The flavour `ferrolab lab` waits for before it opens JupyterLab.
pub const FIRST: FlavorName = FlavorName::Math;

/// Compile the prelude of each flavour in `names` (all: [`BUILD_ORDER`]) into the template
/// directory, skipping those already built for the current sources. One pre-build runs at
/// a time (a lock in the template directory); a second waits for the first.
pub fn prebuild_kernels(
    project: &Project,
    names: &[FlavorName],
    bar: &indicatif::ProgressBar,
) -> Result<String> {
    let fingerprint = kernel::prelude_fingerprint(project)?;
    let pending = pending(project, names, &fingerprint);
    if pending.is_empty() {
        return Ok("up to date".into());
    }
    let template = KernelDirs::template_dir(project);
    fs::create_dir_all(&template)?;
    let lock = fs::File::create(kernel::prebuild_lock(project))
        .context("creating the pre-build lock file")?;
    if lock.try_lock().is_err() {
        bar.set_message("waiting for the pre-build already running (`ferrolab lab` started it)");
        lock.lock().context("waiting for the pre-build lock")?;
    }
    kernel::prepare_evcxr_dir(project, &template)?;
    let mut timings = Vec::new();
    // Another build may have finished some while this one waited for the lock.
    for flavor in self::pending(project, names, &fingerprint) {
        let started = Instant::now();
        let status = Status::new(project, flavor);
        if let Err(error) = warm_up(project, flavor, &template, bar, &status) {
            // Kept for `ferrolab doctor` and the stand-in kernel, which explain a
            // half-finished setup.
            let text = format!("{error:#}");
            let _ = fs::write(failure_note(project), &text);
            status.write("failed", &text);
            return Err(error);
        }
        crate::crates::check_kernel_lock(project, &template.join("Cargo.lock"), flavor)?;
        fs::write(kernel::flavor_stamp(project, flavor), &fingerprint)?;
        status.write("done", "built");
        timings.push(format!("{} {}", flavor.name, human(started.elapsed())));
    }
    let _ = fs::remove_file(failure_note(project));
    if pending_all(project, &fingerprint).is_empty() {
        fs::write(kernel::template_stamp(project), &fingerprint)?;
    }
    Ok(format!("{} ({})", template.display(), timings.join(", ")))
}

/// The flavours of `names` not built for `fingerprint`, in build order.
fn pending(project: &Project, names: &[FlavorName], fingerprint: &str) -> Vec<Flavor> {
    BUILD_ORDER
        .iter()
        .filter(|name| names.contains(name))
        .map(|name| name.flavor())
        .filter(|flavor| !kernel::flavor_built(project, *flavor, fingerprint))
        .collect()
}

fn pending_all(project: &Project, fingerprint: &str) -> Vec<Flavor> {
    pending(project, BUILD_ORDER, fingerprint)
}

/// Is every flavour built for the current sources?
pub fn all_built(project: &Project) -> bool {
    kernel::prelude_fingerprint(project)
        .is_ok_and(|fingerprint| pending_all(project, &fingerprint).is_empty())
}

/// Build the remaining flavours in a process of its own that outlives `ferrolab lab`'s
/// terminal session (it keeps running when JupyterLab is stopped); its output goes to a
/// log in the template directory. Returns the log's path.
pub fn spawn_background(project: &Project) -> Result<PathBuf> {
    use std::os::unix::process::CommandExt;
    let template = KernelDirs::template_dir(project);
    fs::create_dir_all(&template)?;
    let log_path = template.join(".prebuild-background.log");
    let log =
        fs::File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
    let me = std::env::current_exe().context("locating the ferrolab binary")?;
    Command::new(me)
        .args(["setup", "--kernels-only"])
        .env(ferrolab_course::env::FERROLAB_ROOT, &project.root)
        .stdin(std::process::Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .process_group(0)
        .spawn()
        .context("starting the background pre-build")?;
    Ok(log_path)
}

/// Where a failed pre-build leaves its explanation.
pub fn failure_note(project: &Project) -> PathBuf {
    KernelDirs::template_dir(project).join(".prebuild-failed")
}

/// What the running pre-build is doing, for the stand-in kernel (kernel/building_kernel.py).
struct Status {
    path: PathBuf,
    flavor: Flavor,
    started: f64,
}

impl Status {
    fn new(project: &Project, flavor: Flavor) -> Status {
        Status {
            path: kernel::prebuild_status(project),
            flavor,
            started: unix_now(),
        }
    }

    fn write(&self, state: &str, message: &str) {
        let json = serde_json::json!({
            "flavor": self.flavor.spec,
            "state": state,
            "message": message,
            "started": self.started,
            "updated": unix_now(),
        });
        let partial = self.path.with_extension("partial");
        if fs::write(&partial, json.to_string()).is_ok() {
            let _ = fs::rename(&partial, &self.path);
        }
    }
}

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Start `flavor`'s kernel in `template` and run one cell that defines a variable.
fn warm_up(
    project: &Project,
    flavor: Flavor,
    template: &Path,
    bar: &indicatif::ProgressBar,
    status: &Status,
) -> Result<()> {
    let log = template.join(format!(".prebuild-{}.log", flavor.name));
    let _ = fs::remove_file(&log);
    // cargo writes a crate's `.rmeta` when the crate is compiled (fingerprint folders
    // appear for the whole graph up front, so they do not count progress).
    let deps = project
        .build_dir()
        .join(project::HOST_TARGET)
        .join("debug/deps");
    let before = count_metadata(&deps);
    let mut watch = BuildWatch::new();
    let what = format!("pre-building the {} kernel", flavor.spec);
    let mut command = Command::new(project.python());
    command
        .arg(project.root.join("kernel/nbrun.py"))
        .args(["cells", "--kernel", flavor.spec, "--timeout", "900"])
        .arg("let ferrolab_warm_up = 1;")
        .env(ferrolab_course::env::FERROLAB_KERNEL_DIR, template)
        .env(ferrolab_course::env::FERROLAB_KERNEL_LOG, &log)
        // The kernel's start includes the whole compile: no fixed limit, the watch below
        // stops a build that stalls.
        .env(
            ferrolab_course::env::FERROLAB_KERNEL_START_TIMEOUT,
            "604800",
        )
        .env("PYTHONUNBUFFERED", "1");
    let stalled = Arc::new(AtomicBool::new(false));
    let result = {
        let stalled = Arc::clone(&stalled);
        process::run_supervised(&mut command, &what, move || {
            let compiled = count_metadata(&deps).saturating_sub(before);
            let compiling = compiling_crates();
            let now = watch.observe(compiled, &compiling);
            bar.set_message(format!("{}: {now}", flavor.spec));
            status.write("building", &now);
            if watch.idle_for() > STALL_LIMIT {
                stalled.store(true, Ordering::SeqCst);
                return false;
            }
            true
        })
    };
    match result {
        Ok(_) => Ok(()),
        Err(error) => Err(explain_failure(
            &what,
            error,
            &log,
            stalled.load(Ordering::SeqCst),
        )),
    }
}

/// The kernel's own output comes first: that is where cargo says what went wrong.
fn explain_failure(what: &str, error: ProcessError, log: &Path, stalled: bool) -> anyhow::Error {
    let kernel_output = fs::read_to_string(log).unwrap_or_default();
    let mut text = String::new();
    if stalled {
        text.push_str(&format!(
            "nothing was compiled for {} minutes, so the build was stopped.\n",
            STALL_LIMIT.as_secs() / 60
        ));
    }
    if !kernel_output.trim().is_empty() {
        text.push_str(&format!(
            "the kernel said ({}):\n{}\n",
            log.display(),
            process::explain(&kernel_output)
        ));
    }
    text.push_str(&format!("the runner said: {error}"));
    anyhow::anyhow!("{what} failed: {text}")
}

/// What the build is doing, and for how long nothing has changed.
struct BuildWatch {
    compiled: usize,
    last_change: Instant,
}

impl BuildWatch {
    fn new() -> Self {
        BuildWatch {
            compiled: 0,
            last_change: Instant::now(),
        }
    }

    /// Record what is seen now; a running compiler counts as activity.
    fn observe(&mut self, compiled: usize, compiling: &[String]) -> String {
        if compiled != self.compiled || !compiling.is_empty() {
            self.last_change = Instant::now();
        }
        self.compiled = compiled;
        if compiling.is_empty() {
            if compiled == 0 {
                "starting the kernel".to_string()
            } else {
                format!("{compiled} crates compiled; starting the kernel")
            }
        } else {
            format!(
                "{compiled} crates compiled, compiling {}",
                compiling.join(", ")
            )
        }
    }

    fn idle_for(&self) -> Duration {
        self.last_change.elapsed()
    }
}

fn count_metadata(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.ends_with(".rmeta"))
            })
            .count()
    })
}

/// What the compilers are working on right now on this machine (from `/proc`): the crates
/// rustc compiles, and build scripts (torch-sys compiles C++ in its own for a minute or two).
fn compiling_crates() -> Vec<String> {
    let mut names = Vec::new();
    let Ok(entries) = fs::read_dir("/proc") else {
        return names;
    };
    for entry in entries.flatten() {
        let is_pid = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
        if !is_pid {
            continue;
        }
        let Ok(cmdline) = fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmdline
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if let Some(name) = describe_compiler(&args) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.sort();
    names
}

/// `rustc … --crate-name polars_core …` → `polars_core`;
/// `…/build/torch-sys-0123abcd/build-script-build` → `torch-sys (build script)`.
fn describe_compiler(args: &[String]) -> Option<String> {
    let program = args.first()?;
    if let Some(dir) = program.strip_suffix("/build-script-build") {
        let package = Path::new(dir).file_name()?.to_str()?;
        let name = package
            .rsplit_once('-')
            .map_or(package, |(name, _hash)| name);
        return Some(format!("{name} (build script)"));
    }
    let runs_rustc = args.iter().take(3).any(|a| a.ends_with("rustc"));
    if !runs_rustc {
        return None;
    }
    let i = args.iter().position(|a| a == "--crate-name")?;
    let name = args.get(i + 1)?;
    (name != "build_script_build").then(|| name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_compiler_or_a_new_crate_is_progress() {
        let mut watch = BuildWatch::new();
        let text = watch.observe(3, &["polars_core".to_string()]);
        assert!(
            text.contains("3 crates compiled, compiling polars_core"),
            "{text}"
        );
        watch.last_change -= Duration::from_secs(100);
        watch.observe(3, &[]);
        assert!(watch.idle_for() >= Duration::from_secs(100));
        watch.observe(4, &[]);
        assert!(watch.idle_for() < Duration::from_secs(5));
    }

    #[test]
    fn compilers_and_build_scripts_are_named() {
        let args = |line: &str| line.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            describe_compiler(&args("/x/rustc --crate-name polars_core --edition 2021")),
            Some("polars_core".into())
        );
        assert_eq!(
            describe_compiler(&args(
                "/t/debug/build/torch-sys-0a1b2c3d/build-script-build"
            )),
            Some("torch-sys (build script)".into())
        );
        assert_eq!(describe_compiler(&args("/usr/bin/python3 nbrun.py")), None);
    }

    #[test]
    fn the_math_kernel_is_built_first() {
        assert_eq!(BUILD_ORDER.first(), Some(&FIRST));
        assert_eq!(FIRST, FlavorName::Math);
        for flavor in crate::flavors::FLAVORS {
            assert!(
                BUILD_ORDER.iter().any(|name| name.flavor() == *flavor),
                "{} is never pre-built",
                flavor.name
            );
        }
    }
}
