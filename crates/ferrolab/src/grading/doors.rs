//! What learners call: `check!`, `hint!` and `solution!` in a notebook, and [`run_test`]
//! in every generated `#[test]` of `exercises/` and `solutions/`.
//!
//! Each door does the same three things in the same order: look the exercise up, record
//! what happened (`super::recording`), show it (`super::cards`). Only the door decides
//! where the card goes: printed as a rich value in a notebook, printed as text and left
//! in a [`VerdictFile`] for `ferrolab check` in a test.

use super::cards;
use super::recording::{self, Record};
use ferrolab_course::{env, id_from_path, Course, Door, Exercise, VerdictFile};
use ferrolab_grade::{Grader, Report};

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
    let grader = grader.with_data(super::course_data::CourseData);
    #[cfg(feature = "dl")]
    let grader = grader.with_images(super::course_images::CourseImages);
    grader
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
    let context = recording::record(&report, Record::Progress);
    cards::card(&report, &context, Door::Notebook).emit();
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
    let context = recording::record(&report, record_it);
    let text = cards::card_text(&report, &context, Door::Terminal, cards::use_color());
    println!("{text}");
    if let Some(path) = std::env::var_os(env::FERROLAB_VERDICT_FILE) {
        let verdict = VerdictFile {
            exercise: report.exercise.to_string(),
            kind: report.verdict.kind(),
            card: text,
        };
        if let Err(error) = verdict.write(std::path::Path::new(&path)) {
            eprintln!("ferrolab: {error}");
        }
    }
    if !report.passed() {
        panic!("{}: {}", report.exercise, report.verdict.headline());
    }
}

/// `hint!`'s work: reveal the next tier (remembered in progress) and show every tier so far.
pub fn reveal_hint(id_or_path: &str) -> Shown {
    let shown = match lookup(id_or_path) {
        Ok(exercise) => {
            let tier = recording::reveal_next_hint(&exercise);
            cards::hints(&exercise, tier)
        }
        Err(message) => cards::problem(&message),
    };
    shown.emit();
    Shown { text: shown.text }
}

/// `solution!`'s work: show the reference answer and note that it was looked at.
pub fn show_solution(id_or_path: &str) -> Shown {
    let shown = match lookup(id_or_path) {
        Ok(exercise) => match ferrolab_course::solution_text(&exercise) {
            Some(Ok(code)) => {
                recording::note_solution_viewed(&exercise);
                cards::solution(&exercise, &code)
            }
            Some(Err(error)) => cards::problem(&format!(
                "the solution of `{}` is malformed: {error}",
                exercise.id
            )),
            None => cards::problem(&format!(
                "the solution of `{}` was not compiled in",
                exercise.id
            )),
        },
        Err(message) => cards::problem(&message),
    };
    shown.emit();
    Shown { text: shown.text }
}

/// The exercise an id or a macro path names, from the course compiled in (kernels run far
/// from the repository); the error says "did you mean" for a near miss.
fn lookup(id_or_path: &str) -> Result<Exercise, String> {
    let course = Course::load_embedded().map_err(|e| e.to_string())?;
    let exercise = course
        .exercise(&id_from_path(id_or_path))
        .map_err(|e| e.to_string())?
        .clone();
    Ok(exercise)
}
