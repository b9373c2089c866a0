//! Exercise `ml/polynomial-features`: turning a straight-line model into a curve.

use ferrolab::prelude::*;

/// The polynomial features of a single input: one row per value of `x`, with the
/// columns `x, x², …, x^degree` (`degree` columns; no column of ones, since the linear
/// model fits its own intercept).
pub fn polynomial_features(x: &Array1<f64>, degree: usize) -> Array2<f64> {
    // BEGIN SOLUTION
    Array2::from_shape_fn((x.len(), degree), |(i, j)| x[i].powi(j as i32 + 1))
    // END SOLUTION
}
