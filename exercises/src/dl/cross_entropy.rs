//! Exercise `dl/cross-entropy`: the loss every classifier in the course trains on.

use ferrolab::prelude::*;

/// Cross-entropy of a batch: the mean over examples of `-log p(target)`, where `p` is
/// the softmax of that example's logits.
///
/// - `logits`: `[batch, classes]`, raw scores (`f32`);
/// - `targets`: `[batch]`, the right class of each example (`i64`).
///
/// Returns a 0-dimensional tensor (one number). It must stay finite when a logit is far
/// above the others (`[0, 200, 0]` with target 0 has a loss of 200, not infinity).
pub fn cross_entropy(logits: &Tensor, targets: &Tensor) -> Tensor {
    todo!()
}
