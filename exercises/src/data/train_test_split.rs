//! Exercise `data/train-test-split`: keep some rows out of training, at random but
//! reproducibly, to measure a model on data it has never seen.

use ferrolab::prelude::*;

/// Split the row numbers `0..n` into `(train, test)`.
///
/// The test part has `(n as f64 * test_share).round()` rows, the train part the rest;
/// every row number is in exactly one of them. The rows are chosen at random with
/// `rng(seed)`, so the same seed always gives the same split and another seed another
/// one. (Taking the last rows instead would be a disaster on the Titanic file, which is
/// sorted by class.)
pub fn train_test_split(n: usize, test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    todo!()
}
