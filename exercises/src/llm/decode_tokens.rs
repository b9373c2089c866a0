//! Exercise `llm/decode-tokens`: from token ids back to text, byte-exactly.

/// The text of the token ids `ids`, where `vocab[id]` holds the bytes of token `id`.
/// Tokens are pieces of UTF-8 *bytes*, not of characters: one Chinese character (3 bytes)
/// may be split over two tokens. Join all the bytes first, then read them as UTF-8; bytes
/// that do not form valid UTF-8 become U+FFFD (`String::from_utf8_lossy`).
pub fn decode_tokens(ids: &[u32], vocab: &[Vec<u8>]) -> String {
    todo!()
}
