//! The front doors to the exercise checks: `check!`, `hint!` and `solution!` in notebook
//! cells, and [`run_test`] behind `cargo test -p exercises` and `ferrolab check`.
//!
//! ```text
//! check!(math::dot_product, dot_product)   // grade the cell's `dot_product`, show a card
//! hint!(math::dot_product)                 // the next hint tier (remembered)
//! solution!(math::dot_product)             // the reference answer (noted in progress)
//! ```
//!
//! The checks themselves live in `ferrolab-grade`, so every front door gives the same
//! verdict; this module records it in the learner's progress file (keyed by exercise
//! id, so deleting or moving cells loses nothing) and renders it: an HTML card in
//! Jupyter, text in the REPL and the terminal. The card is printed when the macro
//! runs, so `check!(...);` with a semicolon shows it too.
//!
//! Environment: `FERROLAB_PROGRESS=off` records nothing (CI); `FERROLAB_CHECKS_MUST_PASS=1`
//! makes a failed `check!` panic, so a notebook test run with the reference solutions
//! fails on a check that does not pass; `FERROLAB_COLOR=always|never` overrides the
//! terminal colour guess; `FERROLAB_VERDICT_FILE` is where [`run_test`] leaves the
//! verdict for `ferrolab check`.

use crate::display::{escape_html, Frontend, Rich};
use ferrolab_course::{env, id_from_path, Course, Exercise, Progress, ProgressStore};
use ferrolab_grade::{Grader, Report, Verdict};
use std::io::IsTerminal as _;

/// Grade a learner's implementation and show the verdict card.
///
/// The first argument is the exercise's path (its id with `::` and `_`), the second
/// the learner's function, or for a trait exercise its constructor (`NearestCentroid::fit`).
/// If rustc says "cannot find value `dot_product`", run the exercise cell first.
#[macro_export]
macro_rules! check {
    ($($segment:ident)::+ , $learner:expr $(,)?) => {
        $crate::grading::show($crate::grade::checks::$($segment)::+(&$crate::grading::grader(), $learner))
    };
}

/// Reveal the next hint of an exercise, one tier per call: `hint!(math::dot_product)`.
#[macro_export]
macro_rules! hint {
    ($id:literal) => {
        $crate::grading::reveal_hint($id)
    };
    ($($segment:ident)::+) => {
        $crate::grading::reveal_hint(stringify!($($segment)::+))
    };
}

/// Show an exercise's reference solution (and note in your progress that you looked):
/// `solution!(math::dot_product)`.
#[macro_export]
macro_rules! solution {
    ($id:literal) => {
        $crate::grading::show_solution($id)
    };
    ($($segment:ident)::+) => {
        $crate::grading::show_solution(stringify!($($segment)::+))
    };
}

/// The grader every front door uses: the fixed seed, and the course's data sets.
pub fn grader() -> Grader {
    let grader = Grader::new();
    #[cfg(feature = "data")]
    let grader = grader.with_data(course_data::CourseData);
    grader
}

/// Whether a grading is written to the learner's progress file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// Count the attempt (notebooks, `cargo test -p exercises`, the CLI).
    Progress,
    /// Leave progress alone (`cargo test -p solutions` proves the course, it is not a learner).
    Nothing,
}

/// Where a card is read, which decides the advice it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// A notebook cell or the REPL: advise `hint!(...)`.
    Notebook,
    /// `cargo test` or the `ferrolab` CLI: advise `ferrolab hint ...`.
    Terminal,
}

/// What `check!` returns: the report, already shown. Evaluating it in a cell shows nothing more.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The verdict.
    pub report: Report,
}

impl Checked {
    /// Whether the exercise passed.
    pub fn passed(&self) -> bool {
        self.report.passed()
    }

    /// The card was printed when the check ran; nothing to add.
    pub fn evcxr_display(&self) {}
}

/// What `hint!` and `solution!` return: the text, already shown.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The plain text that was shown.
    pub text: String,
}

impl Shown {
    /// Shown when the macro ran; nothing to add.
    pub fn evcxr_display(&self) {}
}

/// `check!`'s work: record the attempt, print the card, return the report.
pub fn show(report: Report) -> Checked {
    let context = record(&report, Record::Progress);
    card(&report, &context, Door::Notebook).emit();
    if !report.passed() && env::flag(env::FERROLAB_CHECKS_MUST_PASS) {
        panic!(
            "the check of `{}` did not pass: {}",
            report.exercise,
            report.verdict.explanation()
        );
    }
    Checked { report }
}

