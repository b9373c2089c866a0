//! Exercise `ml/stratified-split`: a held-out set with the same class mix as the data.

use ferrolab::prelude::*;

/// A train/test split of the rows `0..labels.len()` that keeps every class's share:
/// for each class with `n_c` rows, `round(n_c * test_share)` of them (chosen at random
/// with a generator seeded by `seed`) go to the test set, the rest to training.
///
/// Returns `(train, test)` row numbers. The same seed must give the same split.
pub fn stratified_split(labels: &[usize], test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    todo!()
}
