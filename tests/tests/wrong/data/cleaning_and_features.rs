//! Wrong answers to data lesson 2, cleaning and features:
//! notebooks/02-data/02-cleaning-and-features.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "data/impute-age",
            what: "fills with the overall median",
            grade: |g| checks::data::impute_age(g, impute_with_overall_median),
            says: "looks like you filled with the median of everyone; fill with the median of the passenger's own class and sex",
        },
        Wrong {
            id: "data/impute-age",
            what: "drops the rows without an age",
            grade: |g| checks::data::impute_age(g, drop_missing_ages),
            says: "expected 14 rows, got 11 rows: looks like you dropped the passengers with no age",
        },
        Wrong {
            id: "data/one-hot",
            what: "keeps the original column",
            grade: |g| checks::data::one_hot(g, one_hot_keeping_the_column),
            says: "the original `weather` column is still there",
        },
        Wrong {
            id: "data/one-hot",
            what: "keeps the booleans of the comparison instead of 1.0/0.0",
            grade: |g| checks::data::one_hot(g, one_hot_booleans),
            says: "expected column `weather_drizzle` to hold the numbers 1.0 and 0.0 (f64), got a column of type bool: looks like you kept the booleans",
        },
        Wrong {
            id: "data/titanic-features",
            what: "forgets to count the passenger in family_size",
            grade: |g| checks::data::titanic_features(g, |p| features(p, Slip::FamilyWithoutSelf)),
            says: "the passenger counts too: family_size = sibsp + parch + 1",
        },
        Wrong {
            id: "data/titanic-features",
            what: "puts band boundaries in the lower band",
            grade: |g| checks::data::titanic_features(g, |p| features(p, Slip::BandsOpenBelow)),
            says: "a band includes its lower bound",
        },
        Wrong {
            id: "data/impute-age",
            what: "fills the missing ages with 0",
            grade: |g| checks::data::impute_age(g, impute_with_zero),
            says: "the missing ages became 0",
        },
        Wrong {
            id: "data/impute-age",
            what: "replaces every age by its group's median",
            grade: |g| checks::data::impute_age(g, impute_every_age),
            says: "you changed ages that were known",
        },
        Wrong {
            id: "data/impute-age",
            what: "flags the known ages",
            grade: |g| checks::data::impute_age(g, impute_with_flipped_flag),
            says: "every value is flipped: `age_missing` is 1.0 where the age was missing",
        },
        Wrong {
            id: "data/titanic-features",
            what: "drops the passengers without an age",
            grade: |g| checks::data::titanic_features(g, |p| features(p, Slip::DropsMissingAges)),
            says: "keep every passenger: fill missing ages rather than dropping rows",
        },
        Wrong {
            id: "data/titanic-features",
            what: "casts the target to f64 with the features",
            grade: |g| checks::data::titanic_features(g, |p| features(p, Slip::SurvivedAsNumbers)),
            says: "column `survived` is f64, expected bool: the target is boolean",
        },
        Wrong {
            id: "data/titanic-features",
            what: "leaves family_size as integers",
            grade: |g| checks::data::titanic_features(g, |p| features(p, Slip::FamilySizeAsIntegers)),
            says: "column `family_size` is i64, expected f64: every feature is f64",
        },
        Wrong {
            id: "data/titanic-features",
            what: "flags the known ages as missing",
            grade: |g| checks::data::titanic_features(g, |p| features(p, Slip::AgeMissingFlipped)),
            says: "every value is flipped: check what 1.0 means for `age_missing`",
        },
        Wrong {
            id: "data/titanic-features",
            what: "calls a passenger alone with no sibling or spouse, whatever parch says",
            grade: |g| checks::data::titanic_features(g, |p| features(p, Slip::AloneWithoutParch)),
            says: "alone is 1.0 when family_size is 1",
        },
    ]
}

pub fn impute_with_overall_median(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    passengers
        .clone()
        .lazy()
        .with_columns([
            col("age").fill_null(col("age").median()),
            col("age")
                .is_null()
                .cast(DataType::Float64)
                .alias("age_missing"),
        ])
        .collect()
}

pub fn drop_missing_ages(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    passengers
        .clone()
        .lazy()
        .filter(col("age").is_not_null())
        .with_column(lit(0.0).alias("age_missing"))
        .collect()
}

pub fn one_hot_booleans(frame: &DataFrame, column: &str) -> PolarsResult<DataFrame> {
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
        .map(|v| {
            col(column)
                .eq(lit(v.as_str()))
                .alias(format!("{column}_{v}"))
        })
        .collect();
    frame
        .clone()
        .lazy()
        .with_columns(indicators)
        .collect()?
        .drop(column)
}

