//! Exercise `llm/merge-pair`: one step of byte-pair encoding.

/// `ids` with every occurrence of `pair` replaced by the single id `new_id`, scanning from
/// left to right: where occurrences overlap, the leftmost wins (`[7, 7, 7]` with the pair
/// `(7, 7)` becomes `[new_id, 7]`). Everything else is kept in order.
pub fn merge_pair(ids: &[u32], pair: (u32, u32), new_id: u32) -> Vec<u32> {
    // BEGIN SOLUTION
    let mut merged = Vec::with_capacity(ids.len());
    let mut i = 0;
    while i < ids.len() {
        if i + 1 < ids.len() && (ids[i], ids[i + 1]) == pair {
            merged.push(new_id);
            i += 2;
        } else {
            merged.push(ids[i]);
            i += 1;
        }
    }
    merged
    // END SOLUTION
}
