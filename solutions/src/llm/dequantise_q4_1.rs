//! Exercise `llm/dequantise-q4-1`: 32 weights back from a GGUF Q4_1 block.

/// The 32 values of one Q4_1 block: scale `d`, minimum `m` (both stored as f16 in the
/// file, given here as f32) and `qs`, 16 bytes of 4-bit codes. Byte j holds two codes:
/// its low nibble is element j and its high nibble element j + 16 (so the low nibbles
/// are elements 0..16 and the high nibbles 16..32). Each value is x = d · q + m.
pub fn dequantise_q4_1(d: f32, m: f32, qs: &[u8; 16]) -> [f32; 32] {
    // BEGIN SOLUTION
    std::array::from_fn(|i| {
        let q = if i < 16 {
            qs[i] & 0x0F
        } else {
            qs[i - 16] >> 4
        };
        f32::from(q) * d + m
    })
    // END SOLUTION
}
