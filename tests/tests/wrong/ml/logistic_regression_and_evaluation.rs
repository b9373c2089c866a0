//! Wrong answers to ml lesson 2, logistic regression and evaluation:
//! notebooks/03-ml/02-logistic-regression-and-evaluation.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::grade::checks::ml::Predictions;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "ml/logistic-regression",
            what: "predicts the training rows",
            grade: |g| checks::ml::logistic_regression(g, predicts_training_rows),
            says: "expected 114 predictions (one per held-out row), got 455: looks like you predicted the training rows",
        },
        Wrong {
            id: "ml/logistic-regression",
            what: "does not standardise the features",
            grade: |g| checks::ml::logistic_regression(g, unscaled_logistic_regression),
            says: "standardise the features",
        },
        Wrong {
            id: "ml/logistic-regression",
            what: "does not standardise, but iterates long enough to pass the accuracy bar",
            grade: |g| checks::ml::logistic_regression(g, unscaled_but_patient_logistic_regression),
            says: "then a change of units changes nothing",
        },
        Wrong {
            id: "ml/logistic-regression",
            what: "scales the test rows with their own mean and standard deviation",
            grade: |g| checks::ml::logistic_regression(g, test_scaled_with_its_own_statistics),
            says: "a prediction must not depend on which other rows are predicted with it; looks like the test rows were scaled with their own statistics",
        },
        Wrong {
            id: "ml/precision-recall-f1",
            what: "swaps precision and recall",
            grade: |g| checks::ml::precision_recall_f1(g, recall_precision_f1),
            says: "expected (precision 0.5, recall 0.6667, F1 0.5714), got (precision 0.6667, recall 0.5, F1 0.5714): precision and recall are swapped",
        },
        Wrong {
            id: "ml/precision-recall-f1",
            what: "averages precision and recall for F1",
            grade: |g| checks::ml::precision_recall_f1(g, arithmetic_f1),
            says: "F1 is the harmonic mean",
        },
        Wrong {
            id: "ml/roc-curve",
            what: "walks the rows in input order",
            grade: |g| checks::ml::roc_curve(g, roc_in_input_order),
            says: "looks like you walked the rows in their input order",
        },
        Wrong {
            id: "ml/roc-curve",
            what: "one point per row, even for tied scores",
            grade: |g| checks::ml::roc_curve(g, roc_without_ties),
            says: "rows with tied scores cross the threshold together",
        },
        Wrong {
            id: "ml/roc-curve",
            what: "puts the true-positive rate first in each point",
            grade: |g| checks::ml::roc_curve(g, roc_with_rates_swapped),
            says: "the coordinates are swapped: each point is (false-positive rate, true-positive rate)",
        },
        Wrong {
            id: "ml/auc",
            what: "rectangles instead of trapezoids",
            grade: |g| checks::ml::auc(g, auc_left_rectangles),
            says: "expected 0.5, got 0: looks like rectangles with the left point's height",
        },
        Wrong {
            id: "ml/roc-curve",
            what: "walks the scores from lowest to highest",
            grade: |g| checks::ml::roc_curve(g, roc_lowest_first),
            says: "looks like you sorted the scores from lowest to highest",
        },
        Wrong {
            id: "ml/roc-curve",
            what: "leaves out the (0, 0) point",
            grade: |g| checks::ml::roc_curve(g, roc_without_origin),
            says: "the first point is missing",
        },
        Wrong {
            id: "ml/auc",
            what: "returns the curve's width",
            grade: |g| checks::ml::auc(g, auc_width),
            says: "that is the curve's total width",
        },
        Wrong {
            id: "ml/roc-curve",
            what: "returns counts, not rates",
            grade: |g| checks::ml::roc_curve(g, roc_counts),
            says: "those are counts",
        },
        Wrong {
            id: "ml/precision-recall-f1",
            what: "scores the other class",
            grade: |g| checks::ml::precision_recall_f1(g, scores_of_the_other_class),
            says: "these are the scores of class",
        },
        Wrong {
            id: "ml/precision-recall-f1",
            what: "divides by zero when nothing is predicted positive",
            grade: |g| checks::ml::precision_recall_f1(g, precision_recall_f1_unguarded),
            says: "a NaN: when a denominator is 0",
        },
        Wrong {
            id: "ml/auc",
            what: "uses the right point's height",
            grade: |g| checks::ml::auc(g, auc_right_rectangles),
            says: "looks like rectangles with the right point's height",
        },
        Wrong {
            id: "ml/auc",
            what: "adds the two heights without halving",
            grade: |g| checks::ml::auc(g, auc_unhalved),
            says: "twice the area: a trapezoid's height is the average of its two sides",
        },
        Wrong {
            id: "ml/auc",
            what: "averages the slices' heights",
            grade: |g| checks::ml::auc(g, auc_mean_height),
            says: "that averages the heights without their widths",
        },
    ]
}

pub fn predicts_training_rows(train: &Dataset<f64, usize, Ix1>, _: &Array2<f64>) -> Predictions {
    let model = LogisticRegression::new().fit(train)?;
    Ok(model.predict(train.records()))
}

pub fn unscaled_but_patient_logistic_regression(
    train: &Dataset<f64, usize, Ix1>,
    test: &Array2<f64>,
) -> Predictions {
    let model = LogisticRegression::new().max_iterations(300).fit(train)?;
    Ok(model.predict(test))
}

