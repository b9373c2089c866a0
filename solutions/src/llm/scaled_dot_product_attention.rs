//! Exercise `llm/scaled-dot-product-attention`: every query reads a weighted mix of the values.

use ferrolab::prelude::*;

/// Scaled dot-product attention, `softmax(q·kᵀ / √d) · v`, over the last two axes:
/// `q` is `[..., seq_q, d]`, `k` is `[..., seq_k, d]` and `v` is `[..., seq_k, d_v]`, with
/// the same leading axes (a batch, heads). `mask`, when given, is a `Kind::Bool` tensor
/// that broadcasts to `[..., seq_q, seq_k]`: where it is `false` the query may not look at
/// the key, so that score becomes −∞ *before* the softmax (its weight is then exactly 0).
/// Every query is allowed at least one key. Returns `(output, weights)`: the output
/// `[..., seq_q, d_v]` and the attention weights `[..., seq_q, seq_k]`, each row of which
/// sums to 1 over the keys.
pub fn attention(q: &Tensor, k: &Tensor, v: &Tensor, mask: Option<&Tensor>) -> (Tensor, Tensor) {
    // BEGIN SOLUTION
    let d = q.size()[q.dim() - 1] as f64;
    let scores = q.matmul(&k.transpose(-2, -1)) / d.sqrt();
    let scores = match mask {
        Some(mask) => scores.masked_fill(&mask.logical_not(), f64::NEG_INFINITY),
        None => scores,
    };
    let weights = scores.softmax(-1, Kind::Float);
    (weights.matmul(v), weights)
    // END SOLUTION
}
