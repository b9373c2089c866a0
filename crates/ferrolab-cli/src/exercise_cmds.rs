//! The rustlings-style exercise loop: `list`, `check`, `watch`, `hint`, `solution`,
//! `reset`. (The course maintenance verbs `dev generate` / `dev check` are in
//! `maintainer/dev.rs`.)
//!
//! Grading runs the exercise's `#[test]` in the `exercises` crate (the same checks
//! as the notebooks' `check!`), compiling only that stage's cargo feature, so a math
//! exercise never builds polars or libtorch. The test records the verdict in the
//! progress file itself; these commands read it back.

pub(crate) mod grade;
pub(crate) mod watch;

use crate::cli::Command;
use crate::project::Project;
use anyhow::{bail, Context, Result};
use console::style;
use ferrolab_course::render::{Hints, Solution};
use ferrolab_course::{source, Course, Door, Exercise, Progress, ProgressStore};
use std::path::PathBuf;

use grade::{grade, Options};

/// Dispatch the exercise verbs.
pub fn run(project: &Project, command: &Command) -> Result<()> {
    let course = load_course(project)?;
    match command {
        Command::List => list(&course),
        Command::Check { id } => check(project, &course, id.as_deref()),
        Command::Watch { manual } => watch::run(project, &course, *manual),
        Command::Hint { id } => hint(&course, id),
        Command::Solution { id } => solution(project, &course, id),
        Command::Reset { id } => reset(project, &course, id),
        other => bail!("`{other:?}` is not an exercise command"),
    }
}

/// `exercises/course.toml` from the checkout (not the compiled-in copy: authors edit it).
pub(crate) fn load_course(project: &Project) -> Result<Course> {
    let path = course_file(project);
    Course::load(&path).with_context(|| format!("reading the course manifest {}", path.display()))
}

fn course_file(project: &Project) -> PathBuf {
    project.root.join("exercises/course.toml")
}

/// The learner's file of an exercise.
pub(crate) fn learner_file(project: &Project, exercise: &Exercise) -> PathBuf {
    project.root.join("exercises/src").join(&exercise.file)
}

/// `Grading math/dot-product (exercises/src/math/dot_product.rs)…`, dimmed: said before
/// `cargo test` runs, which can take a while on a first build.
pub(crate) fn grading_notice(
    project: &Project,
    exercise: &Exercise,
) -> console::StyledObject<String> {
    style(format!(
        "Grading {} ({})…",
        exercise.id,
        learner_file(project, exercise).display()
    ))
    .dim()
}

/// The progress, with a warning printed if a corrupt file had to be set aside.
pub(crate) fn load_progress() -> Result<Progress> {
    let outcome = ProgressStore::for_learner()
        .load()
        .context("reading your progress")?;
    if let Some(recovery) = outcome.recovered {
        eprintln!("{}", style(recovery).yellow());
    }
    Ok(outcome.progress)
}

fn list(course: &Course) -> Result<()> {
    let progress = load_progress()?;
    for stage in &course.stages {
        let exercises: Vec<&Exercise> = course.exercises_in(&stage.name).collect();
        if exercises.is_empty() {
            continue;
        }
        let done = exercises.iter().filter(|e| progress.passed(&e.id)).count();
        println!(
            "\n{}  {} {done}/{}",
            style(&stage.title).bold(),
            bar(done, exercises.len(), 20),
            exercises.len()
        );
        let width = exercises.iter().map(|e| e.id.len()).max().unwrap_or(0);
        for exercise in exercises {
            let record = progress.get(&exercise.id);
            let mark = if record.passed() {
                style("✓").green()
            } else if record.attempts > 0 {
                style("✗").red()
            } else {
                style("·").dim()
            };
            let mut notes = Vec::new();
            if record.attempts > 0 && !record.passed() {
                notes.push(format!("{} attempt(s)", record.attempts));
            }
            if record.hints_revealed > 0 {
                notes.push(format!(
                    "hint {}/{}",
                    record.hints_revealed,
                    exercise.hints.len()
                ));
            }
            if record.solution_viewed_at.is_some() {
                notes.push("solution seen".to_string());
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("  ({})", notes.join(", "))
            };
            println!(
                "  {mark} {:width$}  {}{}",
                exercise.id,
                exercise.title,
                style(notes).dim()
            );
        }
    }
    println!();
    match course.next_unsolved(&progress) {
        Some(next) => println!(
            "Next: {} ({}). Edit exercises/src/{}, then run `ferrolab check` or `ferrolab watch`.",
            style(&next.id).bold(),
            next.title,
            next.file
        ),
        None => println!(
            "{}",
            style("Every exercise passes. Well done!").green().bold()
        ),
    }
    Ok(())
}

