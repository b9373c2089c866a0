//! Plausible wrong answers to the stage 5 (LLM) exercises, and the words their verdicts
//! must contain: one file per lesson, named after its notebook as the checks are.

use super::Wrong;

pub mod attention;
pub mod chat_and_tools;
pub mod lora_and_distillation;
pub mod mini_gpt;
pub mod minilm;
pub mod quantisation;
pub mod rag;
pub mod smollm2;
pub mod tokenisation;
pub mod word_vectors;

/// This stage's entries in the proof's wrong-answer table, lesson by lesson.
pub fn answers() -> Vec<Wrong> {
    [
        tokenisation::answers(),
        word_vectors::answers(),
        attention::answers(),
        mini_gpt::answers(),
        minilm::answers(),
        lora_and_distillation::answers(),
        smollm2::answers(),
        quantisation::answers(),
        rag::answers(),
        chat_and_tools::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
