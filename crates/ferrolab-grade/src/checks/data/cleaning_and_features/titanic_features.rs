//! `data/titanic-features`, in lesson 2 (cleaning and features): the whole Titanic
//! feature table, each column compared with one computed here from the rows. Its own
//! file because the lesson outgrew one.

use super::{age_mistake, filled_ages};
use crate::checks::data::{
    answer, column_names, conclude, incorrect, name_list, number, optional_numbers, passengers,
    run_frames, titanic_cases, FrameFn, Passenger, Tolerance,
};
use crate::checks::known_mistake;
use crate::{Grader, Report, Verdict};
use polars::prelude::{DataFrame, DataType, PolarsResult};

/// `data/titanic-features`.
pub const TITANIC_FEATURES: &str = "data/titanic-features";

/// The feature table's columns, in order; every one but `survived` (boolean) is `f64`.
pub const TITANIC_FEATURE_COLUMNS: [&str; 16] = [
    "survived",
    "age",
    "age_missing",
    "sibsp",
    "parch",
    "family_size",
    "alone",
    "pclass_1st",
    "pclass_2nd",
    "pclass_3rd",
    "sex_female",
    "sex_male",
    "age_child",
    "age_teen",
    "age_adult",
    "age_senior",
];

/// `fn titanic_features(passengers: &DataFrame) -> PolarsResult<DataFrame>`: the columns
/// of [`TITANIC_FEATURE_COLUMNS`], one row per passenger in order.
pub fn titanic_features<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&DataFrame) -> PolarsResult<DataFrame> + Send + 'static,
{
    titanic_features_boxed(grader, Box::new(learner))
}

fn titanic_features_boxed(grader: &Grader, learner: Box<FrameFn>) -> Report {
    let cases = match titanic_cases(grader) {
        Ok(cases) => cases,
        Err(verdict) => return Report::new(TITANIC_FEATURES, verdict),
    };
    let run = run_frames(grader, &cases, learner);
    let verdicts = cases
        .iter()
        .zip(run.outputs)
        .map(|((frame, what), got)| features_verdict(frame, what, got));
    conclude(
        TITANIC_FEATURES,
        verdicts.collect::<Vec<_>>(),
        run.failure,
        "all 16 columns of a 14-passenger table (ages on every band boundary) and of the real Titanic",
    )
}

/// The reference value of every feature column (all but `survived`).
fn expected_features(rows: &[Passenger]) -> Vec<(&'static str, Vec<f64>)> {
    let ages = filled_ages(rows, 0);
    let flag = |b: bool| f64::from(u8::from(b));
    let column = |f: &dyn Fn(usize, &Passenger) -> f64| -> Vec<f64> {
        rows.iter().enumerate().map(|(i, r)| f(i, r)).collect()
    };
    let band = |lo: f64, hi: f64| column(&|i, _| flag(ages[i] >= lo && ages[i] < hi));
    vec![
        ("age", ages.clone()),
        ("age_missing", column(&|_, r| flag(r.age.is_none()))),
        ("sibsp", column(&|_, r| r.sibsp)),
        ("parch", column(&|_, r| r.parch)),
        ("family_size", column(&|_, r| r.sibsp + r.parch + 1.0)),
        ("alone", column(&|_, r| flag(r.sibsp + r.parch == 0.0))),
        ("pclass_1st", column(&|_, r| flag(r.pclass == "1st"))),
        ("pclass_2nd", column(&|_, r| flag(r.pclass == "2nd"))),
        ("pclass_3rd", column(&|_, r| flag(r.pclass == "3rd"))),
        ("sex_female", column(&|_, r| flag(r.sex == "female"))),
        ("sex_male", column(&|_, r| flag(r.sex == "male"))),
        ("age_child", band(f64::NEG_INFINITY, 13.0)),
        ("age_teen", band(13.0, 18.0)),
        ("age_adult", band(18.0, 60.0)),
        ("age_senior", band(60.0, f64::INFINITY)),
    ]
}

fn features_verdict(
    input: &DataFrame,
    what: &str,
    got: PolarsResult<DataFrame>,
) -> Option<Verdict> {
    let got = match answer(what, got) {
        Ok(frame) => frame,
        Err(verdict) => return Some(verdict),
    };
    let rows = match passengers(input) {
        Ok(rows) => rows,
        Err(reason) => return Some(Verdict::CannotGrade { reason }),
    };
    if let Some(verdict) = feature_columns_verdict(&got, what) {
        return Some(verdict);
    }
    if got.height() != rows.len() {
        return Some(incorrect(
            what,
            &format!("{} rows (one per passenger)", rows.len()),
            &format!("{} rows", got.height()),
            Some(known_mistake(
                "keep every passenger: fill missing ages rather than dropping rows",
            )),
        ));
    }
    let survived = got.column("survived").ok().and_then(|c| {
        c.bool()
            .ok()
            .map(|b| b.iter().collect::<Vec<Option<bool>>>())
    });
    let expected_survived: Vec<Option<bool>> = rows.iter().map(|r| Some(r.survived)).collect();
    if let Some(survived) = survived {
        if survived != expected_survived {
            let flipped = survived
                .iter()
                .zip(&expected_survived)
                .all(|(g, e)| g.is_some() && *g == e.map(|e| !e));
            let concept = if flipped {
                "every value is flipped: `survived` is true for the passengers who survived"
            } else {
                "`survived` is true where the `survived` column says \"survived\""
            };
            return Some(Verdict::Incorrect {
                message: format!("for input {what} column `survived` is wrong: {concept}"),
            });
        }
    }
    for (name, expected) in expected_features(&rows) {
        if let Some(verdict) = feature_verdict(&rows, &got, name, &expected, what) {
            return Some(verdict);
        }
    }
    None
}

