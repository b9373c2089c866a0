//! Exercise `llm/count-pairs`: the statistic byte-pair encoding is built on.

use std::collections::HashMap;

/// How often each pair of neighbouring ids occurs in `ids`: every position i with a
/// successor counts the pair `(ids[i], ids[i + 1])` once, so overlapping pairs all count
/// (`[7, 7, 7]` holds the pair `(7, 7)` twice).
pub fn count_pairs(ids: &[u32]) -> HashMap<(u32, u32), usize> {
    todo!()
}
