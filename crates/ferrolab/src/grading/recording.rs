//! The learner's progress file, as the notebook doors and tests touch it.
//!
//! Progress is keyed by exercise id, never by cell, so deleting or moving cells loses
//! nothing. Recording never stops a learner: a progress file that cannot be written gives
//! a warning and the card is still shown (with every hint, for `hint!`), because a
//! read-only home is no reason to hide a verdict.

use super::cards::CardContext;
use ferrolab_course::{env, Course, Exercise, Progress, ProgressStore, Recovery};
use ferrolab_grade::Report;

/// Whether a grading is written to the learner's progress file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// Count the attempt (notebooks, `cargo test -p exercises`, the CLI).
    Progress,
    /// Leave progress alone (`cargo test -p solutions` proves the course, it is not a learner).
    Nothing,
}

/// Record the attempt (unless told not to) and gather what the card shows.
pub(super) fn record(report: &Report, record_it: Record) -> CardContext {
    let course = Course::load_embedded().ok();
    let exercise = course
        .as_ref()
        .and_then(|c| c.exercise(report.exercise).ok());
    let progress = if record_it == Record::Progress && !env::progress_off() {
        let update = ProgressStore::for_learner().update(|p| {
            p.entry(report.exercise)
                .record_attempt(report.verdict.kind())
        });
        match update {
            Ok(outcome) => {
                warn_recovered(&outcome.recovered);
                outcome.progress
            }
            Err(error) => {
                eprintln!("ferrolab: could not save your progress: {error}");
                Progress::default()
            }
        }
    } else {
        Progress::default()
    };
    let next = if report.passed() {
        course.as_ref().and_then(|c| {
            c.next_unsolved_after(report.exercise, &progress)
                .map(|e| (e.id.clone(), e.title.clone()))
        })
    } else {
        None
    };
    CardContext {
        title: exercise.map(|e| e.title.clone()),
        hints: exercise.map_or(0, |e| e.hints.len()),
        hints_revealed: progress.get(report.exercise).hints_revealed as usize,
        next,
    }
}

/// Reveal the next hint tier and return how many are now shown; every tier when the
/// progress file cannot be written (the learner asked for help, so help wins).
pub(super) fn reveal_next_hint(exercise: &Exercise) -> usize {
    let update = ProgressStore::for_learner()
        .update(|p| p.entry(&exercise.id).reveal_hint(exercise.hints.len()));
    match update {
        Ok(outcome) => {
            warn_recovered(&outcome.recovered);
            outcome.value
        }
        Err(error) => {
            eprintln!("ferrolab: could not save your progress ({error}); showing every hint");
            exercise.hints.len()
        }
    }
}

/// Note that the reference solution was shown.
pub(super) fn note_solution_viewed(exercise: &Exercise) {
    if let Err(error) =
        ProgressStore::for_learner().update(|p| p.entry(&exercise.id).record_solution_viewed())
    {
        eprintln!("ferrolab: could not note this in your progress: {error}");
    }
}

fn warn_recovered(recovered: &Option<Recovery>) {
    if let Some(recovery) = recovered {
        eprintln!("ferrolab: {recovery}");
    }
}
