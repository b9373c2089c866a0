//! Exercise `data/class-survival-rate`: a group-by joined back onto the rows it summarises,
//! pandas' `groupby` + `merge`.

use ferrolab::prelude::*;

/// Every passenger, with one more column: `class_survival_rate`, the survival rate of
/// their class.
///
/// Keep all rows and all columns of `passengers` (the columns of
/// `ferrolab::data::titanic()`), and add `class_survival_rate`: for a 1st-class
/// passenger, the share of all 1st-class passengers whose `survived` is "survived"
/// (between 0 and 1). Compute the rates with a group-by, then join them back on `pclass`.
pub fn class_survival_rate(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    todo!()
}
