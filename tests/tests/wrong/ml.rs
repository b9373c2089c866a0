//! Plausible wrong answers to the ml exercises, and the words their verdicts must contain.

use super::Wrong;
use ferrolab::grade::checks;
use ferrolab::grade::checks::ml::Predictions;
use ferrolab::grade::Classifier;
use ferrolab::prelude::*;

/// This stage's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "ml/nearest-centroid",
            what: "picks the farthest centroid",
            grade: |g| checks::ml::nearest_centroid(g, FarthestCentroid::fit),
            says: "expected classes [0, 1, 2, 1], got [1, 0, 1, 0]: looks like you picked the farthest centroid",
        },
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
            id: "ml/normal-equation",
            what: "leaves out the column of ones",
            grade: |g| checks::ml::normal_equation(g, normal_equation_without_intercept),
            says: "expected 2 weights (the intercept, then one per feature), got 1: looks like the model has no intercept",
        },
        Wrong {
            id: "ml/rmse",
            what: "forgets the square root",
            grade: |g| checks::ml::rmse(g, mean_squared_error),
            says: "expected 0.6124, got 0.375: that is the mean squared error (MSE)",
        },
        Wrong {
            id: "ml/r-squared",
            what: "returns SS_res / SS_tot",
            grade: |g| checks::ml::r_squared(g, unexplained_share),
            says: "the share the model leaves unexplained: R² is 1 minus it",
        },
        Wrong {
            id: "ml/r-squared",
            what: "squares the correlation",
            grade: |g| checks::ml::r_squared(g, squared_correlation),
            says: "that is the squared correlation between y and y_hat",
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
            id: "ml/auc",
            what: "rectangles instead of trapezoids",
            grade: |g| checks::ml::auc(g, auc_left_rectangles),
            says: "expected 0.5, got 0: looks like rectangles with the left point's height",
        },
        Wrong {
            id: "ml/knn-predict",
            what: "ignores k",
            grade: |g| checks::ml::knn_predict(g, knn_one_neighbour),
            says: "looks like you used only the nearest neighbour: let the 3 nearest vote",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "does not normalise the rows",
            grade: |g| checks::ml::tf_idf(g, tf_idf_unnormalised),
            says: "divide each row by its Euclidean (L2) length",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "learns the idf from the documents being weighed",
            grade: |g| checks::ml::tf_idf(g, tf_idf_idf_from_counts),
            says: "the document frequencies must come from `train_counts`",
        },
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
    ]
}

/// Right centroids, wrong choice: the largest distance wins.
pub struct FarthestCentroid(Array2<f64>);

impl Classifier for FarthestCentroid {
    fn fit(records: ArrayView2<'_, f64>, targets: ArrayView1<'_, usize>) -> Self {
        let classes = targets.iter().max().map_or(0, |m| m + 1);
        let means = (0..classes).map(|c| {
            let rows: Vec<usize> = (0..targets.len()).filter(|&i| targets[i] == c).collect();
            records.select(Axis(0), &rows).mean_axis(Axis(0)).unwrap()
        });
        let means: Vec<Array1<f64>> = means.collect();
        let views: Vec<ArrayView1<'_, f64>> = means.iter().map(|m| m.view()).collect();
        FarthestCentroid(stack(Axis(0), &views).unwrap())
    }

    fn predict(&self, records: ArrayView2<'_, f64>) -> Array1<usize> {
        let farthest = |row: ArrayView1<'_, f64>| {
            let distances = self
                .0
                .rows()
                .into_iter()
                .map(|c| (&c - &row).mapv(|d| d * d).sum());
            distances
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(0, |(class, _)| class)
        };
        records.rows().into_iter().map(farthest).collect()
    }
}

pub fn predicts_training_rows(train: &Dataset<f64, usize, Ix1>, _: &Array2<f64>) -> Predictions {
    let model = LogisticRegression::new().fit(train)?;
    Ok(model.predict(train.records()))
}

pub fn unscaled_logistic_regression(
    train: &Dataset<f64, usize, Ix1>,
    test: &Array2<f64>,
) -> Predictions {
    let model = LogisticRegression::new().fit(train)?;
    Ok(model.predict(test))
}

pub fn normal_equation_without_intercept(x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    solutions::ml::normal_equation::solve(x.t().dot(x), x.t().dot(y))
}

pub fn mean_squared_error(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    (y - y_hat).mapv(|e| e * e).mean().unwrap()
}

pub fn unexplained_share(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    let mean = y.mean().unwrap();
    (y - y_hat).mapv(|e| e * e).sum() / y.mapv(|v| (v - mean).powi(2)).sum()
}

pub fn squared_correlation(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    let (a, b) = (y - y.mean().unwrap(), y_hat - y_hat.mean().unwrap());
    a.dot(&b).powi(2) / (a.dot(&a) * b.dot(&b))
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

pub fn auc_left_rectangles(curve: &[(f64, f64)]) -> f64 {
    curve.windows(2).map(|w| (w[1].0 - w[0].0) * w[0].1).sum()
}

pub fn knn_one_neighbour(
    train: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    test: ArrayView2<'_, f64>,
    _k: usize,
) -> Array1<usize> {
    solutions::ml::knn_predict::knn_predict(train, labels, test, 1)
}

pub fn tf_idf_unnormalised(train_counts: &Array2<f64>, counts: &Array2<f64>) -> Array2<f64> {
    let n = train_counts.nrows() as f64;
    let df = train_counts.map_axis(Axis(0), |w| w.iter().filter(|&&c| c > 0.0).count() as f64);
    counts * &df.mapv(|d| ((1.0 + n) / (1.0 + d)).ln() + 1.0)
}

pub fn tf_idf_idf_from_counts(_train_counts: &Array2<f64>, counts: &Array2<f64>) -> Array2<f64> {
    solutions::ml::tf_idf::tf_idf(counts, counts)
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
