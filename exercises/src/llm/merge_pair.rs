//! Exercise `llm/merge-pair`: one step of byte-pair encoding.

/// `ids` with every occurrence of `pair` replaced by the single id `new_id`, scanning from
/// left to right: where occurrences overlap, the leftmost wins (`[7, 7, 7]` with the pair
/// `(7, 7)` becomes `[new_id, 7]`). Everything else is kept in order.
pub fn merge_pair(ids: &[u32], pair: (u32, u32), new_id: u32) -> Vec<u32> {
    todo!()
}
