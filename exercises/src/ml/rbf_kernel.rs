//! Exercise `ml/rbf-kernel`: the similarity an RBF support vector machine works with.

use ferrolab::prelude::*;

/// The RBF (Gaussian) kernel matrix between the rows of `a` and the rows of `b`:
/// `K[[i, j]] = exp(-gamma * |a_i - b_j|²)`, with `|·|²` the *squared* Euclidean distance.
///
/// The result has one row per row of `a` and one column per row of `b`. Identical rows
/// give 1; rows far apart give values near 0; a larger `gamma` makes "far" come sooner.
pub fn rbf_kernel(a: &Array2<f64>, b: &Array2<f64>, gamma: f64) -> Array2<f64> {
    todo!()
}
