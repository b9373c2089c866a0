//! Exercise `dl/adam-step`: the optimiser most networks in this course train with.

use ferrolab::prelude::*;

/// One Adam update of a parameter tensor, as a pure function: returns `(param, m, v)`
/// after step number `t` (the first step is `t = 1`), given the gradient `grad` and the
/// running averages `m` and `v` from the previous step (zeros before the first).
///
/// - `m ← β1·m + (1 − β1)·grad` (the average gradient: momentum);
/// - `v ← β2·v + (1 − β2)·grad²` (the average squared gradient: each weight's scale);
/// - bias correction, because both start at zero: `m̂ = m / (1 − β1ᵗ)`, `v̂ = v / (1 − β2ᵗ)`;
/// - `param ← param − lr · m̂ / (√v̂ + ε)`.
///
/// Return the new `m` and `v`, not the corrected ones: the next step continues from them.
pub fn adam_step(
    param: &Tensor,
    grad: &Tensor,
    m: &Tensor,
    v: &Tensor,
    t: i32,
    lr: f64,
) -> (Tensor, Tensor, Tensor) {
    let (beta1, beta2, eps) = (0.9, 0.999, 1e-8);
    // BEGIN SOLUTION
    let m = m * beta1 + grad * (1.0 - beta1);
    let v = v * beta2 + grad.square() * (1.0 - beta2);
    let m_hat = &m / (1.0 - beta1.powi(t));
    let v_hat = &v / (1.0 - beta2.powi(t));
    let param = param - m_hat / (v_hat.sqrt() + eps) * lr;
    (param, m, v)
    // END SOLUTION
}
