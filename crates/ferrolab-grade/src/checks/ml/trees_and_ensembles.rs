//! Lesson 4, trees and ensembles (notebooks/03-ml/04-trees-and-ensembles.ipynb): Gini
//! impurity, the best split of a node, bootstrap samples and majority votes.

use crate::checks::reference::majority;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, matrix, number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2, ArrayView1, ArrayView2};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

/// Small inputs finish in microseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(10);

fn usizes(values: &[usize]) -> String {
    list(&values.iter().map(|&v| v as f64).collect::<Vec<_>>())
}

/// Shares of each class present among `labels`, in class order (tallied in a map, where
/// the exercise counts into an array).
fn shares(labels: &[usize]) -> Vec<f64> {
    let mut tally: BTreeMap<usize, f64> = BTreeMap::new();
    for label in labels {
        *tally.entry(*label).or_default() += 1.0;
    }
    let n = labels.len().max(1) as f64;
    tally.into_values().map(|count| count / n).collect()
}

/// 1 − Σ pₖ², written here independently of the learner's file.
fn gini(labels: &[usize]) -> f64 {
    if labels.is_empty() {
        return 0.0;
    }
    1.0 - shares(labels).iter().map(|p| p * p).sum::<f64>()
}

// ---------------------------------------------------------------------------------

/// `ml/gini-impurity`.
pub const GINI_IMPURITY: &str = "ml/gini-impurity";

