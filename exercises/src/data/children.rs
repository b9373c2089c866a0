//! Exercise `data/children`: select and filter, the two queries behind every table you
//! will ever look at.

use ferrolab::prelude::*;

/// The passengers younger than 18, youngest first.
///
/// `passengers` has the columns of `ferrolab::data::titanic()`. Keep only the rows whose
/// `age` is known and below 18 (an 18-year-old is an adult here), then return the columns
/// `pclass`, `sex`, `age` and `survived`, in that order, sorted by `age` from youngest to
/// oldest.
pub fn children(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    todo!()
}
