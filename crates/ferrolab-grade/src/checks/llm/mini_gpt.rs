//! Lesson 4, a mini-GPT (notebooks/05-llm/04-mini-gpt.ipynb): the shifted input and target
//! batches of a character model, top-k filtering and temperature before sampling.
//!
//! Inputs are seeded plain arrays turned into tensors on the grading thread; the learner's
//! tensors are read back there as kind, shape and values, so a tch error (a narrow past the
//! end, shapes that do not broadcast) is a caught panic. The references are plain loops.

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

/// A row-major array cut into its last-axis rows.
fn rows(values: &[f64], width: usize) -> impl Iterator<Item = &[f64]> {
    values.chunks(width)
}

// ---------------------------------------------------------------------------------

/// `llm/shift-targets`.
pub const SHIFT_TARGETS: &str = "llm/shift-targets";

/// One call: the id sequence, the starts and the context length.
#[derive(Debug, Clone)]
struct ShiftCase {
    ids: Vec<i64>,
    starts: Vec<i64>,
    context: i64,
}

/// `fn next_char_batch(ids: &Tensor, starts: &[i64], context: i64) -> (Tensor, Tensor)`:
/// x = ids[s..s + context], y = ids[s + 1..s + context + 1], `[batch, context]` Int64.
pub fn shift_targets<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &[i64], i64) -> (Tensor, Tensor) + Send + 'static,
{
    shift_targets_boxed(grader, Box::new(learner))
}

type ShiftFn = Box<dyn Fn(&Tensor, &[i64], i64) -> (Tensor, Tensor) + Send>;

fn shift_targets_boxed(grader: &Grader, learner: ShiftFn) -> Report {
    let mut rng = grader.rng(340);
    // Ids that differ from their neighbours, so every shift shows.
    let counting: Vec<i64> = (0..20).map(|i| 100 + i).collect();
    let random: Vec<i64> = (0..60).map(|_| rng.gen_range(0..65)).collect();
    let last = random.len() as i64 - 9;
    let cases = vec![
        // The first stretch and the last one that fits, out of order.
        ShiftCase {
            ids: counting.clone(),
            starts: vec![0, 15, 7],
            context: 4,
        },
        // One start, one character of context.
        ShiftCase {
            ids: counting,
            starts: vec![3],
            context: 1,
        },
        ShiftCase {
            ids: random.clone(),
            starts: vec![last, 0, rng.gen_range(0..last), rng.gen_range(0..last)],
            context: 8,
        },
        // The same start twice.
        ShiftCase {
            ids: random,
            starts: vec![5, 5],
            context: rng.gen_range(2..20),
        },
    ];
    let describe = |c: &ShiftCase| {
        format!(
            "ids = {:?} (length {}), starts = {:?}, context = {}",
            &c.ids[..c.ids.len().min(12)],
            c.ids.len(),
            c.starts,
            c.context
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let (x, y) = learner(&Tensor::from_slice(&c.ids), &c.starts, c.context);
        (read(&x), read(&y))
    });
    for (case, (x, y)) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_shift(case, &describe(case), &x, &y) {
            return Report::new(SHIFT_TARGETS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SHIFT_TARGETS, verdict);
    }
    Report::new(
        SHIFT_TARGETS,
        Verdict::Passed {
            summary: "4 batches: x = ids[s..s + context], y one character later, Int64".into(),
        },
    )
}

/// The stretches `ids[s + offset..s + offset + length]`, one per start, row-major.
fn stretches(case: &ShiftCase, offset: i64, length: i64) -> Vec<f64> {
    let mut out = Vec::new();
    for &s in &case.starts {
        for t in 0..length {
            out.push(case.ids[(s + offset + t) as usize] as f64);
        }
    }
    out
}

