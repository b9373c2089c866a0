//! Wrong answers to stage 5 (LLM) lesson 7, a real small LLM
//! (notebooks/05-llm/07-smollm2.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/rms-norm",
            what: "subtracts the mean (LayerNorm)",
            grade: |g| checks::llm::rms_norm(g, norm_centred),
            says: "that is LayerNorm",
        },
        Wrong {
            id: "llm/rms-norm",
            what: "adds ε after the square root",
            grade: |g| checks::llm::rms_norm(g, norm_eps_outside),
            says: "was added after the square root",
        },
        Wrong {
            id: "llm/rms-norm",
            what: "forgets the weight",
            grade: |g| checks::llm::rms_norm(g, norm_unweighted),
            says: "the learned weight is missing",
        },
        Wrong {
            id: "llm/rms-norm",
            what: "sums the squares",
            grade: |g| checks::llm::rms_norm(g, norm_summed),
            says: "the squares were summed, not averaged",
        },
        Wrong {
            id: "llm/rms-norm",
            what: "divides by the mean square without its root",
            grade: |g| checks::llm::rms_norm(g, norm_no_root),
            says: "divided by the mean square itself",
        },
        Wrong {
            id: "llm/rms-norm",
            what: "normalises over the first axis",
            grade: |g| checks::llm::rms_norm(g, norm_first_axis),
            says: "the norm ran over the first axis",
        },
        Wrong {
            id: "llm/rms-norm",
            what: "returns Double",
            grade: |g| checks::llm::rms_norm(g, norm_double),
            says: "the normalised rows stay Kind::Float",
        },
        Wrong {
            id: "llm/rope-rotate",
            what: "pairs column i with i + d/2",
            grade: |g| checks::llm::rope_rotate(g, rope_rotate_half),
            says: "in GGUF's layout the pairs are neighbours",
        },
        Wrong {
            id: "llm/rope-rotate",
            what: "ignores the start position",
            grade: |g| checks::llm::rope_rotate(g, rope_from_zero),
            says: "the positions started at 0",
        },
        Wrong {
            id: "llm/rope-rotate",
            what: "turns the pairs the other way",
            grade: |g| checks::llm::rope_rotate(g, rope_backwards),
            says: "the pairs turned the wrong way",
        },
        Wrong {
            id: "llm/rope-rotate",
            what: "uses θ^(-i/d)",
            grade: |g| checks::llm::rope_rotate(g, rope_pair_index),
            says: "the exponent is -2i/d",
        },
        Wrong {
            id: "llm/rope-rotate",
            what: "hard-codes θ = 10,000",
            grade: |g| checks::llm::rope_rotate(g, rope_default_theta),
            says: "whatever `theta` said",
        },
        Wrong {
            id: "llm/rope-rotate",
            what: "returns Double",
            grade: |g| checks::llm::rope_rotate(g, rope_double),
            says: "cast cos and sin to it",
        },
        Wrong {
            id: "llm/grouped-query-attention",
            what: "cycles the key/value heads (repeat)",
            grade: |g| checks::llm::grouped_query_attention(g, gqa_cycled),
            says: "read key/value head h % kv_heads",
        },
        Wrong {
            id: "llm/grouped-query-attention",
            what: "masks as if query i were at position i",
            grade: |g| checks::llm::grouped_query_attention(g, gqa_mask_from_start),
            says: "the mask treated query i as position i",
        },
        Wrong {
            id: "llm/grouped-query-attention",
            what: "does not mask",
            grade: |g| checks::llm::grouped_query_attention(g, gqa_no_mask),
            says: "every query saw every key",
        },
        Wrong {
            id: "llm/grouped-query-attention",
            what: "does not scale",
            grade: |g| checks::llm::grouped_query_attention(g, gqa_unscaled),
            says: "divide q·kᵀ by sqrt(d) before the softmax",
        },
        Wrong {
            id: "llm/grouped-query-attention",
            what: "divides by d",
            grade: |g| checks::llm::grouped_query_attention(g, gqa_over_d),
            says: "the scores were divided by d",
        },
        Wrong {
            id: "llm/grouped-query-attention",
            what: "returns Double",
            grade: |g| checks::llm::grouped_query_attention(g, gqa_double),
            says: "the attention output stays Kind::Float",
        },
        Wrong {
            id: "llm/kv-cache-step",
            what: "returns only the new tokens",
            grade: |g| checks::llm::kv_cache_step(g, cache_only_new),
            says: "only the new tokens came back",
        },
        Wrong {
            id: "llm/kv-cache-step",
            what: "joins along the head axis",
            grade: |g| checks::llm::kv_cache_step(g, cache_head_axis),
            says: "the tensors were joined along another axis",
        },
        Wrong {
            id: "llm/kv-cache-step",
            what: "puts the new tokens first",
            grade: |g| checks::llm::kv_cache_step(g, cache_new_first),
            says: "the new tokens came before the past",
        },
        Wrong {
            id: "llm/kv-cache-step",
            what: "refuses a cache exactly as long as the context",
            grade: |g| checks::llm::kv_cache_step(g, cache_full_refused),
            says: "exactly as long as the context window still fits",
        },
        Wrong {
            id: "llm/kv-cache-step",
            what: "never returns an error",
            grade: |g| checks::llm::kv_cache_step(g, cache_unbounded),
            says: "beyond the context window must be an Err",
        },
    ]
}

