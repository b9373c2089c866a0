//! Lesson 6, LoRA and distillation (notebooks/05-llm/06-lora-and-distillation.ipynb): the
//! forward pass of a linear layer with a low-rank adapter, merging the adapter into the
//! weight, and the distillation loss KL(p_teacher ‖ p_student) · T².
//!
//! Inputs are seeded plain arrays turned into tensors on the grading thread; the learner's
//! tensors are read back there, so a shape error inside tch (a product whose inner sizes
//! do not agree) is a caught panic. The references are plain `f64` loops over row-major
//! matrices. The first case of each adapter check is square (in = out, and r too for the
//! forward pass), so that every order and transpose of the factors computes and can be
//! named.

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

mod distillation;

pub use distillation::*;

/// A dense row-major matrix in `f64`.
#[derive(Debug, Clone, PartialEq)]
struct Mat {
    rows: usize,
    cols: usize,
    v: Vec<f64>,
}

impl Mat {
    fn new(rows: usize, cols: usize, values: &[f32]) -> Mat {
        Mat {
            rows,
            cols,
            v: values.iter().map(|&x| f64::from(x)).collect(),
        }
    }

    fn at(&self, i: usize, j: usize) -> f64 {
        self.v[i * self.cols + j]
    }

    fn transposed(&self) -> Mat {
        let mut v = Vec::with_capacity(self.v.len());
        for j in 0..self.cols {
            for i in 0..self.rows {
                v.push(self.at(i, j));
            }
        }
        Mat {
            rows: self.cols,
            cols: self.rows,
            v,
        }
    }

    /// `self · other`, or `None` when the inner sizes differ (the learner's tch call would
    /// have panicked, so no answer can match it).
    fn times(&self, other: &Mat) -> Option<Mat> {
        if self.cols != other.rows {
            return None;
        }
        let mut v = vec![0.0; self.rows * other.cols];
        for i in 0..self.rows {
            for j in 0..other.cols {
                let mut total = 0.0;
                for k in 0..self.cols {
                    total += self.at(i, k) * other.at(k, j);
                }
                v[i * other.cols + j] = total;
            }
        }
        Some(Mat {
            rows: self.rows,
            cols: other.cols,
            v,
        })
    }

    /// `self + scale · other`, or `None` when the shapes differ.
    fn plus(&self, other: &Mat, scale: f64) -> Option<Mat> {
        if (self.rows, self.cols) != (other.rows, other.cols) {
            return None;
        }
        let v = self.v.iter().zip(&other.v).map(|(a, b)| a + scale * b);
        Some(Mat {
            rows: self.rows,
            cols: self.cols,
            v: v.collect(),
        })
    }

    fn scaled(&self, scale: f64) -> Mat {
        Mat {
            rows: self.rows,
            cols: self.cols,
            v: self.v.iter().map(|a| a * scale).collect(),
        }
    }

    fn zeros(rows: usize, cols: usize) -> Mat {
        Mat {
            rows,
            cols,
            v: vec![0.0; rows * cols],
        }
    }
}

// ---------------------------------------------------------------------------------

/// `llm/lora-forward`.
pub const LORA_FORWARD: &str = "llm/lora-forward";
/// `llm/lora-merge`.
pub const LORA_MERGE: &str = "llm/lora-merge";

/// One adapted layer: x `[lead.., in]`, W `[out, in]`, A `[r, in]`, B `[out, r]`, alpha.
#[derive(Debug, Clone)]
struct AdapterCase {
    lead: Vec<usize>,
    d_in: usize,
    d_out: usize,
    rank: usize,
    alpha: f64,
    x: Vec<f32>,
    w: Vec<f32>,
    a: Vec<f32>,
    b: Vec<f32>,
}

