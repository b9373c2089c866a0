//! Exercise `rust/split-rows`: a reproducible train/test split of a table's rows.

use ferrolab::prelude::*;

/// Split the row numbers `0..n_rows` into `(train, test)`, reproducibly.
///
/// 1. Shuffle `0..n_rows` (a `Vec<usize>`) with `SliceRandom::shuffle` and the generator
///    `StdRng::seed_from_u64(seed)`: the same seed always gives the same split, as
///    scikit-learn's `train_test_split(..., random_state=seed)` does.
/// 2. The first `round(n_rows × test_fraction)` shuffled rows are the test set (`f64::round`:
///    2.5 rounds to 3), the others the training set.
/// 3. Return both parts sorted in ascending order, so the written files keep the original
///    order of the rows.
///
/// Example: `split_rows(10, 0.25, 42)` gives 7 training rows and 3 test rows; every row
/// number `0..10` is in exactly one of them.
pub fn split_rows(n_rows: usize, test_fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    todo!()
}
