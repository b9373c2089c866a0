//! Exercise `ml/stratified-split`: a held-out set with the same class mix as the data.

use ferrolab::prelude::*;

/// A train/test split of the rows `0..labels.len()` that keeps every class's share:
/// for each class with `n_c` rows, `round(n_c * test_share)` of them (chosen at random
/// with a generator seeded by `seed`) go to the test set, the rest to training.
///
/// Returns `(train, test)` row numbers. The same seed must give the same split.
pub fn stratified_split(labels: &[usize], test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    // BEGIN SOLUTION
    let mut rng = StdRng::seed_from_u64(seed);
    let classes = labels.iter().max().map_or(0, |m| m + 1);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for class in 0..classes {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        rows.shuffle(&mut rng);
        let cut = (rows.len() as f64 * test_share).round() as usize;
        test.extend_from_slice(&rows[..cut]);
        train.extend_from_slice(&rows[cut..]);
    }
    (train, test)
    // END SOLUTION
}
