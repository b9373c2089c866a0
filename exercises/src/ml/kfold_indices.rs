//! Exercise `ml/kfold-indices`: the folds of k-fold cross-validation.

use ferrolab::prelude::*;

/// Split the row numbers `0..n` into `k` folds for cross-validation: shuffle them with
/// a generator seeded by `seed` (the same seed must give the same folds), then deal
/// them into `k` folds whose sizes differ by at most one.
///
/// Every row must be in exactly one fold. Fold `i` is the validation set of round `i`;
/// the other folds together are its training set.
pub fn kfold_indices(n: usize, k: usize, seed: u64) -> Vec<Vec<usize>> {
    todo!()
}
