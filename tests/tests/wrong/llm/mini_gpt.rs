//! Wrong answers to stage 5 (LLM) lesson 4, a mini-GPT (notebooks/05-llm/04-mini-gpt.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/shift-targets",
            what: "returns x as the targets",
            grade: |g| checks::llm::shift_targets(g, batch_unshifted),
            says: "y is x itself",
        },
        Wrong {
            id: "llm/shift-targets",
            what: "shifts the wrong way",
            grade: |g| checks::llm::shift_targets(g, batch_swapped),
            says: "x and y are swapped",
        },
        Wrong {
            id: "llm/shift-targets",
            what: "takes context + 1 characters in each row",
            grade: |g| checks::llm::shift_targets(g, batch_one_too_long),
            says: "each row holds exactly context ids",
        },
        Wrong {
            id: "llm/shift-targets",
            what: "stacks the stretches as columns",
            grade: |g| checks::llm::shift_targets(g, batch_columns),
            says: "stack the rows along a new first axis",
        },
        Wrong {
            id: "llm/shift-targets",
            what: "returns the ids as floats",
            grade: |g| checks::llm::shift_targets(g, batch_float),
            says: "ids stay Kind::Int64",
        },
        Wrong {
            id: "llm/top-k-filter",
            what: "keeps the k smallest logits",
            grade: |g| checks::llm::top_k_filter(g, top_k_smallest),
            says: "the k smallest logits were kept",
        },
        Wrong {
            id: "llm/top-k-filter",
            what: "sets the dropped logits to 0",
            grade: |g| checks::llm::top_k_filter(g, top_k_zero),
            says: "the dropped logits were set to 0",
        },
        Wrong {
            id: "llm/top-k-filter",
            what: "keeps k + 1 logits",
            grade: |g| checks::llm::top_k_filter(g, top_k_one_more),
            says: "one logit too many was kept",
        },
        Wrong {
            id: "llm/top-k-filter",
            what: "keeps k - 1 logits",
            grade: |g| checks::llm::top_k_filter(g, top_k_one_fewer),
            says: "one logit too few was kept",
        },
        Wrong {
            id: "llm/top-k-filter",
            what: "keeps exactly the k indices of topk, dropping ties",
            grade: |g| checks::llm::top_k_filter(g, top_k_scatter),
            says: "a logit tied with the k-th largest was dropped",
        },
        Wrong {
            id: "llm/top-k-filter",
            what: "returns Double logits",
            grade: |g| checks::llm::top_k_filter(g, top_k_double),
            says: "keep the logits' kind",
        },
        Wrong {
            id: "llm/temperature-probs",
            what: "multiplies the logits by the temperature",
            grade: |g| checks::llm::temperature_probs(g, probs_times_t),
            says: "multiplied by the temperature",
        },
        Wrong {
            id: "llm/temperature-probs",
            what: "takes the softmax over the first axis",
            grade: |g| checks::llm::temperature_probs(g, probs_first_axis),
            says: "the softmax ran over another axis",
        },
        Wrong {
            id: "llm/temperature-probs",
            what: "forgets the softmax",
            grade: |g| checks::llm::temperature_probs(g, probs_no_softmax),
            says: "the softmax is missing",
        },
        Wrong {
            id: "llm/temperature-probs",
            what: "ignores the temperature",
            grade: |g| checks::llm::temperature_probs(g, probs_no_temperature),
            says: "the temperature was not used",
        },
        Wrong {
            id: "llm/temperature-probs",
            what: "returns Double probabilities",
            grade: |g| checks::llm::temperature_probs(g, probs_double),
            says: "the probabilities are Kind::Float",
        },
    ]
}

/// The stacked stretches of `length` characters from each start plus `offset`.
fn stacked(ids: &Tensor, starts: &[i64], offset: i64, length: i64) -> Tensor {
    let rows: Vec<Tensor> = starts
        .iter()
        .map(|&s| ids.narrow(0, s + offset, length))
        .collect();
    Tensor::stack(&rows, 0)
}