/// The body of each generated `#[test]` in `exercises/` and `solutions/`: record, print the
/// card, leave the verdict for `ferrolab check`, and fail the test unless it passed.
#[track_caller]
pub fn run_test(report: Report, record_it: Record) {
    let context = record(&report, record_it);
    let text = card_text(&report, &context, Door::Terminal, use_color());
    println!("{text}");
    if let Some(path) = std::env::var_os(env::FERROLAB_VERDICT_FILE) {
        let json = serde_json::json!({ "exercise": report.exercise, "verdict": report.verdict, "card": text });
        if let Err(error) = std::fs::write(&path, json.to_string()) {
            eprintln!(
                "ferrolab: could not write the verdict to {}: {error}",
                std::path::Path::new(&path).display()
            );
        }
    }
    if !report.passed() {
        panic!("{}: {}", report.exercise, report.verdict.headline());
    }
}

/// `hint!`'s work: reveal the next tier (remembered in progress) and show every tier so far.
pub fn reveal_hint(id_or_path: &str) -> Shown {
    let shown = match lookup(id_or_path) {
        Ok((_, exercise)) => {
            let store = ProgressStore::for_learner();
            let tier =
                match store.update(|p| p.entry(&exercise.id).reveal_hint(exercise.hints.len())) {
                    Ok(outcome) => {
                        warn_recovered(&outcome.recovered);
                        outcome.value
                    }
                    Err(error) => {
                        eprintln!(
                            "ferrolab: could not save your progress ({error}); showing every hint"
                        );
                        exercise.hints.len()
                    }
                };
            hint_rich(&exercise, tier)
        }
        Err(message) => problem_rich(&message),
    };
    shown.emit();
    Shown { text: shown.text }
}

/// `solution!`'s work: show the reference answer and note that it was looked at.
pub fn show_solution(id_or_path: &str) -> Shown {
    let shown = match lookup(id_or_path) {
        Ok((_, exercise)) => match ferrolab_course::solution_text(&exercise) {
            Some(Ok(code)) => {
                if let Err(error) = ProgressStore::for_learner()
                    .update(|p| p.entry(&exercise.id).record_solution_viewed())
                {
                    eprintln!("ferrolab: could not note this in your progress: {error}");
                }
                solution_rich(&exercise, &code)
            }
            Some(Err(error)) => problem_rich(&format!(
                "the solution of `{}` is malformed: {error}",
                exercise.id
            )),
            None => problem_rich(&format!(
                "the solution of `{}` was not compiled in",
                exercise.id
            )),
        },
        Err(message) => problem_rich(&message),
    };
    shown.emit();
    Shown { text: shown.text }
}

fn lookup(id_or_path: &str) -> Result<(Course, Exercise), String> {
    let course = Course::load_embedded().map_err(|e| e.to_string())?;
    let exercise = course
        .exercise(&id_from_path(id_or_path))
        .map_err(|e| e.to_string())?
        .clone();
    Ok((course, exercise))
}

/// What a card needs besides the report.
struct CardContext {
    title: Option<String>,
    hints: usize,
    hints_revealed: usize,
    next: Option<(String, String)>,
}

