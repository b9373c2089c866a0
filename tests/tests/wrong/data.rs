//! Plausible wrong answers to the data exercises, and the words their verdicts must
//! contain: one file per lesson, named after its notebook as the checks are.

use super::Wrong;

pub mod cleaning_and_features;
pub mod dataframes_with_polars;
pub mod from_frames_to_model_inputs;
pub mod visualisation_dashboard;

/// This stage's entries in the proof's wrong-answer table, lesson by lesson.
pub fn answers() -> Vec<Wrong> {
    [
        dataframes_with_polars::answers(),
        cleaning_and_features::answers(),
        visualisation_dashboard::answers(),
        from_frames_to_model_inputs::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