/// `fn gini_impurity(labels: &[usize]) -> f64`.
pub fn gini_impurity<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[usize]) -> f64 + Send + 'static,
{
    gini_impurity_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type GiniFn = dyn Fn(&[usize]) -> f64 + Send;

fn gini_impurity_boxed(grader: &Grader, learner: Box<GiniFn>) -> Report {
    let mut rng = grader.rng(401);
    let cases: Vec<Vec<usize>> = vec![
        vec![0, 0, 0, 1],
        vec![0, 1],
        vec![1, 1, 1],
        vec![0, 0, 1, 1, 2, 2],
        // Class numbers need not start at 0 or be consecutive.
        vec![2, 2, 5],
        vec![],
        (0..200).map(|_| rng.gen_range(0..4)).collect(),
    ];
    let describe = |labels: &Vec<usize>| format!("labels = {}", usizes(labels));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |labels| learner(labels),
    );
    for (labels, got) in cases.iter().zip(run.outputs) {
        let expected = gini(labels);
        if !Tolerance::TIGHT.close(expected, got) {
            let p = shares(labels);
            let n = labels.len() as f64;
            let known = [
                (1.0 - expected, known_mistake("that is Σ pₖ², the chance two random labels agree: the impurity is 1 minus it")),
                (-p.iter().map(|q| q * q.log2()).sum::<f64>(), known_mistake("that is the entropy −Σ pₖ·log₂ pₖ: the Gini impurity is 1 − Σ pₖ²")),
                (1.0 - p.iter().map(|q| q * q * n * n).sum::<f64>(), known_mistake("you squared counts, not shares: divide each class's count by the number of labels first")),
                (1.0 - p.iter().copied().fold(0.0, f64::max), known_mistake("that is the misclassification rate 1 − max pₖ: the Gini impurity squares every share, 1 − Σ pₖ²")),
            ];
            let mistake = if got.is_nan() {
                Some(known_mistake("a NaN: an empty node (no labels) has impurity 0; return it before dividing by the count"))
            } else {
                known
                    .iter()
                    .find(|(value, _)| value.is_finite() && Tolerance::TIGHT.close(*value, got))
                    .map(|(_, text)| text.clone())
            };
            let verdict = incorrect(&describe(labels), &number(expected), &number(got), mistake);
            return Report::new(GINI_IMPURITY, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(GINI_IMPURITY, verdict);
    }
    Report::new(
        GINI_IMPURITY,
        Verdict::Passed {
            summary: "7 nodes: pure, 50/50, three classes, class numbers with gaps, empty, 200 random labels".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/best-split`.
pub const BEST_SPLIT: &str = "ml/best-split";

/// The learner's split finder: rows, labels and the impurity to minimise.
type SplitFn = dyn Fn(ArrayView2<'_, f64>, ArrayView1<'_, usize>, &dyn Fn(&[usize]) -> f64) -> Option<(usize, f64)>
    + Send;

/// `fn best_split(x: ArrayView2<f64>, y: ArrayView1<usize>, impurity: &dyn Fn(&[usize]) -> f64) -> Option<(usize, f64)>`:
/// judged with the Gini impurity. Any threshold that gives the best partition is accepted.
pub fn best_split<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(
            ArrayView2<'_, f64>,
            ArrayView1<'_, usize>,
            &dyn Fn(&[usize]) -> f64,
        ) -> Option<(usize, f64)>
        + Send
        + 'static,
{
    best_split_boxed(grader, Box::new(learner))
}

/// Labels going left (`x ≤ t`, or `x < t` when `strict`) and right.
fn partition(
    x: &Array2<f64>,
    y: &Array1<usize>,
    feature: usize,
    threshold: f64,
    strict: bool,
) -> (Vec<usize>, Vec<usize>) {
    let mut sides = (Vec::new(), Vec::new());
    for (&value, &label) in x.column(feature).iter().zip(y) {
        let left = if strict {
            value < threshold
        } else {
            value <= threshold
        };
        if left {
            sides.0.push(label);
        } else {
            sides.1.push(label);
        }
    }
    sides
}

/// The weighted impurity of a partition (`weighted` false: the plain average of both sides).
fn score((left, right): &(Vec<usize>, Vec<usize>), weighted: bool) -> f64 {
    if weighted {
        let n = (left.len() + right.len()) as f64;
        (left.len() as f64 * gini(left) + right.len() as f64 * gini(right)) / n
    } else {
        (gini(left) + gini(right)) / 2.0
    }
}

/// The lowest score (`highest`: the highest, a learner's mistake) of any split with both
/// sides non-empty, or None when none exists.
fn best_score(x: &Array2<f64>, y: &Array1<usize>, weighted: bool, highest: bool) -> Option<f64> {
    let mut best: Option<f64> = None;
    for feature in 0..x.ncols() {
        let mut values = x.column(feature).to_vec();
        values.sort_by(f64::total_cmp);
        values.dedup();
        for pair in values.windows(2) {
            let s = score(
                &partition(x, y, feature, (pair[0] + pair[1]) / 2.0, false),
                weighted,
            );
            best = Some(best.map_or(s, |b: f64| if highest { b.max(s) } else { b.min(s) }));
        }
    }
    best
}

fn best_split_boxed(grader: &Grader, learner: Box<SplitFn>) -> Report {
    let mut rng = grader.rng(402);
    let random_x = Array2::from_shape_fn((40, 3), |_| f64::from(rng.gen_range(0..12)));
    let random_y = Array1::from_shape_fn(40, |i| {
        usize::from(random_x[[i, 1]] + rng.gen_range(-3.0..3.0) > 6.0)
    });
    let cases: Vec<(Array2<f64>, Array1<usize>, &str)> = vec![
        (
            array![[1.0], [2.0], [3.0], [4.0]],
            array![0, 0, 1, 1],
            "one feature, two classes cleanly apart",
        ),
        (
            array![
                [7.0, 1.0],
                [3.0, 2.0],
                [5.0, 3.0],
                [4.0, 8.0],
                [6.0, 9.0],
                [2.0, 10.0]
            ],
            array![0, 0, 0, 1, 1, 1],
            "two features; only the second separates the classes",
        ),
        // Cutting off the single row of class 1 at the end makes one pure tiny side;
        // by the weighted score, the middle cut is better.
        (
            array![
                [1.0],
                [2.0],
                [3.0],
                [4.0],
                [5.0],
                [6.0],
                [7.0],
                [8.0],
                [9.0],
                [10.0]
            ],
            array![0, 0, 0, 0, 1, 0, 1, 1, 0, 2],
            "one feature, ten rows, three classes",
        ),
        (
            array![[2.0, 5.0], [2.0, 5.0], [2.0, 5.0]],
            array![0, 1, 0],
            "every feature constant: no split exists",
        ),
        (
            random_x,
            random_y,
            "40 random rows × 3 features with repeated values",
        ),
    ];
    let describe = |(x, y, what): &(Array2<f64>, Array1<usize>, &str)| {
        format!("{what}: x = {}, y = {}", matrix(x), usizes(&y.to_vec()))
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, y, _)| learner(x.view(), y.view(), &gini),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (x, y, _) = case;
        if let Some(message) = split_problem(x, y, got) {
            return Report::new(
                BEST_SPLIT,
                Verdict::Incorrect {
                    message: format!("for input {} {message}", describe(case)),
                },
            );
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(BEST_SPLIT, verdict);
    }
    Report::new(
        BEST_SPLIT,
        Verdict::Passed {
            summary: "5 nodes: clean splits, the informative feature second, three classes, constant features and 40 random rows".into(),
        },
    )
}

/// A best split whose threshold is not the midpoint between the two neighbouring
/// distinct values it falls between (the exercise asks for the midpoint: a threshold at
/// a data value sits on the edge of the gap, and new rows near it go the wrong way).
fn midpoint_problem(x: &Array2<f64>, feature: usize, threshold: f64) -> Option<String> {
    let column = x.column(feature);
    let below = column
        .iter()
        .copied()
        .filter(|&v| v <= threshold)
        .fold(f64::NEG_INFINITY, f64::max);
    let above = column
        .iter()
        .copied()
        .filter(|&v| v > threshold)
        .fold(f64::INFINITY, f64::min);
    let midpoint = (below + above) / 2.0;
    if Tolerance::TIGHT.close(midpoint, threshold) {
        return None;
    }
    Some(format!(
        "expected the threshold {} for feature {feature}, halfway between its neighbouring values {} and {}, got {}: {}",
        number(midpoint),
        number(below),
        number(above),
        number(threshold),
        known_mistake("that split is a best one, but put the threshold at the midpoint between the two neighbouring distinct values, (a + b) / 2, not on a data value")
    ))
}

/// What is wrong with the learner's answer `got`, or None when it is a best split.
fn split_problem(x: &Array2<f64>, y: &Array1<usize>, got: Option<(usize, f64)>) -> Option<String> {
    let best = best_score(x, y, true, false);
    let (feature, threshold) = match (best, got) {
        (None, None) => return None,
        (None, Some(split)) => {
            return Some(format!(
                "expected None (no feature has two distinct values, so every threshold leaves one side empty), got {split:?}"
            ))
        }
        (Some(best), None) => {
            return Some(format!(
                "expected a split (the best leaves a weighted Gini impurity of {}), got None",
                number(best)
            ))
        }
        (Some(_), Some(split)) => split,
    };
    let best = best.unwrap_or(0.0);
    if feature >= x.ncols() {
        return Some(format!(
            "expected a feature number below {} (x has {} columns), got feature {feature}",
            x.ncols(),
            x.ncols()
        ));
    }
    let sides = partition(x, y, feature, threshold, false);
    let expected = format!("a split with weighted Gini impurity {}", number(best));
    let got_text = format!(
        "feature {feature}, threshold {}, which leaves {}",
        number(threshold),
        number(score(&sides, true))
    );
    if sides.0.is_empty() || sides.1.is_empty() {
        let strict = partition(x, y, feature, threshold, true);
        let concept = if !strict.0.is_empty() && Tolerance::TIGHT.close(best, score(&strict, true))
        {
            // The same mistake as below, where the best split's right side is a single value.
            known_mistake("rows with x ≤ threshold go left (x[[i, j]] <= threshold); with that rule this threshold moves a row to the other side: use the midpoint between two neighbouring values")
        } else {
            "that threshold puts every row on the same side: a split needs rows on both sides"
                .into()
        };
        return Some(format!("expected {expected}, got {got_text}: {concept}"));
    }
    if Tolerance::TIGHT.close(best, score(&sides, true)) {
        return midpoint_problem(x, feature, threshold);
    }
    let strict = partition(x, y, feature, threshold, true);
    let concept = if !strict.0.is_empty()
        && !strict.1.is_empty()
        && Tolerance::TIGHT.close(best, score(&strict, true))
    {
        Some(known_mistake("rows with x ≤ threshold go left (x[[i, j]] <= threshold); with that rule this threshold moves a row to the other side: use the midpoint between two neighbouring values"))
    } else if best_score(x, y, false, false)
        .is_some_and(|unweighted| Tolerance::TIGHT.close(unweighted, score(&sides, false)))
    {
        Some(known_mistake("looks like you averaged the two sides' impurities: weight each by its share of the rows, (n_left · impurity(left) + n_right · impurity(right)) / n, or a tiny pure side looks as good as a big one"))
    } else if best_score(x, y, true, true)
        .is_some_and(|worst| Tolerance::TIGHT.close(worst, score(&sides, true)))
    {
        Some(known_mistake("that is the split with the highest score, the least pure children: keep the split with the lowest score, not the highest"))
    } else {
        None
    };
    let mut message = format!("expected {expected}, got {got_text}");
    if let Some(concept) = concept {
        message.push_str(": ");
        message.push_str(&concept);
    }
    Some(message)
}

// ---------------------------------------------------------------------------------

/// `ml/bootstrap-sample`.
pub const BOOTSTRAP_SAMPLE: &str = "ml/bootstrap-sample";

/// `fn bootstrap_sample(n: usize, rng: &mut StdRng) -> Vec<usize>`.
pub fn bootstrap_sample<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(usize, &mut StdRng) -> Vec<usize> + Send + 'static,
{
    bootstrap_sample_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type BootstrapFn = dyn Fn(usize, &mut StdRng) -> Vec<usize> + Send;

/// The share of distinct rows in a bootstrap sample of 1,000 is 0.632 ± 0.01 (one
/// standard deviation); this range is about five either side.
const DISTINCT: (f64, f64) = (0.58, 0.68);

fn bootstrap_sample_boxed(grader: &Grader, learner: Box<BootstrapFn>) -> Report {
    let seed = grader.seed();
    // (n, seed): the first two are the same call twice; then a different seed; then 30
    // small samples, where a range that leaves out 0 or n − 1 shows.
    let mut cases: Vec<(usize, u64)> = vec![(1000, seed), (1000, seed), (1000, seed + 1)];
    cases.extend((0..30).map(|s| (10, seed + 100 + s)));
    let describe =
        |(n, seed): &(usize, u64)| format!("n = {n}, rng = StdRng::seed_from_u64({seed})");
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(n, seed)| learner(*n, &mut StdRng::seed_from_u64(*seed)),
    );
    for (case, sample) in cases.iter().zip(&run.outputs) {
        let (n, _) = *case;
        if sample.len() != n {
            let message = format!(
                "for input {} expected {n} row numbers (a bootstrap sample is as big as the data), got {}",
                describe(case),
                sample.len()
            );
            return Report::new(BOOTSTRAP_SAMPLE, Verdict::Incorrect { message });
        }
        if let Some(bad) = sample.iter().find(|&&row| row >= n) {
            let message = format!(
                "for input {} expected row numbers in 0..{n}, got {bad}: draw with `rng.gen_range(0..n)`, which never returns n",
                describe(case)
            );
            return Report::new(BOOTSTRAP_SAMPLE, Verdict::Incorrect { message });
        }
    }
    if run.outputs.len() >= 3 {
        let (first, again, other) = (&run.outputs[0], &run.outputs[1], &run.outputs[2]);
        let distinct = first.iter().collect::<HashSet<_>>().len() as f64 / first.len() as f64;
        let problem = if first != again {
            Some(known_mistake("two calls with the same seed gave different samples: draw from the `rng` you are given (not `thread_rng()`), so a seed reproduces the forest"))
        } else if first == other {
            Some(known_mistake(
                "two different seeds gave the same sample: draw every row number from `rng`",
            ))
        } else if distinct >= 0.999 {
            Some(known_mistake(format!("every row appears exactly once ({} distinct of 1000): that is a shuffle; a bootstrap sample draws with replacement, so about 63% of the rows appear and some appear twice or more", number(distinct * 1000.0))))
        } else if !(DISTINCT.0..=DISTINCT.1).contains(&distinct) {
            Some(known_mistake(format!("{} of 1000 rows are distinct, but n independent draws from 0..n leave about 632 (63.2%): draw each row number uniformly from 0..n", number(distinct * 1000.0))))
        } else {
            None
        };
        if let Some(problem) = problem {
            let message = format!("for input {} {problem}", describe(&cases[0]));
            return Report::new(BOOTSTRAP_SAMPLE, Verdict::Incorrect { message });
        }
    }
    if run.failure.is_none() {
        let small: Vec<usize> = run.outputs[3..].iter().flatten().copied().collect();
        for (row, what) in [(0, "0"), (9, "n − 1")] {
            if !small.contains(&row) {
                let message = format!(
                    "for input n = 10, 30 seeds, row {row} was never drawn in 300 draws: the range must include {what}, `rng.gen_range(0..n)`"
                );
                return Report::new(BOOTSTRAP_SAMPLE, Verdict::Incorrect { message });
            }
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(BOOTSTRAP_SAMPLE, verdict);
    }
    Report::new(
        BOOTSTRAP_SAMPLE,
        Verdict::Passed {
            summary: "n = 1000: reproducible for a seed, about 63% distinct rows; 30 samples of n = 10 reach rows 0 and 9".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/majority-vote`.
pub const MAJORITY_VOTE: &str = "ml/majority-vote";

/// `fn majority_vote(predictions: &[Array1<usize>]) -> Array1<usize>`.
pub fn majority_vote<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[Array1<usize>]) -> Array1<usize> + Send + 'static,
{
    majority_vote_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type VoteFn = dyn Fn(&[Array1<usize>]) -> Array1<usize> + Send;

/// Per row, the class with the most votes; ties to the lowest (`highest`: to the highest).
fn vote(predictions: &[Array1<usize>], highest: bool) -> Array1<usize> {
    let rows = predictions.first().map_or(0, |p| p.len());
    (0..rows)
        .map(|row| majority(predictions.iter().map(|model| model[row]), highest))
        .collect()
}

fn majority_vote_boxed(grader: &Grader, learner: Box<VoteFn>) -> Report {
    let mut rng = grader.rng(404);
    let forest: Vec<Array1<usize>> = (0..25)
        .map(|_| Array1::from_shape_fn(30, |_| rng.gen_range(0..4)))
        .collect();
    let cases: Vec<Vec<Array1<usize>>> = vec![
        vec![array![0, 1, 1, 2], array![0, 1, 0, 2], array![1, 1, 0, 0]],
        // Ties: one vote each.
        vec![array![0, 1, 2], array![1, 0, 1]],
        vec![array![2, 0, 1, 1, 0]],
        forest,
    ];
    let describe = |predictions: &Vec<Array1<usize>>| {
        if predictions.len() > 4 {
            format!(
                "{} models' predictions for {} rows each",
                predictions.len(),
                predictions.first().map_or(0, |p| p.len())
            )
        } else {
            let shown: Vec<String> = predictions.iter().map(|p| usizes(&p.to_vec())).collect();
            format!("predictions = [{}]", shown.join(", "))
        }
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |predictions| learner(predictions),
    );
    for (predictions, got) in cases.iter().zip(run.outputs) {
        let expected = vote(predictions, false);
        if got.len() != expected.len() {
            let mut message = format!(
                "for input {} expected {} classes (one per row), got {}",
                describe(predictions),
                expected.len(),
                got.len()
            );
            if got.len() == predictions.len() {
                message.push_str(": looks like you voted across each model's rows; each row's vote is among the models, `predictions[m][row]` for every m");
            }
            return Report::new(MAJORITY_VOTE, Verdict::Incorrect { message });
        }
        if got != expected {
            let mistake = if got == vote(predictions, true) {
                Some(known_mistake("a tie must go to the lower class number: replace the leader only when a class has strictly more votes"))
            } else if predictions.first() == Some(&got) {
                Some(known_mistake(
                    "those are the first model's predictions: count every model's vote",
                ))
            } else {
                None
            };
            let verdict = incorrect(
                &describe(predictions),
                &usizes(&expected.to_vec()),
                &usizes(&got.to_vec()),
                mistake,
            );
            return Report::new(MAJORITY_VOTE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(MAJORITY_VOTE, verdict);
    }
    Report::new(
        MAJORITY_VOTE,
        Verdict::Passed {
            summary: "4 ensembles: three models, ties, a single model, 25 random models".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_are_counted_per_row_and_ties_broken_by_class() {
        // Rows: (0, 0, 1) → 0, (1, 1, 1) → 1, (1, 0, 0) → 0, (2, 2, 0) → 2.
        let predictions = [array![0, 1, 1, 2], array![0, 1, 0, 2], array![1, 1, 0, 0]];
        assert_eq!(vote(&predictions, false), array![0, 1, 0, 2]);
        // One vote each: the lower class, or the higher one for the mistake.
        let tied = [array![0, 1, 2], array![1, 0, 1]];
        assert_eq!(vote(&tied, false), array![0, 0, 1]);
        assert_eq!(vote(&tied, true), array![1, 1, 2]);
    }
}
