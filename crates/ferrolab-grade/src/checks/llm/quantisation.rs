//! Lesson 8, quantisation (notebooks/05-llm/08-quantisation.ipynb): GGUF's Q8_0 and Q4_1
//! blocks of 32 weights, quantised and dequantised by hand.
//!
//! The layouts are llama.cpp's (`ggml/src/ggml-common.h`, `block_q8_0` and `block_q4_1`;
//! `ggml/src/ggml-quants.c`, `quantize_row_q8_0_ref`, `quantize_row_q4_1_ref` and
//! `dequantize_row_q4_1`). The learner's functions take and return plain arrays; the f16
//! storage of d and m is the notebook's business, so the checks compare d and m as f32.
//! Random blocks are drawn clear of half-way points (x / d never within 0.02 of k + ½),
//! so that any order of f32 operations rounds to the same code and rounding and
//! truncation disagree on many elements. The references are plain `f64` loops.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;

/// One block of weights, GGUF's unit of quantisation.
type Block = [f32; 32];

/// A block as a verdict shows it: every value, four decimals.
fn block_text(x: &[f32]) -> String {
    let shown: Vec<String> = x.iter().map(|v| format!("{v:.4}")).collect();
    format!("[{}]", shown.join(", "))
}

/// Whether `t` is at least 0.02 away from every half-way point k + ½.
fn clear_of_halves(t: f64) -> bool {
    let frac = t - t.floor();
    (frac - 0.5).abs() > 0.02
}

/// `got` (f32) equals `want` up to f32 rounding of a few operations.
fn close(got: f32, want: f64) -> bool {
    (f64::from(got) - want).abs() <= 1e-6 * want.abs() + 1e-12
}

/// The codes 0..=15 of a GGUF Q4_1 block: byte j holds code j (low nibble) and code
/// j + 16 (high nibble).
fn unpack(qs: &[u8; 16]) -> [u8; 32] {
    let mut q = [0u8; 32];
    for j in 0..16 {
        q[j] = qs[j] % 16;
        q[j + 16] = qs[j] / 16;
    }
    q
}

/// Where the two arrays first differ.
fn first_difference<T: PartialEq>(a: &[T], b: &[T]) -> Option<usize> {
    a.iter().zip(b).position(|(x, y)| x != y)
}

// ---------------------------------------------------------------------------------

/// `llm/quantise-q8-0`.
pub const QUANTISE_Q8_0: &str = "llm/quantise-q8-0";

/// A Q8_0 block: `extreme` at `at`, the others uniform in [low, high), smaller in
/// magnitude and clear of half-way points of x / d.
fn q8_block(rng: &mut impl Rng, extreme: f32, at: usize, low: f32, high: f32) -> Block {
    let step = f64::from(extreme.abs()) / 127.0;
    let mut x = [extreme; 32];
    for (i, v) in x.iter_mut().enumerate() {
        if i == at {
            continue;
        }
        *v = loop {
            let candidate: f32 = rng.gen_range(low..high);
            if candidate.abs() < extreme.abs() && clear_of_halves(f64::from(candidate) / step) {
                break candidate;
            }
        };
    }
    x
}

/// The reference: d = max |x| / 127 and q = x / d rounded half away from zero.
fn q8_reference(x: &Block) -> (f64, Vec<i64>) {
    let mut amax = 0.0f64;
    for &v in x {
        amax = amax.max(f64::from(v).abs());
    }
    let d = amax / 127.0;
    let mut q = Vec::new();
    for &v in x {
        q.push(if d == 0.0 {
            0
        } else {
            (f64::from(v) / d).round() as i64
        });
    }
    (d, q)
}

