//! Exercise `dl/linear-backward`: what autograd does for a linear layer, by hand.

use ferrolab::prelude::*;

/// The backward pass of `y = x·Wᵀ + b` for a whole batch. Given `grad_out`, the gradient
/// of the loss with respect to `y`, return the gradients with respect to the inputs:
/// `(grad_x, grad_weight, grad_bias)`.
///
/// - `x`: `[batch, in_features]`; `weight`: `[out_features, in_features]`;
/// - `grad_out`: `[batch, out_features]`, the same shape as `y`.
///
/// Each gradient has the shape of what it is the gradient of: `grad_x` is `[batch,
/// in_features]`, `grad_weight` `[out_features, in_features]`, `grad_bias` `[out_features]`.
/// (The bias is not needed: `y` depends on it only by adding it.)
pub fn linear_backward(x: &Tensor, weight: &Tensor, grad_out: &Tensor) -> (Tensor, Tensor, Tensor) {
    todo!()
}
