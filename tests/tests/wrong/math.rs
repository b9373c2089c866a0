//! Plausible wrong answers to the math exercises, and the words their verdicts must
//! contain: one file per lesson, named after its notebook as the checks are.

use super::Wrong;

pub mod autodiff_from_scratch;
pub mod calculus_and_optimization;
pub mod eigen_and_svd;
pub mod probability_and_statistics;
pub mod vectors_and_matrices;

/// This stage's entries in the proof's wrong-answer table, lesson by lesson.
pub fn answers() -> Vec<Wrong> {
    [
        vectors_and_matrices::answers(),
        eigen_and_svd::answers(),
        probability_and_statistics::answers(),
        calculus_and_optimization::answers(),
        autodiff_from_scratch::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
