//! Lesson 7, a real small LLM (notebooks/05-llm/07-smollm2.ipynb): the pieces of a Llama
//! decoder that differ from lesson 4's GPT. RMSNorm and RoPE here; grouped-query attention
//! and the key/value cache in [`cache`].
//!
//! Inputs are seeded plain arrays turned into `f32` tensors on the grading thread; the
//! learner's tensors are read back there as kind, shape and values, so a tch error is a
//! caught panic. The references are plain loops in `f64`, one function per formula with a
//! switch for each known mistake, so a wrong answer is recognised by recomputing it.

use super::LIMIT;
use crate::checks::tensors::{
    dims_i64, f32_tensor, read, shape_text, values_match, wrong_kind, Output,
};
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use tch::{Kind, Tensor};

mod cache;

pub use cache::*;

/// `count` seeded values in `lo..hi`.
fn uniform(rng: &mut impl Rng, count: usize, lo: f32, hi: f32) -> Vec<f32> {
    (0..count).map(|_| rng.gen_range(lo..hi)).collect()
}

/// The first values of an input, as a learner would print them.
fn head(values: &[f32]) -> String {
    let shown: Vec<f64> = values.iter().take(8).map(|&v| f64::from(v)).collect();
    list(&shown)
}

// ---------------------------------------------------------------------------------

/// `llm/rms-norm`.
pub const RMS_NORM: &str = "llm/rms-norm";

/// One call: x of shape `dims`, the weight (one per last-axis feature) and ε.
#[derive(Debug, Clone)]
struct NormCase {
    dims: Vec<usize>,
    x: Vec<f32>,
    weight: Vec<f32>,
    eps: f64,
}

impl NormCase {
    fn random(rng: &mut impl Rng, dims: &[usize], offset: f32, eps: f64) -> NormCase {
        let count = dims.iter().product();
        let width = dims[dims.len() - 1];
        NormCase {
            dims: dims.to_vec(),
            x: uniform(rng, count, offset - 2.0, offset + 2.0),
            weight: uniform(rng, width, 0.3, 1.8),
            eps,
        }
    }

    fn describe(&self) -> String {
        format!(
            "x of shape {} starting {}, weight {}, eps = {}",
            shape_text(&dims_i64(&self.dims)),
            head(&self.x),
            head(&self.weight),
            self.eps
        )
    }
}

/// RMSNorm and the mistakes it is recognised by.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Norm {
    Right,
    /// LayerNorm: the row's mean subtracted, divided by sqrt(variance + ε).
    MeanSubtracted,
    /// x / (sqrt(mean(x²)) + ε).
    EpsOutside,
    /// No weight.
    Unweighted,
    /// sqrt(sum(x²) + ε): the sum, not the mean.
    Summed,
    /// x / (mean(x²) + ε): no square root.
    NoRoot,
    /// Normalised over the first axis instead of the last.
    FirstAxis,
}

/// RMSNorm of `case` (or a variant) in f64, row-major.
fn normed(case: &NormCase, norm: Norm) -> Vec<f64> {
    let x: Vec<f64> = case.x.iter().map(|&v| f64::from(v)).collect();
    let width = case.dims[case.dims.len() - 1];
    // The lines normalised together: last-axis rows, or first-axis columns.
    let (length, stride) = match norm {
        Norm::FirstAxis => (case.dims[0], x.len() / case.dims[0]),
        _ => (width, 1),
    };
    let mut out = vec![0.0; x.len()];
    for start in 0..x.len() {
        let first = match norm {
            Norm::FirstAxis => start < stride,
            _ => start % width == 0,
        };
        if !first {
            continue;
        }
        let line: Vec<usize> = (0..length).map(|i| start + i * stride).collect();
        let n = length as f64;
        let mean = line.iter().map(|&p| x[p]).sum::<f64>() / n;
        let shift = if norm == Norm::MeanSubtracted {
            mean
        } else {
            0.0
        };
        let squares: f64 = line.iter().map(|&p| (x[p] - shift).powi(2)).sum();
        let denominator = match norm {
            Norm::EpsOutside => (squares / n).sqrt() + case.eps,
            Norm::Summed => (squares + case.eps).sqrt(),
            Norm::NoRoot => squares / n + case.eps,
            _ => (squares / n + case.eps).sqrt(),
        };
        for &p in &line {
            let w = if norm == Norm::Unweighted {
                1.0
            } else {
                f64::from(case.weight[p % width])
            };
            out[p] = (x[p] - shift) / denominator * w;
        }
    }
    out
}