/// `fn quantise_q8_0(x: &[f32; 32]) -> (f32, [i8; 32])`.
pub fn quantise_q8_0<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Block) -> (f32, [i8; 32]) + Send + 'static,
{
    quantise_q8_0_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type QuantiseQ8Fn = dyn Fn(&Block) -> (f32, [i8; 32]) + Send;

fn quantise_q8_0_boxed(grader: &Grader, learner: Box<QuantiseQ8Fn>) -> Report {
    let mut rng = grader.rng(380);
    let weight = rng.gen_range(0.05f32..0.1);
    let at = rng.gen_range(0..32);
    let cases: Vec<(&str, Block)> = vec![
        // The most negative value is the largest in magnitude.
        (
            "a block whose most negative value is its largest in magnitude",
            q8_block(&mut rng, -0.9, 5, -0.5, 0.6),
        ),
        (
            "a block of weights",
            q8_block(&mut rng, weight, at, -weight, weight),
        ),
        ("a positive block", q8_block(&mut rng, 3.0, 31, 0.0, 3.0)),
        (
            "a block with one outlier",
            q8_block(&mut rng, 8.0, 0, -0.2, 0.2),
        ),
        (
            "a block whose largest magnitude is 127, so d = 1",
            q8_block(&mut rng, 127.0, 9, -100.0, 120.0),
        ),
        ("a block of zeros", [0.0; 32]),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |(name, x): &(&str, Block)| format!("{name}, x = {}", block_text(x)),
        move |(_, x): &(&str, Block)| learner(x),
    );
    for ((name, x), (d, q)) in cases.iter().zip(run.outputs) {
        let input = format!("{name}, x = {}", block_text(x));
        if let Some(verdict) = judge_q8(x, &input, d, &q) {
            return Report::new(QUANTISE_Q8_0, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(QUANTISE_Q8_0, verdict);
    }
    Report::new(
        QUANTISE_Q8_0,
        Verdict::Passed {
            summary: "6 blocks: d = max |x| / 127, q = x / d rounded, zeros to zeros".into(),
        },
    )
}

fn judge_q8(x: &Block, input: &str, d: f32, q: &[i8; 32]) -> Option<Verdict> {
    let (want_d, want_q) = q8_reference(x);
    let max = x
        .iter()
        .fold(f64::NEG_INFINITY, |m, &v| m.max(f64::from(v)));
    let amax = x.iter().fold(0.0f64, |m, &v| m.max(f64::from(v).abs()));
    if !close(d, want_d) {
        let mistake = if max < amax && close(d, max / 127.0) {
            Some(known_mistake(
                "the scale came from the largest value, max x: Q8_0 is symmetric, so d = \
                 max |x| / 127 must let the value of largest magnitude, negative ones \
                 included, reach ±127",
            ))
        } else if want_d != 0.0 && close(d, 1.0 / want_d) {
            Some(known_mistake(
                "that is 127 / max |x|, the inverse of the scale: d is the step between two \
                 codes, max |x| / 127, so that x ≈ d · q",
            ))
        } else {
            None
        };
        return Some(incorrect(
            input,
            &format!("d = {want_d:.6e}"),
            &format!("d = {:.6e}", f64::from(d)),
            mistake,
        ));
    }
    let got: Vec<i64> = q.iter().map(|&v| i64::from(v)).collect();
    let i = first_difference(&want_q, &got)?;
    let truncated: Vec<i64> = x
        .iter()
        .map(|&v| (f64::from(v) / want_d).trunc() as i64)
        .collect();
    let mistake = (got == truncated).then(|| {
        known_mistake(
            "the codes were truncated towards zero (`as i8` alone cuts 12.8 to 12): round \
             x / d to the nearest integer with `.round()` first",
        )
    });
    Some(incorrect(
        input,
        &format!(
            "q[{i}] = {} (x[{i}] / d = {:.3})",
            want_q[i],
            f64::from(x[i]) / want_d
        ),
        &format!("q[{i}] = {}, q = {got:?}", got[i]),
        mistake,
    ))
}

// ---------------------------------------------------------------------------------

/// `llm/dequantise-q4-1`.
pub const DEQUANTISE_Q4_1: &str = "llm/dequantise-q4-1";

/// One Q4_1 block as the learner receives it.
#[derive(Debug, Clone)]
struct Q41Block {
    name: &'static str,
    d: f32,
    m: f32,
    qs: [u8; 16],
}

impl Q41Block {
    fn describe(&self) -> String {
        format!(
            "{}, d = {}, m = {}, qs = {:?}",
            self.name, self.d, self.m, self.qs
        )
    }

    /// d · q + m in `f64`, for codes `q` in element order.
    fn values(&self, q: &[u8]) -> Vec<f64> {
        let (d, m) = (f64::from(self.d), f64::from(self.m));
        q.iter().map(|&c| d * f64::from(c) + m).collect()
    }
}

/// `fn dequantise_q4_1(d: f32, m: f32, qs: &[u8; 16]) -> [f32; 32]`.
pub fn dequantise_q4_1<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(f32, f32, &[u8; 16]) -> [f32; 32] + Send + 'static,
{
    dequantise_q4_1_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type DequantiseQ41Fn = dyn Fn(f32, f32, &[u8; 16]) -> [f32; 32] + Send;

fn dequantise_q4_1_boxed(grader: &Grader, learner: Box<DequantiseQ41Fn>) -> Report {
    let mut rng = grader.rng(381);
    let mut random_bytes = || -> [u8; 16] { std::array::from_fn(|_| rng.gen_range(0..=255)) };
    let (weights, positive) = (random_bytes(), random_bytes());
    let cases = vec![
        // Low nibbles 0, 1, ..., 15 and high nibbles 15, 14, ..., 0.
        Q41Block {
            name: "codes 0..15 in the low nibbles and 15..0 in the high ones",
            d: 0.25,
            m: -1.5,
            qs: std::array::from_fn(|j| j as u8 | ((15 - j as u8) << 4)),
        },
        // Block 0 of blk.0.attn_q.weight in the shipped SmolLM2-135M-Instruct Q4_1 file.
        Q41Block {
            name: "block 0 of SmolLM2's blk.0.attn_q.weight",
            d: 0.126_831_05,
            m: -0.730_468_75,
            qs: [
                69, 135, 101, 64, 111, 101, 22, 75, 103, 118, 100, 80, 34, 103, 101, 90,
            ],
        },
        Q41Block {
            name: "a block of weights",
            d: rng.gen_range(0.002..0.02),
            m: rng.gen_range(-0.15..-0.02),
            qs: weights,
        },
        Q41Block {
            name: "a positive block",
            d: rng.gen_range(0.01..0.1),
            m: rng.gen_range(0.5..1.5),
            qs: positive,
        },
        Q41Block {
            name: "a constant block (d = 0)",
            d: 0.0,
            m: 0.37,
            qs: [0; 16],
        },
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        Q41Block::describe,
        move |b: &Q41Block| learner(b.d, b.m, &b.qs),
    );
    for (block, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_dequantise(block, &got) {
            return Report::new(DEQUANTISE_Q4_1, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(DEQUANTISE_Q4_1, verdict);
    }
    Report::new(
        DEQUANTISE_Q4_1,
        Verdict::Passed {
            summary: "5 blocks, one of SmolLM2's: low nibbles first, x = d · q + m".into(),
        },
    )
}

fn judge_dequantise(block: &Q41Block, got: &[f32; 32]) -> Option<Verdict> {
    let q = unpack(&block.qs);
    let want = block.values(&q);
    let tolerance = 1e-6 * (f64::from(block.m).abs() + 15.0 * f64::from(block.d)) + 1e-9;
    let matches = |values: &[f64]| {
        values
            .iter()
            .zip(got)
            .all(|(w, &g)| (w - f64::from(g)).abs() <= tolerance)
    };
    if matches(&want) {
        return None;
    }
    let (d, m) = (f64::from(block.d), f64::from(block.m));
    let mut interleaved = Vec::new();
    for &byte in &block.qs {
        interleaved.extend([byte % 16, byte / 16]);
    }
    let mut high_first = q[16..].to_vec();
    high_first.extend_from_slice(&q[..16]);
    let without_m: Vec<f64> = q.iter().map(|&c| d * f64::from(c)).collect();
    let q4_0: Vec<f64> = q.iter().map(|&c| d * (f64::from(c) - 8.0)).collect();
    let q4_0_m: Vec<f64> = q4_0.iter().map(|v| v + m).collect();
    let swapped: Vec<f64> = q.iter().map(|&c| m * f64::from(c) + d).collect();
    let mistake = if matches(&block.values(&interleaved)) {
        Some(known_mistake(
            "the codes were read interleaved (low nibble, high nibble, next byte): GGUF keeps \
             the low nibbles of the 16 bytes as elements 0..16 and the high nibbles as \
             elements 16..32",
        ))
    } else if matches(&block.values(&high_first)) {
        Some(known_mistake(
            "the two halves are swapped: the low nibble of byte j (`qs[j] & 0x0F`) is element \
             j, the high nibble (`qs[j] >> 4`) element j + 16",
        ))
    } else if matches(&without_m) {
        Some(known_mistake(
            "the minimum is missing: Q4_1 stores an offset as well as a scale, x = d · q + m",
        ))
    } else if matches(&q4_0) || matches(&q4_0_m) {
        Some(known_mistake(
            "that subtracts 8 from each code, Q4_0's convention: Q4_1's codes 0..=15 count \
             up from the minimum, x = d · q + m",
        ))
    } else if matches(&swapped) {
        Some(known_mistake(
            "d and m were swapped: the scale multiplies the code, the minimum is added",
        ))
    } else {
        None
    };
    let got_f64: Vec<f64> = got.iter().map(|&v| f64::from(v)).collect();
    let i = want
        .iter()
        .zip(&got_f64)
        .position(|(w, g)| (w - g).abs() > tolerance)
        .unwrap_or(0);
    Some(incorrect(
        &block.describe(),
        &format!(
            "x[{i}] = {:.6} (code {}), x = {}",
            want[i],
            q[i],
            list(&want)
        ),
        &format!("x[{i}] = {:.6}, x = {}", got_f64[i], list(&got_f64)),
        mistake,
    ))
}

// ---------------------------------------------------------------------------------

/// `llm/quantise-q4-1`.
pub const QUANTISE_Q4_1: &str = "llm/quantise-q4-1";

/// A Q4_1 block: `min` at `at_min`, `max` at `at_max`, the others uniform between them,
/// clear of half-way points of (x − min) / d.
fn q4_block(rng: &mut impl Rng, min: f32, max: f32, at_min: usize, at_max: usize) -> Block {
    let step = (f64::from(max) - f64::from(min)) / 15.0;
    std::array::from_fn(|i| {
        if i == at_min {
            return min;
        }
        if i == at_max {
            return max;
        }
        loop {
            let v: f32 = rng.gen_range(min..max);
            if v > min && clear_of_halves((f64::from(v) - f64::from(min)) / step) {
                return v;
            }
        }
    })
}

/// The reference: m = min, d = (max − min) / 15, codes (x − m) / d rounded, at most 15.
fn q4_reference(x: &Block) -> (f64, f64, Vec<u8>) {
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in x {
        min = min.min(f64::from(v));
        max = max.max(f64::from(v));
    }
    let d = (max - min) / 15.0;
    let mut q = Vec::new();
    for &v in x {
        let code = if d == 0.0 {
            0.0
        } else {
            ((f64::from(v) - min) / d).round()
        };
        q.push(code.min(15.0) as u8);
    }
    (d, min, q)
}

/// Codes packed two to a byte: byte j = `low(j) | high(j) << 4`.
fn packed(low: impl Fn(usize) -> u8, high: impl Fn(usize) -> u8) -> [u8; 16] {
    std::array::from_fn(|j| low(j) | (high(j) << 4))
}

/// `fn quantise_q4_1(x: &[f32; 32]) -> (f32, f32, [u8; 16])`.
pub fn quantise_q4_1<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Block) -> (f32, f32, [u8; 16]) + Send + 'static,
{
    quantise_q4_1_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type QuantiseQ41Fn = dyn Fn(&Block) -> (f32, f32, [u8; 16]) + Send;

/// Block 0 of SmolLM2's blk.0.attn_q.weight, dequantised: its codes must come back.
fn smollm2_block() -> Block {
    let block = Q41Block {
        name: "",
        d: 0.126_831_05,
        m: -0.730_468_75,
        qs: [
            69, 135, 101, 64, 111, 101, 22, 75, 103, 118, 100, 80, 34, 103, 101, 90,
        ],
    };
    unpack(&block.qs).map(|c| f32::from(c) * block.d + block.m)
}

fn quantise_q4_1_boxed(grader: &Grader, learner: Box<QuantiseQ41Fn>) -> Report {
    let mut rng = grader.rng(382);
    let (low, high) = (rng.gen_range(-0.08f32..-0.03), rng.gen_range(0.03f32..0.08));
    let cases: Vec<(&str, Block)> = vec![
        ("a block of values", q4_block(&mut rng, -0.9, 0.6, 3, 20)),
        ("a block of weights", q4_block(&mut rng, low, high, 17, 2)),
        ("a positive block", q4_block(&mut rng, 0.2, 1.7, 31, 0)),
        (
            "block 0 of SmolLM2's blk.0.attn_q.weight, dequantised",
            smollm2_block(),
        ),
        ("a constant block", [0.37; 32]),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |(name, x): &(&str, Block)| format!("{name}, x = {}", block_text(x)),
        move |(_, x): &(&str, Block)| learner(x),
    );
    for ((name, x), (d, m, qs)) in cases.iter().zip(run.outputs) {
        let input = format!("{name}, x = {}", block_text(x));
        if let Some(verdict) = judge_q4(x, &input, d, m, &qs) {
            return Report::new(QUANTISE_Q4_1, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(QUANTISE_Q4_1, verdict);
    }
    Report::new(
        QUANTISE_Q4_1,
        Verdict::Passed {
            summary: "5 blocks, one of SmolLM2's: m = min, d = (max − min) / 15, GGUF's \
                      nibble order"
                .into(),
        },
    )
}

fn judge_q4(x: &Block, input: &str, d: f32, m: f32, qs: &[u8; 16]) -> Option<Verdict> {
    let (want_d, want_m, want_q) = q4_reference(x);
    if f64::from(m) != want_m {
        let mistake = (m == 0.0).then(|| {
            known_mistake(
                "m is 0: Q4_1 keeps the block's minimum as its offset, m = min x, and counts \
                 the codes up from it, (x − m) / d",
            )
        });
        return Some(incorrect(
            input,
            &format!("m = {want_m}"),
            &format!("m = {m}"),
            mistake,
        ));
    }
    if !close(d, want_d) {
        let mistake = close(d, want_d * 15.0 / 16.0).then(|| {
            known_mistake(
                "d = (max − min) / 16: 16 levels have 15 steps between them, so d = (max − \
                 min) / 15 puts the maximum on code 15",
            )
        });
        return Some(incorrect(
            input,
            &format!("d = {want_d:.6e}"),
            &format!("d = {:.6e}", f64::from(d)),
            mistake,
        ));
    }
    let want_bytes = packed(|j| want_q[j], |j| want_q[j + 16]);
    let i = first_difference(&unpack(&want_bytes), &unpack(qs))?;
    let interleaved = packed(|j| want_q[2 * j], |j| want_q[2 * j + 1]);
    let high_first = packed(|j| want_q[j + 16], |j| want_q[j]);
    let truncated: Vec<u8> = x
        .iter()
        .map(|&v| ((f64::from(v) - want_m) / want_d).trunc().min(15.0) as u8)
        .collect();
    let mistake = if *qs == interleaved {
        Some(known_mistake(
            "codes 2j and 2j + 1 were packed into byte j: GGUF packs code j (low nibble) with \
             code j + 16 (high nibble)",
        ))
    } else if *qs == high_first {
        Some(known_mistake(
            "the nibbles are the wrong way round: code j goes in the low nibble of byte j and \
             code j + 16 in the high nibble, `q[j] | (q[j + 16] << 4)`",
        ))
    } else if unpack(qs).as_slice() == truncated.as_slice() {
        Some(known_mistake(
            "the codes were truncated: round (x − m) / d to the nearest integer with \
             `.round()` before the cast",
        ))
    } else {
        None
    };
    let got = unpack(qs);
    Some(incorrect(
        input,
        &format!(
            "code {i} = {} ((x[{i}] − m) / d = {:.3}), bytes {want_bytes:?}",
            want_q[i],
            (f64::from(x[i]) - want_m) / want_d
        ),
        &format!("code {i} = {}, bytes {qs:?}", got[i]),
        mistake,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An f16's bits as an f32 (normal and zero values: what a block's d and m are).
    fn f16_bits(bits: u16) -> f64 {
        let sign = if bits >> 15 == 1 { -1.0 } else { 1.0 };
        let exponent = i32::from((bits >> 10) & 0x1F);
        let mantissa = f64::from(bits & 0x3FF);
        if exponent == 0 {
            return sign * mantissa * 2f64.powi(-24);
        }
        sign * (1.0 + mantissa / 1024.0) * 2f64.powi(exponent - 15)
    }

    /// The first two blocks of SmolLM2's blk.0.attn_q.weight, bytes as in the file.
    const Q4_1_BLOCKS: [[u8; 20]; 2] = [
        [
            15, 48, 216, 185, 69, 135, 101, 64, 111, 101, 22, 75, 103, 118, 100, 80, 34, 103, 101,
            90,
        ],
        [
            83, 48, 24, 187, 20, 73, 127, 119, 64, 136, 72, 100, 119, 118, 85, 121, 106, 132, 117,
            2,
        ],
    ];

    #[test]
    fn real_q4_1_blocks_come_back_from_their_values() {
        for raw in Q4_1_BLOCKS {
            let d = f16_bits(u16::from_le_bytes([raw[0], raw[1]]));
            let m = f16_bits(u16::from_le_bytes([raw[2], raw[3]]));
            let mut qs = [0u8; 16];
            qs.copy_from_slice(&raw[4..]);
            let x: Block = unpack(&qs).map(|c| (f64::from(c) * d + m) as f32);
            let (d2, m2, q2) = q4_reference(&x);
            assert_eq!(m2, m);
            assert!((d2 - d).abs() < 1e-6 * d, "{d2} vs {d}");
            assert_eq!(q2.as_slice(), unpack(&qs).as_slice());
        }
        assert_eq!(f16_bits(12303), 0.126_831_054_687_5);
        assert_eq!(f16_bits(47576), -0.730_468_75);
    }

    #[test]
    fn a_real_q8_0_block_comes_back_from_its_values() {
        // Block 0 of SmolLM2's token_embd.weight (Q8_0): d's f16 bits, then 32 codes.
        let d = f16_bits(u16::from_le_bytes([50, 25]));
        let q: [i8; 32] = [
            -42, 13, 19, -9, -27, -18, 8, -48, 42, -88, 1, -34, 86, -127, -122, 8, -3, 33, -37,
            -18, 16, 79, -24, 30, -6, -7, -30, 17, 40, 57, 31, -79,
        ];
        let x: Block = q.map(|c| (f64::from(c) * d) as f32);
        let (d2, q2) = q8_reference(&x);
        assert!((d2 - d).abs() < 1e-6 * d);
        assert_eq!(q2, q.map(i64::from).to_vec());
    }

    #[test]
    fn generated_blocks_keep_their_extremes_and_avoid_halves() {
        let mut rng = Grader::new().rng(1);
        let x = q8_block(&mut rng, -0.9, 5, -0.5, 0.6);
        let (d, q) = q8_reference(&x);
        assert_eq!(q[5], -127);
        assert!(x
            .iter()
            .all(|&v| clear_of_halves(f64::from(v) / d) || v == -0.9));
        let y = q4_block(&mut rng, 0.2, 1.7, 31, 0);
        let (_, m, codes) = q4_reference(&y);
        assert_eq!((m, codes[31], codes[0]), (f64::from(0.2f32), 0, 15));
        assert_eq!(unpack(&packed(|j| j as u8, |j| 15 - j as u8))[17], 14);
    }
}
