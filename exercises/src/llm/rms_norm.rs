//! Exercise `llm/rms-norm`: Llama's normalisation, a LayerNorm without the mean.

use ferrolab::prelude::*;

/// RMSNorm of `x` (any shape, the features on the last axis) with the learned per-feature
/// `weight` (shape `[dim]`): every last-axis row is divided by its root mean square,
/// `sqrt(mean(x²) + eps)` (ε inside the root), then multiplied by `weight` feature by
/// feature. Nothing is subtracted and there is no bias. Float in, Float out, `x`'s shape.
pub fn rms_norm(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor {
    todo!()
}
