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
    todo!()
}
