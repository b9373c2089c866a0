//! Exercise `ml/rmse`: how far off a regression model is, in the target's own units.

use ferrolab::prelude::*;

/// The root mean squared error of predictions `y_hat` for true values `y`:
/// the square root of the mean of `(y[i] - y_hat[i])²`.
///
/// Squaring makes every error count as positive and weighs big misses more than small
/// ones; the square root brings the result back to the target's units (log-dollars,
/// degrees, ...), so it reads as "a typical error".
pub fn rmse(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    todo!()
}