pub fn one_hot_keeping_the_column(frame: &DataFrame, column: &str) -> PolarsResult<DataFrame> {
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
        .map(|v| {
            col(column)
                .eq(lit(v.as_str()))
                .cast(DataType::Float64)
                .alias(format!("{column}_{v}"))
        })
        .collect();
    frame.clone().lazy().with_columns(indicators).collect()
}

/// One deliberate change to the reference pipeline of `titanic_features`.
#[derive(PartialEq)]
enum Slip {
    FamilyWithoutSelf,
    BandsOpenBelow,
    DropsMissingAges,
    SurvivedAsNumbers,
    FamilySizeAsIntegers,
    AgeMissingFlipped,
    AloneWithoutParch,
}

/// The reference pipeline with one deliberate change.
fn features(passengers: &DataFrame, slip: Slip) -> PolarsResult<DataFrame> {
    let family_extra = if slip == Slip::FamilyWithoutSelf {
        0
    } else {
        1
    };
    let bands_open_below = slip == Slip::BandsOpenBelow;
    let group_median = col("age").median().over([col("pclass"), col("sex")])?;
    let mut passengers = passengers.clone().lazy();
    if slip == Slip::DropsMissingAges {
        passengers = passengers.filter(col("age").is_not_null());
    }
    let missing = if slip == Slip::AgeMissingFlipped {
        col("age").is_not_null()
    } else {
        col("age").is_null()
    };
    let survived = col("survived").eq(lit("survived"));
    let survived = if slip == Slip::SurvivedAsNumbers {
        survived.cast(DataType::Float64)
    } else {
        survived
    };
    let family_type = if slip == Slip::FamilySizeAsIntegers {
        DataType::Int64
    } else {
        DataType::Float64
    };
    let alone = if slip == Slip::AloneWithoutParch {
        col("sibsp").eq(lit(0))
    } else {
        (col("sibsp") + col("parch")).eq(lit(0))
    };
    let at_least = |bound: f64| {
        if bands_open_below {
            col("age").gt(lit(bound))
        } else {
            col("age").gt_eq(lit(bound))
        }
    };
    let below = |bound: f64| {
        if bands_open_below {
            col("age").lt_eq(lit(bound))
        } else {
            col("age").lt(lit(bound))
        }
    };
    let f64 = DataType::Float64;
    passengers
        .with_columns([
            col("age").fill_null(group_median),
            missing.cast(f64.clone()).alias("age_missing"),
            (col("sibsp") + col("parch") + lit(family_extra)).alias("family_size"),
        ])
        .select([
            survived.alias("survived"),
            col("age"),
            col("age_missing"),
            col("sibsp").cast(f64.clone()),
            col("parch").cast(f64.clone()),
            col("family_size").cast(family_type),
            alone.cast(f64.clone()).alias("alone"),
            col("pclass")
                .eq(lit("1st"))
                .cast(f64.clone())
                .alias("pclass_1st"),
            col("pclass")
                .eq(lit("2nd"))
                .cast(f64.clone())
                .alias("pclass_2nd"),
            col("pclass")
                .eq(lit("3rd"))
                .cast(f64.clone())
                .alias("pclass_3rd"),
            col("sex")
                .eq(lit("female"))
                .cast(f64.clone())
                .alias("sex_female"),
            col("sex")
                .eq(lit("male"))
                .cast(f64.clone())
                .alias("sex_male"),
            below(13.0).cast(f64.clone()).alias("age_child"),
            at_least(13.0)
                .and(below(18.0))
                .cast(f64.clone())
                .alias("age_teen"),
            at_least(18.0)
                .and(below(60.0))
                .cast(f64.clone())
                .alias("age_adult"),
            at_least(60.0).cast(f64).alias("age_senior"),
        ])
        .collect()
}

/// The passengers with `age` replaced by `age` and the flag `age_missing` by `flag`.
fn imputed(
    passengers: &DataFrame,
    age: polars::prelude::Expr,
    flag: polars::prelude::Expr,
) -> PolarsResult<DataFrame> {
    passengers
        .clone()
        .lazy()
        .with_columns([
            age.alias("age"),
            flag.cast(DataType::Float64).alias("age_missing"),
        ])
        .collect()
}

pub fn impute_with_zero(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    imputed(
        passengers,
        col("age").fill_null(lit(0.0)),
        col("age").is_null(),
    )
}

pub fn impute_every_age(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let group_median = col("age").median().over([col("pclass"), col("sex")])?;
    imputed(passengers, group_median, col("age").is_null())
}

pub fn impute_with_flipped_flag(passengers: &DataFrame) -> PolarsResult<DataFrame> {
    let group_median = col("age").median().over([col("pclass"), col("sex")])?;
    imputed(
        passengers,
        col("age").fill_null(group_median),
        col("age").is_not_null(),
    )
}
