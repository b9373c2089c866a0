//! Exercise `data/survival-by-class`: a group-by on real passengers, the first question
//! everyone asks of the Titanic.

use ferrolab::prelude::*;

/// The survival rate of each passenger class.
///
/// `passengers` has the columns of `ferrolab::data::titanic()`: `pclass` ("1st", "2nd",
/// "3rd"), `survived` ("survived" or "died"), `sex`, `age`, ... Return a DataFrame with
/// one row per class, in class order, and two columns: `pclass` and `survival_rate`, the
/// share of that class's passengers whose `survived` is "survived" (between 0 and 1).
pub fn survival_by_class(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    todo!()
}
