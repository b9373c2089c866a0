//! `llm/scaled-dot-product-attention`: the attention check, its f64 reference and the
//! known mistakes it recognises.

use super::LIMIT;
use crate::checks::tensors::{f32_tensor, read, shape_text, values_match, Output};
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use tch::Tensor;

/// `llm/scaled-dot-product-attention`.
pub const SCALED_DOT_PRODUCT_ATTENTION: &str = "llm/scaled-dot-product-attention";

/// One call: q `[lead…, seq_q, d]`, k `[lead…, seq_k, d]`, v `[lead…, seq_k, d_v]`, row-major,
/// and an optional Bool mask of its own (broadcasting) shape.
#[derive(Debug, Clone)]
struct AttentionCase {
    lead: Vec<usize>,
    seq_q: usize,
    seq_k: usize,
    d: usize,
    d_v: usize,
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    mask: Option<(Vec<usize>, Vec<bool>)>,
}

impl AttentionCase {
    fn new(rng: &mut impl Rng, lead: &[usize], sizes: [usize; 4]) -> AttentionCase {
        let [seq_q, seq_k, d, d_v] = sizes;
        let batches: usize = lead.iter().product();
        let mut values = |n: usize| (0..n).map(|_| rng.gen_range(-2.0f32..2.0)).collect();
        AttentionCase {
            lead: lead.to_vec(),
            seq_q,
            seq_k,
            d,
            d_v,
            q: values(batches * seq_q * d),
            k: values(batches * seq_k * d),
            v: values(batches * seq_k * d_v),
            mask: None,
        }
    }

    fn with_mask(mut self, shape: &[usize], allowed: impl Fn(&[usize]) -> bool) -> Self {
        let count: usize = shape.iter().product();
        let values = (0..count)
            .map(|flat| allowed(&unravel(flat, shape)))
            .collect();
        self.mask = Some((shape.to_vec(), values));
        self
    }

    fn batches(&self) -> usize {
        self.lead.iter().product()
    }

    /// The shape of the scores and weights: `[lead…, seq_q, seq_k]`.
    fn score_shape(&self) -> Vec<usize> {
        let mut shape = self.lead.clone();
        shape.extend([self.seq_q, self.seq_k]);
        shape
    }

    /// Whether query i of batch b may look at key j: the mask broadcast as libtorch does
    /// (axes aligned from the right, an axis of size 1 repeated).
    fn allowed(&self, b: usize, i: usize, j: usize) -> bool {
        let Some((shape, values)) = &self.mask else {
            return true;
        };
        let full = self.score_shape();
        let index = unravel((b * self.seq_q + i) * self.seq_k + j, &full);
        let offset = full.len() - shape.len();
        let flat = shape.iter().enumerate().fold(0, |acc, (axis, &size)| {
            acc * size + index[offset + axis].min(size - 1)
        });
        values[flat]
    }
}

/// The multi-index of a row-major flat position.
fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for axis in (0..shape.len()).rev() {
        index[axis] = flat % shape[axis];
        flat /= shape[axis];
    }
    index
}

/// How the scores are scaled: by 1/√d (right), not at all, or by 1/d.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scale {
    RootD,
    None,
    D,
}

/// Where the mask goes: −∞ where it is false before the softmax (right), −∞ where it is
/// true, 0 where it is false, or weights zeroed after the softmax.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Masking {
    Before,
    Inverted,
    Zero,
    After,
}

/// Attention as computed: the right one by default, each field one known mistake.
#[derive(Debug, Clone, Copy)]
struct Rule {
    transpose_k: bool,
    scale: Scale,
    /// The axis of the `[lead…, seq_q, seq_k]` scores the softmax normalises; `None` = the keys.
    softmax_axis: Option<usize>,
    masking: Masking,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            transpose_k: true,
            scale: Scale::RootD,
            softmax_axis: None,
            masking: Masking::Before,
        }
    }
}