/// Exactly the documented columns, in order, with their dtypes.
fn feature_columns_verdict(got: &DataFrame, what: &str) -> Option<Verdict> {
    let names = column_names(got);
    let wanted: Vec<String> = TITANIC_FEATURE_COLUMNS
        .iter()
        .map(|n| n.to_string())
        .collect();
    if names != wanted {
        let missing: Vec<String> = wanted
            .iter()
            .filter(|n| !names.contains(n))
            .cloned()
            .collect();
        let extra: Vec<String> = names
            .iter()
            .filter(|n| !wanted.contains(n))
            .cloned()
            .collect();
        let concept = if !missing.is_empty() {
            format!("missing {}", name_list(&missing))
        } else if !extra.is_empty() {
            format!("not in the table: {} (drop them)", name_list(&extra))
        } else {
            "the right columns in another order: end with a .select([...]) in the documented order"
                .into()
        };
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} expected the 16 columns {}, got {}: {concept}",
                name_list(&wanted),
                name_list(&names)
            ),
        });
    }
    for (name, dtype) in got
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.dtype().clone()))
    {
        let (wanted, fix) = if name == "survived" {
            (
                DataType::Boolean,
                known_mistake("the target is boolean: col(\"survived\").eq(lit(\"survived\"))"),
            )
        } else {
            (
                DataType::Float64,
                known_mistake("every feature is f64, so the table becomes one matrix: .cast(DataType::Float64)"),
            )
        };
        if dtype != wanted {
            return Some(Verdict::Incorrect {
                message: format!(
                    "for input {what} column `{name}` is {dtype}, expected {wanted}: {fix}"
                ),
            });
        }
    }
    None
}

fn feature_verdict(
    rows: &[Passenger],
    got: &DataFrame,
    name: &str,
    expected: &[f64],
    what: &str,
) -> Option<Verdict> {
    let values: Vec<f64> = match optional_numbers(got, name) {
        Ok(v) => v.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
        Err(reason) => return Some(Verdict::CannotGrade { reason }),
    };
    if Tolerance::TIGHT.all_close(expected, &values) {
        return None;
    }
    if name == "age" {
        return age_mistake(rows, &values, what);
    }
    let bad: Vec<usize> = (0..rows.len())
        .filter(|i| !Tolerance::TIGHT.close(expected[*i], values[*i]))
        .collect();
    let first = bad[0];
    let row = &rows[first];
    let ages = filled_ages(rows, 0);
    let family = |r: &Passenger| r.sibsp + r.parch;
    let concept = match name {
        "family_size" if bad.iter().all(|i| values[*i] == family(&rows[*i])) => Some(
            known_mistake("the passenger counts too: family_size = sibsp + parch + 1"),
        ),
        "alone" | "age_missing" if bad.len() == rows.len() => Some(known_mistake(format!(
            "every value is flipped: check what 1.0 means for `{name}`"
        ))),
        "alone" => Some(known_mistake(
            "alone is 1.0 when family_size is 1 (no sibling, spouse, parent or child aboard)",
        )),
        band if band.starts_with("age_") => {
            if bad.iter().all(|i| [13.0, 18.0, 60.0].contains(&ages[*i])) {
                Some(known_mistake("a band includes its lower bound: 13 is a teen (13 ≤ age < 18), 18 an adult, 60 a senior"))
            } else if bad.iter().all(|i| rows[*i].age.is_none()) {
                Some(known_mistake(
                    "give passengers whose age was filled in the band of their filled-in age",
                ))
            } else {
                Some("bands: child below 13, teen 13 to below 18, adult 18 to below 60, senior 60 and over".into())
            }
        }
        _ => None,
    };
    let input = format!(
        "{what}, column `{name}`, row {first} ({} {}, age {}, sibsp {}, parch {})",
        row.pclass,
        row.sex,
        row.age.map_or("missing".into(), number),
        number(row.sibsp),
        number(row.parch)
    );
    Some(incorrect(
        &input,
        &number(expected[first]),
        &number(values[first]),
        concept,
    ))
}
