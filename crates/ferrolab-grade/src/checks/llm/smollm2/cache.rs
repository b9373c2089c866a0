//! Lesson 7's attention with a cache: grouped-query attention whose queries are the last
//! positions of the keys, and one step of the key/value cache that feeds it.

use super::{head, uniform, LIMIT};
use crate::checks::tensors::{f32_tensor, read, shape_text, values_match, wrong_kind, Output};
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use tch::{Kind, Tensor};

/// `llm/grouped-query-attention`.
pub const GROUPED_QUERY_ATTENTION: &str = "llm/grouped-query-attention";

/// One call: q `[heads, seq_q, d]`, k and v `[kv_heads, seq_k, d]`.
#[derive(Debug, Clone)]
struct GqaCase {
    heads: usize,
    kv_heads: usize,
    seq_q: usize,
    seq_k: usize,
    d: usize,
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
}

impl GqaCase {
    fn random(
        rng: &mut impl Rng,
        heads: usize,
        kv_heads: usize,
        seq: (usize, usize),
        d: usize,
    ) -> GqaCase {
        let (seq_q, seq_k) = seq;
        GqaCase {
            heads,
            kv_heads,
            seq_q,
            seq_k,
            d,
            q: uniform(rng, heads * seq_q * d, -1.5, 1.5),
            k: uniform(rng, kv_heads * seq_k * d, -1.5, 1.5),
            v: uniform(rng, kv_heads * seq_k * d, -2.0, 2.0),
        }
    }

    fn describe(&self) -> String {
        format!(
            "q of shape [{}, {}, {}] starting {}, k and v of shape [{}, {}, {}], k starting {}",
            self.heads,
            self.seq_q,
            self.d,
            head(&self.q),
            self.kv_heads,
            self.seq_k,
            self.d,
            head(&self.k)
        )
    }
}

/// Grouped-query attention and the mistakes it is recognised by.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Gqa {
    Right,
    /// Query head h reads key/value head h % kv_heads (`repeat`, not `repeat_interleave`).
    Cycled,
    /// Query i at position i: the mask not shifted to the end of the keys.
    MaskFromStart,
    /// Every key visible.
    NoMask,
    /// Scores not divided by sqrt(d).
    Unscaled,
    /// Scores divided by d.
    OverD,
}

/// The attention output `[heads, seq_q, d]` in f64, row-major.
fn attended(case: &GqaCase, gqa: Gqa) -> Vec<f64> {
    let (seq_q, seq_k, d) = (case.seq_q, case.seq_k, case.d);
    let group = case.heads / case.kv_heads;
    let scale = match gqa {
        Gqa::Unscaled => 1.0,
        Gqa::OverD => 1.0 / d as f64,
        _ => 1.0 / (d as f64).sqrt(),
    };
    let mut out = Vec::with_capacity(case.heads * seq_q * d);
    for h in 0..case.heads {
        let kv = if gqa == Gqa::Cycled {
            h % case.kv_heads
        } else {
            h / group
        };
        for i in 0..seq_q {
            let position = if gqa == Gqa::MaskFromStart {
                i
            } else {
                seq_k - seq_q + i
            };
            let visible = if gqa == Gqa::NoMask {
                seq_k
            } else {
                position + 1
            };
            let query = &case.q[(h * seq_q + i) * d..][..d];
            let scores: Vec<f64> = (0..visible)
                .map(|j| {
                    let key = &case.k[(kv * seq_k + j) * d..][..d];
                    let dot: f64 = query
                        .iter()
                        .zip(key)
                        .map(|(&a, &b)| f64::from(a) * f64::from(b))
                        .sum();
                    dot * scale
                })
                .collect();
            let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
            let total: f64 = weights.iter().sum();
            for c in 0..d {
                let mixed: f64 = weights
                    .iter()
                    .enumerate()
                    .map(|(j, w)| w * f64::from(case.v[(kv * seq_k + j) * d + c]))
                    .sum();
                out.push(mixed / total);
            }
        }
    }
    out
}

