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
    // BEGIN SOLUTION
    let records = train.records();
    let mean = records.mean_axis(Axis(0)).ok_or("no training rows")?;
    let std = records
        .std_axis(Axis(0), 0.0)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    let standardise = |x: &Array2<f64>| (x - &mean) / &std;
    let scaled = Dataset::new(standardise(records), train.targets().to_owned());
    let model = LogisticRegression::new().max_iterations(300).fit(&scaled)?;
    Ok(model.predict(&standardise(test)))
    // END SOLUTION
}
