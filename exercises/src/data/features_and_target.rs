//! Exercise `data/features-and-target`: split a table into what a model sees (X) and
//! what it must predict (y).

use ferrolab::prelude::*;

/// Every column of `frame` except `target` as a matrix of features (rows = samples,
/// columns in the frame's order, as `f64`), and `target` as a vector of `f64`
/// (a boolean target becomes 1.0 / 0.0).
///
/// When a column cannot become numbers (text, missing values) or `target` does not
/// exist, return the error instead of panicking: `FrameToArray` (`frame.to_array(..)`,
/// `frame.to_column(..)`) gives a `ConvertError` that names the column.
pub fn features_and_target(
    frame: &DataFrame,
    target: &str,
) -> Result<(Array2<f64>, Array1<f64>), ConvertError> {
    todo!()
}
