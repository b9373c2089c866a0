//! Exercise `rust/top-words`: count with a `HashMap`, sort with a key, keep the top n.

use std::collections::HashMap;

/// The `n` most frequent words of `text` with their counts, most frequent first.
///
/// A word is a maximal run of alphabetic characters, lower-cased (`"The"` and `"the"` are
/// one word). Words with equal counts come in alphabetical order. Fewer than `n` distinct
/// words: return them all.
pub fn top_words(text: &str, n: usize) -> Vec<(String, usize)> {
    // BEGIN SOLUTION
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    let mut pairs: Vec<(String, usize)> = counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pairs.truncate(n);
    pairs
    // END SOLUTION
}
