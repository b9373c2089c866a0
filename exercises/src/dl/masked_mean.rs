//! Exercise `dl/masked-mean`: a bag of embeddings that ignores the padding.

use ferrolab::prelude::*;

/// The mean of each text's character embeddings. `embedded` is `[n, len, dim]`, the
/// embedding lookup of `ids` (`[n, len]`, 0 = padding). Only positions whose id is not 0
/// count; a text that is all padding gets a vector of zeros. Returns `[n, dim]`.
pub fn masked_mean(embedded: &Tensor, ids: &Tensor) -> Tensor {
    todo!()
}
