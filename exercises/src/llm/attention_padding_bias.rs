//! Exercise `llm/attention-padding-bias`: keep attention off the padding of a batch.

use ferrolab::prelude::*;

/// The additive attention bias of a padded batch. `mask` is `[batch, seq]`, `Kind::Int64`,
/// 1 for a real token and 0 for padding. The result is `Kind::Float` of shape
/// `[batch, 1, 1, seq]`, so that it broadcasts over the heads and the query positions of
/// the `[batch, heads, seq, seq]` attention scores: 0.0 at a real token (its score is left
/// as it is) and −1e9 at a padding token (after the softmax its weight is 0).
pub fn padding_bias(mask: &Tensor) -> Tensor {
    todo!()
}
