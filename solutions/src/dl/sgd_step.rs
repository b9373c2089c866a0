//! Exercise `dl/sgd-step`: the update every optimiser in `nn` builds on.

use ferrolab::prelude::*;

/// One step of plain gradient descent on every tensor of `params`, after `backward()`
/// has filled their gradients: `p ← p − lr · p.grad()`, then each gradient reset to 0.
///
/// The update must change each parameter *in place* (the model holds these very
/// tensors) and must not itself be recorded by autograd, so it runs inside
/// `tch::no_grad(|| ...)`. The gradients must be zeroed afterwards, because the next
/// `backward()` adds to them.
pub fn sgd_step(params: &mut [Tensor], lr: f64) {
    // BEGIN SOLUTION
    tch::no_grad(|| {
        for p in params.iter_mut() {
            let step = p.grad() * lr;
            *p -= step;
            p.zero_grad();
        }
    });
    // END SOLUTION
}
