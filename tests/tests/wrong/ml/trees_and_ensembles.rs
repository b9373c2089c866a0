//! Wrong answers to ml lesson 4, trees and ensembles:
//! notebooks/03-ml/04-trees-and-ensembles.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "ml/gini-impurity",
            what: "returns the sum of squared shares",
            grade: |g| checks::ml::gini_impurity(g, sum_of_squared_shares),
            says: "expected 0.375, got 0.625: that is Σ pₖ², the chance two random labels agree",
        },
        Wrong {
            id: "ml/best-split",
            what: "averages the children's impurities without weights",
            grade: |g| checks::ml::best_split(g, unweighted_best_split),
            says: "looks like you averaged the two sides' impurities",
        },
        Wrong {
            id: "ml/bootstrap-sample",
            what: "shuffles instead of drawing with replacement",
            grade: |g| checks::ml::bootstrap_sample(g, shuffled_rows),
            says: "that is a shuffle; a bootstrap sample draws with replacement",
        },
        Wrong {
            id: "ml/bootstrap-sample",
            what: "ignores the rng it is given",
            grade: |g| checks::ml::bootstrap_sample(g, unseeded_sample),
            says: "two calls with the same seed gave different samples",
        },
        Wrong {
            id: "ml/majority-vote",
            what: "breaks ties towards the higher class",
            grade: |g| checks::ml::majority_vote(g, vote_ties_high),
            says: "expected [0, 0, 1], got [1, 1, 2]: a tie must go to the lower class number",
        },
        Wrong {
            id: "ml/gini-impurity",
            what: "computes the entropy",
            grade: |g| checks::ml::gini_impurity(g, entropy),
            says: "that is the entropy",
        },
        Wrong {
            id: "ml/gini-impurity",
            what: "computes the misclassification rate",
            grade: |g| checks::ml::gini_impurity(g, misclassification_rate),
            says: "that is the misclassification rate",
        },
        Wrong {
            id: "ml/majority-vote",
            what: "returns the first model's predictions",
            grade: |g| checks::ml::majority_vote(g, first_model_only),
            says: "those are the first model's predictions",
        },
        Wrong {
            id: "ml/best-split",
            what: "keeps the highest score",
            grade: |g| checks::ml::best_split(g, worst_split),
            says: "that is the split with the highest score, the least pure children",
        },
        Wrong {
            id: "ml/bootstrap-sample",
            what: "seeds its own generator",
            grade: |g| checks::ml::bootstrap_sample(g, sample_with_own_seed),
            says: "two different seeds gave the same sample: draw every row number from `rng`",
        },
        Wrong {
            id: "ml/bootstrap-sample",
            what: "draws row i from 0..=i, as a Fisher-Yates shuffle does",
            grade: |g| checks::ml::bootstrap_sample(g, sample_fisher_yates_style),
            says: "of 1000 rows are distinct, but n independent draws from 0..n leave about 632",
        },
        Wrong {
            id: "ml/gini-impurity",
            what: "divides by the count of an empty node",
            grade: |g| checks::ml::gini_impurity(g, gini_unguarded),
            says: "a NaN: an empty node (no labels) has impurity 0",
        },
        Wrong {
            id: "ml/gini-impurity",
            what: "squares the counts",
            grade: |g| checks::ml::gini_impurity(g, gini_of_counts),
            says: "you squared counts, not shares",
        },
        Wrong {
            id: "ml/best-split",
            what: "sends x < threshold left and takes the right side's smallest value",
            grade: |g| checks::ml::best_split(g, split_strictly_below_upper_value),
            says: "with that rule this threshold moves a row to the other side",
        },
        Wrong {
            id: "ml/best-split",
            what: "puts the threshold on the data value below the gap, not the midpoint",
            grade: |g| checks::ml::best_split(g, split_at_lower_value),
            says: "that split is a best one, but put the threshold at the midpoint",
        },
    ]
}

/// The right split, with its threshold moved down onto the largest value at or below it.
pub fn split_at_lower_value(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    impurity: &dyn Fn(&[usize]) -> f64,
) -> Option<(usize, f64)> {
    let (feature, threshold) = solutions::ml::best_split::best_split(x, y, impurity)?;
    let lower = x
        .column(feature)
        .iter()
        .copied()
        .filter(|&v| v <= threshold)
        .fold(f64::NEG_INFINITY, f64::max);
    Some((feature, lower))
}

pub fn sum_of_squared_shares(labels: &[usize]) -> f64 {
    1.0 - solutions::ml::gini_impurity::gini_impurity(labels)
}

pub fn unweighted_best_split(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    impurity: &dyn Fn(&[usize]) -> f64,
) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64, f64)> = None;
    for feature in 0..x.ncols() {
        let mut values = x.column(feature).to_vec();
        values.sort_by(f64::total_cmp);
        values.dedup();
        for pair in values.windows(2) {
            let threshold = (pair[0] + pair[1]) / 2.0;
            type Side = Vec<(f64, usize)>;
            let (left, right): (Side, Side) = x
                .column(feature)
                .iter()
                .copied()
                .zip(y.iter().copied())
                .partition(|(v, _)| *v <= threshold);
            let labels =
                |side: Vec<(f64, usize)>| side.into_iter().map(|(_, l)| l).collect::<Vec<_>>();
            let score = (impurity(&labels(left)) + impurity(&labels(right))) / 2.0;
            if best.is_none_or(|(_, _, lowest)| score < lowest) {
                best = Some((feature, threshold, score));
            }
        }
    }
    best.map(|(f, t, _)| (f, t))
}