/// The grader's attention in f64 loops: (output, weights), row-major; `None` when the rule
/// cannot produce these shapes (k used untransposed needs seq_k = d).
fn attend(case: &AttentionCase, rule: Rule) -> Option<(Vec<f64>, Vec<f64>)> {
    let (sq, sk, d, dv) = (case.seq_q, case.seq_k, case.d, case.d_v);
    if !rule.transpose_k && sk != d {
        return None;
    }
    let factor = match rule.scale {
        Scale::RootD => 1.0 / (d as f64).sqrt(),
        Scale::None => 1.0,
        Scale::D => 1.0 / d as f64,
    };
    let mut scores = vec![0.0; case.batches() * sq * sk];
    for b in 0..case.batches() {
        for i in 0..sq {
            for j in 0..sk {
                let mut dot = 0.0;
                for t in 0..d {
                    // k[b, j, t] is the key row; untransposed, k is read as a d × seq_k matrix.
                    let key = if rule.transpose_k {
                        (b * sk + j) * d + t
                    } else {
                        (b * sk + t) * d + j
                    };
                    dot += f64::from(case.q[(b * sq + i) * d + t]) * f64::from(case.k[key]);
                }
                let allowed = case.allowed(b, i, j);
                scores[(b * sq + i) * sk + j] = match rule.masking {
                    Masking::Before if !allowed => f64::NEG_INFINITY,
                    Masking::Inverted if allowed && case.mask.is_some() => f64::NEG_INFINITY,
                    Masking::Zero if !allowed => 0.0,
                    _ => dot * factor,
                };
            }
        }
    }
    let shape = case.score_shape();
    let mut weights = softmax(
        &scores,
        &shape,
        rule.softmax_axis.unwrap_or(shape.len() - 1),
    );
    if rule.masking == Masking::After {
        for (flat, w) in weights.iter_mut().enumerate() {
            let (b, i, j) = (flat / (sq * sk), flat / sk % sq, flat % sk);
            if !case.allowed(b, i, j) {
                *w = 0.0;
            }
        }
    }
    let mut output = vec![0.0; case.batches() * sq * dv];
    for b in 0..case.batches() {
        for i in 0..sq {
            for e in 0..dv {
                output[(b * sq + i) * dv + e] = (0..sk)
                    .map(|j| {
                        weights[(b * sq + i) * sk + j] * f64::from(case.v[(b * sk + j) * dv + e])
                    })
                    .sum();
            }
        }
    }
    Some((output, weights))
}

/// Softmax of a row-major array of `shape` along `axis`; a slice that is all −∞ gives NaN.
fn softmax(values: &[f64], shape: &[usize], axis: usize) -> Vec<f64> {
    let stride: usize = shape[axis + 1..].iter().product();
    let size = shape[axis];
    let mut out = vec![f64::NAN; values.len()];
    for start in 0..values.len() {
        if !(start / stride).is_multiple_of(size) {
            continue; // not the first element of its slice along `axis`
        }
        let slice: Vec<usize> = (0..size).map(|n| start + n * stride).collect();
        let top = slice
            .iter()
            .map(|&p| values[p])
            .fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = slice.iter().map(|&p| (values[p] - top).exp()).sum();
        for &p in &slice {
            out[p] = (values[p] - top).exp() / total;
        }
    }
    out
}

type AttentionFn = dyn Fn(&Tensor, &Tensor, &Tensor, Option<&Tensor>) -> (Tensor, Tensor) + Send;

/// `fn attention(q, k, v, mask: Option<&Tensor>) -> (Tensor, Tensor)`: the output
/// `softmax(q·kᵀ/√d)·v` and the weights, with −∞ where the Bool mask is false.
pub fn scaled_dot_product_attention<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor, Option<&Tensor>) -> (Tensor, Tensor) + Send + 'static,
{
    scaled_dot_product_attention_boxed(grader, Box::new(learner))
}

