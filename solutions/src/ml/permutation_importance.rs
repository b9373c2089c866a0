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
    // BEGIN SOLUTION
    let mut rng = StdRng::seed_from_u64(seed);
    let baseline = score(&predict(x), y);
    let mut importance = Array1::zeros(x.ncols());
    for j in 0..x.ncols() {
        let mut total = 0.0;
        for _ in 0..repeats {
            let mut shuffled = x.clone();
            let mut column: Vec<f64> = x.column(j).to_vec();
            column.shuffle(&mut rng);
            shuffled.column_mut(j).assign(&Array1::from(column));
            total += score(&predict(&shuffled), y);
        }
        importance[j] = baseline - total / repeats.max(1) as f64;
    }
    importance
    // END SOLUTION
}
