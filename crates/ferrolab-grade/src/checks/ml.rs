//! Stage `ml`: models judged on rows they never saw, and the pieces of classic
//! algorithms (metrics, splits, votes) judged against references computed here.
//!
//! Every split is seeded (the [`Grader`]'s seed), so a verdict is the same on every run;
//! targets are stated in the exercise and met by the reference solution with a margin.

use super::incorrect;
use crate::compare::{number, Tolerance};
use crate::data_source::Labelled;
use crate::sandbox::run_cases;
use crate::traits::Classifier;
use crate::{Grader, Report, Verdict};
use linfa::Dataset;
use ndarray::{array, Array1, Array2, ArrayView1, ArrayView2, Axis, Ix1};
use rand::seq::SliceRandom;
use std::time::Duration;

// One module per lesson, re-exported so that every id maps to `checks::ml::<name>`.
mod clustering;
mod evaluation;
mod kernels;
mod neighbours;
mod projects;
mod regression;
mod selection;
mod trees;
pub use clustering::*;
pub use evaluation::*;
pub use kernels::*;
pub use neighbours::*;
pub use projects::*;
pub use regression::*;
pub use selection::*;
pub use trees::*;

/// Training on a few hundred rows takes well under a second; the rest is slack for a
/// busy machine (tests run in parallel).
const LIMIT: Duration = Duration::from_secs(120);

/// For the exercises that are functions on small arrays (lessons 5–8): they finish in
/// milliseconds, so this only catches endless loops.
const FUNCTION_LIMIT: Duration = Duration::from_secs(20);

/// A matrix of values drawn uniformly from -3..3.
fn random_matrix(rng: &mut impl rand::Rng, rows: usize, cols: usize) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |_| rng.gen_range(-3.0..3.0))
}

/// Both values within [`Tolerance::TIGHT`].
fn close(expected: f64, got: f64) -> bool {
    Tolerance::TIGHT.close(expected, got)
}

/// A seeded split of a labelled set: `train_share` of the rows (shuffled) for training.
#[derive(Debug, Clone)]
struct Split {
    train: Labelled,
    test: Labelled,
}

fn split(data: &Labelled, train_share: f64, grader: &Grader, stream: u64) -> Split {
    let mut rows: Vec<usize> = (0..data.targets.len()).collect();
    rows.shuffle(&mut grader.rng(stream));
    let cut = (rows.len() as f64 * train_share).round() as usize;
    let take = |rows: &[usize]| Labelled {
        records: data.records.select(Axis(0), rows),
        targets: data.targets.select(Axis(0), rows),
    };
    Split {
        train: take(&rows[..cut]),
        test: take(&rows[cut..]),
    }
}

fn accuracy(predicted: &Array1<usize>, truth: &Array1<usize>) -> f64 {
    let right = predicted.iter().zip(truth).filter(|(p, t)| p == t).count();
    right as f64 / truth.len().max(1) as f64
}

fn load(grader: &Grader, name: &str) -> Result<Labelled, Verdict> {
    grader
        .data()?
        .labelled(name)
        .map_err(|reason| Verdict::CannotGrade { reason })
}

/// What is wrong with predictions that miss the target, when something recognisable is.
fn prediction_mistake(
    predicted: &Array1<usize>,
    truth: &Array1<usize>,
    names: &[&str],
) -> Option<String> {
    let first = *predicted.first()?;
    if predicted.iter().all(|p| *p == first) {
        let name = names.get(first).copied().unwrap_or("that class");
        return Some(format!(
            "every prediction is class {first} ({name}): the model ignores the features; check that it is trained \
             on the training rows and, for gradient-based models, that the features are standardised"
        ));
    }
    let flipped = predicted.mapv(|p| {
        if p < names.len() {
            names.len() - 1 - p
        } else {
            p
        }
    });
    if names.len() == 2 && accuracy(&flipped, truth) > 0.5 && accuracy(predicted, truth) < 0.5 {
        return Some("worse than a coin flip: looks like the two labels are swapped".into());
    }
    None
}

// ---------------------------------------------------------------------------------

/// `ml/nearest-centroid`.
pub const NEAREST_CENTROID: &str = "ml/nearest-centroid";

/// The accuracy `ml/nearest-centroid` must reach on held-out iris flowers.
pub const NEAREST_CENTROID_TARGET: f64 = 0.9;

