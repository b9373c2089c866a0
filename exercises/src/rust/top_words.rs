//! Exercise `rust/top-words`: count with a `HashMap`, sort with a key, keep the top n.

use std::collections::HashMap;

/// The `n` most frequent words of `text` with their counts, most frequent first.
///
/// A word is a maximal run of alphabetic characters, lower-cased (`"The"` and `"the"` are
/// one word). Words with equal counts come in alphabetical order. Fewer than `n` distinct
/// words: return them all.
pub fn top_words(text: &str, n: usize) -> Vec<(String, usize)> {
    todo!()
}
