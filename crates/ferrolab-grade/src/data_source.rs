//! Where the data and ml checks get their data: the same loaders the lessons use.
//!
//! This crate cannot depend on `ferrolab` (which depends on it), so `ferrolab::grading`
//! implements [`DataSource`] with `ferrolab::data` and hands it to the [`Grader`](crate::Grader).

use ndarray::{Array1, Array2};
use polars::prelude::{DataFrame, DataType};

/// A supplier of the course's data sets by name (`titanic`, `iris`, `breast-cancer`, ...).
pub trait DataSource: Send + Sync {
    /// A tabular set as a DataFrame, exactly as `ferrolab::data` loads it for lessons;
    /// the error says how to install a missing set.
    fn frame(&self, name: &str) -> Result<DataFrame, String>;

    /// A classification set as numbers: every column but `target` as a feature, `target`
    /// as the class of each row (the layout of the scikit-learn sets the course ships).
    fn labelled(&self, name: &str) -> Result<Labelled, String> {
        Labelled::from_frame(&self.frame(name)?, "target")
            .map_err(|e| format!("data set `{name}`: {e}"))
    }
}

/// A classification data set as arrays.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// Features: one row per sample.
    pub records: Array2<f64>,
    /// The class of each row, `0..k`.
    pub targets: Array1<usize>,
}

impl Labelled {
    /// Split `frame` into features (every other column, as `f64`) and the `target` column.
    pub fn from_frame(frame: &DataFrame, target: &str) -> Result<Labelled, String> {
        let features: Vec<String> = frame
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .filter(|n| n != target)
            .collect();
        let mut records = Array2::zeros((frame.height(), features.len()));
        for (j, name) in features.iter().enumerate() {
            let column = frame
                .column(name)
                .and_then(|c| c.cast(&DataType::Float64))
                .map_err(|e| e.to_string())?;
            let values = column.f64().map_err(|e| e.to_string())?;
            for (i, value) in values.iter().enumerate() {
                records[[i, j]] = value
                    .ok_or_else(|| format!("column `{name}` has a missing value in row {i}"))?;
            }
        }
        let column = frame
            .column(target)
            .and_then(|c| c.cast(&DataType::UInt32))
            .map_err(|e| e.to_string())?;
        let targets = column
            .u32()
            .map_err(|e| e.to_string())?
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.map(|v| v as usize)
                    .ok_or_else(|| format!("`{target}` is missing in row {i}"))
            })
            .collect::<Result<Array1<usize>, String>>()?;
        Ok(Labelled { records, targets })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use polars::prelude::df;

    #[test]
    fn features_and_targets_are_split() {
        let frame = df!("a" => [1.0, 2.0], "target" => [1i64, 0], "b" => [3i64, 4]).unwrap();
        let labelled = Labelled::from_frame(&frame, "target").unwrap();
        assert_eq!(labelled.records, ndarray::array![[1.0, 3.0], [2.0, 4.0]]);
        assert_eq!(labelled.targets, ndarray::array![1, 0]);
        let missing = df!("a" => [Some(1.0), None], "target" => [1i64, 0]).unwrap();
        assert!(Labelled::from_frame(&missing, "target")
            .unwrap_err()
            .contains("row 1"));
    }
}
