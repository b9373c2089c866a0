//! Exercise `dl/xavier-uniform`: starting weights that keep signals the right size.

use ferrolab::prelude::*;

/// A weight matrix for a layer from `fan_in` inputs to `fan_out` outputs, shaped like
/// `nn::Linear`'s (`[fan_out, fan_in]`, `Kind::Float`), drawn uniformly from `[-a, a]`
/// with Glorot and Bengio's bound `a = √(6 / (fan_in + fan_out))`.
///
/// That bound gives the weights a variance of `2 / (fan_in + fan_out)`, which keeps the
/// size of the signal roughly the same forwards and backwards through a tanh or sigmoid
/// layer. (For ReLU layers He's `√(6 / fan_in)` is the usual choice.) Draw with tch's
/// random numbers (`Tensor::rand` or `uniform_`), so `tch::manual_seed` makes it repeatable.
pub fn xavier_uniform(fan_out: i64, fan_in: i64) -> Tensor {
    // BEGIN SOLUTION
    let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
    Tensor::rand([fan_out, fan_in], (Kind::Float, Device::Cpu)) * (2.0 * a) - a
    // END SOLUTION
}
