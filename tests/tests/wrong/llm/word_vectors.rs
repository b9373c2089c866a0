//! Wrong answers to stage 5 (LLM) lesson 2, word vectors (notebooks/05-llm/02-word-vectors.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/sgns-step",
            what: "uses w_in for the context and negative words",
            grade: |g| checks::llm::sgns_step(g, sgns_input_table),
            says: "were looked up in w_in",
        },
        Wrong {
            id: "llm/sgns-step",
            what: "adds lr × gradient",
            grade: |g| checks::llm::sgns_step(g, sgns_uphill),
            says: "moved up the gradient",
        },
        Wrong {
            id: "llm/sgns-step",
            what: "labels the negatives 1",
            grade: |g| checks::llm::sgns_step(g, sgns_negatives_labelled_one),
            says: "the negatives were pulled towards the centre word",
        },
        Wrong {
            id: "llm/sgns-step",
            what: "does not move the negatives",
            grade: |g| checks::llm::sgns_step(g, sgns_negatives_stay),
            says: "the negatives' output vectors did not move",
        },
        Wrong {
            id: "llm/sgns-step",
            what: "moves the centre vector inside the loop",
            grade: |g| checks::llm::sgns_step(g, sgns_centre_in_loop),
            says: "the centre vector was moved inside the loop",
        },
        Wrong {
            id: "llm/sgns-step",
            what: "returns the loss after the step",
            grade: |g| checks::llm::sgns_step(g, sgns_loss_after),
            says: "this is the loss after the step",
        },
        Wrong {
            id: "llm/sgns-step",
            what: "gives the negatives the context word's loss term",
            grade: |g| checks::llm::sgns_step(g, sgns_loss_negative_sign),
            says: "a negative's loss term is −ln σ(−u_k · v)",
        },
        Wrong {
            id: "llm/analogy-3cosadd",
            what: "lets the question words answer",
            grade: |g| checks::llm::analogy_3cosadd(g, analogy_keeps_question_words),
            says: "a question word came back as the answer",
        },
        Wrong {
            id: "llm/analogy-3cosadd",
            what: "uses raw dot products",
            grade: |g| checks::llm::analogy_3cosadd(g, analogy_unscaled),
            says: "the vectors were compared at full length",
        },
        Wrong {
            id: "llm/analogy-3cosadd",
            what: "adds the question words' raw vectors",
            grade: |g| checks::llm::analogy_3cosadd(g, analogy_raw_question_words),
            says: "the question words were added at full length",
        },
        Wrong {
            id: "llm/analogy-3cosadd",
            what: "takes a − b + c",
            grade: |g| checks::llm::analogy_3cosadd(g, analogy_backwards),
            says: "the query went the wrong way",
        },
        Wrong {
            id: "llm/analogy-3cosadd",
            what: "keeps the argmax's axis",
            grade: |g| checks::llm::analogy_3cosadd(g, analogy_keepdim),
            says: "take the argmax with keepdim = false",
        },
        Wrong {
            id: "llm/analogy-3cosadd",
            what: "returns the indices as floats",
            grade: |g| checks::llm::analogy_3cosadd(g, analogy_float),
            says: "the answers are word indices, Kind::Int64",
        },
        Wrong {
            id: "llm/spearman-rank",
            what: "breaks ties by position",
            grade: |g| checks::llm::spearman_rank(g, spearman_ties_by_position),
            says: "tied values were given different ranks",
        },
        Wrong {
            id: "llm/spearman-rank",
            what: "uses 1 − 6Σd²/(n(n² − 1)) with ties",
            grade: |g| checks::llm::spearman_rank(g, spearman_formula),
            says: "is exact only when there are no ties",
        },
        Wrong {
            id: "llm/spearman-rank",
            what: "correlates the values, not the ranks",
            grade: |g| checks::llm::spearman_rank(g, spearman_values),
            says: "Pearson's correlation of the values themselves",
        },
        Wrong {
            id: "llm/spearman-rank",
            what: "ranks one list from the largest",
            grade: |g| checks::llm::spearman_rank(g, spearman_opposite),
            says: "ranked in opposite directions",
        },
    ]
}

