//! Exercise `ml/permutation-importance`: which inputs a trained model relies on.

use ferrolab::prelude::*;

/// Permutation importance of every column of `x`: how much `score` (higher is better)
/// drops when that one column is shuffled, breaking its link with `y` while keeping
/// its values.
///
/// For each column `j`: shuffle column `j` of a copy of `x` (a generator seeded by
/// `seed`), score `predict` on it, and repeat `repeats` times; the importance is the
/// baseline score (on the unshuffled `x`) minus the mean of the shuffled scores. Shuffle
/// one column at a time: every other column keeps its true values.
pub fn permutation_importance(
    predict: &dyn Fn(&Array2<f64>) -> Array1<f64>,
    score: &dyn Fn(&Array1<f64>, &Array1<f64>) -> f64,
    x: &Array2<f64>,
    y: &Array1<f64>,
    repeats: usize,
    seed: u64,
) -> Array1<f64> {
    todo!()
}
