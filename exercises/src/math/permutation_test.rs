//! Exercise `math/permutation-test`: is a difference between two groups real, or the
//! luck of who ended up in which group?

use ferrolab::prelude::*;

/// The two-sided p-value of a permutation test for a difference in means between the
/// samples `a` and `b`.
///
/// If the group labels did not matter, any reshuffle of the pooled values into groups
/// of the same sizes would be as likely as the real split. So shuffle the pooled values
/// `permutations` times with `rng`, split each shuffle into a first `a.len()` values and
/// the rest, and return the share of shuffles whose absolute difference in means is at
/// least the observed absolute difference `|mean(a) − mean(b)|`.
///
/// A small p-value (say below 0.05) says a difference this large rarely happens by
/// chance. Both samples have at least one value.
pub fn permutation_test(a: &[f64], b: &[f64], permutations: usize, rng: &mut StdRng) -> f64 {
    todo!()
}