pub fn shuffled_rows(n: usize, rng: &mut StdRng) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(rng);
    rows
}

pub fn unseeded_sample(n: usize, _rng: &mut StdRng) -> Vec<usize> {
    let mut rng = rand::thread_rng();
    (0..n).map(|_| rng.gen_range(0..n)).collect()
}

pub fn vote_ties_high(predictions: &[Array1<usize>]) -> Array1<usize> {
    let rows = predictions[0].len();
    (0..rows)
        .map(|row| {
            let mut votes = [0; 8];
            for model in predictions {
                votes[model[row]] += 1;
            }
            (0..8).fold(0, |best, c| {
                if votes[c] >= votes[best] && votes[c] > 0 {
                    c
                } else {
                    best
                }
            })
        })
        .collect()
}

fn shares(labels: &[usize]) -> Vec<f64> {
    let classes = labels.iter().max().map_or(0, |m| m + 1);
    let mut counts = vec![0.0; classes];
    for &label in labels {
        counts[label] += 1.0;
    }
    counts.iter().map(|c| c / labels.len() as f64).collect()
}

pub fn entropy(labels: &[usize]) -> f64 {
    -shares(labels)
        .iter()
        .filter(|&&p| p > 0.0)
        .map(|p| p * p.log2())
        .sum::<f64>()
}

pub fn misclassification_rate(labels: &[usize]) -> f64 {
    if labels.is_empty() {
        return 0.0;
    }
    1.0 - shares(labels).iter().copied().fold(0.0, f64::max)
}

pub fn first_model_only(predictions: &[Array1<usize>]) -> Array1<usize> {
    predictions
        .first()
        .cloned()
        .unwrap_or_else(|| Array1::zeros(0))
}

/// The weighted score of each candidate split, `cut` choosing a threshold between two
/// neighbouring values, and the split `better` prefers.
fn split_by(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    impurity: &dyn Fn(&[usize]) -> f64,
    cut: fn(f64, f64) -> f64,
    better: fn(f64, f64) -> bool,
) -> Option<(usize, f64)> {
    let n = y.len() as f64;
    let mut best: Option<(usize, f64, f64)> = None;
    for feature in 0..x.ncols() {
        let mut values = x.column(feature).to_vec();
        values.sort_by(f64::total_cmp);
        values.dedup();
        for pair in values.windows(2) {
            let threshold = cut(pair[0], pair[1]);
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for (v, l) in x.column(feature).iter().zip(y.iter()) {
                if *v <= threshold {
                    left.push(*l);
                } else {
                    right.push(*l);
                }
            }
            let score =
                (left.len() as f64 * impurity(&left) + right.len() as f64 * impurity(&right)) / n;
            if best.is_none_or(|(_, _, kept)| better(score, kept)) {
                best = Some((feature, threshold, score));
            }
        }
    }
    best.map(|(f, t, _)| (f, t))
}

pub fn worst_split(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    impurity: &dyn Fn(&[usize]) -> f64,
) -> Option<(usize, f64)> {
    split_by(
        x,
        y,
        impurity,
        |a, b| (a + b) / 2.0,
        |score, kept| score > kept,
    )
}

pub fn sample_with_own_seed(n: usize, _rng: &mut StdRng) -> Vec<usize> {
    let mut rng = StdRng::seed_from_u64(42);
    (0..n).map(|_| rng.gen_range(0..n)).collect()
}

pub fn sample_fisher_yates_style(n: usize, rng: &mut StdRng) -> Vec<usize> {
    (0..n).map(|i| rng.gen_range(0..=i)).collect()
}

pub fn gini_unguarded(labels: &[usize]) -> f64 {
    let n = labels.len() as f64;
    let mut counts = vec![0.0; labels.iter().max().unwrap_or(&0) + 1];
    for label in labels {
        counts[*label] += 1.0;
    }
    1.0 - counts.iter().map(|c| (c / n).powi(2)).sum::<f64>()
}

pub fn gini_of_counts(labels: &[usize]) -> f64 {
    let mut counts = vec![0.0; labels.iter().max().map_or(0, |m| m + 1)];
    for label in labels {
        counts[*label] += 1.0;
    }
    1.0 - counts.iter().map(|c| c * c).sum::<f64>()
}

/// Rows with x < threshold go left; thresholds are the upper value of each neighbouring pair.
pub fn split_strictly_below_upper_value(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    impurity: &dyn Fn(&[usize]) -> f64,
) -> Option<(usize, f64)> {
    let n = y.len() as f64;
    let mut best: Option<(usize, f64, f64)> = None;
    for feature in 0..x.ncols() {
        let mut values = x.column(feature).to_vec();
        values.sort_by(f64::total_cmp);
        values.dedup();
        for &threshold in values.iter().skip(1) {
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for (v, l) in x.column(feature).iter().zip(y.iter()) {
                if *v < threshold {
                    left.push(*l);
                } else {
                    right.push(*l);
                }
            }
            let score =
                (left.len() as f64 * impurity(&left) + right.len() as f64 * impurity(&right)) / n;
            if best.is_none_or(|(_, _, kept)| score < kept) {
                best = Some((feature, threshold, score));
            }
        }
    }
    best.map(|(f, t, _)| (f, t))
}