/// `fn rms_norm(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor`: x / sqrt(mean(x²) + ε)
/// over the last axis, times the weight.
pub fn rms_norm<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, f64) -> Tensor + Send + 'static,
{
    rms_norm_boxed(grader, Box::new(learner))
}

type NormFn = Box<dyn Fn(&Tensor, &Tensor, f64) -> Tensor + Send>;

fn rms_norm_boxed(grader: &Grader, learner: NormFn) -> Report {
    let mut rng = grader.rng(370);
    let eps = rng.gen_range(0.01..0.1);
    let mut zero_row = NormCase::random(&mut rng, &[3, 4], 0.0, 1e-5);
    zero_row.x[4..8].fill(0.0);
    let cases = vec![
        // Rows off centre and a large ε: every mistake gives another answer.
        NormCase::random(&mut rng, &[2, 5], 1.5, 0.25),
        // A row of zeros stays zeros (ε keeps it from 0 / 0).
        zero_row,
        NormCase::random(&mut rng, &[2, 3, 6], -0.5, 1e-6),
        NormCase::random(&mut rng, &[7], 0.0, 0.5),
        NormCase::random(&mut rng, &[4, 8], 3.0, eps),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        NormCase::describe,
        move |c| {
            let weight = f32_tensor(&c.weight, &[c.weight.len()]);
            read(&learner(&f32_tensor(&c.x, &c.dims), &weight, c.eps))
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_norm(case, &got) {
            return Report::new(RMS_NORM, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(RMS_NORM, verdict);
    }
    Report::new(
        RMS_NORM,
        Verdict::Passed {
            summary: "5 cases: x / sqrt(mean(x²) + ε) over the last axis, times the weight".into(),
        },
    )
}

fn judge_norm(case: &NormCase, got: &Output) -> Option<Verdict> {
    let input = case.describe();
    let shape = dims_i64(&case.dims);
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: the norm keeps x's shape",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected = normed(case, Norm::Right);
    if !values_match(&expected, &got.values) {
        let is = |norm: Norm| values_match(&normed(case, norm), &got.values);
        let mistake = if is(Norm::MeanSubtracted) {
            Some(
                "the row's mean was subtracted: that is LayerNorm; RMSNorm only divides by the \
                 root mean square, sqrt(mean(x²) + ε)",
            )
        } else if is(Norm::EpsOutside) {
            Some("ε was added after the square root: it goes inside, sqrt(mean(x²) + ε)")
        } else if is(Norm::Unweighted) {
            Some("the learned weight is missing: multiply the normalised rows by `weight`")
        } else if is(Norm::Summed) {
            Some("the squares were summed, not averaged: the root *mean* square divides by dim")
        } else if is(Norm::NoRoot) {
            Some("the rows were divided by the mean square itself: take its square root")
        } else if case.dims.len() > 1 && is(Norm::FirstAxis) {
            Some(
                "the norm ran over the first axis: each token's features, the last axis, are \
                 normalised together (mean_dim(-1, true, ..))",
            )
        } else {
            None
        };
        return Some(incorrect(
            &input,
            &list(&expected),
            &list(&got.values),
            mistake.map(known_mistake),
        ));
    }
    if let Some(verdict) = wrong_kind(
        &input,
        got.kind,
        Kind::Float,
        known_mistake("the normalised rows stay Kind::Float, x's kind"),
    ) {
        return Some(verdict);
    }
    None
}

// ---------------------------------------------------------------------------------

/// `llm/rope-rotate`.
pub const ROPE_ROTATE: &str = "llm/rope-rotate";

/// One call: x of shape `dims` (`[.., seq, head_dim]`), the first row's position and θ.
#[derive(Debug, Clone)]
struct RopeCase {
    dims: Vec<usize>,
    x: Vec<f32>,
    start: i64,
    theta: f64,
}

impl RopeCase {
    fn random(rng: &mut impl Rng, dims: &[usize], start: i64, theta: f64) -> RopeCase {
        RopeCase {
            dims: dims.to_vec(),
            x: uniform(rng, dims.iter().product(), -2.0, 2.0),
            start,
            theta,
        }
    }

    fn describe(&self) -> String {
        format!(
            "x of shape {} starting {}, start = {}, theta = {}",
            shape_text(&dims_i64(&self.dims)),
            head(&self.x),
            self.start,
            self.theta
        )
    }
}

/// RoPE and the mistakes it is recognised by.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rope {
    Right,
    /// Column i paired with i + d/2 (Hugging Face's layout, not GGUF's).
    RotateHalf,
    /// Positions from 0, the start ignored.
    FromZero,
    /// Turned the other way (−angle).
    Backwards,
    /// θ^(-i/d) for pair i: the frequencies fall half as fast.
    PairIndex,
    /// θ = 10,000 whatever was asked.
    DefaultTheta,
}

/// RoPE of `case` (or a variant) in f64, row-major.
fn rotated(case: &RopeCase, rope: Rope) -> Vec<f64> {
    let x: Vec<f64> = case.x.iter().map(|&v| f64::from(v)).collect();
    let d = case.dims[case.dims.len() - 1];
    let seq = case.dims[case.dims.len() - 2];
    let theta = if rope == Rope::DefaultTheta {
        10_000.0
    } else {
        case.theta
    };
    let mut out = vec![0.0; x.len()];
    for (r, row) in x.chunks(d).enumerate() {
        let t = (r % seq) as f64;
        let position = if rope == Rope::FromZero {
            t
        } else {
            case.start as f64 + t
        };
        for i in 0..d / 2 {
            let exponent = if rope == Rope::PairIndex { i } else { 2 * i };
            let mut angle = position * theta.powf(-(exponent as f64) / d as f64);
            if rope == Rope::Backwards {
                angle = -angle;
            }
            let (a, b) = if rope == Rope::RotateHalf {
                (i, i + d / 2)
            } else {
                (2 * i, 2 * i + 1)
            };
            let (cos, sin) = (angle.cos(), angle.sin());
            out[r * d + a] = row[a] * cos - row[b] * sin;
            out[r * d + b] = row[a] * sin + row[b] * cos;
        }
    }
    out
}

/// `fn rope_rotate(x: &Tensor, start: i64, theta: f64) -> Tensor`: pairs (2i, 2i + 1) of
/// the row at position p turned by p · θ^(-2i/d).
pub fn rope_rotate<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, i64, f64) -> Tensor + Send + 'static,
{
    rope_rotate_boxed(grader, Box::new(learner))
}

type RopeFn = Box<dyn Fn(&Tensor, i64, f64) -> Tensor + Send>;

fn rope_rotate_boxed(grader: &Grader, learner: RopeFn) -> Report {
    let mut rng = grader.rng(371);
    let start = rng.gen_range(20..40);
    let cases = vec![
        // Two heads of three rows from position 3, θ = 100: every mistake differs here.
        RopeCase::random(&mut rng, &[2, 3, 8], 3, 100.0),
        RopeCase::random(&mut rng, &[4, 6], 0, 10_000.0),
        // SmolLM2's θ, a batch axis in front.
        RopeCase::random(&mut rng, &[3, 2, 4, 16], 11, 100_000.0),
        // One new token deep into the sequence: a decoding step with a cache.
        RopeCase::random(&mut rng, &[1, 1, 4], start, 500.0),
        // One pair per row.
        RopeCase::random(&mut rng, &[5, 2], 2, 10.0),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        RopeCase::describe,
        move |c| read(&learner(&f32_tensor(&c.x, &c.dims), c.start, c.theta)),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_rope(case, &got) {
            return Report::new(ROPE_ROTATE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(ROPE_ROTATE, verdict);
    }
    Report::new(
        ROPE_ROTATE,
        Verdict::Passed {
            summary: "5 cases: neighbouring pairs turned by (start + t) · θ^(-2i/d)".into(),
        },
    )
}

fn judge_rope(case: &RopeCase, got: &Output) -> Option<Verdict> {
    let input = case.describe();
    let shape = dims_i64(&case.dims);
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: the rotation keeps x's shape",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected = rotated(case, Rope::Right);
    if !values_match(&expected, &got.values) {
        let is = |rope: Rope| values_match(&rotated(case, rope), &got.values);
        let mistake = if is(Rope::RotateHalf) {
            Some(
                "column i was paired with column i + d/2 (\"rotate half\", the Hugging Face \
                 layout): in GGUF's layout the pairs are neighbours, (2i, 2i + 1)",
            )
        } else if is(Rope::FromZero) {
            Some(
                "the positions started at 0: row t sits at position start + t (with a cache, \
                 the new token's position is the number of tokens before it)",
            )
        } else if is(Rope::Backwards) {
            Some(
                "the pairs turned the wrong way: out[2i] = x[2i]·cos − x[2i+1]·sin and \
                 out[2i+1] = x[2i]·sin + x[2i+1]·cos",
            )
        } else if is(Rope::PairIndex) {
            Some("pair i turns at θ^(-i/d): the exponent is -2i/d, the pair's even column over d")
        } else if is(Rope::DefaultTheta) {
            Some("θ was 10,000 whatever `theta` said: SmolLM2 uses 100,000, so use the argument")
        } else {
            None
        };
        return Some(incorrect(
            &input,
            &list(&expected),
            &list(&got.values),
            mistake.map(known_mistake),
        ));
    }
    if let Some(verdict) = wrong_kind(
        &input,
        got.kind,
        Kind::Float,
        known_mistake("the turned queries and keys keep x's kind: cast cos and sin to it"),
    ) {
        return Some(verdict);
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rms_norm_of_a_known_row() {
        let case = NormCase {
            dims: vec![1, 2],
            x: vec![3.0, 4.0],
            weight: vec![1.0, 2.0],
            eps: 0.0,
        };
        // mean(x²) = 12.5
        let r = 12.5f64.sqrt();
        assert_eq!(normed(&case, Norm::Right), vec![3.0 / r, 8.0 / r]);
        assert_eq!(normed(&case, Norm::MeanSubtracted), vec![-1.0, 2.0]);
        let column = normed(&case, Norm::FirstAxis);
        assert!((column[0] - 1.0).abs() < 1e-12 && (column[1] - 2.0).abs() < 1e-12);
    }

    #[test]
    fn rope_turns_pairs_and_matches_libtorch_complex_rotation() {
        let case = RopeCase {
            dims: vec![1, 4],
            x: vec![1.0, 0.0, 0.0, 1.0],
            start: 1,
            theta: 100.0,
        };
        let out = rotated(&case, Rope::Right);
        // Pair 0 turns by 1 radian, pair 1 by 1/10.
        assert!((out[0] - 1f64.cos()).abs() < 1e-12 && (out[1] - 1f64.sin()).abs() < 1e-12);
        assert!((out[2] + 0.1f64.sin()).abs() < 1e-12 && (out[3] - 0.1f64.cos()).abs() < 1e-12);
        // The same as multiplying each pair, read as a complex number, by e^{i·angle}.
        let x = f32_tensor(&case.x, &[2, 2]).view_as_complex();
        let angle = Tensor::from_slice(&[1.0f32, 0.1]);
        let turned = (x * Tensor::polar(&angle.ones_like(), &angle)).view_as_real();
        let got = read(&turned.reshape([4]));
        assert!(values_match(&out, &got.values));
    }
}
