//! Exercise `ml/r-squared`: how much of the target's spread a model explains.

use ferrolab::prelude::*;

/// The coefficient of determination R² = 1 − SS_res / SS_tot, where
/// SS_res = Σ (y[i] − y_hat[i])² is what the model still gets wrong and
/// SS_tot = Σ (y[i] − mean(y))² is what always predicting the mean would get wrong.
///
/// 1 is perfect, 0 is no better than the mean, and a model worse than the mean scores
/// below 0 (R² has no lower limit).
pub fn r_squared(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    todo!()
}
