//! Wrong answers to stage 5 (LLM) lesson 3, attention (notebooks/05-llm/03-attention.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/scaled-dot-product-attention",
            what: "multiplies q by k without transposing it",
            grade: |g| checks::llm::scaled_dot_product_attention(g, attention_untransposed),
            says: "transpose k's last two axes",
        },
        Wrong {
            id: "llm/scaled-dot-product-attention",
            what: "does not scale the scores",
            grade: |g| checks::llm::scaled_dot_product_attention(g, attention_unscaled),
            says: "the scores were not scaled",
        },
        Wrong {
            id: "llm/scaled-dot-product-attention",
            what: "divides the scores by d",
            grade: |g| checks::llm::scaled_dot_product_attention(g, attention_over_d),
            says: "the scores were divided by d",
        },
        Wrong {
            id: "llm/scaled-dot-product-attention",
            what: "takes the softmax over the queries",
            grade: |g| checks::llm::scaled_dot_product_attention(g, attention_softmax_queries),
            says: "not the keys: softmax(-1)",
        },
        Wrong {
            id: "llm/scaled-dot-product-attention",
            what: "hides the allowed positions",
            grade: |g| checks::llm::scaled_dot_product_attention(g, attention_mask_inverted),
            says: "the mask was used the other way round",
        },
        Wrong {
            id: "llm/scaled-dot-product-attention",
            what: "fills masked scores with 0",
            grade: |g| checks::llm::scaled_dot_product_attention(g, attention_mask_zero),
            says: "masked scores were set to 0",
        },
        Wrong {
            id: "llm/scaled-dot-product-attention",
            what: "multiplies the weights by the mask after the softmax",
            grade: |g| checks::llm::scaled_dot_product_attention(g, attention_mask_after),
            says: "the mask was applied after the softmax",
        },
        Wrong {
            id: "llm/scaled-dot-product-attention",
            what: "fills −∞ into the weights after the softmax",
            grade: |g| checks::llm::scaled_dot_product_attention(g, attention_infinity_after),
            says: "the mask was applied after the softmax",
        },
        Wrong {
            id: "llm/causal-mask",
            what: "keeps the upper triangle",
            grade: |g| checks::llm::causal_mask(g, mask_upper),
            says: "that is the upper triangle",
        },
        Wrong {
            id: "llm/causal-mask",
            what: "marks the hidden positions",
            grade: |g| checks::llm::causal_mask(g, mask_hidden),
            says: "true marks the future positions",
        },
        Wrong {
            id: "llm/causal-mask",
            what: "leaves out the diagonal",
            grade: |g| checks::llm::causal_mask(g, mask_strict),
            says: "the diagonal is missing",
        },
        Wrong {
            id: "llm/causal-mask",
            what: "builds the mask as floats",
            grade: |g| checks::llm::causal_mask(g, mask_float),
            says: "a mask is Kind::Bool",
        },
        Wrong {
            id: "llm/sinusoidal-positions",
            what: "puts cos in the even columns",
            grade: |g| checks::llm::sinusoidal_positions(g, positions_swapped),
            says: "sin and cos are swapped",
        },
        Wrong {
            id: "llm/sinusoidal-positions",
            what: "concatenates the sines and the cosines",
            grade: |g| checks::llm::sinusoidal_positions(g, positions_concatenated),
            says: "this exercise interleaves them",
        },
        Wrong {
            id: "llm/sinusoidal-positions",
            what: "uses i/d as the exponent",
            grade: |g| checks::llm::sinusoidal_positions(g, positions_pair_exponent),
            says: "the exponent is i/d",
        },
        Wrong {
            id: "llm/sinusoidal-positions",
            what: "uses each column's own index in the exponent",
            grade: |g| checks::llm::sinusoidal_positions(g, positions_column_exponent),
            says: "each column used its own index",
        },
        Wrong {
            id: "llm/sinusoidal-positions",
            what: "numbers the positions from 1",
            grade: |g| checks::llm::sinusoidal_positions(g, positions_from_one),
            says: "the positions start at 1",
        },
        Wrong {
            id: "llm/sinusoidal-positions",
            what: "returns a Double table",
            grade: |g| checks::llm::sinusoidal_positions(g, positions_double),
            says: "the table is Kind::Float",
        },
    ]
}

/// Attention with each step as given: the scores, then an optional mask step, the softmax
/// over `axis`, an optional step on the weights.
fn attend(
    scores: Tensor,
    v: &Tensor,
    before: impl Fn(Tensor) -> Tensor,
    axis: i64,
    after: impl Fn(Tensor) -> Tensor,
) -> (Tensor, Tensor) {
    let weights = after(before(scores).softmax(axis, Kind::Float));
    (weights.matmul(v), weights)
}

fn root_d(q: &Tensor) -> f64 {
    (*q.size().last().unwrap() as f64).sqrt()
}

fn hide_where_false(scores: Tensor, mask: Option<&Tensor>) -> Tensor {
    match mask {
        Some(m) => scores.masked_fill(&m.logical_not(), f64::NEG_INFINITY),
        None => scores,
    }
}

