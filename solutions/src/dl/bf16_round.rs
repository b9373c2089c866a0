//! Exercise `dl/bf16-round`: what a float loses on its way to bfloat16.

/// `x` rounded to the nearest bfloat16 value, returned as an `f32`. bfloat16 is the top
/// 16 bits of an `f32` (sign, the same 8 exponent bits, 7 of the 23 mantissa bits), so
/// rounding means deciding whether the 16 bits that are cut off push the kept part up
/// by one: more than half-way up, less than half-way down, exactly half-way to the value
/// whose last kept bit is 0 (ties to even). `x.to_bits()` and `f32::from_bits` give the
/// bits; inputs are never NaN.
pub fn to_bf16(x: f32) -> f32 {
    // BEGIN SOLUTION
    let bits = x.to_bits();
    let last_kept = (bits >> 16) & 1;
    let rounded = bits.wrapping_add(0x7FFF + last_kept);
    f32::from_bits(rounded & 0xFFFF_0000)
    // END SOLUTION
}
