//! Exercise `dl/momentum-step`: SGD with momentum, PyTorch's way.

use ferrolab::prelude::*;

/// One step of SGD with momentum `mu`, as PyTorch's `SGD(momentum=mu)` and tch's
/// `nn::Sgd { momentum, .. }` take it: returns `(param, velocity)`.
///
/// - `velocity ← mu · velocity + grad` (a running sum of past gradients, fading by `mu`);
/// - `param ← param − lr · velocity`.
///
/// With `mu = 0` this is plain SGD. Before the first step `velocity` is zeros.
pub fn momentum_step(
    param: &Tensor,
    grad: &Tensor,
    velocity: &Tensor,
    lr: f64,
    mu: f64,
) -> (Tensor, Tensor) {
    // BEGIN SOLUTION
    let velocity = velocity * mu + grad;
    let param = param - &velocity * lr;
    (param, velocity)
    // END SOLUTION
}
