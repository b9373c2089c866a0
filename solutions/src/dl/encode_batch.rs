//! Exercise `dl/encode-batch`: texts of any length as one rectangular tensor of ids.

use ferrolab::prelude::*;
use std::collections::HashMap;

/// Encodes `texts` as a `[texts.len(), len]` Int64 tensor of character ids: each character
/// becomes its id in `vocab`, or 1 when it is not there; a text longer than `len` keeps its
/// first `len` characters, a shorter one is padded with 0 at the end.
/// Example: `["好差"]` with `vocab = {好: 2}` and len 4 gives `[[2, 1, 0, 0]]`.
pub fn encode_batch(texts: &[String], vocab: &HashMap<char, i64>, len: usize) -> Tensor {
    // BEGIN SOLUTION
    let mut ids = vec![0i64; texts.len() * len];
    for (row, text) in texts.iter().enumerate() {
        for (t, ch) in text.chars().take(len).enumerate() {
            ids[row * len + t] = *vocab.get(&ch).unwrap_or(&1);
        }
    }
    Tensor::from_slice(&ids).view([texts.len() as i64, len as i64])
    // END SOLUTION
}
