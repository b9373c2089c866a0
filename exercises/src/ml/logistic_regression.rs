//! Exercise `ml/logistic-regression`: a real diagnosis model with linfa, judged on
//! tumours it has never seen.

use ferrolab::prelude::*;
use std::error::Error;

/// Train a logistic regression on `train` (30 measurements per tumour; target 0 malignant,
/// 1 benign) and return a predicted class for every row of `test`.
///
/// It must reach at least 95% accuracy on held-out tumours. The measurements range
/// from 0.001 to 4,000, so standardise them first, with the mean and standard
/// deviation of the *training* rows only (the test rows stand for patients you have
/// not met yet).
pub fn fit_and_predict(
    train: &Dataset<f64, usize, Ix1>,
    test: &Array2<f64>,
) -> Result<Array1<usize>, Box<dyn Error>> {
    todo!()
}
