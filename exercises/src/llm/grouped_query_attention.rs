//! Exercise `llm/grouped-query-attention`: many query heads sharing a few key/value heads.

use ferrolab::prelude::*;

/// Causal grouped-query attention. `q` is `[heads, seq_q, d]`, `k` and `v` are
/// `[kv_heads, seq_k, d]`, with `heads` a multiple of `kv_heads` and `seq_k ≥ seq_q`.
/// Query head `h` reads key/value head `h / (heads / kv_heads)` (consecutive query heads
/// share one). The queries are the *last* `seq_q` positions of the `seq_k`: query `i`
/// sits at position `seq_k − seq_q + i` and attends to keys `0..=` that position. Returns
/// `softmax(q·kᵀ / sqrt(d)) · v` with the later keys masked out, `[heads, seq_q, d]`, Float.
pub fn grouped_query_attention(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor {
    todo!()
}
