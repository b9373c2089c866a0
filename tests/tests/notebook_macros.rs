//! The notebook front door as a notebook cell uses it: `check!`, `hint!` and `solution!`
//! record in the progress file (keyed by exercise id, so cells can be deleted or moved)
//! and return what they showed. One test in its own binary, because it points
//! `FERROLAB_HOME` at a temporary folder for the whole process.

#![allow(clippy::unwrap_used)]

use ferrolab::course::ProgressStore;
use ferrolab::prelude::*;

fn dot_product(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn dot_product_adds(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x + y).sum()
}

#[test]
fn check_hint_and_solution_record_progress_by_exercise_id() {
    let home = tempfile::tempdir().unwrap();
    std::env::set_var(ferrolab::course::env::FERROLAB_HOME, home.path());
    std::env::set_var(ferrolab::course::env::FERROLAB_FRONTEND, "terminal");

    let wrong = check!(math::dot_product, dot_product_adds);
    assert!(!wrong.passed());
    let hint = hint!(math::dot_product);
    assert!(
        hint.text.contains("Hints for math/dot-product (1 of 3)"),
        "{}",
        hint.text
    );
    let hint = hint!("math/dot-product");
    assert!(hint.text.contains("(2 of 3)"), "{}", hint.text);
    let right = check!(math::dot_product, dot_product);
    assert!(right.passed());
    let shown = solution!(math::dot_product);
    assert!(
        shown
            .text
            .contains("a.iter().zip(b).map(|(x, y)| x * y).sum()"),
        "{}",
        shown.text
    );
    let unknown = hint!(math::dot_prodcut);
    assert!(
        unknown.text.contains("did you mean `math/dot-product`"),
        "{}",
        unknown.text
    );

    let progress = ProgressStore::at(home.path().join("progress.json"))
        .load()
        .unwrap()
        .progress;
    let record = progress.get("math/dot-product");
    assert_eq!(record.attempts, 2);
    assert!(record.passed());
    assert_eq!(record.hints_revealed, 2);
    assert!(record.solution_viewed_at.is_some());
    assert_eq!(record.last_verdict.as_deref(), Some("passed"));
}
