//! Exercise `data/missing-values`: the first question to ask of any new table.

use ferrolab::prelude::*;

/// How much of each column is missing.
///
/// Return one row per column of `frame`, in the frame's column order, with three columns:
/// `column` (the column's name), `missing` (how many of its values are null) and `share`
/// (`missing` divided by the number of rows, between 0 and 1). `frame` has at least one row.
pub fn missing_values(frame: &DataFrame) -> PolarsResult<DataFrame> {
    // BEGIN SOLUTION
    let rows = frame.height() as f64;
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|name| name.to_string())
        .collect();
    let missing: Vec<u32> = frame
        .columns()
        .iter()
        .map(|column| column.null_count() as u32)
        .collect();
    let share: Vec<f64> = missing.iter().map(|m| f64::from(*m) / rows).collect();
    df!("column" => names, "missing" => missing, "share" => share)
    // END SOLUTION
}
