//! Exercise `llm/grouped-query-attention`: many query heads sharing a few key/value heads.

use ferrolab::prelude::*;

/// Causal grouped-query attention. `q` is `[heads, seq_q, d]`, `k` and `v` are
/// `[kv_heads, seq_k, d]`, with `heads` a multiple of `kv_heads` and `seq_k ≥ seq_q`.
/// Query head `h` reads key/value head `h / (heads / kv_heads)` (consecutive query heads
/// share one). The queries are the *last* `seq_q` positions of the `seq_k`: query `i`
/// sits at position `seq_k − seq_q + i` and attends to keys `0..=` that position. Returns
/// `softmax(q·kᵀ / sqrt(d)) · v` with the later keys masked out, `[heads, seq_q, d]`, Float.
pub fn grouped_query_attention(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor {
    // BEGIN SOLUTION
    let group = q.size()[0] / k.size()[0];
    let (seq_q, seq_k, d) = (q.size()[1], k.size()[1], q.size()[2]);
    let k = k.repeat_interleave_self_int(group, 0, None);
    let v = v.repeat_interleave_self_int(group, 0, None);
    let scores = q.matmul(&k.transpose(-2, -1)) / (d as f64).sqrt();
    let future = Tensor::ones([seq_q, seq_k], (Kind::Bool, q.device())).triu(seq_k - seq_q + 1);
    scores
        .masked_fill(&future, f64::NEG_INFINITY)
        .softmax(-1, Kind::Float)
        .matmul(&v)
    // END SOLUTION
}