pub fn unscaled_logistic_regression(
    train: &Dataset<f64, usize, Ix1>,
    test: &Array2<f64>,
) -> Predictions {
    let model = LogisticRegression::new().fit(train)?;
    Ok(model.predict(test))
}

/// Each table standardised with its own columns' mean and (population) deviation.
fn own_scale(x: &Array2<f64>) -> Array2<f64> {
    let mean = x.sum_axis(Axis(0)) / x.nrows() as f64;
    let std = x
        .std_axis(Axis(0), 0.0)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    (x - &mean) / &std
}

pub fn test_scaled_with_its_own_statistics(
    train: &Dataset<f64, usize, Ix1>,
    test: &Array2<f64>,
) -> Predictions {
    let scaled = Dataset::new(own_scale(train.records()), train.targets().clone());
    let model = LogisticRegression::new().max_iterations(200).fit(&scaled)?;
    Ok(model.predict(&own_scale(test)))
}

pub fn recall_precision_f1(
    predicted: &Array1<usize>,
    actual: &Array1<usize>,
    positive: usize,
) -> (f64, f64, f64) {
    let (p, r, f1) =
        solutions::ml::precision_recall_f1::precision_recall_f1(predicted, actual, positive);
    (r, p, f1)
}

pub fn arithmetic_f1(
    predicted: &Array1<usize>,
    actual: &Array1<usize>,
    positive: usize,
) -> (f64, f64, f64) {
    let (p, r, _) =
        solutions::ml::precision_recall_f1::precision_recall_f1(predicted, actual, positive);
    (p, r, (p + r) / 2.0)
}

/// One point per row, rows in the order given or (with ties) sorted.
fn roc_points(scores: &Array1<f64>, positive: &Array1<bool>, sort: bool) -> Vec<(f64, f64)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    if sort {
        order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i]));
    }
    let positives = positive.iter().filter(|p| **p).count() as f64;
    let negatives = positive.len() as f64 - positives;
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut curve = vec![(0.0, 0.0)];
    for row in order {
        if positive[row] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        curve.push((fp / negatives, tp / positives));
    }
    curve
}

pub fn roc_in_input_order(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)> {
    roc_points(scores, positive, false)
}

pub fn roc_without_ties(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)> {
    roc_points(scores, positive, true)
}

pub fn roc_with_rates_swapped(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)> {
    solutions::ml::roc_curve::roc_curve(scores, positive)
        .into_iter()
        .map(|(fpr, tpr)| (tpr, fpr))
        .collect()
}

pub fn auc_left_rectangles(curve: &[(f64, f64)]) -> f64 {
    curve.windows(2).map(|w| (w[1].0 - w[0].0) * w[0].1).sum()
}

pub fn roc_lowest_first(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)> {
    solutions::ml::roc_curve::roc_curve(&scores.mapv(|s| -s), positive)
}

pub fn roc_without_origin(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)> {
    solutions::ml::roc_curve::roc_curve(scores, positive)
        .into_iter()
        .skip(1)
        .collect()
}

pub fn auc_width(curve: &[(f64, f64)]) -> f64 {
    curve.windows(2).map(|w| w[1].0 - w[0].0).sum()
}

pub fn roc_counts(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)> {
    let positives = positive.iter().filter(|p| **p).count() as f64;
    let negatives = positive.len() as f64 - positives;
    solutions::ml::roc_curve::roc_curve(scores, positive)
        .into_iter()
        .map(|(fpr, tpr)| ((fpr * negatives).round(), (tpr * positives).round()))
        .collect()
}

pub fn scores_of_the_other_class(
    predicted: &Array1<usize>,
    actual: &Array1<usize>,
    positive: usize,
) -> (f64, f64, f64) {
    solutions::ml::precision_recall_f1::precision_recall_f1(predicted, actual, 1 - positive.min(1))
}

pub fn precision_recall_f1_unguarded(
    predicted: &Array1<usize>,
    actual: &Array1<usize>,
    positive: usize,
) -> (f64, f64, f64) {
    let count = |p: bool, a: bool| {
        (predicted.iter().zip(actual))
            .filter(|(x, y)| (**x == positive) == p && (**y == positive) == a)
            .count() as f64
    };
    let (tp, fp, fneg) = (count(true, true), count(true, false), count(false, true));
    let (precision, recall) = (tp / (tp + fp), tp / (tp + fneg));
    (
        precision,
        recall,
        2.0 * precision * recall / (precision + recall),
    )
}

pub fn auc_right_rectangles(curve: &[(f64, f64)]) -> f64 {
    curve.windows(2).map(|w| (w[1].0 - w[0].0) * w[1].1).sum()
}

pub fn auc_unhalved(curve: &[(f64, f64)]) -> f64 {
    curve
        .windows(2)
        .map(|w| (w[1].0 - w[0].0) * (w[0].1 + w[1].1))
        .sum()
}

pub fn auc_mean_height(curve: &[(f64, f64)]) -> f64 {
    let heights: Vec<f64> = curve.windows(2).map(|w| (w[0].1 + w[1].1) / 2.0).collect();
    heights.iter().sum::<f64>() / heights.len().max(1) as f64
}
