//! Exercise `llm/mean-pooling`: one vector per sentence from one vector per token.

use ferrolab::prelude::*;

/// The mean of the hidden states over the real tokens of each sentence. `hidden` is
/// `[batch, seq, dim]`, `Kind::Float`; `mask` is `[batch, seq]`, `Kind::Int64`, 1 for a
/// real token and 0 for padding. The result is `[batch, dim]`, `Kind::Float`: row b is the
/// sum of `hidden[b, t]` over the positions t where `mask[b, t]` is 1, divided by how many
/// there are. Padding positions hold numbers too (the encoder ran on them): they must
/// change nothing.
pub fn mean_pooling(hidden: &Tensor, mask: &Tensor) -> Tensor {
    todo!()
}