fn judge_shift(case: &ShiftCase, input: &str, x: &Output, y: &Output) -> Option<Verdict> {
    let (batch, context) = (case.starts.len() as i64, case.context);
    let shape = vec![batch, context];
    for (name, got) in [("x", x), ("y", y)] {
        if got.shape != shape {
            let mistake = if got.shape == [batch, context + 1] || got.shape == [batch, context - 1]
            {
                known_mistake(
                    "each row holds exactly context ids: x = ids[s..s + context] and y = \
                     ids[s + 1..s + context + 1], the same length, one character apart",
                )
            } else if got.shape == [context, batch] {
                known_mistake("stack the rows along a new first axis: one row per start")
            } else {
                "one row per start, context ids in each".to_string()
            };
            let message = format!(
                "for input {input} expected {name} of shape {}, got {}: {mistake}",
                shape_text(&shape),
                shape_text(&got.shape)
            );
            return Some(Verdict::Incorrect { message });
        }
    }
    let (want_x, want_y) = (stretches(case, 0, context), stretches(case, 1, context));
    if x.values != want_x {
        let mistake = (x.values == want_y && y.values == want_x).then(|| {
            known_mistake(
                "x and y are swapped: x is the input, ids[s..s + context], and y the \
                 characters that follow, ids[s + 1..s + context + 1]",
            )
        });
        return Some(incorrect(
            &format!("{input}, x"),
            &list(&want_x),
            &list(&x.values),
            mistake,
        ));
    }
    if y.values != want_y {
        let mistake = (y.values == want_x).then(|| {
            known_mistake(
                "y is x itself: the target of position t is the next character, at t + 1, \
                 so y is x shifted by one, ids[s + 1..s + context + 1]",
            )
        });
        return Some(incorrect(
            &format!("{input}, y"),
            &list(&want_y),
            &list(&y.values),
            mistake,
        ));
    }
    for (name, got) in [("x", x), ("y", y)] {
        if got.kind != Kind::Int64 {
            let message = format!(
                "for input {input} the values of {name} are right but its kind is {:?}: {}",
                got.kind,
                known_mistake(
                    "ids stay Kind::Int64, what embeddings and cross_entropy_for_logits take",
                )
            );
            return Some(Verdict::Incorrect { message });
        }
    }
    None
}

// ---------------------------------------------------------------------------------

/// `llm/top-k-filter`.
pub const TOP_K_FILTER: &str = "llm/top-k-filter";

/// One call: logits of shape `dims` (the vocabulary last) and k.
#[derive(Debug, Clone)]
struct LogitCase {
    dims: Vec<usize>,
    logits: Vec<f32>,
    k: i64,
}

impl LogitCase {
    fn random(rng: &mut impl Rng, dims: &[usize], k: i64) -> LogitCase {
        let count = dims.iter().product();
        LogitCase {
            dims: dims.to_vec(),
            logits: (0..count).map(|_| rng.gen_range(-4.0f32..4.0)).collect(),
            k,
        }
    }

    fn width(&self) -> usize {
        self.dims[self.dims.len() - 1]
    }

    fn describe(&self) -> String {
        let shown: Vec<f64> = self.logits.iter().take(10).map(|&v| f64::from(v)).collect();
        format!(
            "logits of shape {} starting {}, k = {}",
            shape_text(&dims_i64(&self.dims)),
            list(&shown),
            self.k
        )
    }
}

/// `fn top_k_filter(logits: &Tensor, k: i64) -> Tensor`: the k largest of each last-axis
/// row kept (ties at the k-th value too), the rest −∞.
pub fn top_k_filter<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, i64) -> Tensor + Send + 'static,
{
    top_k_filter_boxed(grader, Box::new(learner))
}

type TopKFn = Box<dyn Fn(&Tensor, i64) -> Tensor + Send>;

