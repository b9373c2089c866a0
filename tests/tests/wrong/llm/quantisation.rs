//! Wrong answers to stage 5 (LLM) lesson 8, quantisation (notebooks/05-llm/08-quantisation.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/quantise-q8-0",
            what: "takes the scale from the largest value, not the largest magnitude",
            grade: |g| checks::llm::quantise_q8_0(g, q8_scale_from_max),
            says: "the scale came from the largest value",
        },
        Wrong {
            id: "llm/quantise-q8-0",
            what: "returns 127 / max |x| as the scale",
            grade: |g| checks::llm::quantise_q8_0(g, q8_inverse_scale),
            says: "the inverse of the scale",
        },
        Wrong {
            id: "llm/quantise-q8-0",
            what: "truncates the codes",
            grade: |g| checks::llm::quantise_q8_0(g, q8_truncated),
            says: "the codes were truncated towards zero",
        },
        Wrong {
            id: "llm/dequantise-q4-1",
            what: "reads the nibbles interleaved",
            grade: |g| checks::llm::dequantise_q4_1(g, dq_interleaved),
            says: "the codes were read interleaved",
        },
        Wrong {
            id: "llm/dequantise-q4-1",
            what: "puts the high nibbles first",
            grade: |g| checks::llm::dequantise_q4_1(g, dq_high_first),
            says: "the two halves are swapped",
        },
        Wrong {
            id: "llm/dequantise-q4-1",
            what: "forgets the minimum",
            grade: |g| checks::llm::dequantise_q4_1(g, dq_without_min),
            says: "the minimum is missing",
        },
        Wrong {
            id: "llm/dequantise-q4-1",
            what: "subtracts 8 from each code as Q4_0 does",
            grade: |g| checks::llm::dequantise_q4_1(g, dq_q4_0),
            says: "Q4_0's convention",
        },
        Wrong {
            id: "llm/dequantise-q4-1",
            what: "swaps d and m",
            grade: |g| checks::llm::dequantise_q4_1(g, dq_swapped),
            says: "d and m were swapped",
        },
        Wrong {
            id: "llm/quantise-q4-1",
            what: "forgets the minimum (m = 0, d = max / 15)",
            grade: |g| checks::llm::quantise_q4_1(g, q4_without_min),
            says: "m is 0: Q4_1 keeps the block's minimum",
        },
        Wrong {
            id: "llm/quantise-q4-1",
            what: "divides the range by 16",
            grade: |g| checks::llm::quantise_q4_1(g, q4_sixteen_steps),
            says: "16 levels have 15 steps",
        },
        Wrong {
            id: "llm/quantise-q4-1",
            what: "packs neighbouring codes into one byte",
            grade: |g| checks::llm::quantise_q4_1(g, q4_interleaved),
            says: "codes 2j and 2j + 1 were packed",
        },
        Wrong {
            id: "llm/quantise-q4-1",
            what: "puts code j in the high nibble",
            grade: |g| checks::llm::quantise_q4_1(g, q4_high_first),
            says: "the nibbles are the wrong way round",
        },
        Wrong {
            id: "llm/quantise-q4-1",
            what: "truncates the codes",
            grade: |g| checks::llm::quantise_q4_1(g, q4_truncated),
            says: "round (x − m) / d to the nearest",
        },
    ]
}

fn amax(x: &[f32; 32]) -> f32 {
    x.iter().fold(0.0f32, |a, v| a.max(v.abs()))
}

fn q8_codes(x: &[f32; 32], d: f32, round: bool) -> [i8; 32] {
    let inv = if d == 0.0 { 0.0 } else { 1.0 / d };
    x.map(|v| {
        if round {
            (v * inv).round() as i8
        } else {
            (v * inv) as i8
        }
    })
}

pub fn q8_scale_from_max(x: &[f32; 32]) -> (f32, [i8; 32]) {
    let d = x.iter().fold(f32::MIN, |a, &v| a.max(v)) / 127.0;
    (d, q8_codes(x, d, true))
}

pub fn q8_inverse_scale(x: &[f32; 32]) -> (f32, [i8; 32]) {
    let d = amax(x) / 127.0;
    let inverse = if d == 0.0 { 0.0 } else { 1.0 / d };
    (inverse, q8_codes(x, d, true))
}

