//! Exercise `data/one-hot`: turn a text column into numbers a model can use, without
//! inventing an order the categories do not have.

use ferrolab::prelude::*;

/// Replace the text column `column` by one 0/1 column per distinct value.
///
/// For each distinct value `v` of `column` (a text column with no missing values), add
/// a column named `<column>_<v>` holding 1.0 in the rows where `column` is `v` and 0.0
/// elsewhere. The new columns come after the other columns, in sorted order of `v`
/// (`pclass` gives `pclass_1st`, `pclass_2nd`, `pclass_3rd`), and `column` itself is
/// dropped. Rows and other columns stay as they are.
pub fn one_hot(frame: &DataFrame, column: &str) -> PolarsResult<DataFrame> {
    // BEGIN SOLUTION
    let mut values: Vec<String> = frame
        .column(column)?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    values.sort();
    values.dedup();
    let indicators: Vec<_> = values
        .iter()
        .map(|value| {
            col(column)
                .eq(lit(value.as_str()))
                .cast(DataType::Float64)
                .alias(format!("{column}_{value}"))
        })
        .collect();
    frame
        .clone()
        .lazy()
        .with_columns(indicators)
        .collect()?
        .drop(column)
    // END SOLUTION
}
