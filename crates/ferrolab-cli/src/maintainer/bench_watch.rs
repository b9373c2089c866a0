//! `ferrolab bench watch`: edit-to-verdict time of `ferrolab watch` for a math exercise.
//!
//! Each run saves `exercises/src/math/dot_product.rs` (alternately solved and back to
//! the stub, so the verdict flips between Correct and Not attempted and the crate is
//! recompiled every time), waits for the same debounced file watcher `ferrolab watch`
//! uses, grades exactly as it does, and times save → verdict. The learner's own file
//! is put back afterwards, and progress is not touched. The first build is reported
//! separately: the figure that matters is a re-grade.

use super::stats::percentile;
use crate::exercise_cmds::grade::{grade, Graded, Options};
use crate::exercise_cmds::watch::{watch_sources, Event};
use crate::exercise_cmds::{learner_file, load_course};
use crate::project::Project;
use anyhow::{bail, Context, Result};
use ferrolab_course::{generate, source, VerdictKind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The exercise timed: the first one, as small as exercises get.
const EXERCISE: &str = "math/dot-product";

/// Puts the learner's file back however the benchmark ends.
struct Restore {
    path: PathBuf,
    original: Option<String>,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let result = match &self.original {
            Some(text) => std::fs::write(&self.path, text),
            None => std::fs::remove_file(&self.path),
        };
        if let Err(error) = result {
            eprintln!("could not restore {}: {error}", self.path.display());
        }
    }
}

/// Time `runs` save-to-verdict cycles and print their distribution.
pub fn run(project: &Project, runs: usize) -> Result<()> {
    let course = load_course(project)?;
    let exercise = course.exercise(EXERCISE)?;
    let path = learner_file(project, exercise);
    let solution_file = generate::read_solution(&project.root, exercise)?;
    let versions = [
        (
            source::solution(&solution_file).context("reading the solution's markers")?,
            VerdictKind::Passed,
        ),
        (
            generate::stub_of(exercise, &solution_file)?,
            VerdictKind::NotAttempted,
        ),
    ];
    let _restore = Restore {
        original: std::fs::read_to_string(&path).ok(),
        path: path.clone(),
    };

    let (sender, events) = mpsc::channel();
    let _watcher = watch_sources(project, sender)
        .context("starting the file watcher (as `ferrolab watch` does)")?;
    let options = Options {
        record_progress: false,
        color: false,
    };

    eprintln!("First build of the `exercises` crate (math feature only), not counted…");
    let first = grade(project, &course, exercise, &options)?;
    eprintln!("first build: {:.1} s", first.elapsed().as_secs_f64());

    let mut totals = Vec::with_capacity(runs);
    let mut notices = Vec::with_capacity(runs);
    for run in 0..runs {
        let (text, expected) = &versions[run % 2];
        while events.try_recv().is_ok() {}
        let started = Instant::now();
        std::fs::write(&path, format!("{text}// bench edit {run}\n"))
            .with_context(|| format!("writing {}", path.display()))?;
        wait_for_save(&events, &path)?;
        let noticed = started.elapsed();
        let graded = grade(project, &course, exercise, &options)?;
        let total = started.elapsed();
        let verdict = match &graded {
            Graded::Verdict { kind, .. } => *kind,
            Graded::NoVerdict { diagnostics, .. } => bail!("no verdict:\n{diagnostics}"),
        };
        if verdict != *expected {
            bail!(
                "run {}: expected the verdict `{expected}`, got `{verdict}`",
                run + 1
            );
        }
        println!(
            "run {:>2}: {:>5.2} s save → verdict ({:>3.0} ms to notice the save), {verdict}",
            run + 1,
            total.as_secs_f64(),
            noticed.as_secs_f64() * 1000.0
        );
        totals.push(total.as_secs_f64());
        notices.push(noticed.as_secs_f64());
    }
    if totals.is_empty() {
        return Ok(());
    }
    println!(
        "\nferrolab watch, {EXERCISE}, {runs} runs: save → verdict p50 {:.2} s, p95 {:.2} s (min {:.2}, max {:.2}); \
         noticing the save (debounce {} ms) p50 {:.0} ms",
        percentile(&totals, 0.50),
        percentile(&totals, 0.95),
        percentile(&totals, 0.0),
        percentile(&totals, 1.0),
        crate::exercise_cmds::watch::DEBOUNCE.as_millis(),
        percentile(&notices, 0.50) * 1000.0,
    );
    Ok(())
}

fn wait_for_save(events: &mpsc::Receiver<Event>, path: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let wanted = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(Event::Saved(paths))
                if paths
                    .iter()
                    .any(|p| p.canonicalize().ok().as_deref() == Some(&wanted)) =>
            {
                return Ok(())
            }
            Ok(_) => continue,
            Err(_) => bail!(
                "the file watcher did not report the save of {} within 10 s",
                path.display()
            ),
        }
    }
}
