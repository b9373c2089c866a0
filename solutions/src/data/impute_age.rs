//! Exercise `data/impute-age`: fill the 263 missing Titanic ages with a guess that
//! uses what we know about each passenger.

use ferrolab::prelude::*;

/// The passengers with every missing `age` filled in, and a flag saying which were filled.
///
/// Keep all rows (in their order) and all columns of `passengers` (the columns of
/// `ferrolab::data::titanic()`). Where `age` is null, put the median age of the
/// passengers with the same `pclass` and `sex` (a woman in 1st class gets the median
/// of the women in 1st class). Add a column `age_missing`: 1.0 where the age was
/// missing, 0.0 where it was known.
pub fn impute_age(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    // BEGIN SOLUTION
    let group_median = col("age").median().over([col("pclass"), col("sex")])?;
    passengers
        .clone()
        .lazy()
        .with_columns([
            col("age").fill_null(group_median),
            col("age")
                .is_null()
                .cast(DataType::Float64)
                .alias("age_missing"),
        ])
        .collect()
    // END SOLUTION
}
