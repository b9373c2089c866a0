//! Exercise `llm/rope-rotate`: rotary position embeddings on GGUF's interleaved pairs.

use ferrolab::prelude::*;

/// RoPE for `x` of shape `[.., seq, head_dim]` (head_dim even) whose rows sit at positions
/// `start, start + 1, ..`: the pair of columns `(2i, 2i + 1)` of the row at position `p`
/// turns by the angle `p · theta^(-2i / head_dim)`, so
/// `out[2i] = x[2i]·cos − x[2i + 1]·sin` and `out[2i + 1] = x[2i]·sin + x[2i + 1]·cos`.
/// Neighbouring columns are the pairs (llama.cpp's converter reorders the q/k weights for
/// that), not column i with column i + head_dim/2. Same shape and kind as `x`.
pub fn rope_rotate(x: &Tensor, start: i64, theta: f64) -> Tensor {
    // BEGIN SOLUTION
    let size = x.size();
    let (seq, d) = (size[size.len() - 2], size[size.len() - 1]);
    let options = (Kind::Double, x.device());
    let position = Tensor::arange_start(start, start + seq, options).unsqueeze(1);
    let frequency = (Tensor::arange_start_step(0, d, 2, options) * (-theta.ln() / d as f64)).exp();
    let angle = position * frequency;
    let (cos, sin) = (angle.cos().to_kind(x.kind()), angle.sin().to_kind(x.kind()));
    let pairs = x.unflatten(-1, [d / 2, 2]);
    let (even, odd) = (pairs.select(-1, 0), pairs.select(-1, 1));
    let turned = [&even * &cos - &odd * &sin, &even * &sin + &odd * &cos];
    Tensor::stack(&turned, -1).flatten(-2, -1)
    // END SOLUTION
}
