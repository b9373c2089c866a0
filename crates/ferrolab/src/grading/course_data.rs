//! The course's data sets, for the data and ml checks.
//!
//! The checks read data through `ferrolab_grade::DataSource` so that the grading crate
//! needs no loaders of its own; this one reads installed sets with the loaders lessons
//! use (checksums verified), so the checks grade on exactly the data the notebook shows.

use ferrolab_grade::DataSource;
use polars::prelude::DataFrame;

/// The installed data sets, as lessons load them.
pub struct CourseData;

impl DataSource for CourseData {
    fn frame(&self, name: &str) -> Result<DataFrame, String> {
        crate::data::DataDir::default()
            .main_table(name)
            .map_err(|e| e.to_string())
    }
}
