//! Exercise `ml/bootstrap-sample`: the "bagging" in bagging.

use ferrolab::prelude::*;

/// A bootstrap sample of `n` rows: `n` row numbers drawn from `0..n` *with replacement*,
/// using `rng` (so one seed always gives the same sample, and the same forest).
///
/// Some rows are drawn twice or more and about 37% not at all; each tree of a random
/// forest trains on its own sample, which makes the trees differ.
pub fn bootstrap_sample(n: usize, rng: &mut StdRng) -> Vec<usize> {
    todo!()
}