pub fn batch_unshifted(ids: &Tensor, starts: &[i64], context: i64) -> (Tensor, Tensor) {
    (
        stacked(ids, starts, 0, context),
        stacked(ids, starts, 0, context),
    )
}

pub fn batch_swapped(ids: &Tensor, starts: &[i64], context: i64) -> (Tensor, Tensor) {
    (
        stacked(ids, starts, 1, context),
        stacked(ids, starts, 0, context),
    )
}

pub fn batch_one_too_long(ids: &Tensor, starts: &[i64], context: i64) -> (Tensor, Tensor) {
    (
        stacked(ids, starts, 0, context + 1),
        stacked(ids, starts, 1, context),
    )
}

pub fn batch_columns(ids: &Tensor, starts: &[i64], context: i64) -> (Tensor, Tensor) {
    (
        stacked(ids, starts, 0, context).tr(),
        stacked(ids, starts, 1, context).tr(),
    )
}

pub fn batch_float(ids: &Tensor, starts: &[i64], context: i64) -> (Tensor, Tensor) {
    let x = stacked(ids, starts, 0, context).to_kind(Kind::Float);
    (x, stacked(ids, starts, 1, context).to_kind(Kind::Float))
}

/// Everything below the `rank`-th value of `sorted` (1-based) set to `fill`.
fn keep_above(logits: &Tensor, sorted: &Tensor, rank: i64, fill: f64) -> Tensor {
    let kth = sorted.narrow(-1, rank - 1, 1);
    logits.masked_fill(&logits.lt_tensor(&kth), fill)
}

fn descending(logits: &Tensor) -> Tensor {
    logits.sort(-1, true).0
}

pub fn top_k_smallest(logits: &Tensor, k: i64) -> Tensor {
    let kth = logits.sort(-1, false).0.narrow(-1, k - 1, 1);
    logits.masked_fill(&logits.gt_tensor(&kth), f64::NEG_INFINITY)
}

pub fn top_k_zero(logits: &Tensor, k: i64) -> Tensor {
    keep_above(logits, &descending(logits), k, 0.0)
}

pub fn top_k_one_more(logits: &Tensor, k: i64) -> Tensor {
    let n = *logits.size().last().unwrap();
    keep_above(
        logits,
        &descending(logits),
        (k + 1).min(n),
        f64::NEG_INFINITY,
    )
}

pub fn top_k_one_fewer(logits: &Tensor, k: i64) -> Tensor {
    keep_above(
        logits,
        &descending(logits),
        (k - 1).max(1),
        f64::NEG_INFINITY,
    )
}

pub fn top_k_scatter(logits: &Tensor, k: i64) -> Tensor {
    let (values, indices) = logits.topk(k, -1, true, true);
    logits
        .full_like(f64::NEG_INFINITY)
        .scatter(-1, &indices, &values)
}

pub fn top_k_double(logits: &Tensor, k: i64) -> Tensor {
    keep_above(logits, &descending(logits), k, f64::NEG_INFINITY).to_kind(Kind::Double)
}

pub fn probs_times_t(logits: &Tensor, temperature: f64) -> Tensor {
    (logits * temperature).softmax(-1, Kind::Float)
}

pub fn probs_first_axis(logits: &Tensor, temperature: f64) -> Tensor {
    (logits / temperature).softmax(0, Kind::Float)
}

pub fn probs_no_softmax(logits: &Tensor, temperature: f64) -> Tensor {
    logits / temperature
}

pub fn probs_no_temperature(logits: &Tensor, _temperature: f64) -> Tensor {
    logits.softmax(-1, Kind::Float)
}

pub fn probs_double(logits: &Tensor, temperature: f64) -> Tensor {
    (logits / temperature).softmax(-1, Kind::Double)
}
