//! Exercise `llm/sinusoidal-positions`: the position signal of "Attention Is All You Need".

use ferrolab::prelude::*;

/// The sinusoidal position encodings of positions 0..n in `d` dimensions (`d` even): an
/// `[n, d]` tensor of kind `Kind::Float` whose row `pos` holds, for each pair i in 0..d/2,
/// `sin(pos / 10000^(2i/d))` in column 2i and `cos(pos / 10000^(2i/d))` in column 2i + 1
/// (interleaved, as in the paper and PyTorch's tutorial: sin, cos, sin, cos, ...).
pub fn sinusoidal_positions(n: usize, d: usize) -> Tensor {
    // BEGIN SOLUTION
    let options = (Kind::Float, Device::Cpu);
    let pos = Tensor::arange(n as i64, options).unsqueeze(1);
    let two_i = Tensor::arange_start_step(0, d as i64, 2, options);
    let angle = pos / (two_i * (10000f64.ln() / d as f64)).exp();
    Tensor::stack(&[angle.sin(), angle.cos()], -1).reshape([n as i64, d as i64])
    // END SOLUTION
}