/// A [`Classifier`] that predicts the class whose mean row (centroid) is nearest. The
/// learner passes their type's constructor: `check!(ml::nearest_centroid, NearestCentroid::fit)`.
pub fn nearest_centroid<C, F>(grader: &Grader, fit: F) -> Report
where
    C: Classifier,
    F: Fn(ArrayView2<'_, f64>, ArrayView1<'_, usize>) -> C + Send + 'static,
{
    let fit_predict =
        move |train: ArrayView2<'_, f64>,
              targets: ArrayView1<'_, usize>,
              test: ArrayView2<'_, f64>| { fit(train, targets).predict(test) };
    nearest_centroid_boxed(grader, Box::new(fit_predict))
}

/// Fit on the first two arguments, predict the third.
type FitPredict = Box<
    dyn Fn(ArrayView2<'_, f64>, ArrayView1<'_, usize>, ArrayView2<'_, f64>) -> Array1<usize> + Send,
>;

/// The body of [`nearest_centroid`], compiled once here rather than in every learner's crate.
fn nearest_centroid_boxed(grader: &Grader, fit_predict: FitPredict) -> Report {
    // Three clusters of three points, rows shuffled so classes are not in order.
    let clusters = Split {
        train: Labelled {
            records: array![
                [0., 0.],
                [10., 10.],
                [0., 10.],
                [1., 0.],
                [9., 10.],
                [1., 10.],
                [0., 1.],
                [10., 9.],
                [0., 9.]
            ],
            targets: array![0, 1, 2, 0, 1, 2, 0, 1, 2],
        },
        test: Labelled {
            records: array![[1., 1.], [9., 9.], [1., 9.], [6., 6.]],
            targets: array![0, 1, 2, 1],
        },
    };
    let iris = match load(grader, "iris") {
        Ok(iris) => split(&iris, 0.7, grader, 40),
        Err(verdict) => return Report::new(NEAREST_CENTROID, verdict),
    };
    let cases = vec![
        (
            clusters,
            "3 clusters of 2-D points: centroids near (0, 0), (10, 10) and (0, 10)",
        ),
        (
            iris,
            "iris, a seeded 70/30 split (105 flowers to fit, 45 to predict)",
        ),
    ];
    let describe = |(_, what): &(Split, &str)| what.to_string();
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(split, _)| {
            fit_predict(
                split.train.records.view(),
                split.train.targets.view(),
                split.test.records.view(),
            )
        },
    );
    let mut iris_score = None;
    for (index, ((split, what), predicted)) in cases.iter().zip(run.outputs).enumerate() {
        let truth = &split.test.targets;
        if predicted.len() != truth.len() {
            let message = format!(
                "for input {what} expected {} predictions (one per row to predict), got {}",
                truth.len(),
                predicted.len()
            );
            return Report::new(NEAREST_CENTROID, Verdict::Incorrect { message });
        }
        if index == 0 && predicted != *truth {
            let mistake = centroid_mistake(&split.train, &split.test.records, &predicted);
            let verdict = incorrect(
                what,
                &format!("classes {truth}"),
                &format!("{predicted}"),
                mistake,
            );
            return Report::new(NEAREST_CENTROID, verdict);
        }
        let score = accuracy(&predicted, truth);
        if index == 1 && score < NEAREST_CENTROID_TARGET {
            let verdict = incorrect(
                what,
                &format!("accuracy ≥ {}", number(NEAREST_CENTROID_TARGET)),
                &number(score),
                prediction_mistake(&predicted, truth, &["setosa", "versicolor", "virginica"]),
            );
            return Report::new(NEAREST_CENTROID, verdict);
        }
        if index == 1 {
            iris_score = Some(score);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(NEAREST_CENTROID, verdict);
    }
    let summary = format!(
        "3 clusters, and accuracy {} on 45 held-out iris flowers, target ≥ {}",
        iris_score.map_or_else(|| "?".to_string(), number),
        number(NEAREST_CENTROID_TARGET)
    );
    Report::new(NEAREST_CENTROID, Verdict::Passed { summary })
}

/// Predictions made from `centroids` (one row per class) by `pick` over squared distances.
fn by_centroids(centroids: &Array2<f64>, records: &Array2<f64>, farthest: bool) -> Array1<usize> {
    records
        .rows()
        .into_iter()
        .map(|row| {
            let distances = centroids
                .rows()
                .into_iter()
                .map(|c| (&c - &row).mapv(|d| d * d).sum());
            let ranked = distances.enumerate();
            let best = if farthest {
                ranked.max_by(|a, b| a.1.total_cmp(&b.1))
            } else {
                ranked.min_by(|a, b| a.1.total_cmp(&b.1))
            };
            best.map_or(0, |(class, _)| class)
        })
        .collect()
}

fn centroid_mistake(
    train: &Labelled,
    test: &Array2<f64>,
    predicted: &Array1<usize>,
) -> Option<String> {
    let classes = train.targets.iter().max().map_or(0, |m| m + 1);
    let mut sums = Array2::<f64>::zeros((classes, train.records.ncols()));
    let mut counts = vec![0.0; classes];
    for (row, &class) in train.records.rows().into_iter().zip(&train.targets) {
        let mut sum = sums.row_mut(class);
        sum += &row;
        counts[class] += 1.0;
    }
    let means = Array2::from_shape_fn(sums.dim(), |(c, j)| sums[[c, j]] / counts[c]);
    if by_centroids(&means, test, true) == *predicted {
        Some("looks like you picked the farthest centroid: predict the class with the smallest distance".into())
    } else if by_centroids(&sums, test, false) == *predicted {
        Some(
            "looks like your centroids are sums: divide each class's sum by its number of rows"
                .into(),
        )
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `ml/logistic-regression`.
pub const LOGISTIC_REGRESSION: &str = "ml/logistic-regression";

/// The accuracy `ml/logistic-regression` must reach on held-out tumours.
pub const LOGISTIC_REGRESSION_TARGET: f64 = 0.95;

/// What a learner's training function returns.
pub type Predictions = Result<Array1<usize>, Box<dyn std::error::Error>>;

/// `fn fit_and_predict(train: &Dataset<f64, usize, Ix1>, test: &Array2<f64>) -> Result<Array1<usize>, Box<dyn Error>>`:
/// train a linfa model on `train`, predict a class for every row of `test`. Judged on two
/// seeded 80/20 splits of `breast-cancer`, each of which must reach
/// [`LOGISTIC_REGRESSION_TARGET`].
pub fn logistic_regression<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Dataset<f64, usize, Ix1>, &Array2<f64>) -> Predictions + Send + 'static,
{
    logistic_regression_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type LogisticRegressionFn = dyn Fn(&Dataset<f64, usize, Ix1>, &Array2<f64>) -> Predictions + Send;

/// The body of [`logistic_regression`], compiled once here rather than in every learner's crate.
fn logistic_regression_boxed(grader: &Grader, learner: Box<LogisticRegressionFn>) -> Report {
    let data = match load(grader, "breast-cancer") {
        Ok(data) => data,
        Err(verdict) => return Report::new(LOGISTIC_REGRESSION, verdict),
    };
    let cases: Vec<(Split, String)> = (0..2)
        .map(|n| {
            let split = split(&data, 0.8, grader, 30 + n);
            let what = format!(
                "breast-cancer split {} ({} tumours to train on, {} held out)",
                n + 1,
                split.train.targets.len(),
                split.test.targets.len()
            );
            (split, what)
        })
        .collect();
    let describe = |(_, what): &(Split, String)| what.clone();
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(split, _)| {
            let train = Dataset::new(split.train.records.clone(), split.train.targets.clone());
            learner(&train, &split.test.records).map_err(|e| e.to_string())
        },
    );
    let mut scores = Vec::new();
    for ((split, what), result) in cases.iter().zip(run.outputs) {
        let truth = &split.test.targets;
        let predicted = match result {
            Ok(predicted) => predicted,
            Err(error) => {
                let message = format!("for input {what} your function returned an error: {error}");
                return Report::new(LOGISTIC_REGRESSION, Verdict::Incorrect { message });
            }
        };
        if predicted.len() != truth.len() {
            let mut message = format!(
                "for input {what} expected {} predictions (one per held-out row), got {}",
                truth.len(),
                predicted.len()
            );
            if predicted.len() == split.train.targets.len() {
                message.push_str(": looks like you predicted the training rows; predict on `test`");
            }
            return Report::new(LOGISTIC_REGRESSION, Verdict::Incorrect { message });
        }
        if let Some(bad) = predicted.iter().find(|p| **p > 1) {
            let message = format!(
                "for input {what} predicted class {bad}, but the classes are 0 (malignant) and 1 (benign)"
            );
            return Report::new(LOGISTIC_REGRESSION, Verdict::Incorrect { message });
        }
        let score = accuracy(&predicted, truth);
        if score < LOGISTIC_REGRESSION_TARGET {
            let verdict = incorrect(
                what,
                &format!("accuracy ≥ {}", number(LOGISTIC_REGRESSION_TARGET)),
                &number(score),
                prediction_mistake(&predicted, truth, &["malignant", "benign"]).or_else(|| {
                    Some("standardise the features with the training rows' mean and standard deviation (the 30 \
                          measurements range from 0.001 to 4,000, which stalls the optimiser), and give it enough \
                          iterations"
                        .into())
                }),
            );
            return Report::new(LOGISTIC_REGRESSION, verdict);
        }
        scores.push(number(score));
    }
    if let Some(verdict) = run.failure {
        return Report::new(LOGISTIC_REGRESSION, verdict);
    }
    Report::new(
        LOGISTIC_REGRESSION,
        Verdict::Passed {
            summary: format!(
                "accuracy {} on two seeded 80/20 splits, target ≥ {}",
                scores.join(" and "),
                number(LOGISTIC_REGRESSION_TARGET)
            ),
        },
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    struct Centroids(Array2<f64>);

    impl Classifier for Centroids {
        fn fit(records: ArrayView2<'_, f64>, targets: ArrayView1<'_, usize>) -> Self {
            let classes = targets.iter().max().unwrap() + 1;
            let rows = |c: usize| -> Vec<usize> {
                (0..targets.len()).filter(|&i| targets[i] == c).collect()
            };
            let means = (0..classes).map(|c| {
                records
                    .select(Axis(0), &rows(c))
                    .mean_axis(Axis(0))
                    .unwrap()
            });
            let views: Vec<_> = means.collect();
            Centroids(
                ndarray::stack(Axis(0), &views.iter().map(|m| m.view()).collect::<Vec<_>>())
                    .unwrap(),
            )
        }

        fn predict(&self, records: ArrayView2<'_, f64>) -> Array1<usize> {
            by_centroids(&self.0, &records.to_owned(), false)
        }
    }

    struct Farthest(Centroids);

    impl Classifier for Farthest {
        fn fit(records: ArrayView2<'_, f64>, targets: ArrayView1<'_, usize>) -> Self {
            Farthest(Centroids::fit(records, targets))
        }

        fn predict(&self, records: ArrayView2<'_, f64>) -> Array1<usize> {
            by_centroids(&self.0 .0, &records.to_owned(), true)
        }
    }

    #[test]
    fn the_hand_made_clusters_catch_the_farthest_centroid() {
        // No data source: the clusters case runs, then iris cannot be loaded.
        let report = nearest_centroid(&Grader::new(), Centroids::fit);
        assert!(
            matches!(report.verdict, Verdict::CannotGrade { .. }),
            "{:?}",
            report.verdict
        );
        let split = Split {
            train: Labelled {
                records: array![[0., 0.], [10., 10.]],
                targets: array![0, 1],
            },
            test: Labelled {
                records: array![[1., 1.]],
                targets: array![0],
            },
        };
        let predicted = Farthest::fit(split.train.records.view(), split.train.targets.view())
            .predict(split.test.records.view());
        let mistake = centroid_mistake(&split.train, &split.test.records, &predicted).unwrap();
        assert!(mistake.contains("farthest centroid"), "{mistake}");
    }

    #[test]
    fn splits_are_seeded_and_disjoint() {
        let data = Labelled {
            records: Array2::from_shape_fn((10, 1), |(i, _)| i as f64),
            targets: Array1::zeros(10),
        };
        let grader = Grader::new();
        let a = split(&data, 0.8, &grader, 1);
        let b = split(&data, 0.8, &grader, 1);
        assert_eq!(a.test.records, b.test.records);
        assert_eq!((a.train.targets.len(), a.test.targets.len()), (8, 2));
        let mut all: Vec<f64> = a
            .train
            .records
            .iter()
            .chain(a.test.records.iter())
            .copied()
            .collect();
        all.sort_by(f64::total_cmp);
        assert_eq!(all, (0..10).map(f64::from).collect::<Vec<_>>());
    }

    #[test]
    fn a_constant_prediction_is_explained() {
        let text = prediction_mistake(&array![1, 1, 1], &array![0, 1, 0], &["malignant", "benign"])
            .unwrap();
        assert!(
            text.contains("every prediction is class 1 (benign)"),
            "{text}"
        );
        let swapped = prediction_mistake(
            &array![1, 0, 1, 0],
            &array![0, 1, 0, 0],
            &["malignant", "benign"],
        )
        .unwrap();
        assert!(swapped.contains("labels are swapped"), "{swapped}");
    }
}
