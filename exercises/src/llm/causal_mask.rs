//! Exercise `llm/causal-mask`: which positions a token may look at when it predicts the next.

use ferrolab::prelude::*;

/// The causal mask of a sequence of `n` tokens: an `[n, n]` tensor of kind `Kind::Bool`
/// whose entry (i, j) is `true` when query position i may attend to key position j, that
/// is when j ≤ i (a token sees itself and the tokens before it, never the ones after).
/// `true` means allowed, as in `Tensor::scaled_dot_product_attention`'s Bool masks.
pub fn causal_mask(n: usize) -> Tensor {
    todo!()
}
