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
