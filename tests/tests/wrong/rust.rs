//! Plausible wrong answers to the stage 0 (Rust) exercises, and the words their verdicts
//! must contain: one file per lesson, named after its notebook as the checks are.

use super::Wrong;

pub mod a_real_program;
pub mod algorithms_and_complexity;
pub mod functions_closures_and_iterators;
pub mod traits_and_generics;
pub mod values_types_and_ownership;

/// This stage's entries in the proof's wrong-answer table, lesson by lesson.
pub fn answers() -> Vec<Wrong> {
    [
        values_types_and_ownership::answers(),
        functions_closures_and_iterators::answers(),
        traits_and_generics::answers(),
        algorithms_and_complexity::answers(),
        a_real_program::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
