//! Exercise `llm/quantise-q8-0`: one block of 32 weights to eight bits, as GGUF's Q8_0.

/// The Q8_0 quantisation of one block of 32 values: a scale `d` and 32 codes q with
/// x ≈ d · q. The scale maps the value of largest magnitude to ±127, d = max |x| / 127,
/// and each code is x / d rounded to the nearest integer (halves away from zero, as
/// `f32::round` does). A block of zeros has d = 0 and every code 0. Returns `(d, q)`;
/// the file stores d as an f16 in front of the 32 codes (34 bytes for 32 weights).
pub fn quantise_q8_0(x: &[f32; 32]) -> (f32, [i8; 32]) {
    todo!()
}
