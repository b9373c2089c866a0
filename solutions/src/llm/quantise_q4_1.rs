//! Exercise `llm/quantise-q4-1`: one block of 32 weights to four bits, as GGUF's Q4_1.

/// The Q4_1 quantisation of one block of 32 values: the minimum m, the scale
/// d = (max − min) / 15, and 32 codes q = (x − m) / d rounded to the nearest integer
/// (at most 15), so that x ≈ d · q + m. A block whose values are all equal has d = 0 and
/// every code 0. The codes are packed two to a byte in GGUF's order: byte j holds code j
/// in its low nibble and code j + 16 in its high nibble. Returns `(d, m, bytes)`.
pub fn quantise_q4_1(x: &[f32; 32]) -> (f32, f32, [u8; 16]) {
    // BEGIN SOLUTION
    let min = x.iter().copied().fold(f32::INFINITY, f32::min);
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let d = (max - min) / 15.0;
    let inv = if d == 0.0 { 0.0 } else { 1.0 / d };
    let q = x.map(|v| ((v - min) * inv).round().min(15.0) as u8);
    (d, min, std::array::from_fn(|j| q[j] | (q[j + 16] << 4)))
    // END SOLUTION
}
