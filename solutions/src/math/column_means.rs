//! Exercise `math/column-means`: the first step of standardising features.

use ferrolab::prelude::*;

/// The mean of every column of `x`, where each row is one sample and each column one
/// feature: for 4 people described by (height, weight, age) the answer has 3 values.
///
/// `x` has at least one row.
pub fn column_means(x: &Array2<f64>) -> Array1<f64> {
    // BEGIN SOLUTION
    x.sum_axis(Axis(0)) / x.nrows() as f64
    // END SOLUTION
}