/// `[█████░░░░░]`.
fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "█".repeat(filled), "░".repeat(width - filled))
}

/// The exercise named on the command line, or the next unsolved one.
fn chosen<'a>(course: &'a Course, id: Option<&str>) -> Result<Option<&'a Exercise>> {
    match id {
        Some(id) => Ok(Some(course.exercise(&ferrolab_course::id_from_path(id))?)),
        None => Ok(course.next_unsolved(&load_progress()?)),
    }
}

fn check(project: &Project, course: &Course, id: Option<&str>) -> Result<()> {
    let Some(exercise) = chosen(course, id)? else {
        println!("Every exercise passes; name one to check it again, e.g. `ferrolab check math/dot-product`.");
        return Ok(());
    };
    eprintln!("{}", grading_notice(project, exercise));
    let graded = grade(project, course, exercise, &Options::for_learner())?;
    println!("{}", graded.display());
    if !graded.passed() {
        std::process::exit(1);
    }
    Ok(())
}

fn hint(course: &Course, id: &str) -> Result<()> {
    let exercise = course.exercise(&ferrolab_course::id_from_path(id))?;
    let outcome = ProgressStore::for_learner()
        .update(|p| p.entry(&exercise.id).reveal_hint(exercise.hints.len()))
        .context("saving which hint you have seen")?;
    if let Some(recovery) = outcome.recovered {
        eprintln!("{}", style(recovery).yellow());
    }
    let hints = Hints::new(exercise, outcome.value, Door::Terminal);
    println!("{} {}:", style(hints.title()).bold(), hints.count());
    for line in hints.numbered() {
        println!("  {line}");
    }
    println!("  {}", style(&hints.more).dim());
    Ok(())
}

fn solution(project: &Project, course: &Course, id: &str) -> Result<()> {
    let exercise = course.exercise(&ferrolab_course::id_from_path(id))?;
    let path = project.root.join("solutions/src").join(&exercise.file);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let answer = source::solution(&text)
        .with_context(|| format!("reading the markers in {}", path.display()))?;
    ProgressStore::for_learner()
        .update(|p| p.entry(&exercise.id).record_solution_viewed())
        .context("noting in your progress that you looked")?;
    let solution = Solution::new(exercise, &answer);
    println!("{}\n", style(solution.heading()).bold());
    println!("{}", solution.code);
    println!("\n{}", style(Solution::NOTE).dim());
    Ok(())
}

fn reset(project: &Project, course: &Course, id: &str) -> Result<()> {
    let exercise = course.exercise(&ferrolab_course::id_from_path(id))?;
    let solution = ferrolab_course::generate::read_solution(&project.root, exercise)?;
    let stub = ferrolab_course::generate::stub_of(exercise, &solution)?;
    let path = learner_file(project, exercise);
    match std::fs::read_to_string(&path) {
        Ok(current) if current == stub => {
            println!(
                "{} is already the starting stub; nothing to reset.",
                path.display()
            );
        }
        Ok(current) => {
            let backups = ferrolab_data::dirs::home().join("backups");
            std::fs::create_dir_all(&backups)
                .with_context(|| format!("creating {}", backups.display()))?;
            let backup = backups.join(format!(
                "{}-{}.rs",
                exercise.id.replace('/', "-"),
                ferrolab_course::progress::now()
            ));
            std::fs::write(&backup, current)
                .with_context(|| format!("backing up your version to {}", backup.display()))?;
            std::fs::write(&path, &stub).with_context(|| format!("writing {}", path.display()))?;
            println!("Your version was saved to {}.", backup.display());
            println!("{} is back to its starting stub.", path.display());
        }
        Err(_) => {
            std::fs::write(&path, &stub).with_context(|| format!("writing {}", path.display()))?;
            println!(
                "{} was missing; it is back to its starting stub.",
                path.display()
            );
        }
    }
    ProgressStore::for_learner()
        .update(|p| p.entry(&exercise.id).passed_at = None)
        .context("marking the exercise unsolved in your progress")?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn progress_bars_fill_in_proportion() {
        assert_eq!(bar(0, 4, 4), "[░░░░]");
        assert_eq!(bar(2, 4, 4), "[██░░]");
        assert_eq!(bar(4, 4, 4), "[████]");
        assert_eq!(bar(0, 0, 4), "[░░░░]");
    }
}