// ---------------------------------------------------------------------------------
// sgns-step

fn sigmoid(s: f32) -> f32 {
    1.0 / (1.0 + (-s).exp())
}

/// The context word (label 1) and the negatives (label `negative_label`).
fn labelled(context: usize, negatives: &[usize], negative_label: f32) -> Vec<(usize, f32)> {
    let mut words = vec![(context, 1.0)];
    words.extend(negatives.iter().map(|&k| (k, negative_label)));
    words
}

/// The right loss, −ln σ(u · v) − Σ ln σ(−u_k · v), at the tables as they are.
fn loss_now(
    w_in: &Array2<f32>,
    w_out: &Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
) -> f32 {
    let v = w_in.row(centre);
    let mut loss = -sigmoid(w_out.row(context).dot(&v)).ln();
    for &k in negatives {
        loss -= sigmoid(-w_out.row(k).dot(&v)).ln();
    }
    loss
}

/// The step with its gradients taken at the starting vectors; the knobs make the mistakes.
#[allow(clippy::too_many_arguments)]
fn step_with(
    w_in: &mut Array2<f32>,
    w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
    negative_label: f32,
    move_negatives: bool,
) {
    let v = w_in.row(centre).to_owned();
    let mut grad_v = Array1::<f32>::zeros(v.len());
    for (word, label) in labelled(context, negatives, negative_label) {
        let g = sigmoid(w_out.row(word).dot(&v)) - label;
        grad_v.scaled_add(g, &w_out.row(word));
        if move_negatives || word == context {
            w_out.row_mut(word).scaled_add(-lr * g, &v);
        }
    }
    w_in.row_mut(centre).scaled_add(-lr, &grad_v);
}

pub fn sgns_input_table(
    w_in: &mut Array2<f32>,
    _w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
) -> f32 {
    let mut copy = w_in.clone();
    let loss = loss_now(w_in, w_in, centre, context, negatives);
    let v = w_in.row(centre).to_owned();
    let mut grad_v = Array1::<f32>::zeros(v.len());
    for (word, label) in labelled(context, negatives, 0.0) {
        let g = sigmoid(copy.row(word).dot(&v)) - label;
        grad_v.scaled_add(g, &copy.row(word));
        copy.row_mut(word).scaled_add(-lr * g, &v);
    }
    copy.row_mut(centre).assign(&(&v - &(lr * &grad_v)));
    w_in.assign(&copy);
    loss
}

pub fn sgns_uphill(
    w_in: &mut Array2<f32>,
    w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
) -> f32 {
    let loss = loss_now(w_in, w_out, centre, context, negatives);
    step_with(w_in, w_out, centre, context, negatives, -lr, 0.0, true);
    loss
}

pub fn sgns_negatives_labelled_one(
    w_in: &mut Array2<f32>,
    w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
) -> f32 {
    let loss = loss_now(w_in, w_out, centre, context, negatives);
    step_with(w_in, w_out, centre, context, negatives, lr, 1.0, true);
    loss
}

pub fn sgns_negatives_stay(
    w_in: &mut Array2<f32>,
    w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
) -> f32 {
    let loss = loss_now(w_in, w_out, centre, context, negatives);
    step_with(w_in, w_out, centre, context, negatives, lr, 0.0, false);
    loss
}

pub fn sgns_centre_in_loop(
    w_in: &mut Array2<f32>,
    w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
) -> f32 {
    let loss = loss_now(w_in, w_out, centre, context, negatives);
    for (word, label) in labelled(context, negatives, 0.0) {
        let u = w_out.row(word).to_owned();
        let v = w_in.row(centre).to_owned();
        let g = sigmoid(u.dot(&v)) - label;
        w_out.row_mut(word).scaled_add(-lr * g, &v);
        w_in.row_mut(centre).scaled_add(-lr * g, &u);
    }
    loss
}

pub fn sgns_loss_after(
    w_in: &mut Array2<f32>,
    w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
) -> f32 {
    step_with(w_in, w_out, centre, context, negatives, lr, 0.0, true);
    loss_now(w_in, w_out, centre, context, negatives)
}