impl AdapterCase {
    fn random(
        rng: &mut impl Rng,
        lead: &[usize],
        (d_in, d_out, rank): (usize, usize, usize),
        alpha: f64,
    ) -> AdapterCase {
        let mut draw =
            |n: usize| -> Vec<f32> { (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect() };
        let rows: usize = lead.iter().product();
        AdapterCase {
            lead: lead.to_vec(),
            d_in,
            d_out,
            rank,
            alpha,
            x: draw(rows * d_in),
            w: draw(d_out * d_in),
            a: draw(rank * d_in),
            b: draw(d_out * rank),
        }
    }

    fn x(&self) -> Mat {
        Mat::new(self.lead.iter().product(), self.d_in, &self.x)
    }
    fn w(&self) -> Mat {
        Mat::new(self.d_out, self.d_in, &self.w)
    }
    fn a(&self) -> Mat {
        Mat::new(self.rank, self.d_in, &self.a)
    }
    fn b(&self) -> Mat {
        Mat::new(self.d_out, self.rank, &self.b)
    }

    fn scale(&self) -> f64 {
        self.alpha / self.rank as f64
    }

    fn tensors(&self) -> [Tensor; 4] {
        let mut x_dims = self.lead.clone();
        x_dims.push(self.d_in);
        [
            f32_tensor(&self.x, &x_dims),
            f32_tensor(&self.w, &[self.d_out, self.d_in]),
            f32_tensor(&self.a, &[self.rank, self.d_in]),
            f32_tensor(&self.b, &[self.d_out, self.rank]),
        ]
    }

    fn describe(&self, with_x: bool) -> String {
        let (i, o, r) = (self.d_in, self.d_out, self.rank);
        let w: Vec<f64> = self.w.iter().take(6).map(|&v| f64::from(v)).collect();
        let x = if with_x {
            let mut dims = dims_i64(&self.lead);
            dims.push(i as i64);
            format!("x of shape {}, ", shape_text(&dims))
        } else {
            String::new()
        };
        format!(
            "{x}W [{o}, {i}] starting {}, A [{r}, {i}], B [{o}, {r}], alpha = {}",
            list(&w),
            self.alpha
        )
    }
}

/// One factor of a variant's low-rank path.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Factor {
    A,
    At,
    B,
    Bt,
}

/// The base term of a variant.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Base {
    /// x Wᵀ, right.
    Transposed,
    /// x W.
    Plain,
    Missing,
}

/// `outer · (base + scale · x · first · second)`: the right answer is
/// `(Base::Transposed, [At, Bt], alpha / r, 1)`.
fn adapted(
    case: &AdapterCase,
    base: Base,
    path: [Factor; 2],
    scale: f64,
    outer: f64,
) -> Option<Vec<f64>> {
    let x = case.x();
    let factor = |f: Factor| match f {
        Factor::A => case.a(),
        Factor::At => case.a().transposed(),
        Factor::B => case.b(),
        Factor::Bt => case.b().transposed(),
    };
    let low = x.times(&factor(path[0]))?.times(&factor(path[1]))?;
    let base = match base {
        Base::Transposed => x.times(&case.w().transposed())?,
        Base::Plain => x.times(&case.w())?,
        Base::Missing => Mat::zeros(low.rows, low.cols),
    };
    Some(base.plus(&low, scale)?.scaled(outer).v)
}

/// `fn lora_forward(x: &Tensor, w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor`:
/// x Wᵀ + (alpha / r) · x Aᵀ Bᵀ, `[.., out]` Float.
pub fn lora_forward<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor, &Tensor, f64) -> Tensor + Send + 'static,
{
    lora_forward_boxed(grader, Box::new(learner))
}

type ForwardFn = Box<dyn Fn(&Tensor, &Tensor, &Tensor, &Tensor, f64) -> Tensor + Send>;

