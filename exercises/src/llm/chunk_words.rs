//! Exercise `llm/chunk-words`: cut a long text into overlapping chunks of words, the
//! pieces a retrieval index stores and searches.

/// The chunks of `text`, each at most `size` words, joined by single spaces. Words are
/// the runs of non-whitespace (`split_whitespace`: line breaks and double spaces are
/// not words). The first chunk starts at word 0, and each next one starts `size -
/// overlap` words later, so that neighbours share `overlap` words and a sentence cut at
/// a chunk's end is whole in the next one. The chunk that reaches the last word is the
/// last chunk (it may be shorter than `size`); no word is ever dropped. An empty text
/// has no chunks. `overlap >= size` is an error (a `size` of 0 included): the chunks
/// would never move forward.
pub fn chunk_words(text: &str, size: usize, overlap: usize) -> Result<Vec<String>, String> {
    todo!()
}
