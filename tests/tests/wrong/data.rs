//! Plausible wrong answers to the data exercises, and the words their verdicts must contain.
//! The answers themselves live in `data/`, one file per notebook.

use super::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

mod charts;
mod features;
mod frames;
mod inputs;

/// This stage's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    let mut answers = vec![
        Wrong {
            id: "data/survival-by-class",
            what: "computes the death rate",
            grade: |g| checks::data::survival_by_class(g, death_rate_by_class),
            says: "for input 9 passengers (3 per class, shuffled) expected [1st 0.5, 2nd 0.6667, 3rd 0.25], got [1st 0.5, 2nd 0.3333, 3rd 0.75]: looks like you computed the death rate",
        },
        Wrong {
            id: "data/survival-by-class",
            what: "forgets to sort",
            grade: |g| checks::data::survival_by_class(g, survival_unsorted),
            says: "not in class order: sort by `pclass`",
        },
    ];
    answers.extend(frames::answers());
    answers.extend(features::answers());
    answers.extend(charts::answers());
    answers.extend(inputs::answers());
    answers
}

pub fn death_rate_by_class(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let died = col("survived").eq(lit("died")).cast(DataType::Float64);
    passengers
        .clone()
        .lazy()
        .group_by([col("pclass")])
        .agg([died.mean().alias("survival_rate")])
        .sort(["pclass"], SortMultipleOptions::default())
        .collect()
}

pub fn survival_unsorted(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let lived = col("survived").eq(lit("survived")).cast(DataType::Float64);
    let descending = SortMultipleOptions::default().with_order_descending(true);
    passengers
        .clone()
        .lazy()
        .group_by([col("pclass")])
        .agg([lived.mean().alias("survival_rate")])
        .sort(["pclass"], descending)
        .collect()
}