pub fn attention_untransposed(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    attend(
        q.matmul(k) / root_d(q),
        v,
        |s| hide_where_false(s, mask),
        -1,
        |w| w,
    )
}

pub fn attention_unscaled(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    attend(
        q.matmul(&k.transpose(-2, -1)),
        v,
        |s| hide_where_false(s, mask),
        -1,
        |w| w,
    )
}

pub fn attention_over_d(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    let d = *q.size().last().unwrap() as f64;
    attend(
        q.matmul(&k.transpose(-2, -1)) / d,
        v,
        |s| hide_where_false(s, mask),
        -1,
        |w| w,
    )
}

pub fn attention_softmax_queries(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    let scores = q.matmul(&k.transpose(-2, -1)) / root_d(q);
    attend(scores, v, |s| hide_where_false(s, mask), -2, |w| w)
}

pub fn attention_mask_inverted(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    let scores = q.matmul(&k.transpose(-2, -1)) / root_d(q);
    let before = |s: Tensor| match mask {
        Some(m) => s.masked_fill(m, f64::NEG_INFINITY),
        None => s,
    };
    attend(scores, v, before, -1, |w| w)
}

pub fn attention_mask_zero(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    let scores = q.matmul(&k.transpose(-2, -1)) / root_d(q);
    let before = |s: Tensor| match mask {
        Some(m) => s.masked_fill(&m.logical_not(), 0.0),
        None => s,
    };
    attend(scores, v, before, -1, |w| w)
}

pub fn attention_mask_after(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    let scores = q.matmul(&k.transpose(-2, -1)) / root_d(q);
    let after = |w: Tensor| match mask {
        Some(m) => w * m.to_kind(Kind::Float),
        None => w,
    };
    attend(scores, v, |s| s, -1, after)
}

pub fn attention_infinity_after(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> (Tensor, Tensor) {
    let scores = q.matmul(&k.transpose(-2, -1)) / root_d(q);
    attend(scores, v, |s| s, -1, |w| hide_where_false(w, mask))
}

fn ones(n: usize) -> Tensor {
    Tensor::ones([n as i64, n as i64], (Kind::Bool, Device::Cpu))
}

pub fn mask_upper(n: usize) -> Tensor {
    ones(n).triu(0)
}

pub fn mask_hidden(n: usize) -> Tensor {
    ones(n).triu(1)
}

pub fn mask_strict(n: usize) -> Tensor {
    ones(n).tril(-1)
}

pub fn mask_float(n: usize) -> Tensor {
    Tensor::ones([n as i64, n as i64], (Kind::Float, Device::Cpu)).tril(0)
}

/// The table in plain loops: `angle(pos, column)`, and whether a column holds a sine.
fn table(
    n: usize,
    d: usize,
    angle: impl Fn(f64, usize) -> f64,
    sine: impl Fn(usize) -> bool,
) -> Vec<f32> {
    let mut out = Vec::new();
    for pos in 0..n {
        for c in 0..d {
            let a = angle(pos as f64, c);
            out.push(if sine(c) { a.sin() } else { a.cos() } as f32);
        }
    }
    out
}

fn as_tensor(values: Vec<f32>, n: usize, d: usize) -> Tensor {
    Tensor::from_slice(&values).reshape([n as i64, d as i64])
}

fn paper_angle(pos: f64, column: usize, d: usize) -> f64 {
    pos / 10000f64.powf((2 * (column / 2)) as f64 / d as f64)
}

pub fn positions_swapped(n: usize, d: usize) -> Tensor {
    as_tensor(
        table(n, d, |p, c| paper_angle(p, c, d), |c| c % 2 == 1),
        n,
        d,
    )
}

pub fn positions_concatenated(n: usize, d: usize) -> Tensor {
    let half = d / 2;
    let angle = |p: f64, c: usize| p / 10000f64.powf((2 * (c % half)) as f64 / d as f64);
    as_tensor(table(n, d, angle, |c| c < half), n, d)
}

pub fn positions_pair_exponent(n: usize, d: usize) -> Tensor {
    let angle = |p: f64, c: usize| p / 10000f64.powf((c / 2) as f64 / d as f64);
    as_tensor(table(n, d, angle, |c| c % 2 == 0), n, d)
}

pub fn positions_column_exponent(n: usize, d: usize) -> Tensor {
    let angle = |p: f64, c: usize| p / 10000f64.powf(c as f64 / d as f64);
    as_tensor(table(n, d, angle, |c| c % 2 == 0), n, d)
}

pub fn positions_from_one(n: usize, d: usize) -> Tensor {
    as_tensor(
        table(n, d, |p, c| paper_angle(p + 1.0, c, d), |c| c % 2 == 0),
        n,
        d,
    )
}

pub fn positions_double(n: usize, d: usize) -> Tensor {
    as_tensor(
        table(n, d, |p, c| paper_angle(p, c, d), |c| c % 2 == 0),
        n,
        d,
    )
    .to_kind(Kind::Double)
}
