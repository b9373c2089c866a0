//! Stage `ml`: models judged on rows they never saw, and the pieces of classic
//! algorithms (metrics, splits, votes) judged against references computed here.
//!
//! Every split is seeded (the [`Grader`]'s seed), so a verdict is the same on every run;
//! targets are stated in the exercise and met by the reference solution with a margin.
//!
//! One file per lesson, named after its notebook (`notebooks/03-ml/04-trees-and-ensembles.ipynb`
//! → [`trees_and_ensembles`]; the two project notebooks of lesson 8 are two files); this
//! root holds only the helpers the lessons share, and re-exports every lesson's public
//! items so each id maps to `checks::ml::<name>`.

use crate::checks::known_mistake;
use crate::compare::Tolerance;
use crate::data_source::Labelled;
use crate::{Grader, Verdict};
use ndarray::{Array1, Array2, Axis};
use rand::seq::SliceRandom;
use std::time::Duration;

mod knn_and_naive_bayes;
mod linear_regression;
mod logistic_regression_and_evaluation;
mod model_selection;
mod projects_1_titanic_and_houses;
mod projects_2_recommender_and_anomalies;
mod svm_and_kernels;
mod trees_and_ensembles;
mod unsupervised;

pub use knn_and_naive_bayes::*;
pub use linear_regression::*;
pub use logistic_regression_and_evaluation::*;
pub use model_selection::*;
pub use projects_1_titanic_and_houses::*;
pub use projects_2_recommender_and_anomalies::*;
pub use svm_and_kernels::*;
pub use trees_and_ensembles::*;
pub use unsupervised::*;

/// Training on a few hundred rows takes well under a second; the rest is slack for a
/// busy machine (tests run in parallel).
const TRAINING_LIMIT: Duration = Duration::from_secs(120);

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
        return Some(known_mistake(format!(
            "every prediction is class {first} ({name}): the model ignores the features; check that it is trained \
             on the training rows and, for gradient-based models, that the features are standardised"
        )));
    }
    let flipped = predicted.mapv(|p| {
        if p < names.len() {
            names.len() - 1 - p
        } else {
            p
        }
    });
    if names.len() == 2 && accuracy(&flipped, truth) > 0.5 && accuracy(predicted, truth) < 0.5 {
        return Some(known_mistake(
            "worse than a coin flip: looks like the two labels are swapped",
        ));
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ndarray::array;

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