pub fn q8_truncated(x: &[f32; 32]) -> (f32, [i8; 32]) {
    let d = amax(x) / 127.0;
    (d, q8_codes(x, d, false))
}

fn dq(d: f32, m: f32, codes: impl Fn(usize) -> u8) -> [f32; 32] {
    std::array::from_fn(|i| f32::from(codes(i)) * d + m)
}

pub fn dq_interleaved(d: f32, m: f32, qs: &[u8; 16]) -> [f32; 32] {
    dq(d, m, |i| {
        if i % 2 == 0 {
            qs[i / 2] & 0x0F
        } else {
            qs[i / 2] >> 4
        }
    })
}

pub fn dq_high_first(d: f32, m: f32, qs: &[u8; 16]) -> [f32; 32] {
    dq(d, m, |i| {
        if i < 16 {
            qs[i] >> 4
        } else {
            qs[i - 16] & 0x0F
        }
    })
}

fn low_first(qs: &[u8; 16], i: usize) -> u8 {
    if i < 16 {
        qs[i] & 0x0F
    } else {
        qs[i - 16] >> 4
    }
}

pub fn dq_without_min(d: f32, _m: f32, qs: &[u8; 16]) -> [f32; 32] {
    dq(d, 0.0, |i| low_first(qs, i))
}

pub fn dq_q4_0(d: f32, m: f32, qs: &[u8; 16]) -> [f32; 32] {
    std::array::from_fn(|i| (f32::from(low_first(qs, i)) - 8.0) * d + m)
}

pub fn dq_swapped(d: f32, m: f32, qs: &[u8; 16]) -> [f32; 32] {
    dq(m, d, |i| low_first(qs, i))
}

fn min_max(x: &[f32; 32]) -> (f32, f32) {
    let min = x.iter().copied().fold(f32::INFINITY, f32::min);
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    (min, max)
}

fn q4_codes(x: &[f32; 32], d: f32, m: f32, round: bool) -> [u8; 32] {
    let inv = if d == 0.0 { 0.0 } else { 1.0 / d };
    x.map(|v| {
        let t = (v - m) * inv;
        (if round { t.round() } else { t }).clamp(0.0, 15.0) as u8
    })
}

fn pack(q: &[u8; 32], low: impl Fn(usize) -> usize, high: impl Fn(usize) -> usize) -> [u8; 16] {
    std::array::from_fn(|j| q[low(j)] | (q[high(j)] << 4))
}

fn q4_with(x: &[f32; 32], sixteen: bool, round: bool) -> (f32, f32, [u8; 16]) {
    let (min, max) = min_max(x);
    let d = (max - min) / if sixteen { 16.0 } else { 15.0 };
    let q = q4_codes(x, d, min, round);
    (d, min, pack(&q, |j| j, |j| j + 16))
}

pub fn q4_without_min(x: &[f32; 32]) -> (f32, f32, [u8; 16]) {
    let (_, max) = min_max(x);
    let d = max / 15.0;
    let q = q4_codes(x, d, 0.0, true);
    (d, 0.0, pack(&q, |j| j, |j| j + 16))
}

pub fn q4_sixteen_steps(x: &[f32; 32]) -> (f32, f32, [u8; 16]) {
    q4_with(x, true, true)
}

pub fn q4_truncated(x: &[f32; 32]) -> (f32, f32, [u8; 16]) {
    q4_with(x, false, false)
}

pub fn q4_interleaved(x: &[f32; 32]) -> (f32, f32, [u8; 16]) {
    let (min, max) = min_max(x);
    let d = (max - min) / 15.0;
    let q = q4_codes(x, d, min, true);
    (d, min, pack(&q, |j| 2 * j, |j| 2 * j + 1))
}

pub fn q4_high_first(x: &[f32; 32]) -> (f32, f32, [u8; 16]) {
    let (min, max) = min_max(x);
    let d = (max - min) / 15.0;
    let q = q4_codes(x, d, min, true);
    (d, min, pack(&q, |j| j + 16, |j| j))
}
