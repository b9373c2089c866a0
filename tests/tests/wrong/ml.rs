//! Plausible wrong answers to the ml exercises, and the words their verdicts must
//! contain: one file per lesson, named after its notebook as the checks are.

use super::Wrong;
use ferrolab::prelude::*;

pub mod knn_and_naive_bayes;
pub mod linear_regression;
pub mod logistic_regression_and_evaluation;
pub mod model_selection;
pub mod projects_1_titanic_and_houses;
pub mod projects_2_recommender_and_anomalies;
pub mod svm_and_kernels;
pub mod trees_and_ensembles;
pub mod unsupervised;

/// This stage's entries in the proof's wrong-answer table, lesson by lesson.
pub fn answers() -> Vec<Wrong> {
    [
        linear_regression::answers(),
        logistic_regression_and_evaluation::answers(),
        knn_and_naive_bayes::answers(),
        trees_and_ensembles::answers(),
        svm_and_kernels::answers(),
        unsupervised::answers(),
        model_selection::answers(),
        projects_1_titanic_and_houses::answers(),
        projects_2_recommender_and_anomalies::answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn squared_distance(a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>) -> f64 {
    (&a - &b).mapv(|d| d * d).sum()
}