fn lora_forward_boxed(grader: &Grader, learner: ForwardFn) -> Report {
    let mut rng = grader.rng(360);
    let alphas = [2.0, 4.0, 8.0, 32.0];
    let random_sizes = (
        rng.gen_range(3..10),
        rng.gen_range(3..10),
        rng.gen_range(1..4),
    );
    let random_lead = [rng.gen_range(1..4), rng.gen_range(2..6)];
    let random_alpha = alphas[rng.gen_range(0..alphas.len())];
    let cases = vec![
        // Square, so every order of the factors computes; alpha / r = 2.
        AdapterCase::random(&mut rng, &[3], (4, 4, 4), 8.0),
        // A rank below both sizes; alpha / r = 0.5.
        AdapterCase::random(&mut rng, &[5], (6, 3, 2), 1.0),
        // A batch of sequences, as in a GPT.
        AdapterCase::random(&mut rng, &[2, 3], (8, 5, 3), 6.0),
        AdapterCase::random(&mut rng, &[4], (5, 7, 1), 16.0),
        AdapterCase::random(&mut rng, &random_lead, random_sizes, random_alpha),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |c| c.describe(true),
        move |c| {
            let [x, w, a, b] = c.tensors();
            read(&learner(&x, &w, &a, &b, c.alpha))
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_forward(case, &got) {
            return Report::new(LORA_FORWARD, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(LORA_FORWARD, verdict);
    }
    Report::new(
        LORA_FORWARD,
        Verdict::Passed {
            summary: "5 layers, ranks 1 to 4, alpha / r from 0.5 to 16: x Wᵀ + (alpha / r) x Aᵀ Bᵀ"
                .into(),
        },
    )
}

fn judge_forward(case: &AdapterCase, got: &Output) -> Option<Verdict> {
    let input = case.describe(true);
    let mut shape = dims_i64(&case.lead);
    shape.push(case.d_out as i64);
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: every row of x becomes out numbers, \
             [.., in] → [.., out]",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let (s, r, alpha) = (case.scale(), case.rank as f64, case.alpha);
    let right = [Factor::At, Factor::Bt];
    let expected = adapted(case, Base::Transposed, right, s, 1.0)?;
    if !values_match(&expected, &got.values) {
        let is = |base: Base, path: [Factor; 2], scale: f64, outer: f64| {
            adapted(case, base, path, scale, outer).is_some_and(|v| values_match(&v, &got.values))
        };
        let orders = [
            [Factor::A, Factor::B],
            [Factor::A, Factor::Bt],
            [Factor::At, Factor::B],
            [Factor::B, Factor::A],
            [Factor::Bt, Factor::A],
            [Factor::B, Factor::At],
            [Factor::Bt, Factor::At],
        ];
        let mistake = if is(Base::Transposed, right, r / alpha, 1.0) {
            Some("the scale is alpha / r, not r / alpha: a larger alpha makes the adapter stronger")
        } else if is(Base::Transposed, right, 1.0, 1.0) {
            Some("the low-rank path was not scaled: multiply x Aᵀ Bᵀ by alpha / r")
        } else if is(Base::Transposed, right, alpha, 1.0) {
            Some("the low-rank path was scaled by alpha alone: divide by the rank r too")
        } else if is(Base::Transposed, right, 1.0, s) {
            Some(
                "the whole output was scaled: only the low-rank path gets alpha / r, the frozen \
                 x Wᵀ stays as it is",
            )
        } else if orders.iter().any(|&o| is(Base::Transposed, o, s, 1.0)) {
            Some(
                "the factors are in the wrong order or the wrong way round: A [r, in] first takes \
                 x down to r numbers, x Aᵀ, then B [out, r] brings them up, (x Aᵀ) Bᵀ",
            )
        } else if is(Base::Plain, right, s, 1.0) {
            Some("the base is x Wᵀ: W is [out, in], as nn::Linear stores it, so transpose it")
        } else if is(Base::Missing, right, s, 1.0) {
            Some("the frozen base x Wᵀ is missing: the adapter adds to it, it does not replace it")
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
        "keep Kind::Float, the kind of x and the weights",
    ) {
        return Some(verdict);
    }
    None
}

/// `W + scale · (B A)`, or its update transposed, or the update alone.
fn merged(case: &AdapterCase, scale: f64, transposed: bool, with_w: bool) -> Option<Vec<f64>> {
    let mut update = case.b().times(&case.a())?;
    if transposed {
        update = update.transposed();
    }
    let base = if with_w {
        case.w()
    } else {
        Mat::zeros(case.d_out, case.d_in)
    };
    Some(base.plus(&update, scale)?.v)
}

/// `fn lora_merge(w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor`:
/// W + (alpha / r) · B A, `[out, in]` Float.
pub fn lora_merge<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor, f64) -> Tensor + Send + 'static,
{
    lora_merge_boxed(grader, Box::new(learner))
}

type MergeFn = Box<dyn Fn(&Tensor, &Tensor, &Tensor, f64) -> Tensor + Send>;

fn lora_merge_boxed(grader: &Grader, learner: MergeFn) -> Report {
    let mut rng = grader.rng(361);
    let random_sizes = (
        rng.gen_range(3..10),
        rng.gen_range(3..10),
        rng.gen_range(1..4),
    );
    let random_alpha = [2.0, 4.0, 8.0, 32.0][rng.gen_range(0..4)];
    let cases = vec![
        // Square, so a transposed update fits too; alpha / r = 4.
        AdapterCase::random(&mut rng, &[1], (5, 5, 2), 8.0),
        AdapterCase::random(&mut rng, &[1], (6, 3, 2), 1.0),
        AdapterCase::random(&mut rng, &[1], (8, 5, 3), 6.0),
        // r equal to in.
        AdapterCase::random(&mut rng, &[1], (4, 9, 4), 16.0),
        AdapterCase::random(&mut rng, &[1], random_sizes, random_alpha),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |c| c.describe(false),
        move |c| {
            let [_, w, a, b] = c.tensors();
            read(&learner(&w, &a, &b, c.alpha))
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_merge(case, &got) {
            return Report::new(LORA_MERGE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(LORA_MERGE, verdict);
    }
    Report::new(
        LORA_MERGE,
        Verdict::Passed {
            summary: "5 weights, ranks 1 to 4: W + (alpha / r) B A, W's shape and kind".into(),
        },
    )
}

fn judge_merge(case: &AdapterCase, got: &Output) -> Option<Verdict> {
    let input = case.describe(false);
    let transposed_update = known_mistake(
        "the update is B A, [out, in] like W; Aᵀ Bᵀ is its transpose, which would apply the \
         adapter to the wrong side",
    );
    let (d_out, d_in) = (case.d_out as i64, case.d_in as i64);
    if got.shape != [d_out, d_in] {
        let mistake = if got.shape == [d_in, d_out] {
            transposed_update
        } else {
            "the merged weight has W's shape, [out, in]".to_string()
        };
        let message = format!(
            "for input {input} expected shape [{d_out}, {d_in}], got {}: {mistake}",
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let (s, r, alpha) = (case.scale(), case.rank as f64, case.alpha);
    let expected = merged(case, s, false, true)?;
    if !values_match(&expected, &got.values) {
        let is = |scale: f64, transposed: bool, with_w: bool| {
            merged(case, scale, transposed, with_w).is_some_and(|v| values_match(&v, &got.values))
        };
        let mistake = if is(r / alpha, false, true) {
            Some(known_mistake(
                "the update was scaled by r / alpha: W' = W + (alpha / r) B A",
            ))
        } else if is(1.0, false, true) {
            Some(known_mistake(
                "the update B A was not scaled: merge with the adapter's own scale, \
                 W' = W + (alpha / r) B A",
            ))
        } else if is(alpha, false, true) {
            Some(known_mistake(
                "the update was scaled by alpha but not divided by the rank: W' = W + \
                 (alpha / r) B A",
            ))
        } else if is(s, true, true) {
            Some(transposed_update)
        } else if is(s, false, false) {
            Some(known_mistake(
                "this is the update alone: the merged weight is W plus (alpha / r) B A",
            ))
        } else {
            None
        };
        return Some(incorrect(
            &input,
            &list(&expected),
            &list(&got.values),
            mistake,
        ));
    }
    if let Some(verdict) = wrong_kind(
        &input,
        got.kind,
        Kind::Float,
        "the merged weight keeps W's kind, Kind::Float",
    ) {
        return Some(verdict);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_multiply_and_transpose() {
        let m = Mat::new(2, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let p = m.times(&m.transposed()).unwrap_or_else(|| Mat::zeros(0, 0));
        assert_eq!(p.v, vec![14.0, 32.0, 32.0, 77.0]);
        assert!(m.times(&m).is_none());
        assert!(m.plus(&m.transposed(), 1.0).is_none());
    }

    #[test]
    fn a_zero_adapter_leaves_the_layer_unchanged() {
        let mut case = AdapterCase::random(&mut rand::thread_rng(), &[2], (3, 4, 2), 8.0);
        case.b = vec![0.0; case.b.len()];
        let base = case.x().times(&case.w().transposed()).map(|m| m.v);
        let right = [Factor::At, Factor::Bt];
        assert_eq!(adapted(&case, Base::Transposed, right, 4.0, 1.0), base);
        assert_eq!(merged(&case, 4.0, false, true), Some(case.w().v));
    }
}
