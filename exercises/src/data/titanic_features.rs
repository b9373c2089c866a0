//! Exercise `data/titanic-features`: the whole cleaning and feature pipeline as one
//! function, producing the table the classical-ML stage trains on.

use ferrolab::prelude::*;

/// The Titanic feature table: one row per passenger (in the order of `passengers`),
/// these 16 columns in this order, every feature `f64`:
///
/// | column | meaning |
/// |---|---|
/// | `survived` | the target, **boolean**: `true` if `survived` is "survived" |
/// | `age` | age in years; a missing one is the median of its `pclass` and `sex` group |
/// | `age_missing` | 1.0 if the age was missing (and filled in), else 0.0 |
/// | `sibsp`, `parch` | siblings/spouses and parents/children aboard |
/// | `family_size` | `sibsp + parch + 1` (the passenger counts too) |
/// | `alone` | 1.0 if `family_size` is 1 |
/// | `pclass_1st`, `pclass_2nd`, `pclass_3rd` | one-hot ticket class |
/// | `sex_female`, `sex_male` | one-hot sex |
/// | `age_child`, `age_teen`, `age_adult`, `age_senior` | one-hot band of the filled-in age |
///
/// The age bands: a child is below 13, a teen 13 to below 18, an adult 18 to below 60, a
/// senior 60 and over.
pub fn titanic_features(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    todo!()
}
