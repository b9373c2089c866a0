//! Exercise `rust/longest-word`: return a piece of the text you were lent, not a copy.

/// The longest word of `text`, as a slice of `text` itself (no new `String`).
///
/// A word is a maximal run of alphabetic characters (`char::is_alphabetic`), so
/// punctuation and digits end a word: in `"whale-ship, 1851"` the words are `whale` and
/// `ship`. Length is counted in characters, not bytes (`"café"` has 4). When several
/// words are equally long, return the first; when there is no word at all, return `""`.
pub fn longest_word(text: &str) -> &str {
    // BEGIN SOLUTION
    let mut best = "";
    let mut best_len = 0;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let len = word.chars().count();
        if len > best_len {
            best = word;
            best_len = len;
        }
    }
    best
    // END SOLUTION
}
