//! Wrong answers to data lesson 1, DataFrames with polars:
//! notebooks/02-data/01-dataframes-with-polars.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
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
        Wrong {
            id: "data/children",
            what: "keeps 18-year-olds (lt_eq)",
            grade: |g| checks::data::children(g, children_up_to_18),
            says: "your rows include 18-year-olds: \"younger than 18\" is age < 18 (`lt`), not `lt_eq`",
        },
        Wrong {
            id: "data/children",
            what: "fills missing ages with 0 first",
            grade: |g| checks::data::children(g, children_unknown_age_as_zero),
            says: "a passenger whose age is unknown is not known to be a child",
        },
        Wrong {
            id: "data/class-survival-rate",
            what: "returns the per-class table without joining",
            grade: |g| checks::data::class_survival_rate(g, rates_without_join),
            says: "you returned one row per class: join these rates back onto the passengers",
        },
        Wrong {
            id: "data/class-survival-rate",
            what: "averages over everyone",
            grade: |g| checks::data::class_survival_rate(g, overall_rate),
            says: "every passenger got the overall rate",
        },
        Wrong {
            id: "data/class-survival-rate",
            what: "turns `survived` into 0/1 in place before grouping",
            grade: |g| checks::data::class_survival_rate(g, rates_over_a_replaced_survived),
            says: "the column `survived` was overwritten (it was str, it came back f64): keep the passengers' columns as they are",
        },
        Wrong {
            id: "data/missing-values",
            what: "uses count(), which skips nulls",
            grade: |g| checks::data::missing_values(g, present_values),
            says: "expected [city 1, temp_c 2, rain_mm 1, day 0], got [city 4, temp_c 3, rain_mm 4, day 5]: looks like you counted the values that are present",
        },
        Wrong {
            id: "data/class-survival-rate",
            what: "joins the death rate",
            grade: |g| checks::data::class_survival_rate(g, class_death_rate),
            says: "looks like the death rate",
        },
        Wrong {
            id: "data/missing-values",
            what: "gives the share in percent",
            grade: |g| checks::data::missing_values(g, missing_in_percent),
            says: "that is a percentage",
        },
        Wrong {
            id: "data/survival-by-class",
            what: "groups by `survived`",
            grade: |g| checks::data::survival_by_class(g, rates_by_outcome),
            says: "looks like you grouped by `survived` instead of `pclass`",
        },
        Wrong {
            id: "data/survival-by-class",
            what: "sums the survivors instead of averaging",
            grade: |g| checks::data::survival_by_class(g, survivors_by_class),
            says: "a rate above 1 is a count: average a 0/1 (or true/false) column instead of counting survivors",
        },
        Wrong {
            id: "data/class-survival-rate",
            what: "joins the count of survivors",
            grade: |g| checks::data::class_survival_rate(g, class_survivor_count),
            says: "a rate above 1 is a count: average a 0/1 column instead",
        },
        Wrong {
            id: "data/children",
            what: "keeps the adults",
            grade: |g| checks::data::children(g, adults_not_children),
            says: "of your rows are 18 or older: keep only ages below 18",
        },
        Wrong {
            id: "data/missing-values",
            what: "gives the count as the share",
            grade: |g| checks::data::missing_values(g, missing_count_as_share),
            says: "divide each count by the number of rows (5)",
        },
    ]
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

pub fn children_up_to_18(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    passengers
        .clone()
        .lazy()
        .filter(col("age").lt_eq(lit(18.0)))
        .select([col("pclass"), col("sex"), col("age"), col("survived")])
        .sort(["age"], SortMultipleOptions::default())
        .collect()
}

pub fn children_unknown_age_as_zero(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    passengers
        .clone()
        .lazy()
        .with_column(col("age").fill_null(lit(0.0)))
        .filter(col("age").lt(lit(18.0)))
        .select([col("pclass"), col("sex"), col("age"), col("survived")])
        .sort(["age"], SortMultipleOptions::default())
        .collect()
}

pub fn rates_without_join(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let lived = col("survived").eq(lit("survived")).cast(DataType::Float64);
    passengers
        .clone()
        .lazy()
        .group_by([col("pclass")])
        .agg([lived.mean().alias("class_survival_rate")])
        .collect()
}

pub fn overall_rate(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let lived = col("survived").eq(lit("survived")).cast(DataType::Float64);
    passengers
        .clone()
        .lazy()
        .with_column(lived.mean().alias("class_survival_rate"))
        .collect()
}

pub fn present_values(frame: &DataFrame) -> PolarsResult<DataFrame> {
    let rows = frame.height() as f64;
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let present: Vec<u32> = frame
        .columns()
        .iter()
        .map(|c| (c.len() - c.null_count()) as u32)
        .collect();
    let share: Vec<f64> = present.iter().map(|p| f64::from(*p) / rows).collect();
    df!("column" => names, "missing" => present, "share" => share)
}

pub fn rates_over_a_replaced_survived(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let numeric = passengers.clone().lazy().with_columns([col("survived")
        .eq(lit("survived"))
        .cast(DataType::Float64)
        .alias("survived")]);
    let rates = numeric
        .clone()
        .group_by([col("pclass")])
        .agg([col("survived").mean().alias("class_survival_rate")]);
    numeric
        .join(
            rates,
            [col("pclass")],
            [col("pclass")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()
}

pub fn class_death_rate(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let died = col("survived").eq(lit("died")).cast(DataType::Float64);
    let rates = passengers
        .clone()
        .lazy()
        .group_by([col("pclass")])
        .agg([died.mean().alias("class_survival_rate")]);
    passengers
        .clone()
        .lazy()
        .join(
            rates,
            [col("pclass")],
            [col("pclass")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()
}

pub fn missing_in_percent(frame: &DataFrame) -> PolarsResult<DataFrame> {
    solutions::data::missing_values::missing_values(frame)?
        .lazy()
        .with_column(col("share") * lit(100.0))
        .collect()
}

pub fn rates_by_outcome(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let lived = col("survived").eq(lit("survived")).cast(DataType::Float64);
    passengers
        .clone()
        .lazy()
        .group_by([col("survived")])
        .agg([
            col("pclass").first().alias("pclass"),
            lived.mean().alias("survival_rate"),
        ])
        .select([col("pclass"), col("survival_rate")])
        .sort(["pclass"], SortMultipleOptions::default())
        .collect()
}

pub fn survivors_by_class(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let lived = col("survived").eq(lit("survived")).cast(DataType::Float64);
    passengers
        .clone()
        .lazy()
        .group_by([col("pclass")])
        .agg([lived.sum().alias("survival_rate")])
        .sort(["pclass"], SortMultipleOptions::default())
        .collect()
}

pub fn class_survivor_count(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let lived = col("survived").eq(lit("survived")).cast(DataType::Float64);
    let rates = passengers
        .clone()
        .lazy()
        .group_by([col("pclass")])
        .agg([lived.sum().alias("class_survival_rate")]);
    passengers
        .clone()
        .lazy()
        .join(
            rates,
            [col("pclass")],
            [col("pclass")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()
}

pub fn adults_not_children(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    passengers
        .clone()
        .lazy()
        .filter(col("age").gt_eq(lit(18.0)))
        .select([col("pclass"), col("sex"), col("age"), col("survived")])
        .sort(["age"], SortMultipleOptions::default())
        .collect()
}

pub fn missing_count_as_share(frame: &DataFrame) -> PolarsResult<DataFrame> {
    solutions::data::missing_values::missing_values(frame)?
        .lazy()
        .with_column(col("missing").cast(DataType::Float64).alias("share"))
        .collect()
}
