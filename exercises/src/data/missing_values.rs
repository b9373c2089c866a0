//! Exercise `data/missing-values`: the first question to ask of any new table.

use ferrolab::prelude::*;

/// How much of each column is missing.
///
/// Return one row per column of `frame`, in the frame's column order, with three columns:
/// `column` (the column's name), `missing` (how many of its values are null) and `share`
/// (`missing` divided by the number of rows, between 0 and 1). `frame` has at least one row.
pub fn missing_values(frame: &DataFrame) -> PolarsResult<DataFrame> {
    todo!()
}