fn scaled_dot_product_attention_boxed(grader: &Grader, learner: Box<AttentionFn>) -> Report {
    let mut rng = grader.rng(330);
    // First a square case (seq = d) with no mask: k used untransposed still multiplies, and
    // the scale, the softmax's axis and the transpose all disagree there. Then a causal
    // mask, heads with more keys than queries and a padding mask that broadcasts, and a
    // random mask over the full shape (every query keeps a key).
    let random = {
        let lead = [rng.gen_range(1..4)];
        let sizes = [
            rng.gen_range(2..7),
            rng.gen_range(2..7),
            rng.gen_range(2..6),
            rng.gen_range(1..5),
        ];
        let keep: Vec<bool> = (0..lead[0] * sizes[0] * sizes[1])
            .map(|_| rng.gen_bool(0.6))
            .collect();
        let first: Vec<usize> = (0..lead[0] * sizes[0])
            .map(|_| rng.gen_range(0..sizes[1]))
            .collect();
        AttentionCase::new(&mut rng, &lead, sizes).with_mask(&[lead[0], sizes[0], sizes[1]], |ix| {
            let row = ix[0] * sizes[0] + ix[1];
            keep[row * sizes[1] + ix[2]] || first[row] == ix[2]
        })
    };
    let cases = vec![
        AttentionCase::new(&mut rng, &[2], [4, 4, 4, 4]),
        AttentionCase::new(&mut rng, &[1], [5, 5, 3, 2]).with_mask(&[5, 5], |ix| ix[1] <= ix[0]),
        AttentionCase::new(&mut rng, &[2, 2], [3, 6, 4, 5])
            .with_mask(&[2, 1, 1, 6], |ix| ix[3] < [4, 2][ix[0]]),
        random,
    ];
    let describe = |c: &AttentionCase| {
        let lead: Vec<String> = c.lead.iter().map(usize::to_string).collect();
        let lead = lead.join(", ");
        let mask = match &c.mask {
            None => "no mask".to_string(),
            Some((shape, values)) => {
                let ones: Vec<f64> = values.iter().map(|&a| f64::from(u8::from(a))).collect();
                let dims: Vec<i64> = shape.iter().map(|&s| s as i64).collect();
                format!(
                    "a Bool mask of shape {} (1 = allowed) {}",
                    shape_text(&dims),
                    list(&ones)
                )
            }
        };
        format!(
            "q [{lead}, {}, {}], k [{lead}, {}, {}], v [{lead}, {}, {}] with {mask}",
            c.seq_q, c.d, c.seq_k, c.d, c.seq_k, c.d_v
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let q = f32_tensor(&c.q, &[&c.lead[..], &[c.seq_q, c.d]].concat());
        let k = f32_tensor(&c.k, &[&c.lead[..], &[c.seq_k, c.d]].concat());
        let v = f32_tensor(&c.v, &[&c.lead[..], &[c.seq_k, c.d_v]].concat());
        let mask = c.mask.as_ref().map(|(shape, values)| {
            let dims: Vec<i64> = shape.iter().map(|&s| s as i64).collect();
            Tensor::from_slice(values).reshape(dims)
        });
        let (output, weights) = learner(&q, &k, &v, mask.as_ref());
        (read(&output), read(&weights))
    });
    for (case, (output, weights)) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_attention(case, &describe(case), &output, &weights) {
            return Report::new(SCALED_DOT_PRODUCT_ATTENTION, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SCALED_DOT_PRODUCT_ATTENTION, verdict);
    }
    Report::new(
        SCALED_DOT_PRODUCT_ATTENTION,
        Verdict::Passed {
            summary: "4 calls, with and without masks, 3-D and 4-D: weights and outputs match \
                      softmax(q·kᵀ/√d)·v"
                .into(),
        },
    )
}

