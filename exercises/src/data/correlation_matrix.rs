//! Exercise `data/correlation-matrix`: the numbers behind a correlation heatmap.

use ferrolab::prelude::*;

/// The Pearson correlation of every pair of columns of `x` (rows are samples, columns
/// are features): a `p × p` matrix for `p` columns, with 1.0 on the diagonal.
///
/// The correlation of columns `a` and `b` is their covariance divided by the product
/// of their standard deviations, a number between -1 and 1. `x` has at least two rows
/// and no constant column.
pub fn correlation_matrix(x: &Array2<f64>) -> Array2<f64> {
    todo!()
}