// --- rms-norm ----------------------------------------------------------------------

fn mean_square(x: &Tensor) -> Tensor {
    x.square().mean_dim(-1, true, Kind::Float)
}

pub fn norm_centred(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor {
    let centred = x - x.mean_dim(-1, true, Kind::Float);
    let var = mean_square(&centred);
    centred * (var + eps).rsqrt() * weight
}

pub fn norm_eps_outside(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor {
    x / (mean_square(x).sqrt() + eps) * weight
}

pub fn norm_unweighted(x: &Tensor, _weight: &Tensor, eps: f64) -> Tensor {
    x * (mean_square(x) + eps).rsqrt()
}

pub fn norm_summed(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor {
    let sum = x.square().sum_dim_intlist(-1, true, Kind::Float);
    x * (sum + eps).rsqrt() * weight
}

pub fn norm_no_root(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor {
    x / (mean_square(x) + eps) * weight
}

pub fn norm_first_axis(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor {
    x * (x.square().mean_dim(0, true, Kind::Float) + eps).rsqrt() * weight
}

pub fn norm_double(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor {
    (x * (mean_square(x) + eps).rsqrt() * weight).to_kind(Kind::Double)
}

// --- rope-rotate -------------------------------------------------------------------

/// RoPE with the knobs the mistakes turn: the pair layout, the first position, the
/// direction, the exponent's step, and θ.
fn rope(x: &Tensor, start: i64, theta: f64, half: bool, sign: f64, step: i64) -> Tensor {
    let size = x.size();
    let (seq, d) = (size[size.len() - 2], size[size.len() - 1]);
    let options = (Kind::Double, x.device());
    let position = Tensor::arange_start(start, start + seq, options).unsqueeze(1);
    let index = Tensor::arange_start_step(0, d / 2 * step, step, options);
    let angle = position * (index * (-theta.ln() / d as f64)).exp() * sign;
    let (cos, sin) = (
        angle.cos().to_kind(Kind::Float),
        angle.sin().to_kind(Kind::Float),
    );
    if half {
        let (a, b) = (x.narrow(-1, 0, d / 2), x.narrow(-1, d / 2, d / 2));
        return Tensor::cat(&[&a * &cos - &b * &sin, &a * &sin + &b * &cos], -1);
    }
    let pairs = x.unflatten(-1, [d / 2, 2]);
    let (even, odd) = (pairs.select(-1, 0), pairs.select(-1, 1));
    Tensor::stack(
        &[&even * &cos - &odd * &sin, &even * &sin + &odd * &cos],
        -1,
    )
    .flatten(-2, -1)
}

pub fn rope_rotate_half(x: &Tensor, start: i64, theta: f64) -> Tensor {
    rope(x, start, theta, true, 1.0, 2)
}

pub fn rope_from_zero(x: &Tensor, _start: i64, theta: f64) -> Tensor {
    rope(x, 0, theta, false, 1.0, 2)
}

pub fn rope_backwards(x: &Tensor, start: i64, theta: f64) -> Tensor {
    rope(x, start, theta, false, -1.0, 2)
}

pub fn rope_pair_index(x: &Tensor, start: i64, theta: f64) -> Tensor {
    rope(x, start, theta, false, 1.0, 1)
}

pub fn rope_default_theta(x: &Tensor, start: i64, _theta: f64) -> Tensor {
    rope(x, start, 10_000.0, false, 1.0, 2)
}

pub fn rope_double(x: &Tensor, start: i64, theta: f64) -> Tensor {
    rope(x, start, theta, false, 1.0, 2).to_kind(Kind::Double)
}

// --- grouped-query-attention -------------------------------------------------------

/// Attention with the knobs the mistakes turn: how heads are shared, where the mask's
/// diagonal sits (`None`: no mask) and the scale.
fn gqa(q: &Tensor, k: &Tensor, v: &Tensor, cycle: bool, shift: Option<bool>, scale: f64) -> Tensor {
    let group = q.size()[0] / k.size()[0];
    let (seq_q, seq_k) = (q.size()[1], k.size()[1]);
    let share = |t: &Tensor| {
        if cycle {
            t.repeat([group, 1, 1])
        } else {
            t.repeat_interleave_self_int(group, 0, None)
        }
    };
    let (k, v) = (share(k), share(v));
    let mut scores = q.matmul(&k.transpose(-2, -1)) * scale;
    if let Some(shifted) = shift {
        let diagonal = if shifted { seq_k - seq_q + 1 } else { 1 };
        let future = Tensor::ones([seq_q, seq_k], (Kind::Bool, q.device())).triu(diagonal);
        scores = scores.masked_fill(&future, f64::NEG_INFINITY);
    }
    scores.softmax(-1, Kind::Float).matmul(&v)
}

fn root_scale(q: &Tensor) -> f64 {
    1.0 / (q.size()[2] as f64).sqrt()
}

pub fn gqa_cycled(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor {
    gqa(q, k, v, true, Some(true), root_scale(q))
}

pub fn gqa_mask_from_start(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor {
    gqa(q, k, v, false, Some(false), root_scale(q))
}

pub fn gqa_no_mask(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor {
    gqa(q, k, v, false, None, root_scale(q))
}

pub fn gqa_unscaled(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor {
    gqa(q, k, v, false, Some(true), 1.0)
}

pub fn gqa_over_d(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor {
    gqa(q, k, v, false, Some(true), 1.0 / q.size()[2] as f64)
}

pub fn gqa_double(q: &Tensor, k: &Tensor, v: &Tensor) -> Tensor {
    gqa(q, k, v, false, Some(true), root_scale(q)).to_kind(Kind::Double)
}

// --- kv-cache-step -----------------------------------------------------------------

type Cache = Result<(Tensor, Tensor), String>;

fn too_long(past: &Tensor, new: &Tensor, context: i64) -> bool {
    past.size()[1] + new.size()[1] > context
}

pub fn cache_only_new(pk: &Tensor, _pv: &Tensor, k: &Tensor, v: &Tensor, context: i64) -> Cache {
    if too_long(pk, k, context) {
        return Err("too long".into());
    }
    Ok((k.shallow_clone(), v.shallow_clone()))
}

pub fn cache_head_axis(pk: &Tensor, pv: &Tensor, k: &Tensor, v: &Tensor, context: i64) -> Cache {
    if too_long(pk, k, context) {
        return Err("too long".into());
    }
    Ok((Tensor::cat(&[pk, k], 0), Tensor::cat(&[pv, v], 0)))
}

pub fn cache_new_first(pk: &Tensor, pv: &Tensor, k: &Tensor, v: &Tensor, context: i64) -> Cache {
    if too_long(pk, k, context) {
        return Err("too long".into());
    }
    Ok((Tensor::cat(&[k, pk], 1), Tensor::cat(&[v, pv], 1)))
}

pub fn cache_full_refused(pk: &Tensor, pv: &Tensor, k: &Tensor, v: &Tensor, context: i64) -> Cache {
    if pk.size()[1] + k.size()[1] >= context {
        return Err("full".into());
    }
    Ok((Tensor::cat(&[pk, k], 1), Tensor::cat(&[pv, v], 1)))
}

pub fn cache_unbounded(pk: &Tensor, pv: &Tensor, k: &Tensor, v: &Tensor, _context: i64) -> Cache {
    Ok((Tensor::cat(&[pk, k], 1), Tensor::cat(&[pv, v], 1)))
}
