//! Plausible wrong answers to the stage 5 (LLM) exercises, and the words their verdicts
//! must contain: one file per lesson, named after its notebook as the checks are.

use super::Wrong;

pub mod attention;
pub mod mini_gpt;
pub mod tokenisation;

/// This stage's entries in the proof's wrong-answer table, lesson by lesson.
pub fn answers() -> Vec<Wrong> {
    [
        tokenisation::answers(),
        attention::answers(),
        mini_gpt::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
