//! Exercise `llm/kv-cache-step`: keep the keys and values of the tokens already seen.

use ferrolab::prelude::*;

/// One step of a layer's key/value cache. `past_k` and `past_v` are `[kv_heads, past, d]`
/// (`past` may be 0: an empty cache), `k` and `v` the new tokens' `[kv_heads, new, d]`.
/// Returns the cache after the step, `(keys, values)`, each `[kv_heads, past + new, d]`
/// with the past first, in order. When `past + new` exceeds `context` (the model's
/// context window) it returns `Err` with a sentence saying so instead.
pub fn kv_cache_step(
    past_k: &Tensor,
    past_v: &Tensor,
    k: &Tensor,
    v: &Tensor,
    context: i64,
) -> Result<(Tensor, Tensor), String> {
    // BEGIN SOLUTION
    let total = past_k.size()[1] + k.size()[1];
    if total > context {
        return Err(format!(
            "{total} tokens do not fit in the context window of {context} tokens"
        ));
    }
    Ok((Tensor::cat(&[past_k, k], 1), Tensor::cat(&[past_v, v], 1)))
    // END SOLUTION
}
