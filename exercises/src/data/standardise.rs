//! Exercise `data/standardise`: put every feature on the same scale, using only what
//! the training rows tell you.

use ferrolab::prelude::*;

/// Standardise `train` and `test` with the **training** rows' statistics: from every
/// column subtract its mean over `train` and divide by its standard deviation over
/// `train` (the population one, dividing by n, as scikit-learn's `StandardScaler`).
///
/// Returns `(train_scaled, test_scaled)`. A column that is constant in `train`
/// (standard deviation 0) is only centred, not divided. The test rows stand for data
/// you have not seen yet: their own mean and spread must not be used.
pub fn standardise(train: &Array2<f64>, test: &Array2<f64>) -> (Array2<f64>, Array2<f64>) {
    todo!()
}
