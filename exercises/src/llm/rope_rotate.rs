//! Exercise `llm/rope-rotate`: rotary position embeddings on GGUF's interleaved pairs.

use ferrolab::prelude::*;

/// RoPE for `x` of shape `[.., seq, head_dim]` (head_dim even) whose rows sit at positions
/// `start, start + 1, ..`: the pair of columns `(2i, 2i + 1)` of the row at position `p`
/// turns by the angle `p · theta^(-2i / head_dim)`, so
/// `out[2i] = x[2i]·cos − x[2i + 1]·sin` and `out[2i + 1] = x[2i]·sin + x[2i + 1]·cos`.
/// Neighbouring columns are the pairs (llama.cpp's converter reorders the q/k weights for
/// that), not column i with column i + head_dim/2. Same shape and kind as `x`.
pub fn rope_rotate(x: &Tensor, start: i64, theta: f64) -> Tensor {
    todo!()
}
