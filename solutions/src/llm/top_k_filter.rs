//! Exercise `llm/top-k-filter`: sample only among the k most likely next tokens.

use ferrolab::prelude::*;

/// Top-k filtering of `logits` (any shape, the vocabulary on the last axis; 1 ≤ k ≤ its
/// size): a tensor of the same shape and kind in which every logit among the k largest of
/// its last-axis row keeps its value and every other one becomes `f64::NEG_INFINITY`, so
/// that a softmax gives it probability 0. A logit equal to the k-th largest value of its
/// row is kept, so ties at the k-th place can keep more than k.
pub fn top_k_filter(logits: &Tensor, k: i64) -> Tensor {
    // BEGIN SOLUTION
    let (largest, _) = logits.topk(k, -1, true, true);
    let kth = largest.narrow(-1, k - 1, 1);
    logits.masked_fill(&logits.lt_tensor(&kth), f64::NEG_INFINITY)
    // END SOLUTION
}
