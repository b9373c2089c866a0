//! The proof behind every exercise, for every exercise in `course.toml`:
//!
//! 1. its checks pass on the reference solution in `solutions/`;
//! 2. they fail with NotAttempted on the pristine stub (generated from the solution by
//!    build.rs, not read from the learner's possibly edited `exercises/`);
//! 3. at least one plausible wrong answer, kept in `wrong/`, is rejected with its targeted
//!    message; and a runaway loop is stopped with TimedOut.
//!
//! Data and ml exercises read the installed data sets (`./ferrolab setup` fetches them):
//! a missing set fails these tests with the command that installs it.

#![allow(clippy::unwrap_used)]

use ferrolab::grade::{checks, Report, Verdict};
use ferrolab::grading::grader;

include!(concat!(env!("OUT_DIR"), "/pristine.rs"));

mod wrong;

/// Run `grade` on every id and collect "id: what went wrong" for those `ok` rejects.
fn failures(grade: impl Fn(&str) -> Option<Report>, ok: impl Fn(&Verdict) -> bool) -> Vec<String> {
    IDS.iter()
        .filter_map(|id| match grade(id) {
            None => Some(format!("{id}: no dispatch arm (rebuild the tests crate)")),
            Some(report) if report.exercise != *id => Some(format!(
                "{id}: its checks report the id `{}`",
                report.exercise
            )),
            Some(report) if ok(&report.verdict) => None,
            Some(report) => Some(format!("{id}: {:?}", report.verdict)),
        })
        .collect()
}

#[test]
fn every_solution_passes_its_checks() {
    let grader = grader();
    let failed = failures(|id| grade_solution(id, &grader), Verdict::passed);
    assert!(
        failed.is_empty(),
        "solutions that fail their checks:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_pristine_stub_is_not_attempted() {
    let grader = grader();
    let failed = failures(
        |id| grade_stub(id, &grader),
        |v| *v == Verdict::NotAttempted,
    );
    assert!(
        failed.is_empty(),
        "stubs not graded NotAttempted:\n{}",
        failed.join("\n")
    );
}

#[test]
fn the_proof_covers_exactly_the_compiled_in_course() {
    let course = ferrolab::course::Course::load_embedded().unwrap();
    let ids: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, IDS);
    assert!(IDS.len() >= 8, "the course seeds at least 8 exercises");
}

#[test]
fn known_wrong_answers_are_rejected_with_their_targeted_message() {
    let grader = grader();
    let mut failed = Vec::new();
    for wrong in wrong::answers() {
        match (wrong.grade)(&grader).verdict {
            Verdict::Incorrect { message } if message.contains(wrong.says) => {}
            other => failed.push(format!(
                "{} ({}): wanted Incorrect saying {:?}, got {other:?}",
                wrong.id, wrong.what, wrong.says
            )),
        }
    }
    assert!(
        failed.is_empty(),
        "wrong answers not rejected as expected:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_exercise_keeps_a_wrong_answer_in_this_suite() {
    let covered: Vec<&str> = wrong::answers().iter().map(|w| w.id).collect();
    let missing: Vec<&&str> = IDS.iter().filter(|id| !covered.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "add a plausible wrong answer to tests/tests/wrong/<stage>/<lesson>.rs for: {missing:?}"
    );
}

#[test]
fn a_runaway_loop_times_out_instead_of_hanging_the_run() {
    // 10 s × 0.02: the check gives up after 0.2 s. The loop sleeps, so the thread left
    // behind does not burn a core for the rest of this test binary.
    let grader = grader().with_time_scale(0.02);
    let report = checks::math::dot_product(
        &grader,
        wrong::math::vectors_and_matrices::dot_product_never_returns,
    );
    let Verdict::TimedOut { input, .. } = &report.verdict else {
        panic!("{:?}", report.verdict)
    };
    assert_eq!(input.as_deref(), Some("a = [1, 2, 3], b = [4, -5, 6]"));
    assert!(report
        .verdict
        .explanation()
        .contains("keeps one CPU core busy until the kernel"));
}

#[test]
fn a_panic_is_reported_with_its_input_and_place() {
    let report = checks::math::dot_product(
        &grader(),
        wrong::math::vectors_and_matrices::dot_product_indexes_past_the_end,
    );
    let Verdict::Panicked {
        message,
        location,
        input,
    } = &report.verdict
    else {
        panic!("{:?}", report.verdict)
    };
    assert!(message.contains("index out of bounds"), "{message}");
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.contains("tests/tests/wrong/math/vectors_and_matrices.rs")),
        "{location:?}"
    );
    assert_eq!(input.as_deref(), Some("a = [1, 2, 3], b = [4, -5, 6]"));
}
