//! `ferrolab dev generate`, `dev check`, `dev kernel-crates` and `dev mutants`: keeping the
//! course in one piece.

use crate::cli::DevCommand;
use crate::exercise_cmds::load_course;
use crate::project::Project;
use anyhow::{bail, Context, Result};
use console::style;
use ferrolab_course::generate::{self, Freshness};
use ferrolab_course::{audit, Course};
use std::path::Path;
use std::process::Command;

/// Dispatch `ferrolab dev ...`.
pub fn run(project: &Project, command: &DevCommand) -> Result<()> {
    match command {
        DevCommand::KernelCrates { fetch } => crate::crates::check_all_kernels(project, *fetch),
        DevCommand::Generate {
            force,
            solutions_json,
        } => {
            let course = load_course(project)?;
            generate(project, &course, *force, solutions_json.as_deref())
        }
        DevCommand::Check { no_proof } => check(project, &load_course(project)?, *no_proof),
        DevCommand::Mutants {
            stage,
            exercise,
            write,
        } => {
            let scope = super::mutants::Scope {
                stage: stage.as_deref(),
                exercise: exercise.as_deref(),
            };
            super::mutants::run(project, &scope, *write)
        }
    }
}

/// Write every generated file that changed. A learner file whose working copy differs
/// from its committed version was edited by hand (by a learner, probably): it is left
/// alone unless `force`. A file git does not track yet (a new lesson's notebook) is the
/// maintainer's, so its exercise cells are filled.
fn generate(
    project: &Project,
    course: &Course,
    force: bool,
    solutions_json: Option<&Path>,
) -> Result<()> {
    let root = &project.root;
    let files = generate::generate(root, course)?;
    let (mut written, mut kept) = (0, Vec::new());
    for file in &files {
        let path = root.join(&file.path);
        let freshness = generate::freshness(root, file);
        if freshness == Freshness::UpToDate {
            continue;
        }
        let is_crate_root = file.path.ends_with("/lib.rs");
        let is_new = generate::is_untracked(root, &file.path);
        if freshness != Freshness::Missing && !is_crate_root && !is_new && !force {
            let working = std::fs::read_to_string(&path).unwrap_or_default();
            if generate::committed_text(root, &file.path).as_deref() != Some(working.as_str()) {
                kept.push(file.path.clone());
                continue;
            }
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("{} {}", style("wrote").green(), file.path);
        written += 1;
    }
    println!(
        "{written} file(s) written, {} already up to date.",
        files.len() - written - kept.len()
    );
    if let Some(out) = solutions_json {
        let cells = generate::solution_cells(course, |e| generate::read_solution(root, e))?;
        let json = serde_json::to_string_pretty(&cells)?;
        std::fs::write(out, json).with_context(|| format!("writing {}", out.display()))?;
        println!(
            "{} {} ({} solutions)",
            style("wrote").green(),
            out.display(),
            cells.len()
        );
    }
    if !kept.is_empty() {
        bail!(
            "these files differ from their committed version, so they were left alone:\n  {}\n\
             back them up and rerun with `--force` to overwrite them",
            kept.join("\n  ")
        );
    }
    Ok(())
}

/// The course audit, then the proof tests.
fn check(project: &Project, course: &Course, no_proof: bool) -> Result<()> {
    let problems = audit::audit(&project.root, course);
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{} {problem}", style("✗").red());
        }
        bail!("the course has {} problem(s)", problems.len());
    }
    println!(
        "{} {} exercises in {} stages: metadata complete, learner files and notebook cells up to date",
        style("✓").green(),
        course.exercises.len(),
        course.stages.len()
    );
    if no_proof {
        return Ok(());
    }
    let args = [
        "test",
        "-p",
        "ferrolab-tests",
        "--test",
        "exercises",
        "--test",
        "course",
    ];
    println!(
        "Proving every check fails on its stub and passes on its solution: cargo {}",
        args.join(" ")
    );
    let status = Command::new("cargo")
        .args(args)
        .current_dir(&project.root)
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("the proof tests failed (see above)");
    }
    println!(
        "{} every exercise: stub not attempted, solution passes, known wrong answers rejected",
        style("✓").green()
    );
    Ok(())
}