fn judge_attention(
    case: &AttentionCase,
    input: &str,
    output: &Output,
    weights: &Output,
) -> Option<Verdict> {
    let to_i64 = |shape: Vec<usize>| shape.into_iter().map(|s| s as i64).collect::<Vec<_>>();
    let score_shape = to_i64(case.score_shape());
    let output_shape = to_i64([&case.lead[..], &[case.seq_q, case.d_v]].concat());
    if output.shape != output_shape || weights.shape != score_shape {
        let message = format!(
            "for input {input} expected the output of shape {} and the weights of shape {}, \
             got {} and {}: one weight per (query, key) pair, one output row of v's width per \
             query",
            shape_text(&output_shape),
            shape_text(&score_shape),
            shape_text(&output.shape),
            shape_text(&weights.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let (expected_output, expected_weights) = attend(case, Rule::default())?;
    let weights_right = values_match(&expected_weights, &weights.values);
    if weights_right && values_match(&expected_output, &output.values) {
        return None;
    }
    if weights_right {
        let verdict = incorrect(
            &format!("{input}, the output"),
            &list(&expected_output),
            &list(&output.values),
            Some("the weights are right: the output is weights · v".into()),
        );
        return Some(verdict);
    }
    Some(incorrect(
        &format!("{input}, the weights"),
        &list(&expected_weights),
        &list(&weights.values),
        attention_mistake(case, &weights.values),
    ))
}

/// The known mistake whose weights the learner's are, most specific first.
fn attention_mistake(case: &AttentionCase, got: &[f64]) -> Option<String> {
    let is = |rule: Rule| attend(case, rule).is_some_and(|(_, w)| values_match(&w, got));
    let right = Rule::default();
    if is(Rule {
        transpose_k: false,
        ..right
    }) {
        return Some(known_mistake(
            "the scores multiply q by k itself: transpose k's last two axes, \
             q.matmul(&k.transpose(-2, -1)), so each score is a query · key dot product",
        ));
    }
    if is(Rule {
        scale: Scale::None,
        ..right
    }) {
        return Some(known_mistake(
            "the scores were not scaled: divide q·kᵀ by √d (d = q's last axis), or the \
             softmax saturates as d grows",
        ));
    }
    if is(Rule {
        scale: Scale::D,
        ..right
    }) {
        return Some(known_mistake("the scores were divided by d: divide by √d"));
    }
    let axes = case.score_shape().len();
    if let Some(axis) = (0..axes - 1).find(|&axis| {
        is(Rule {
            softmax_axis: Some(axis),
            ..right
        })
    }) {
        return Some(known_mistake(format!(
            "the softmax normalised axis {axis} (or {}), not the keys: softmax(-1), so each \
             query's weights sum to 1",
            axis as i64 - axes as i64
        )));
    }
    let masked = |masking: Masking| is(Rule { masking, ..right });
    if masked(Masking::Inverted) {
        Some(known_mistake(
            "the mask was used the other way round: it is true where looking is allowed, so \
             fill −∞ where it is false, masked_fill(&mask.logical_not(), f64::NEG_INFINITY)",
        ))
    } else if masked(Masking::Zero) {
        Some(known_mistake(
            "masked scores were set to 0, not −∞: exp(0) = 1, so a hidden key still gets \
             weight; fill with f64::NEG_INFINITY",
        ))
    } else if masked(Masking::After) || after_softmax_with_infinities(case, got) {
        Some(known_mistake(
            "the mask was applied after the softmax: the allowed weights then no longer sum \
             to 1; fill −∞ into the scores before the softmax",
        ))
    } else {
        None
    }
}

/// The learner's allowed weights are the unmasked softmax's, whatever sits at hidden keys
/// (−∞ filled into the weights, say).
fn after_softmax_with_infinities(case: &AttentionCase, got: &[f64]) -> bool {
    let (sq, sk) = (case.seq_q, case.seq_k);
    let unmasked = AttentionCase {
        mask: None,
        ..case.clone()
    };
    let Some((_, plain)) = attend(&unmasked, Rule::default()) else {
        return false;
    };
    case.mask.is_some()
        && (0..got.len()).all(|flat| {
            let (b, i, j) = (flat / (sq * sk), flat / sk % sq, flat % sk);
            !case.allowed(b, i, j) || values_match(&[plain[flat]], &[got[flat]])
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::compare::Tolerance;

    fn case(lead: &[usize], sizes: [usize; 4]) -> AttentionCase {
        AttentionCase::new(&mut Grader::new().rng(1), lead, sizes)
    }

    fn libtorch(case: &AttentionCase) -> Vec<f64> {
        let q = f32_tensor(&case.q, &[&case.lead[..], &[case.seq_q, case.d]].concat());
        let k = f32_tensor(&case.k, &[&case.lead[..], &[case.seq_k, case.d]].concat());
        let v = f32_tensor(&case.v, &[&case.lead[..], &[case.seq_k, case.d_v]].concat());
        let mask = case.mask.as_ref().map(|(shape, values)| {
            let dims: Vec<i64> = shape.iter().map(|&s| s as i64).collect();
            Tensor::from_slice(values).reshape(dims)
        });
        let out = Tensor::scaled_dot_product_attention(&q, &k, &v, mask, 0.0, false, None, false);
        read(&out).values
    }

    #[test]
    fn the_reference_is_libtorchs_scaled_dot_product_attention() {
        let plain = case(&[2, 3], [4, 6, 5, 3]);
        let padded =
            case(&[2, 2], [3, 6, 4, 5]).with_mask(&[2, 1, 1, 6], |ix| ix[3] < [4, 2][ix[0]]);
        let causal = case(&[1], [5, 5, 3, 2]).with_mask(&[5, 5], |ix| ix[1] <= ix[0]);
        for c in [plain, padded, causal] {
            let (output, _) = attend(&c, Rule::default()).unwrap();
            assert!(Tolerance::SINGLE.all_close(&output, &libtorch(&c)), "{c:?}");
        }
    }

    #[test]
    fn masked_weights_are_zero_and_rows_sum_to_one() {
        let c = case(&[1], [3, 3, 2, 2]).with_mask(&[3, 3], |ix| ix[1] <= ix[0]);
        let (_, w) = attend(&c, Rule::default()).unwrap();
        assert_eq!((w[1], w[2], w[5]), (0.0, 0.0, 0.0));
        assert!((w[3] + w[4] - 1.0).abs() < 1e-12);
    }
}
