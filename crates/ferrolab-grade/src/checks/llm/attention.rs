//! Lesson 3, attention (notebooks/05-llm/03-attention.ipynb): scaled dot-product attention
//! with a mask, the causal mask, and the sinusoidal position encodings.
//!
//! Inputs are built from seeded plain arrays and turned into `f32` tensors on the grading
//! thread; the learner's tensors are read back there as kind, shape and values, so a tch
//! error (a shape that does not multiply) is a caught panic. The references are plain
//! loops in `f64`, unit-tested against libtorch's own `scaled_dot_product_attention`.

use super::LIMIT;
use crate::checks::tensors::{read, shape_text, wrong_kind, Output};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use tch::{Kind, Tensor};

mod scaled_dot_product;

pub use scaled_dot_product::*;

// ---------------------------------------------------------------------------------

/// `llm/causal-mask`.
pub const CAUSAL_MASK: &str = "llm/causal-mask";

/// `fn causal_mask(n: usize) -> Tensor`: `[n, n]`, Bool, true where j ≤ i.
pub fn causal_mask<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(usize) -> Tensor + Send + 'static,
{
    causal_mask_boxed(grader, Box::new(learner))
}

fn causal_mask_boxed(grader: &Grader, learner: Box<dyn Fn(usize) -> Tensor + Send>) -> Report {
    let mut rng = grader.rng(331);
    // A sequence of one token (it sees itself), and sizes where the triangles differ.
    let cases = vec![4, 1, 7, rng.gen_range(2..12)];
    let describe = |n: &usize| format!("n = {n}");
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |&n| {
        read(&learner(n))
    });
    for (&n, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_mask(n, &got) {
            return Report::new(CAUSAL_MASK, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(CAUSAL_MASK, verdict);
    }
    Report::new(
        CAUSAL_MASK,
        Verdict::Passed {
            summary: "4 sizes: a Bool lower triangle, the diagonal included".into(),
        },
    )
}

/// The n × n pattern `keep(i, j)` as 0/1, row-major.
fn pattern(n: usize, keep: impl Fn(usize, usize) -> bool) -> Vec<f64> {
    (0..n * n)
        .map(|p| f64::from(u8::from(keep(p / n, p % n))))
        .collect()
}

fn judge_mask(n: usize, got: &Output) -> Option<Verdict> {
    let input = format!("n = {n}");
    let shape = [n as i64, n as i64];
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: one row per query position, one \
             column per key position",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected = pattern(n, |i, j| j <= i);
    if got.values != expected {
        let mistake = if got.values == pattern(n, |i, j| j >= i) {
            Some(known_mistake(
                "that is the upper triangle: row i is the query, and it may look at the keys \
                 j ≤ i, on and below the diagonal",
            ))
        } else if got.values == pattern(n, |i, j| j > i) {
            Some(known_mistake(
                "true marks the future positions to hide: in this course (and in \
                 scaled_dot_product_attention) true means allowed, j ≤ i",
            ))
        } else if got.values == pattern(n, |i, j| j < i) {
            Some(known_mistake(
                "the diagonal is missing: a token may attend to itself, so j ≤ i (tril(0), \
                 not tril(-1))",
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
    if got.kind != Kind::Bool {
        let message = format!(
            "for input {input} the pattern is right but the tensor is {:?}: {}",
            got.kind,
            known_mistake(
                "a mask is Kind::Bool, what masked_fill and logical_not take; build it as \
                 Bool (Tensor::ones(.., (Kind::Bool, Device::Cpu))) or compare, .ne(0)",
            )
        );
        return Some(Verdict::Incorrect { message });
    }
    None
}

// ---------------------------------------------------------------------------------

/// `llm/sinusoidal-positions`.
pub const SINUSOIDAL_POSITIONS: &str = "llm/sinusoidal-positions";

/// Angles of positions up to 60 computed in `f32` a different way drift by a few 1e-5.
const ANGLES: Tolerance = Tolerance {
    absolute: 1e-4,
    relative: 1e-4,
};

/// `fn sinusoidal_positions(n: usize, d: usize) -> Tensor`: `[n, d]` Float, sin in the even
/// columns and cos in the odd ones, pair i at the frequency 1/10000^(2i/d).
pub fn sinusoidal_positions<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(usize, usize) -> Tensor + Send + 'static,
{
    sinusoidal_positions_boxed(grader, Box::new(learner))
}

fn sinusoidal_positions_boxed(
    grader: &Grader,
    learner: Box<dyn Fn(usize, usize) -> Tensor + Send>,
) -> Report {
    let mut rng = grader.rng(332);
    // Two pairs of columns, a single pair (only position 0 and 1 frequency), a single row,
    // the lesson's long table, and a random size.
    let cases = vec![
        (6, 8),
        (3, 2),
        (1, 6),
        (60, 16),
        (rng.gen_range(2..30), 2 * rng.gen_range(1..10)),
    ];
    let describe = |c: &(usize, usize)| format!("n = {}, d = {}", c.0, c.1);
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |&(n, d)| read(&learner(n, d)),
    );
    for (&(n, d), got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_positions(n, d, &got) {
            return Report::new(SINUSOIDAL_POSITIONS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SINUSOIDAL_POSITIONS, verdict);
    }
    Report::new(
        SINUSOIDAL_POSITIONS,
        Verdict::Passed {
            summary: "5 sizes: sin and cos interleaved, pair i at 1/10000^(2i/d)".into(),
        },
    )
}

/// Position tables: the paper's by default, each field one known mistake.
#[derive(Debug, Clone, Copy)]
struct Table {
    cos_first: bool,
    /// The exponent's numerator for column c: the pair's even column (right), the pair
    /// index, or the column's own index.
    exponent: Exponent,
    concatenated: bool,
    first_position: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Exponent {
    EvenColumn,
    Pair,
    Column,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            cos_first: false,
            exponent: Exponent::EvenColumn,
            concatenated: false,
            first_position: 0,
        }
    }
}

/// The grader's table in f64, row-major `[n, d]`.
fn table(n: usize, d: usize, rule: Table) -> Vec<f64> {
    let half = d / 2;
    let mut out = Vec::with_capacity(n * d);
    for row in 0..n {
        let position = (row + rule.first_position) as f64;
        for column in 0..d {
            // Which pair the column belongs to, and whether it holds the sine.
            let (pair, sine) = if rule.concatenated {
                (column % half, column < half)
            } else {
                (column / 2, column % 2 == 0)
            };
            let exponent = match rule.exponent {
                Exponent::EvenColumn => (2 * pair) as f64,
                Exponent::Pair => pair as f64,
                Exponent::Column => column as f64,
            } / d as f64;
            let angle = position * (-exponent * 10_000f64.ln()).exp();
            out.push(if sine != rule.cos_first {
                angle.sin()
            } else {
                angle.cos()
            });
        }
    }
    out
}

fn judge_positions(n: usize, d: usize, got: &Output) -> Option<Verdict> {
    let input = format!("n = {n}, d = {d}");
    let shape = [n as i64, d as i64];
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: one row per position, d columns",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected = table(n, d, Table::default());
    if !ANGLES.all_close(&expected, &got.values) {
        let is = |rule: Table| ANGLES.all_close(&table(n, d, rule), &got.values);
        let right = Table::default();
        let mistake = if is(Table {
            cos_first: true,
            ..right
        }) {
            Some(
                "sin and cos are swapped: sin goes in the even columns 2i, cos in the odd ones \
                 2i + 1",
            )
        } else if is(Table {
            concatenated: true,
            ..right
        }) {
            Some(
                "sin fills the first half of the columns and cos the second (concatenated): \
                  this exercise interleaves them, sin in column 2i and cos in column 2i + 1",
            )
        } else if is(Table {
            exponent: Exponent::Pair,
            ..right
        }) {
            Some(
                "the exponent is i/d with i the pair: pair i uses 10000^(2i/d), 2i being its \
                  even column",
            )
        } else if is(Table {
            exponent: Exponent::Column,
            ..right
        }) {
            Some(
                "each column used its own index in 10000^(c/d): both columns of a pair share \
                  one frequency, so cos column 2i + 1 uses 10000^(2i/d) too",
            )
        } else if is(Table {
            first_position: 1,
            ..right
        }) {
            Some("the positions start at 1: the first row is position 0, sin 0 = 0 and cos 0 = 1")
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
        known_mistake("the table is Kind::Float (f32), the kind of the embeddings it is added to"),
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
    fn the_table_starts_with_zero_and_one_and_matches_the_paper() {
        let t = table(2, 4, Table::default());
        assert_eq!(&t[..4], &[0.0, 1.0, 0.0, 1.0]);
        // Position 1, pair 1: the angle 1 / 10000^(2/4) = 0.01.
        assert!((t[6] - 0.01f64.sin()).abs() < 1e-12 && (t[7] - 0.01f64.cos()).abs() < 1e-12);
    }

    #[test]
    fn the_lower_triangle_keeps_the_diagonal() {
        assert_eq!(pattern(2, |i, j| j <= i), vec![1.0, 0.0, 1.0, 1.0]);
    }
}
