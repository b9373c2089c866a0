//! Exercise `dl/char-vocab`: which characters a text model gets its own id for.

use std::collections::HashMap;

/// The vocabulary of a character-level model: every character that occurs at least
/// `min_count` times in `texts` (counting every occurrence), numbered from 2 in order of
/// decreasing count, characters with equal counts in character order (`char`'s `Ord`).
/// Ids 0 and 1 stay free: 0 pads short texts, 1 stands for any character not in the
/// vocabulary. Example: `["很好很好", "好"]` with min_count 2 gives `{好: 2, 很: 3}`.
pub fn char_vocab(texts: &[String], min_count: usize) -> HashMap<char, i64> {
    // BEGIN SOLUTION
    let mut counts: HashMap<char, usize> = HashMap::new();
    for ch in texts.iter().flat_map(|text| text.chars()) {
        *counts.entry(ch).or_insert(0) += 1;
    }
    let mut kept: Vec<(char, usize)> = counts
        .into_iter()
        .filter(|&(_, n)| n >= min_count)
        .collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    kept.iter()
        .enumerate()
        .map(|(i, &(ch, _))| (ch, i as i64 + 2))
        .collect()
    // END SOLUTION
}
