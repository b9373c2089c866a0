//! Exercise `dl/masked-mean`: a bag of embeddings that ignores the padding.

use ferrolab::prelude::*;

/// The mean of each text's character embeddings. `embedded` is `[n, len, dim]`, the
/// embedding lookup of `ids` (`[n, len]`, 0 = padding). Only positions whose id is not 0
/// count; a text that is all padding gets a vector of zeros. Returns `[n, dim]`.
pub fn masked_mean(embedded: &Tensor, ids: &Tensor) -> Tensor {
    // BEGIN SOLUTION
    let mask = ids.ne(0).to_kind(Kind::Float).unsqueeze(-1);
    let sum = (embedded * &mask).sum_dim_intlist(1, false, Kind::Float);
    let count = mask.sum_dim_intlist(1, false, Kind::Float).clamp_min(1.0);
    sum / count
    // END SOLUTION
}
