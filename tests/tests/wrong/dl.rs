//! Plausible wrong answers to the dl exercises, and the words their verdicts must
//! contain: one file per lesson, named after its notebook as the checks are.

use super::Wrong;

pub mod convolutional_networks;
pub mod mlp_on_mnist;
pub mod practicalities;
pub mod regularisation;
pub mod sequences;
pub mod tensors_and_autograd;
pub mod text_classification;
pub mod training_well;

/// This stage's entries in the proof's wrong-answer table, lesson by lesson.
pub fn answers() -> Vec<Wrong> {
    [
        tensors_and_autograd::answers(),
        mlp_on_mnist::answers(),
        training_well::answers(),
        convolutional_networks::answers(),
        regularisation::answers(),
        sequences::answers(),
        text_classification::answers(),
        practicalities::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
