//! Wrong answers learners really write, one file per stage (so stages can be added
//! side by side), each with the words its verdict must contain.

use ferrolab::grade::{Grader, Report};

pub mod data;
pub mod dl;
pub mod math;
pub mod ml;
pub mod ml_second_half;

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
        math::answers(),
        data::answers(),
        ml::answers(),
        ml_second_half::answers(),
        dl::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
