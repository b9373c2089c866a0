//! Lesson 5, a real BERT-family encoder (notebooks/05-llm/05-minilm.ipynb): the additive
//! attention bias of a padded batch, mean pooling over the real tokens, and semantic search
//! by cosine similarity.
//!
//! Inputs are seeded plain arrays turned into tensors on the grading thread; the learner's
//! tensors are read back there, so a tch error is a caught panic. The references are plain
//! loops over those arrays.

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

mod search;

pub use search::*;

/// A padding mask: one row per sentence, 1 for a real token and 0 for padding.
#[derive(Debug, Clone)]
struct Mask {
    rows: Vec<Vec<i64>>,
}

impl Mask {
    /// Right-padded rows of the given real lengths, `seq` wide.
    fn padded(lengths: &[usize], seq: usize) -> Mask {
        let rows = lengths
            .iter()
            .map(|&n| (0..seq).map(|t| i64::from(t < n)).collect())
            .collect();
        Mask { rows }
    }

    /// Rows of random lengths (at least one real token each).
    fn random(rng: &mut impl Rng, batch: usize, seq: usize) -> Mask {
        let lengths: Vec<usize> = (0..batch).map(|_| rng.gen_range(1..=seq)).collect();
        Mask::padded(&lengths, seq)
    }

    /// The first row padded on the left instead (`[0, 0, 1, 1, ...]`), as some tokenizers do.
    fn left_padded_first(mut self) -> Mask {
        self.rows[0].sort_unstable();
        self
    }

    fn batch(&self) -> usize {
        self.rows.len()
    }

    fn seq(&self) -> usize {
        self.rows[0].len()
    }

    fn tensor(&self) -> Tensor {
        let flat: Vec<i64> = self.rows.concat();
        Tensor::from_slice(&flat).reshape([self.batch() as i64, self.seq() as i64])
    }

    fn describe(&self) -> String {
        let rows: Vec<String> = self.rows.iter().map(|r| format!("{r:?}")).collect();
        format!("mask = [{}]", rows.join(", "))
    }
}

// ---------------------------------------------------------------------------------

/// `llm/attention-padding-bias`.
pub const ATTENTION_PADDING_BIAS: &str = "llm/attention-padding-bias";

/// A bias at least this negative takes a padded key out of the softmax (e^-10000 is 0 in f32).
const LARGE_NEGATIVE: f64 = -1e4;

/// `fn padding_bias(mask: &Tensor) -> Tensor`: `[batch, seq]` Int64 1/0 → `[batch, 1, 1,
/// seq]` Float, 0 at real tokens and a large negative number (≤ −1e4, −∞ allowed) at padding.
pub fn attention_padding_bias<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor) -> Tensor + Send + 'static,
{
    attention_padding_bias_boxed(grader, Box::new(learner))
}

type BiasFn = Box<dyn Fn(&Tensor) -> Tensor + Send>;

