//! Exercise `llm/shift-targets`: the inputs and the targets of a character language model.

use ferrolab::prelude::*;

/// A batch of training stretches from `ids` (a 1-D `Kind::Int64` tensor of character ids):
/// for each start s in `starts`, the input row is `ids[s..s + context]` and the target row
/// `ids[s + 1..s + context + 1]`, the character that follows each input character. Returns
/// `(x, y)`, both `[starts.len(), context]` tensors of kind `Kind::Int64`, one row per start,
/// in the order of `starts` (every start satisfies s + context + 1 ≤ the length of `ids`).
pub fn next_char_batch(ids: &Tensor, starts: &[i64], context: i64) -> (Tensor, Tensor) {
    todo!()
}