/// `fn grouped_query_attention(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor`: query head
/// h reads key/value head h / (heads / kv_heads); causal, the queries the last positions.
pub fn grouped_query_attention<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor) -> Tensor + Send + 'static,
{
    grouped_query_attention_boxed(grader, Box::new(learner))
}

type GqaFn = Box<dyn Fn(&Tensor, &Tensor, &Tensor) -> Tensor + Send>;

fn grouped_query_attention_boxed(grader: &Grader, learner: GqaFn) -> Report {
    let mut rng = grader.rng(372);
    let seq_k = rng.gen_range(5..10);
    let cases = vec![
        // Two queries after three cached keys, two heads per key/value head.
        GqaCase::random(&mut rng, 4, 2, (2, 5), 4),
        // A whole prompt at once, groups of three.
        GqaCase::random(&mut rng, 6, 2, (4, 4), 8),
        // Plain multi-head attention, one new token.
        GqaCase::random(&mut rng, 3, 3, (1, 6), 4),
        // Multi-query attention: one key/value head for all.
        GqaCase::random(&mut rng, 4, 1, (3, 3), 6),
        // SmolLM2's grouping, one new token.
        GqaCase::random(&mut rng, 9, 3, (1, seq_k), 8),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        GqaCase::describe,
        move |c| {
            let q = f32_tensor(&c.q, &[c.heads, c.seq_q, c.d]);
            let k = f32_tensor(&c.k, &[c.kv_heads, c.seq_k, c.d]);
            let v = f32_tensor(&c.v, &[c.kv_heads, c.seq_k, c.d]);
            read(&learner(&q, &k, &v))
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_gqa(case, &got) {
            return Report::new(GROUPED_QUERY_ATTENTION, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(GROUPED_QUERY_ATTENTION, verdict);
    }
    Report::new(
        GROUPED_QUERY_ATTENTION,
        Verdict::Passed {
            summary: "5 cases: groups of query heads share a key/value head, causal to the end"
                .into(),
        },
    )
}

fn judge_gqa(case: &GqaCase, got: &Output) -> Option<Verdict> {
    let input = case.describe();
    let shape = vec![case.heads as i64, case.seq_q as i64, case.d as i64];
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: one output row per query head and \
             query position",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected = attended(case, Gqa::Right);
    if !values_match(&expected, &got.values) {
        let is = |gqa: Gqa| values_match(&attended(case, gqa), &got.values);
        let mistake = if is(Gqa::Cycled) {
            Some(
                "query head h read key/value head h % kv_heads: consecutive query heads share \
                 one, h / group, so repeat each key/value head in place (repeat_interleave)",
            )
        } else if is(Gqa::MaskFromStart) {
            Some(
                "the mask treated query i as position i: with a cache the queries are the last \
                 seq_q positions, so query i sees keys 0..=seq_k - seq_q + i (triu(seq_k - \
                 seq_q + 1))",
            )
        } else if is(Gqa::NoMask) {
            Some("every query saw every key: mask the keys after each query's own position")
        } else if is(Gqa::Unscaled) {
            Some("the scores were not scaled: divide q·kᵀ by sqrt(d) before the softmax")
        } else if is(Gqa::OverD) {
            Some("the scores were divided by d: the scale is sqrt(d)")
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
        known_mistake("the attention output stays Kind::Float, like q, k and v"),
    ) {
        return Some(verdict);
    }
    None
}

// ---------------------------------------------------------------------------------

/// `llm/kv-cache-step`.
pub const KV_CACHE_STEP: &str = "llm/kv-cache-step";

/// One call: a cache of `past` tokens, `new` tokens to add, the context window.
#[derive(Debug, Clone)]
struct CacheCase {
    kv_heads: usize,
    past: usize,
    new: usize,
    d: usize,
    context: i64,
    /// past_k, past_v, k, v.
    parts: [Vec<f32>; 4],
}

impl CacheCase {
    fn random(
        rng: &mut impl Rng,
        kv_heads: usize,
        (past, new): (usize, usize),
        d: usize,
        context: i64,
    ) -> CacheCase {
        let mut part = |seq: usize| uniform(rng, kv_heads * seq * d, -3.0, 3.0);
        CacheCase {
            kv_heads,
            past,
            new,
            d,
            context,
            parts: [part(past), part(past), part(new), part(new)],
        }
    }

    fn describe(&self) -> String {
        format!(
            "past_k and past_v of shape [{}, {}, {}], k and v of shape [{}, {}, {}] (k starting \
             {}), context = {}",
            self.kv_heads,
            self.past,
            self.d,
            self.kv_heads,
            self.new,
            self.d,
            head(&self.parts[2]),
            self.context
        )
    }

    /// `first` then `second` along the sequence axis, row-major.
    fn joined(
        &self,
        first: &[f32],
        first_len: usize,
        second: &[f32],
        second_len: usize,
    ) -> Vec<f64> {
        let mut out = Vec::new();
        for h in 0..self.kv_heads {
            for (part, len) in [(first, first_len), (second, second_len)] {
                out.extend(
                    part[h * len * self.d..][..len * self.d]
                        .iter()
                        .map(|&v| f64::from(v)),
                );
            }
        }
        out
    }
}

type CacheOut = Result<(Output, Output), String>;

/// `fn kv_cache_step(past_k, past_v, k, v, context) -> Result<(Tensor, Tensor), String>`:
/// the past and the new tokens joined on axis 1; `Err` beyond the context window.
pub fn kv_cache_step<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor, &Tensor, i64) -> Result<(Tensor, Tensor), String>
        + Send
        + 'static,
{
    kv_cache_step_boxed(grader, Box::new(learner))
}

type CacheFn =
    Box<dyn Fn(&Tensor, &Tensor, &Tensor, &Tensor, i64) -> Result<(Tensor, Tensor), String> + Send>;

fn kv_cache_step_boxed(grader: &Grader, learner: CacheFn) -> Report {
    let mut rng = grader.rng(373);
    let d = rng.gen_range(2..6);
    let cases = vec![
        // As many new tokens as cached ones: joined along the wrong axis, the shapes fit.
        CacheCase::random(&mut rng, 3, (2, 2), 4, 6),
        // One new token after four.
        CacheCase::random(&mut rng, 3, (4, 1), 4, 8),
        // The prompt into an empty cache.
        CacheCase::random(&mut rng, 2, (0, 5), 3, 6),
        // Exactly full: still fits.
        CacheCase::random(&mut rng, 3, (6, 2), 4, 8),
        CacheCase::random(&mut rng, 2, (2, 3), d, 5),
        // One token too many, and three.
        CacheCase::random(&mut rng, 3, (7, 2), 4, 8),
        CacheCase::random(&mut rng, 1, (3, 3), 2, 5),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        CacheCase::describe,
        move |c| {
            let dims = |seq: usize| [c.kv_heads, seq, c.d];
            let [past_k, past_v, k, v] = &c.parts;
            let result = learner(
                &f32_tensor(past_k, &dims(c.past)),
                &f32_tensor(past_v, &dims(c.past)),
                &f32_tensor(k, &dims(c.new)),
                &f32_tensor(v, &dims(c.new)),
                c.context,
            );
            result.map(|(k, v)| (read(&k), read(&v)))
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_cache(case, &got) {
            return Report::new(KV_CACHE_STEP, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(KV_CACHE_STEP, verdict);
    }
    Report::new(
        KV_CACHE_STEP,
        Verdict::Passed {
            summary: "7 steps: the past then the new tokens on axis 1, Err past the context window"
                .into(),
        },
    )
}

fn judge_cache(case: &CacheCase, got: &CacheOut) -> Option<Verdict> {
    let input = case.describe();
    let total = case.past + case.new;
    let fits = total as i64 <= case.context;
    let (keys, values) = match (got, fits) {
        (Ok(pair), true) => pair,
        (Err(e), true) => {
            let mistake = (total as i64 == case.context).then(|| {
                known_mistake(
                    "a cache exactly as long as the context window still fits: only past + \
                     new > context is an error",
                )
            });
            let message = format!(
                "for input {input} expected the cache of {total} tokens, got Err({e:?}){}",
                mistake.map(|m| format!(": {m}")).unwrap_or_default()
            );
            return Some(Verdict::Incorrect { message });
        }
        (Ok(_), false) => {
            let message = format!(
                "for input {input} expected an Err, got a cache: {}",
                known_mistake(
                    "past + new tokens beyond the context window must be an Err: the model was \
                     never trained on positions that far, and nothing would stop the cache",
                )
            );
            return Some(Verdict::Incorrect { message });
        }
        (Err(_), false) => return None,
    };
    let shape = vec![case.kv_heads as i64, total as i64, case.d as i64];
    for (name, out) in [("keys", keys), ("values", values)] {
        if out.shape != shape {
            let mistake = if out.shape == [case.kv_heads as i64, case.new as i64, case.d as i64] {
                Some(known_mistake(
                    "only the new tokens came back: the cache keeps the past and appends the new",
                ))
            } else if out.shape.len() == 3 && out.shape[1] != total as i64 {
                Some(known_mistake(
                    "the tensors were joined along another axis: the tokens are axis 1 of \
                     [kv_heads, seq, d], Tensor::cat(&[past, new], 1)",
                ))
            } else {
                None
            };
            let message = format!(
                "for input {input} expected {name} of shape {}, got {}{}",
                shape_text(&shape),
                shape_text(&out.shape),
                mistake.map(|m| format!(": {m}")).unwrap_or_default()
            );
            return Some(Verdict::Incorrect { message });
        }
    }
    let [past_k, past_v, k, v] = &case.parts;
    for (name, out, past, new) in [("keys", keys, past_k, k), ("values", values, past_v, v)] {
        let expected = case.joined(past, case.past, new, case.new);
        if !values_match(&expected, &out.values) {
            let backwards = case.joined(new, case.new, past, case.past);
            let mistake = values_match(&backwards, &out.values).then(|| {
                known_mistake(
                    "the new tokens came before the past: position order matters to the \
                     causal mask, so append, Tensor::cat(&[past, new], 1)",
                )
            });
            return Some(incorrect(
                &format!("{input}, {name}"),
                &list(&expected),
                &list(&out.values),
                mistake,
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_heads_share_and_the_mask_is_shifted() {
        let mut case = GqaCase {
            heads: 2,
            kv_heads: 1,
            seq_q: 1,
            seq_k: 2,
            d: 1,
            q: vec![0.0, 0.0],
            k: vec![1.0, 2.0],
            v: vec![10.0, 20.0],
        };
        // Zero queries weigh every visible key alike: the last position sees both keys.
        assert_eq!(attended(&case, Gqa::Right), vec![15.0, 15.0]);
        assert_eq!(attended(&case, Gqa::MaskFromStart), vec![10.0, 10.0]);
        case.q = vec![1.0, 1.0];
        let e = 1f64.exp();
        let want = (10.0 + 20.0 * e) / (1.0 + e);
        assert!((attended(&case, Gqa::Right)[0] - want).abs() < 1e-12);
    }

    #[test]
    fn joined_keeps_heads_apart() {
        let case = CacheCase {
            kv_heads: 2,
            past: 1,
            new: 1,
            d: 1,
            context: 4,
            parts: [vec![1.0, 2.0], vec![0.0; 2], vec![3.0, 4.0], vec![0.0; 2]],
        };
        assert_eq!(
            case.joined(&[1.0, 2.0], 1, &[3.0, 4.0], 1),
            vec![1.0, 3.0, 2.0, 4.0]
        );
    }
}
