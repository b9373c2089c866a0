//! Exercise `dl/linear-layer`: what `nn::linear` does in its forward pass.

use ferrolab::prelude::*;

/// The forward pass of a fully connected layer for a whole batch: x·Wᵀ + b.
///
/// - `x`: `[batch, in_features]`, one example per row;
/// - `weight`: `[out_features, in_features]`, stored the way `nn::Linear` stores it;
/// - `bias`: `[out_features]`.
///
/// Returns `[batch, out_features]`.
pub fn linear(x: &Tensor, weight: &Tensor, bias: &Tensor) -> Tensor {
    todo!()
}
