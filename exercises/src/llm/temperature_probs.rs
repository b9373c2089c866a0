//! Exercise `llm/temperature-probs`: how sure of itself a sampler is.

use ferrolab::prelude::*;

/// The next-token probabilities at temperature `temperature` (> 0): softmax(logits / T)
/// over the last axis of `logits` (any shape, the vocabulary last), a `Kind::Float` tensor
/// of the same shape whose last-axis rows sum to 1. T = 1 leaves the model's distribution
/// as it is, T < 1 sharpens it towards the most likely token, T > 1 flattens it.
pub fn temperature_probs(logits: &Tensor, temperature: f64) -> Tensor {
    todo!()
}