/// Record the attempt (unless told not to) and gather what the card shows.
fn record(report: &Report, record_it: Record) -> CardContext {
    let course = Course::load_embedded().ok();
    let exercise = course
        .as_ref()
        .and_then(|c| c.exercise(report.exercise).ok());
    let progress = if record_it == Record::Progress && !env::progress_off() {
        let update = ProgressStore::for_learner().update(|p| {
            p.entry(report.exercise)
                .record_attempt(report.verdict.kind(), report.passed())
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
            c.exercises
                .iter()
                .find(|e| e.id != report.exercise && !progress.passed(&e.id))
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

fn warn_recovered(recovered: &Option<ferrolab_course::Recovery>) {
    if let Some(recovery) = recovered {
        eprintln!("ferrolab: {recovery}");
    }
}

fn use_color() -> bool {
    match std::env::var(env::FERROLAB_COLOR).as_deref() {
        Ok("always") => true,
        Ok("never") => false,
        _ => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    }
}

/// A panic location as the learner knows it: evcxr compiles cells into a generated
/// `src/lib.rs` whose line numbers mean nothing to them.
fn readable_location(location: &str) -> String {
    if location.starts_with("src/lib.rs") || location.contains("evcxr") {
        "your notebook code".to_string()
    } else {
        location.to_string()
    }
}

fn readable(verdict: &Verdict) -> Verdict {
    match verdict {
        Verdict::Panicked {
            message,
            location,
            input,
        } => Verdict::Panicked {
            message: message.clone(),
            location: location.as_deref().map(readable_location),
            input: input.clone(),
        },
        other => other.clone(),
    }
}

/// (symbol, colour as an ANSI code, colour as CSS) per verdict.
fn style(verdict: &Verdict) -> (&'static str, &'static str, &'static str) {
    match verdict {
        Verdict::Passed { .. } => ("✓", "32", "#2e7d32"),
        Verdict::Incorrect { .. } => ("✗", "31", "#c62828"),
        Verdict::NotAttempted => ("…", "34", "#1565c0"),
        Verdict::Panicked { .. } => ("!", "31", "#c62828"),
        Verdict::TimedOut { .. } => ("⏱", "35", "#6a1b9a"),
        Verdict::CannotGrade { .. } => ("?", "33", "#9e6a00"),
    }
}

/// The line that says what to do next.
fn advice(report: &Report, context: &CardContext, door: Door) -> Option<String> {
    let id = report.exercise;
    let path = id.replace('/', "::").replace('-', "_");
    if report.passed() {
        return context
            .next
            .as_ref()
            .map(|(next, title)| format!("Next: `{next}`, {title}."));
    }
    if matches!(report.verdict, Verdict::CannotGrade { .. }) {
        return None;
    }
    let (hint, solution) = match door {
        Door::Notebook => (format!("`hint!({path})`"), format!("`solution!({path})`")),
        Door::Terminal => (
            format!("`ferrolab hint {id}`"),
            format!("`ferrolab solution {id}`"),
        ),
    };
    Some(if context.hints_revealed < context.hints {
        format!(
            "Stuck? {hint} reveals hint {} of {}.",
            context.hints_revealed + 1,
            context.hints
        )
    } else {
        format!("You have seen every hint; {solution} shows the reference answer.")
    })
}

/// The card as text, for terminals (ANSI colours when `color`).
fn card_text(report: &Report, context: &CardContext, door: Door, color: bool) -> String {
    let verdict = readable(&report.verdict);
    let (symbol, ansi, _) = style(&verdict);
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let title = context
        .title
        .as_deref()
        .map(|t| format!(" · {t}"))
        .unwrap_or_default();
    let mut text = format!(
        "{} {}{}",
        paint(
            &format!("1;{ansi}"),
            &format!("{symbol} {}:", verdict.headline())
        ),
        paint("1", report.exercise),
        title
    );
    text.push_str(&format!("\n  {}", verdict.explanation()));
    if let Some(advice) = advice(report, context, door) {
        text.push_str(&format!("\n  {}", paint("2", &advice)));
    }
    text
}

/// The card for a notebook: HTML for Jupyter, plain text as the fallback and for the REPL.
fn card(report: &Report, context: &CardContext, door: Door) -> Rich {
    let verdict = readable(&report.verdict);
    let (symbol, _, css) = style(&verdict);
    let title = context
        .title
        .as_deref()
        .map(|t| format!(" · {}", escape_html(t)))
        .unwrap_or_default();
    let advice = advice(report, context, door)
        .map(|a| {
            format!(
                "<div style=\"margin-top:4px;color:#555\">{}</div>",
                code_spans(&escape_html(&a))
            )
        })
        .unwrap_or_default();
    let html = format!(
        "<div style=\"border-left:4px solid {css};padding:6px 12px;margin:4px 0;font-family:system-ui,sans-serif\">\
         <div style=\"font-weight:600;color:{css}\">{symbol} {}: <span style=\"color:#333;font-weight:400\"><code>{}</code>{title}</span></div>\
         <div style=\"margin-top:4px\">{}</div>{advice}</div>",
        verdict.headline(),
        escape_html(report.exercise),
        code_spans(&escape_html(&verdict.explanation())),
    );
    let color = Frontend::current() == Frontend::Terminal && use_color();
    Rich {
        text: card_text(report, context, door, color),
        html: Some(html),
        ..Rich::default()
    }
}

/// `` `code` `` → `<code>code</code>` in already-escaped text.
fn code_spans(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{part}</code>"));
        } else {
            out.push_str(part);
        }
    }
    out
}

fn hint_rich(exercise: &Exercise, tier: usize) -> Rich {
    let total = exercise.hints.len();
    let path = exercise.id.replace('/', "::").replace('-', "_");
    let shown = &exercise.hints[..tier.min(total)];
    let more = if tier < total {
        format!(
            "Run `hint!({path})` again for hint {} of {total}.",
            tier + 1
        )
    } else {
        format!("That was the last hint; `solution!({path})` shows the reference answer.")
    };
    let mut text = format!("Hints for {} ({} of {total}):", exercise.id, shown.len());
    let mut items = String::new();
    for (n, hint) in shown.iter().enumerate() {
        text.push_str(&format!("\n  {}. {hint}", n + 1));
        items.push_str(&format!("<li>{}</li>", code_spans(&escape_html(hint))));
    }
    text.push_str(&format!("\n  {more}"));
    let html = format!(
        "<div style=\"border-left:4px solid #f9a825;padding:6px 12px;margin:4px 0;font-family:system-ui,sans-serif\">\
         <div style=\"font-weight:600\">💡 Hints for <code>{}</code> ({} of {total})</div><ol style=\"margin:4px 0\">{items}</ol>\
         <div style=\"color:#555\">{}</div></div>",
        escape_html(&exercise.id),
        shown.len(),
        code_spans(&escape_html(&more)),
    );
    Rich {
        text,
        html: Some(html),
        ..Rich::default()
    }
}

fn solution_rich(exercise: &Exercise, code: &str) -> Rich {
    let note =
        "Noted in your progress. Type it in yourself rather than pasting: that is how it sticks.";
    let text = format!(
        "Reference solution for {} ({}):\n\n{}\n\n{note}",
        exercise.id,
        exercise.title,
        code.trim_end()
    );
    let html = format!(
        "<div style=\"border-left:4px solid #546e7a;padding:6px 12px;margin:4px 0;font-family:system-ui,sans-serif\">\
         <div style=\"font-weight:600\">Reference solution for <code>{}</code> · {}</div>\
         <pre style=\"margin:6px 0\">{}</pre><div style=\"color:#555\">{note}</div></div>",
        escape_html(&exercise.id),
        escape_html(&exercise.title),
        escape_html(code.trim_end()),
    );
    Rich {
        text,
        html: Some(html),
        ..Rich::default()
    }
}

fn problem_rich(message: &str) -> Rich {
    let html = format!(
        "<div style=\"border-left:4px solid #9e6a00;padding:6px 12px;font-family:system-ui,sans-serif\">{}</div>",
        code_spans(&escape_html(message))
    );
    Rich {
        text: message.to_string(),
        html: Some(html),
        ..Rich::default()
    }
}

/// The course's data sets, for the data and ml checks.
#[cfg(feature = "data")]
mod course_data {
    use ferrolab_grade::DataSource;
    use polars::prelude::DataFrame;

    /// Reads installed sets with the loaders lessons use (checksums verified), so the checks
    /// grade on exactly the data the notebook shows.
    pub struct CourseData;

    impl DataSource for CourseData {
        fn frame(&self, name: &str) -> Result<DataFrame, String> {
            crate::data::DataDir::default()
                .main_table(name)
                .map_err(|e| e.to_string())
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn context() -> CardContext {
        CardContext {
            title: Some("Dot product".into()),
            hints: 3,
            hints_revealed: 1,
            next: None,
        }
    }

    #[test]
    fn a_failed_card_names_the_mistake_and_the_next_hint() {
        let report = Report::new(
            "math/dot-product",
            Verdict::Incorrect {
                message: "for input a = [1] expected 1, got 2".into(),
            },
        );
        let text = card_text(&report, &context(), Door::Notebook, false);
        assert!(
            text.starts_with("✗ Not quite: math/dot-product · Dot product"),
            "{text}"
        );
        assert!(
            text.contains("for input a = [1] expected 1, got 2"),
            "{text}"
        );
        assert!(
            text.contains("`hint!(math::dot_product)` reveals hint 2 of 3"),
            "{text}"
        );
        let terminal = card_text(&report, &context(), Door::Terminal, false);
        assert!(
            terminal.contains("`ferrolab hint math/dot-product` reveals hint 2 of 3"),
            "{terminal}"
        );
    }

    #[test]
    fn colour_is_ansi_and_html_is_escaped() {
        let report = Report::new(
            "math/x",
            Verdict::Incorrect {
                message: "expected <b>`a`</b>".into(),
            },
        );
        assert!(card_text(&report, &context(), Door::Terminal, true).contains("\x1b[1;31m"));
        let html = card(&report, &context(), Door::Notebook).html.unwrap();
        assert!(
            html.contains("expected &lt;b&gt;<code>a</code>&lt;/b&gt;"),
            "{html}"
        );
    }

    #[test]
    fn notebook_panics_point_at_the_notebook_not_generated_code() {
        let verdict = Verdict::Panicked {
            message: "boom".into(),
            location: Some("src/lib.rs:412".into()),
            input: None,
        };
        let text = card_text(
            &Report::new("math/x", verdict),
            &context(),
            Door::Notebook,
            false,
        );
        assert!(text.contains("at your notebook code"), "{text}");
        let timed_out = Verdict::TimedOut {
            limit: Duration::from_secs(10),
            input: None,
        };
        let text = card_text(
            &Report::new("math/x", timed_out),
            &context(),
            Door::Notebook,
            false,
        );
        assert!(text.contains("keeps one CPU core busy"), "{text}");
    }

    #[test]
    fn every_hint_seen_points_to_the_solution() {
        let report = Report::new("math/dot-product", Verdict::NotAttempted);
        let all_seen = CardContext {
            hints_revealed: 3,
            ..context()
        };
        let text = card_text(&report, &all_seen, Door::Notebook, false);
        assert!(
            text.contains("`solution!(math::dot_product)` shows the reference answer"),
            "{text}"
        );
    }
}