fn attention_padding_bias_boxed(grader: &Grader, learner: BiasFn) -> Report {
    let mut rng = grader.rng(350);
    let seq = rng.gen_range(3..10);
    let cases = vec![
        Mask::padded(&[3, 5], 5),
        Mask::padded(&[1, 4, 2], 4),
        // No padding at all: the bias is all zeros.
        Mask::padded(&[6], 6),
        Mask::random(&mut rng, 4, seq).left_padded_first(),
        // As many sentences as tokens, so only the axis order tells the shapes apart.
        Mask::padded(&[3, 1, 2], 3),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        Mask::describe,
        move |m| read(&learner(&m.tensor())),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_bias(case, &got) {
            return Report::new(ATTENTION_PADDING_BIAS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(ATTENTION_PADDING_BIAS, verdict);
    }
    Report::new(
        ATTENTION_PADDING_BIAS,
        Verdict::Passed {
            summary: "5 masks: [batch, 1, 1, seq] Float, 0 at real tokens, large negative at \
                      padding"
                .into(),
        },
    )
}

fn judge_bias(mask: &Mask, got: &Output) -> Option<Verdict> {
    let input = mask.describe();
    let (b, s) = (mask.batch() as i64, mask.seq() as i64);
    let shape = vec![b, 1, 1, s];
    if got.shape != shape {
        let mistake = if got.shape == [b, s] {
            known_mistake(
                "the bias has the mask's shape [batch, seq]: unsqueeze it to [batch, 1, 1, \
                 seq] so that it broadcasts over the heads and the query positions",
            )
        } else if got.shape == [b, 1, s, 1] || got.shape == [b, s, 1] {
            known_mistake(
                "the bias runs along the query axis: a padding token is a key that no query \
                 may look at, so seq goes last, [batch, 1, 1, seq]",
            )
        } else {
            "one bias per key position, shaped to broadcast over heads and queries".to_string()
        };
        let message = format!(
            "for input {input} expected shape {}, got {}: {mistake}",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let flags: Vec<i64> = mask.rows.concat();
    let expected: Vec<f64> = flags
        .iter()
        .map(|&m| if m == 1 { 0.0 } else { -1e9 })
        .collect();
    let right = flags.iter().zip(&got.values).all(|(&m, &v)| {
        if m == 1 {
            v.abs() <= 1e-6
        } else {
            v <= LARGE_NEGATIVE
        }
    });
    if !right {
        let at = |real: i64| {
            flags
                .iter()
                .zip(&got.values)
                .filter(move |(&m, _)| m == real)
        };
        let real_nan = at(1).any(|(_, v)| v.is_nan());
        let inverted =
            at(1).all(|(_, &v)| v <= LARGE_NEGATIVE) && at(0).all(|(_, &v)| v.abs() <= 1e-6);
        let is_mask = flags
            .iter()
            .zip(&got.values)
            .all(|(&m, &v)| (v - m as f64).abs() <= 1e-6);
        let too_small = at(1).all(|(_, &v)| v.abs() <= 1e-6)
            && at(0).all(|(_, &v)| v < 0.0 && v > LARGE_NEGATIVE);
        let mistake = if real_nan {
            Some(
                "the real tokens got NaN: 0 × −∞ is NaN, so (1 - mask) × −∞ fails where the \
                 mask is 1; use masked_fill, or a large finite number such as −1e9",
            )
        } else if inverted {
            Some(
                "the bias is on the real tokens: 0 where the mask is 1 (a real token), a \
                 large negative number where it is 0 (padding)",
            )
        } else if is_mask {
            Some(
                "this is the 0/1 mask itself, not a bias: the bias is added to the scores, \
                 so a real token gets 0 and a padding token a large negative number",
            )
        } else if too_small {
            Some(
                "the padding bias is too small: after the softmax a padded key keeps e^bias \
                 of the weight, so use −1e9 (or −∞), not −1",
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
        known_mistake("the bias is added to Float attention scores: return Kind::Float"),
    ) {
        return Some(verdict);
    }
    None
}

// ---------------------------------------------------------------------------------

/// `llm/mean-pooling`.
pub const MEAN_POOLING: &str = "llm/mean-pooling";

/// One call: hidden states `[batch, seq, dim]` and their mask.
#[derive(Debug, Clone)]
struct PoolCase {
    hidden: Vec<f32>,
    dim: usize,
    mask: Mask,
}

impl PoolCase {
    fn new(rng: &mut impl Rng, mask: Mask, dim: usize) -> PoolCase {
        let count = mask.batch() * mask.seq() * dim;
        PoolCase {
            hidden: (0..count).map(|_| rng.gen_range(-2.0f32..2.0)).collect(),
            dim,
            mask,
        }
    }

    fn describe(&self) -> String {
        let shown: Vec<f64> = self.hidden.iter().take(8).map(|&v| f64::from(v)).collect();
        format!(
            "hidden of shape [{}, {}, {}] starting {}, {}",
            self.mask.batch(),
            self.mask.seq(),
            self.dim,
            list(&shown),
            self.mask.describe()
        )
    }

    fn at(&self, b: usize, t: usize, d: usize) -> f64 {
        f64::from(self.hidden[(b * self.mask.seq() + t) * self.dim + d])
    }
}

/// How a sentence vector was made from its token vectors: the right way or a variant.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pool {
    /// Sum over the real tokens, divided by their count.
    Mean,
    /// Mean over every position, padding included.
    MeanWithPadding,
    /// Sum over the real tokens, divided by the padded length.
    DividedBySeq,
    /// Sum over the real tokens, not divided.
    Sum,
    /// The first token's vector ([CLS]).
    First,
    /// The right mean, then scaled to length 1.
    Normalised,
}

/// `[batch, dim]` row-major, in f64.
fn pooled(case: &PoolCase, pool: Pool) -> Vec<f64> {
    let (seq, dim) = (case.mask.seq(), case.dim);
    let mut out = Vec::new();
    for (b, row) in case.mask.rows.iter().enumerate() {
        let real = row.iter().filter(|&&m| m == 1).count() as f64;
        let mut vector = vec![0.0; dim];
        for (d, slot) in vector.iter_mut().enumerate() {
            let mut total = 0.0;
            let mut all = 0.0;
            for (t, &m) in row.iter().enumerate() {
                all += case.at(b, t, d);
                if m == 1 {
                    total += case.at(b, t, d);
                }
            }
            *slot = match pool {
                Pool::Mean | Pool::Normalised => total / real,
                Pool::MeanWithPadding => all / seq as f64,
                Pool::DividedBySeq => total / seq as f64,
                Pool::Sum => total,
                Pool::First => case.at(b, 0, d),
            };
        }
        if pool == Pool::Normalised {
            let norm = vector.iter().map(|v| v * v).sum::<f64>().sqrt();
            vector.iter_mut().for_each(|v| *v /= norm);
        }
        out.extend(vector);
    }
    out
}

/// `fn mean_pooling(hidden: &Tensor, mask: &Tensor) -> Tensor`: `[batch, seq, dim]` and
/// `[batch, seq]` Int64 1/0 → `[batch, dim]` Float, the mean over the real tokens.
pub fn mean_pooling<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor) -> Tensor + Send + 'static,
{
    mean_pooling_boxed(grader, Box::new(learner))
}

type PoolFn = Box<dyn Fn(&Tensor, &Tensor) -> Tensor + Send>;

fn mean_pooling_boxed(grader: &Grader, learner: PoolFn) -> Report {
    let mut rng = grader.rng(351);
    let (seq, dim) = (rng.gen_range(5..9), rng.gen_range(2..6));
    let random = Mask::random(&mut rng, 4, seq).left_padded_first();
    let cases = vec![
        PoolCase::new(&mut rng, Mask::padded(&[3, 5], 5), 3),
        // A sentence of one real token.
        PoolCase::new(&mut rng, Mask::padded(&[1, 4, 2], 4), 6),
        PoolCase::new(&mut rng, Mask::padded(&[3], 3), 4),
        PoolCase::new(&mut rng, random, dim),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        PoolCase::describe,
        move |c| {
            let dims = [c.mask.batch(), c.mask.seq(), c.dim];
            read(&learner(&f32_tensor(&c.hidden, &dims), &c.mask.tensor()))
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_pool(case, &got) {
            return Report::new(MEAN_POOLING, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(MEAN_POOLING, verdict);
    }
    Report::new(
        MEAN_POOLING,
        Verdict::Passed {
            summary: "4 batches: the mean over each sentence's real tokens, padding ignored".into(),
        },
    )
}

fn judge_pool(case: &PoolCase, got: &Output) -> Option<Verdict> {
    let input = case.describe();
    let (b, s, d) = (case.mask.batch(), case.mask.seq(), case.dim);
    let shape = dims_i64(&[b, case.dim]);
    if got.shape != shape {
        let mistake = if got.shape == dims_i64(&[b, s]) {
            known_mistake(
                "the mean ran over the last axis, the features: average over the tokens, \
                 axis 1, to keep one dim-wide vector per sentence",
            )
        } else if got.shape == dims_i64(&[b, 1, d]) {
            known_mistake("the token axis was kept with size 1: sum without keepdim, [batch, dim]")
        } else {
            "one vector per sentence, as wide as the hidden states".to_string()
        };
        let message = format!(
            "for input {input} expected shape {}, got {}: {mistake}",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected = pooled(case, Pool::Mean);
    if !values_match(&expected, &got.values) {
        let is = |pool: Pool| values_match(&pooled(case, pool), &got.values);
        let mistake = if is(Pool::MeanWithPadding) {
            Some(
                "the padding tokens were averaged in: multiply by the mask before summing and \
                 divide by the number of real tokens",
            )
        } else if is(Pool::DividedBySeq) {
            Some(
                "the sum over the real tokens was divided by the padded length: divide by how \
                 many real tokens the sentence has, the mask's row sum",
            )
        } else if is(Pool::Sum) {
            Some("these are sums, not means: divide by the number of real tokens")
        } else if is(Pool::First) {
            Some(
                "this is the first token's ([CLS]) vector: MiniLM's sentence embedding is the \
                 mean over all the real tokens",
            )
        } else if is(Pool::Normalised) {
            Some(
                "the means were scaled to length 1: mean_pooling only averages, the \
                 normalisation is a separate step after it",
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
        known_mistake("sentence vectors stay Kind::Float, like the hidden states"),
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
    fn pooling_ignores_padding_and_left_padding_moves_the_ones() {
        let mask = Mask::padded(&[1, 2], 3);
        assert_eq!(mask.rows, [vec![1, 0, 0], vec![1, 1, 0]]);
        assert_eq!(mask.left_padded_first().rows[0], [0, 0, 1]);
        let case = PoolCase {
            hidden: vec![1.0, 2.0, 100.0, 3.0, 5.0, 100.0],
            dim: 1,
            mask: Mask::padded(&[1, 2], 3),
        };
        assert_eq!(pooled(&case, Pool::Mean), [1.0, 4.0]);
        assert_eq!(pooled(&case, Pool::Sum), [1.0, 8.0]);
        assert_eq!(pooled(&case, Pool::First), [1.0, 3.0]);
        assert_eq!(pooled(&case, Pool::Normalised), [1.0, 1.0]);
    }
}
