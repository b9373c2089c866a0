//! Exercise `math/covariance-matrix`: how every pair of features varies together, the
//! matrix whose eigenvectors are the principal components.

use ferrolab::prelude::*;

/// The sample covariance matrix of `x`, where each row is one sample and each column
/// one feature: entry `[[i, j]]` is the average of (feature i − its mean) × (feature j −
/// its mean), dividing by n − 1 like numpy's `np.cov` and pandas' `.cov()`.
///
/// For `f` features the answer is `f × f`; its diagonal holds each feature's variance.
/// `x` has at least two rows.
pub fn covariance_matrix(x: &Array2<f64>) -> Array2<f64> {
    // BEGIN SOLUTION
    let n = x.nrows() as f64;
    let means = x.sum_axis(Axis(0)) / n;
    let centred = x - &means;
    centred.t().dot(&centred) / (n - 1.0)
    // END SOLUTION
}
