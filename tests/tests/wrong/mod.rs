//! Wrong answers learners really write, each with the words its verdict must contain:
//! one folder per stage and one file per lesson, named after its notebook exactly as
//! the checks are (`wrong/math/eigen_and_svd.rs` ↔ `checks/math/eigen_and_svd.rs`).

use ferrolab::grade::{Grader, Report};

pub mod data;
pub mod dl;
pub mod llm;
pub mod math;
pub mod ml;
pub mod rust;

/// A plausible wrong answer and the words its verdict must contain.
pub struct Wrong {
    /// The exercise.
    pub id: &'static str,
    /// The mistake, for the failure message.
    pub what: &'static str,
    /// Grade the wrong answer.
    pub grade: fn(&Grader) -> Report,
    /// Words the Incorrect verdict must contain.
    pub says: &'static str,
}

/// Every stage's wrong answers.
pub fn answers() -> Vec<Wrong> {
    [
        rust::answers(),
        math::answers(),
        data::answers(),
        ml::answers(),
        dl::answers(),
        llm::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