fn top_k_filter_boxed(grader: &Grader, learner: TopKFn) -> Report {
    let mut rng = grader.rng(341);
    let k_random = rng.gen_range(2..11);
    let tied = LogitCase {
        dims: vec![6],
        logits: vec![0.5, 2.0, -1.0, 1.0, 1.0, 3.0],
        k: 3,
    };
    let cases = vec![
        LogitCase {
            dims: vec![6],
            logits: vec![0.5, 2.0, -1.0, 1.5, 0.0, 3.0],
            k: 2,
        },
        // Two tied at the k-th value: both stay.
        tied,
        // Greedy, and nothing filtered.
        LogitCase::random(&mut rng, &[3, 7], 1),
        LogitCase::random(&mut rng, &[2, 5], 5),
        LogitCase::random(&mut rng, &[2, 3, 9], 4),
        LogitCase::random(&mut rng, &[4, 12], k_random),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        LogitCase::describe,
        move |c| read(&learner(&f32_tensor(&c.logits, &c.dims), c.k)),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_top_k(case, &got) {
            return Report::new(TOP_K_FILTER, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(TOP_K_FILTER, verdict);
    }
    Report::new(
        TOP_K_FILTER,
        Verdict::Passed {
            summary: "6 cases: the k largest of each row kept, ties too, the rest −∞".into(),
        },
    )
}

/// Which logits to keep: those with fewer than `k` larger ones in their row (right), or a
/// variant of that.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Keep {
    Largest(usize),
    Smallest(usize),
    /// Exactly k per row, a tie at the k-th place broken by position (first wins).
    ExactlyLargest(usize),
}

/// The filtered logits in f64, row-major; the dropped ones set to `dropped`.
fn filtered(case: &LogitCase, keep: Keep, dropped: f64) -> Vec<f64> {
    let values: Vec<f64> = case.logits.iter().map(|&v| f64::from(v)).collect();
    let mut out = Vec::with_capacity(values.len());
    for row in rows(&values, case.width()) {
        for (j, &v) in row.iter().enumerate() {
            let larger = row.iter().filter(|&&o| o > v).count();
            let smaller = row.iter().filter(|&&o| o < v).count();
            let ahead = row
                .iter()
                .enumerate()
                .filter(|&(i, &o)| o > v || (o == v && i < j))
                .count();
            let kept = match keep {
                Keep::Largest(k) => larger < k,
                Keep::Smallest(k) => smaller < k,
                Keep::ExactlyLargest(k) => ahead < k,
            };
            out.push(if kept { v } else { dropped });
        }
    }
    out
}

fn judge_top_k(case: &LogitCase, got: &Output) -> Option<Verdict> {
    let input = case.describe();
    let shape = dims_i64(&case.dims);
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: the filter keeps the logits' shape",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let k = case.k as usize;
    let (inf, expected) = (
        f64::NEG_INFINITY,
        filtered(case, Keep::Largest(k), f64::NEG_INFINITY),
    );
    if !values_match(&expected, &got.values) {
        let is =
            |keep: Keep, dropped: f64| values_match(&filtered(case, keep, dropped), &got.values);
        let mistake = if is(Keep::Smallest(k), inf) {
            Some("the k smallest logits were kept: keep the k largest, the likeliest tokens")
        } else if is(Keep::Largest(k), 0.0) {
            Some(
                "the dropped logits were set to 0, not −∞: a logit of 0 still gets its share \
                 of the softmax, −∞ gets exactly none",
            )
        } else if is(Keep::Largest(k + 1), inf) {
            Some("one logit too many was kept: the k-th largest is at index k - 1 of topk")
        } else if k > 1 && is(Keep::Largest(k - 1), inf) {
            Some("one logit too few was kept: the k-th largest itself stays")
        } else if is(Keep::ExactlyLargest(k), inf) {
            Some(
                "a logit tied with the k-th largest was dropped: keep every logit not below \
                 the k-th largest value, not exactly the k indices topk returned",
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
        known_mistake("the filtered logits keep the logits' kind, Kind::Float here"),
    ) {
        return Some(verdict);
    }
    None
}

// ---------------------------------------------------------------------------------

/// `llm/temperature-probs`.
pub const TEMPERATURE_PROBS: &str = "llm/temperature-probs";

/// `fn temperature_probs(logits: &Tensor, temperature: f64) -> Tensor`: softmax(logits / T)
/// over the last axis, Float.
pub fn temperature_probs<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, f64) -> Tensor + Send + 'static,
{
    temperature_probs_boxed(grader, Box::new(learner))
}

type TemperatureFn = Box<dyn Fn(&Tensor, f64) -> Tensor + Send>;

fn temperature_probs_boxed(grader: &Grader, learner: TemperatureFn) -> Report {
    let mut rng = grader.rng(342);
    // k carries the temperature in tenths, so the case type is shared with top-k.
    let mut case = |dims: &[usize], tenths: i64| LogitCase::random(&mut rng, dims, tenths);
    let cases = vec![
        case(&[6], 5),
        case(&[3, 7], 20),
        case(&[2, 3, 5], 10),
        case(&[4, 9], 1),
        case(&[2, 2, 2, 4], 1000),
        case(&[5], 7),
    ];
    let describe = |c: &LogitCase| {
        let shown: Vec<f64> = c.logits.iter().take(10).map(|&v| f64::from(v)).collect();
        format!(
            "logits of shape {} starting {}, temperature = {}",
            shape_text(&dims_i64(&c.dims)),
            list(&shown),
            c.k as f64 / 10.0
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        read(&learner(&f32_tensor(&c.logits, &c.dims), c.k as f64 / 10.0))
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_temperature(case, &describe(case), &got) {
            return Report::new(TEMPERATURE_PROBS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(TEMPERATURE_PROBS, verdict);
    }
    Report::new(
        TEMPERATURE_PROBS,
        Verdict::Passed {
            summary: "6 cases, T from 0.1 to 100: softmax(logits / T) over the last axis".into(),
        },
    )
}

/// softmax(scale · logits) along `axis` of `dims`, in f64, row-major; no softmax at all when
/// `axis` is `None`.
fn scaled_softmax(case: &LogitCase, scale: f64, axis: Option<usize>) -> Vec<f64> {
    let scaled: Vec<f64> = case.logits.iter().map(|&v| f64::from(v) * scale).collect();
    let Some(axis) = axis else {
        return scaled;
    };
    // Walk each line along `axis`: its length and the step between its elements.
    let length = case.dims[axis];
    let stride: usize = case.dims[axis + 1..].iter().product();
    let mut out = vec![0.0; scaled.len()];
    for start in 0..scaled.len() {
        if !(start / stride).is_multiple_of(length) {
            continue;
        }
        let line: Vec<usize> = (0..length).map(|i| start + i * stride).collect();
        let top = line
            .iter()
            .map(|&p| scaled[p])
            .fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = line.iter().map(|&p| (scaled[p] - top).exp()).sum();
        for &p in &line {
            out[p] = (scaled[p] - top).exp() / total;
        }
    }
    out
}

fn judge_temperature(case: &LogitCase, input: &str, got: &Output) -> Option<Verdict> {
    let shape = dims_i64(&case.dims);
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: one probability per logit",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let t = case.k as f64 / 10.0;
    let last = case.dims.len() - 1;
    let expected = scaled_softmax(case, 1.0 / t, Some(last));
    if !values_match(&expected, &got.values) {
        let is = |scale: f64, axis: Option<usize>| {
            values_match(&scaled_softmax(case, scale, axis), &got.values)
        };
        let mistake = if is(t, Some(last)) {
            Some("the logits were multiplied by the temperature: divide them, softmax(logits / T)")
        } else if (0..last).any(|axis| is(1.0 / t, Some(axis))) {
            Some(
                "the softmax ran over another axis: the probabilities are over the vocabulary, \
                 the last axis, softmax(-1)",
            )
        } else if is(1.0 / t, None) {
            Some("these are the scaled logits, not probabilities: the softmax is missing")
        } else if is(1.0, Some(last)) {
            Some("the temperature was not used: divide the logits by T before the softmax")
        } else {
            None
        };
        return Some(incorrect(
            input,
            &list(&expected),
            &list(&got.values),
            mistake.map(known_mistake),
        ));
    }
    if let Some(verdict) = wrong_kind(
        input,
        got.kind,
        Kind::Float,
        known_mistake("the probabilities are Kind::Float: softmax(-1, Kind::Float)"),
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
    fn top_k_keeps_ties_and_the_softmax_sums_to_one() {
        let case = LogitCase {
            dims: vec![2, 3],
            logits: vec![1.0, 2.0, 2.0, 0.0, -1.0, 5.0],
            k: 1,
        };
        let inf = f64::NEG_INFINITY;
        assert_eq!(
            filtered(&case, Keep::Largest(1), inf),
            vec![inf, 2.0, 2.0, inf, inf, 5.0]
        );
        assert_eq!(
            filtered(&case, Keep::ExactlyLargest(1), inf),
            vec![inf, 2.0, inf, inf, inf, 5.0]
        );
        let p = scaled_softmax(&case, 1.0, Some(1));
        assert!((p[..3].iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let q = scaled_softmax(&case, 1.0, Some(0));
        assert!((q[0] + q[3] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn stretches_are_one_character_apart() {
        let case = ShiftCase {
            ids: vec![10, 11, 12, 13, 14],
            starts: vec![2, 0],
            context: 2,
        };
        assert_eq!(stretches(&case, 0, 2), vec![12.0, 13.0, 10.0, 11.0]);
        assert_eq!(stretches(&case, 1, 2), vec![13.0, 14.0, 11.0, 12.0]);
    }
}