pub fn sgns_loss_negative_sign(
    w_in: &mut Array2<f32>,
    w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
) -> f32 {
    let v = w_in.row(centre).to_owned();
    let mut loss = 0.0;
    for (word, _) in labelled(context, negatives, 0.0) {
        loss -= sigmoid(w_out.row(word).dot(&v)).ln();
    }
    step_with(w_in, w_out, centre, context, negatives, lr, 0.0, true);
    loss
}

// ---------------------------------------------------------------------------------
// analogy-3cosadd

fn unit_rows(vectors: &Tensor) -> Tensor {
    vectors / vectors.norm_scalaropt_dim(2.0, [-1], true)
}

/// Scores of every word for b − a + c made of `words`' rows against `candidates`' rows.
fn analogy_scores(words: &Tensor, candidates: &Tensor, questions: &Tensor, sign: f64) -> Tensor {
    let pick = |j: i64| words.index_select(0, &questions.select(1, j));
    let query = (pick(1) - pick(0)) * sign + pick(2);
    query.matmul(&candidates.tr())
}

fn best_excluding(scores: &Tensor, questions: &Tensor) -> Tensor {
    scores
        .scatter_value(1, questions, f64::NEG_INFINITY)
        .argmax(-1, false)
}

pub fn analogy_keeps_question_words(vectors: &Tensor, questions: &Tensor) -> Tensor {
    let unit = unit_rows(vectors);
    analogy_scores(&unit, &unit, questions, 1.0).argmax(-1, false)
}

pub fn analogy_unscaled(vectors: &Tensor, questions: &Tensor) -> Tensor {
    best_excluding(&analogy_scores(vectors, vectors, questions, 1.0), questions)
}

pub fn analogy_raw_question_words(vectors: &Tensor, questions: &Tensor) -> Tensor {
    let unit = unit_rows(vectors);
    best_excluding(&analogy_scores(vectors, &unit, questions, 1.0), questions)
}

pub fn analogy_backwards(vectors: &Tensor, questions: &Tensor) -> Tensor {
    let unit = unit_rows(vectors);
    best_excluding(&analogy_scores(&unit, &unit, questions, -1.0), questions)
}

pub fn analogy_keepdim(vectors: &Tensor, questions: &Tensor) -> Tensor {
    let unit = unit_rows(vectors);
    analogy_scores(&unit, &unit, questions, 1.0)
        .scatter_value(1, questions, f64::NEG_INFINITY)
        .argmax(-1, true)
}

pub fn analogy_float(vectors: &Tensor, questions: &Tensor) -> Tensor {
    let unit = unit_rows(vectors);
    best_excluding(&analogy_scores(&unit, &unit, questions, 1.0), questions).to_kind(Kind::Float)
}

// ---------------------------------------------------------------------------------
// spearman-rank

/// Ranks from 1, ties broken by position (a stable sort) or shared (their mean).
fn ranks(values: &[f64], shared: bool) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    let mut out = vec![0.0; values.len()];
    for (place, &i) in order.iter().enumerate() {
        out[i] = place as f64 + 1.0;
    }
    if !shared {
        return out;
    }
    (0..values.len())
        .map(|i| {
            let tied: Vec<f64> = (0..values.len())
                .filter(|&j| values[j] == values[i])
                .map(|j| out[j])
                .collect();
            tied.iter().sum::<f64>() / tied.len() as f64
        })
        .collect()
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let sy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (sx * sy).sqrt()
}

pub fn spearman_ties_by_position(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x, false), &ranks(y, false))
}

pub fn spearman_formula(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x, true), ranks(y, true));
    let n = x.len() as f64;
    let d2: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - b).powi(2)).sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

pub fn spearman_values(x: &[f64], y: &[f64]) -> f64 {
    pearson(x, y)
}

pub fn spearman_opposite(x: &[f64], y: &[f64]) -> f64 {
    let negated: Vec<f64> = y.iter().map(|v| -v).collect();
    pearson(&ranks(x, true), &ranks(&negated, true))
}
