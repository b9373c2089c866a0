//! Exercise `math/power-iteration`: the largest eigenvalue and its eigenvector by nothing
//! more than repeated matrix-vector products (how PageRank was first computed).

use ferrolab::prelude::*;

/// The eigenvalue of `a` with the largest absolute value, and its eigenvector scaled
/// to length 1, after `iterations` rounds of power iteration.
///
/// Start from any vector that is not zero (all ones will do), then repeat: multiply
/// by `a`, divide by the length. The vector turns towards the dominant eigenvector
/// `v`, and the eigenvalue is the Rayleigh quotient `vᵀ·a·v` (for a unit `v`), which
/// keeps its sign. `a` is square and symmetric, like a covariance matrix.
pub fn power_iteration(a: &Array2<f64>, iterations: usize) -> (f64, Array1<f64>) {
    // BEGIN SOLUTION
    let mut v = Array1::<f64>::ones(a.nrows());
    v /= v.dot(&v).sqrt();
    for _ in 0..iterations {
        let next = a.dot(&v);
        v = &next / next.dot(&next).sqrt();
    }
    let eigenvalue = v.dot(&a.dot(&v));
    (eigenvalue, v)
    // END SOLUTION
}
