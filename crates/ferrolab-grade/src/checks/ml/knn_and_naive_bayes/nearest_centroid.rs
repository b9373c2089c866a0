//! `ml/nearest-centroid`, in lesson 3 (nearest neighbours and Bayes): a classifier
//! judged on hand-made clusters and on held-out iris flowers. Its own file because the
//! lesson outgrew one.

use super::super::{accuracy, load, prediction_mistake, split, Split, TRAINING_LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::number;
use crate::data_source::Labelled;
use crate::sandbox::run_cases;
use crate::traits::Classifier;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2, ArrayView1, ArrayView2};

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
    // One class of a single far row beside a class of three: a centroid that divides
    // by anything but the class's own row count lands elsewhere, and (6, 0) changes side.
    let unbalanced = Split {
        train: Labelled {
            records: array![[3., 0.], [10., 0.], [4., 0.], [5., 0.]],
            targets: array![1, 0, 1, 1],
        },
        test: Labelled {
            records: array![[6., 0.], [9., 0.], [1., 0.]],
            targets: array![1, 0, 1],
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
            unbalanced,
            "2 classes on a line: one row at x = 10, three at x = 3, 4 and 5",
        ),
        (
            iris,
            "iris, a seeded 70/30 split (105 flowers to fit, 45 to predict)",
        ),
    ];
    let describe = |(_, what): &(Split, &str)| what.to_string();
    let run = run_cases(
        grader.limit(TRAINING_LIMIT),
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
        let hand_made = index < 2;
        if hand_made && predicted != *truth {
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
        if !hand_made && score < NEAREST_CENTROID_TARGET {
            let verdict = incorrect(
                what,
                &format!("accuracy ≥ {}", number(NEAREST_CENTROID_TARGET)),
                &number(score),
                prediction_mistake(&predicted, truth, &["setosa", "versicolor", "virginica"]),
            );
            return Report::new(NEAREST_CENTROID, verdict);
        }
        if !hand_made {
            iris_score = Some(score);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(NEAREST_CENTROID, verdict);
    }
    let summary = format!(
        "3 clusters, an unbalanced pair of classes, and accuracy {} on 45 held-out iris flowers, target ≥ {}",
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
        Some(known_mistake("looks like you picked the farthest centroid: predict the class with the smallest distance"))
    } else if by_centroids(&sums, test, false) == *predicted {
        Some(known_mistake(
            "looks like your centroids are sums: divide each class's sum by its number of rows",
        ))
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ndarray::Axis;

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
}
