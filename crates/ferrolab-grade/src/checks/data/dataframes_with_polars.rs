//! Lesson 1, DataFrames with polars (notebooks/02-data/01-dataframes-with-polars.ipynb): a
//! filter/select query, survival by class, a group-by joined back onto its rows, and a
//! missing-value report.

use super::{
    answer, cannot_build, column_names, conclude, course_frame, incorrect, name_list, number,
    numbers, optional_numbers, passengers, run_frames, strings, titanic_cases, FrameFn, Passenger,
    Tolerance,
};
use crate::checks::known_mistake;
use crate::{Grader, Report, Verdict};
use polars::prelude::{df, DataFrame, PolarsResult};
use std::collections::BTreeMap;

mod survival_by_class;
pub use survival_by_class::*;

// ---------------------------------------------------------------------------------

/// `data/children`.
pub const CHILDREN: &str = "data/children";

/// The columns `children` returns, in order.
const CHILD_COLUMNS: [&str; 4] = ["pclass", "sex", "age", "survived"];

/// `fn children(passengers: &DataFrame) -> PolarsResult<DataFrame>`: the passengers whose
/// known age is below 18, columns `pclass`, `sex`, `age`, `survived`, youngest first.
pub fn children<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&DataFrame) -> PolarsResult<DataFrame> + Send + 'static,
{
    children_boxed(grader, Box::new(learner))
}

/// A row of the answer: class, sex, age, outcome.
type ChildRow = (String, String, Option<f64>, String);

fn child_rows(frame: &DataFrame) -> Result<Vec<ChildRow>, String> {
    let text = |name: &str| -> Result<Vec<String>, String> {
        Ok(strings(frame, name)?
            .into_iter()
            .map(|v| v.unwrap_or_else(|| "null".into()))
            .collect())
    };
    let (pclass, sex, survived) = (text("pclass")?, text("sex")?, text("survived")?);
    let age = optional_numbers(frame, "age")?;
    Ok((0..frame.height())
        .map(|i| {
            (
                pclass[i].clone(),
                sex[i].clone(),
                age[i],
                survived[i].clone(),
            )
        })
        .collect())
}

fn sorted_rows(mut rows: Vec<ChildRow>) -> Vec<ChildRow> {
    rows.sort_by(|a, b| {
        let age = |r: &ChildRow| r.2.unwrap_or(f64::NEG_INFINITY);
        age(a)
            .total_cmp(&age(b))
            .then_with(|| (&a.0, &a.1, &a.3).cmp(&(&b.0, &b.1, &b.3)))
    });
    rows
}

fn children_boxed(grader: &Grader, learner: Box<FrameFn>) -> Report {
    let cases = match titanic_cases(grader) {
        Ok(cases) => cases,
        Err(verdict) => return Report::new(CHILDREN, verdict),
    };
    let run = run_frames(grader, &cases, learner);
    let verdicts = cases
        .iter()
        .zip(run.outputs)
        .map(|((frame, what), got)| children_verdict(frame, what, got));
    conclude(
        CHILDREN,
        verdicts.collect::<Vec<_>>(),
        run.failure,
        "a 14-passenger table with ages 12.9, 17.5, 18 and missing ages, and the real Titanic",
    )
}

fn children_verdict(
    input: &DataFrame,
    what: &str,
    got: PolarsResult<DataFrame>,
) -> Option<Verdict> {
    let got = match answer(what, got) {
        Ok(frame) => frame,
        Err(verdict) => return Some(verdict),
    };
    let names = column_names(&got);
    if names != CHILD_COLUMNS {
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} expected the columns [`pclass`, `sex`, `age`, `survived`] in that order, \
                 got {}: select exactly these, in this order",
                name_list(&names)
            ),
        });
    }
    let (all, rows) = match (child_rows(input), child_rows(&got)) {
        (Ok(all), Ok(rows)) => (all, rows),
        (Err(reason), _) => return Some(Verdict::CannotGrade { reason }),
        (_, Err(error)) => {
            return Some(Verdict::Incorrect {
                message: format!("for input {what} your table could not be read: {error}"),
            })
        }
    };
    let unknown_in_input = all.iter().filter(|r| r.2.is_none()).count();
    let expected: Vec<ChildRow> = sorted_rows(
        all.into_iter()
            .filter(|r| r.2.is_some_and(|a| a < 18.0))
            .collect(),
    );
    let rows_text = |n: usize| format!("{n} rows");
    if sorted_rows(rows.clone()) != expected {
        let unknown = rows.iter().filter(|r| r.2.is_none()).count();
        let adults = rows
            .iter()
            .filter(|r| r.2.is_some_and(|a| a >= 18.0))
            .count();
        let eighteen = rows.iter().filter(|r| r.2 == Some(18.0)).count();
        // Unknown ages filled with 0 come back as 0-year-olds: as many extra rows, no adult.
        let filled = adults == 0 && rows.len() == expected.len() + unknown_in_input;
        let concept = if unknown > 0 || filled {
            Some(known_mistake(
                "you kept the passengers whose age is unknown: a passenger whose age is unknown is not known to be \
                 a child; compare the age itself (nulls fail the comparison and are dropped), don't fill it first",
            ))
        } else if eighteen > 0 && adults == eighteen {
            Some(known_mistake("your rows include 18-year-olds: \"younger than 18\" is age < 18 (`lt`), not `lt_eq`"))
        } else if adults > 0 {
            Some(known_mistake(format!(
                "{adults} of your rows are 18 or older: keep only ages below 18"
            )))
        } else {
            None
        };
        return Some(incorrect(
            what,
            &rows_text(expected.len()),
            &rows_text(rows.len()),
            concept,
        ));
    }
    let ages: Vec<f64> = rows.iter().map(|r| r.2.unwrap_or(f64::NAN)).collect();
    if ages.windows(2).any(|w| w[0] > w[1]) {
        let first: Vec<String> = ages.iter().take(4).map(|a| number(*a)).collect();
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} the right rows came back, but not youngest first (ages start {}): \
                 sort by `age`, ascending",
                first.join(", ")
            ),
        });
    }
    None
}

// ---------------------------------------------------------------------------------

/// `data/class-survival-rate`.
pub const CLASS_SURVIVAL_RATE: &str = "data/class-survival-rate";

/// `fn class_survival_rate(passengers: &DataFrame) -> PolarsResult<DataFrame>`: every row
/// and column of `passengers`, plus `class_survival_rate`, the survival rate of the row's class.
pub fn class_survival_rate<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&DataFrame) -> PolarsResult<DataFrame> + Send + 'static,
{
    class_survival_rate_boxed(grader, Box::new(learner))
}

/// The survival rate of each class, by counting.
fn rates_of(rows: &[Passenger]) -> BTreeMap<String, f64> {
    let mut counts: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for row in rows {
        let entry = counts.entry(row.pclass.clone()).or_default();
        entry.0 += f64::from(u8::from(row.survived));
        entry.1 += 1.0;
    }
    counts
        .into_iter()
        .map(|(class, (lived, all))| (class, lived / all))
        .collect()
}

fn class_survival_rate_boxed(grader: &Grader, learner: Box<FrameFn>) -> Report {
    let cases = match titanic_cases(grader) {
        Ok(cases) => cases,
        Err(verdict) => return Report::new(CLASS_SURVIVAL_RATE, verdict),
    };
    let run = run_frames(grader, &cases, learner);
    let verdicts = cases
        .iter()
        .zip(run.outputs)
        .map(|((frame, what), got)| class_rate_verdict(frame, what, got));
    conclude(
        CLASS_SURVIVAL_RATE,
        verdicts.collect::<Vec<_>>(),
        run.failure,
        "every passenger of a 14-passenger table and of the real Titanic carries their class's rate",
    )
}

fn class_rate_verdict(
    input: &DataFrame,
    what: &str,
    got: PolarsResult<DataFrame>,
) -> Option<Verdict> {
    let got = match answer(what, got) {
        Ok(frame) => frame,
        Err(verdict) => return Some(verdict),
    };
    let all = match passengers(input) {
        Ok(all) => all,
        Err(reason) => return Some(Verdict::CannotGrade { reason }),
    };
    let rates = rates_of(&all);
    if got.height() != input.height() {
        let concept = (got.height() == rates.len()).then(|| {
            "you returned one row per class: join these rates back onto the passengers \
             (a left join on `pclass`) so every passenger keeps its row"
                .to_string()
        });
        return Some(incorrect(
            what,
            &format!("{} rows (one per passenger)", input.height()),
            &format!("{} rows", got.height()),
            concept,
        ));
    }
    let names = column_names(&got);
    let lost: Vec<String> = column_names(input)
        .into_iter()
        .filter(|n| !names.contains(n))
        .collect();
    if !lost.is_empty() || !names.iter().any(|n| n == "class_survival_rate") {
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} expected the passengers' columns plus `class_survival_rate`, got {}: \
                 keep every column and name the new one with .alias(\"class_survival_rate\")",
                name_list(&names)
            ),
        });
    }
    if let Some(verdict) = changed_column(input, &got, what) {
        return Some(verdict);
    }
    let (classes, got_rates) = match (
        strings(&got, "pclass"),
        numbers(&got, "class_survival_rate"),
    ) {
        (Ok(c), Ok(r)) => (c, r),
        (Err(e), _) | (_, Err(e)) => {
            return Some(Verdict::Incorrect {
                message: format!("for input {what} your table could not be read: {e}"),
            })
        }
    };
    let mut per_class: BTreeMap<String, usize> = BTreeMap::new();
    for class in classes.iter().flatten() {
        *per_class.entry(class.clone()).or_default() += 1;
    }
    let mut wanted: BTreeMap<String, usize> = BTreeMap::new();
    for row in &all {
        *wanted.entry(row.pclass.clone()).or_default() += 1;
    }
    if per_class != wanted {
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} the passengers per class changed (expected {wanted:?}, got {per_class:?}): \
                 keep every passenger once"
            ),
        });
    }
    for (class, rate) in classes.iter().zip(&got_rates) {
        let class = class.clone().unwrap_or_default();
        let Some(expected) = rates.get(&class).copied() else {
            continue;
        };
        if Tolerance::TIGHT.close(expected, *rate) {
            continue;
        }
        let overall = all.iter().filter(|p| p.survived).count() as f64 / all.len() as f64;
        let concept = if Tolerance::TIGHT.close(1.0 - expected, *rate) {
            Some(known_mistake(
                "looks like the death rate: average whether `survived` is \"survived\"",
            ))
        } else if got_rates
            .iter()
            .all(|r| Tolerance::TIGHT.close(overall, *r))
        {
            Some(known_mistake(format!(
                "every passenger got the overall rate {}: group by `pclass` before averaging",
                number(overall)
            )))
        } else if *rate > 1.0 {
            Some(known_mistake(
                "a rate above 1 is a count: average a 0/1 column instead",
            ))
        } else {
            None
        };
        return Some(incorrect(
            &format!("{what}, a {class}-class passenger"),
            &number(expected),
            &number(*rate),
            concept,
        ));
    }
    None
}

/// A column of `input` that `got` keeps under its name but with other values or another
/// type (rows may come back in another order, so the values are compared sorted).
fn changed_column(input: &DataFrame, got: &DataFrame, what: &str) -> Option<Verdict> {
    let texts = |frame: &DataFrame, name: &str| -> Option<Vec<String>> {
        let column = frame.column(name).ok()?;
        let mut values: Vec<String> = (0..column.len())
            .map(|i| column.get(i).map(|v| v.to_string()).unwrap_or_default())
            .collect();
        values.sort();
        Some(values)
    };
    for name in column_names(input) {
        let (Ok(before), Ok(after)) = (input.column(&name), got.column(&name)) else {
            continue;
        };
        let retyped = before.dtype() != after.dtype();
        if retyped || texts(input, &name) != texts(got, &name) {
            let how = if retyped {
                format!(
                    " (it was {}, it came back {})",
                    before.dtype(),
                    after.dtype()
                )
            } else {
                String::new()
            };
            return Some(Verdict::Incorrect {
                message: format!(
                    "for input {what} the column `{name}` was overwritten{how}: {}",
                    known_mistake("keep the passengers' columns as they are, and compute 0/1 values inside the aggregation (`col(\"survived\").eq(lit(\"survived\")).cast(DataType::Float64).mean()`) instead of replacing a column")
                ),
            });
        }
    }
    None
}

// ---------------------------------------------------------------------------------

/// `data/missing-values`.
pub const MISSING_VALUES: &str = "data/missing-values";

/// `fn missing_values(frame: &DataFrame) -> PolarsResult<DataFrame>`: one row per column
/// of `frame` with `column`, `missing` (null count) and `share` (missing / rows).
pub fn missing_values<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&DataFrame) -> PolarsResult<DataFrame> + Send + 'static,
{
    missing_values_boxed(grader, Box::new(learner))
}

/// A weather log with gaps of every kind: text, floats and integers with nulls, and a
/// complete column.
fn gappy_table() -> PolarsResult<DataFrame> {
    df!(
        "city" => [Some("Oslo"), Some("Lima"), None, Some("Pune"), Some("Oslo")],
        "temp_c" => [Some(3.5), None, None, Some(31.0), Some(-2.0)],
        "rain_mm" => [Some(0i64), Some(2), Some(0), None, Some(11)],
        "day" => [1i64, 2, 3, 4, 5]
    )
}

fn missing_values_boxed(grader: &Grader, learner: Box<FrameFn>) -> Report {
    let mut cases = match gappy_table() {
        Ok(t) => vec![(
            t,
            "a 5-row weather table with gaps in 3 of its 4 columns".to_string(),
        )],
        Err(e) => return Report::new(MISSING_VALUES, cannot_build("the test table", e)),
    };
    match course_frame(grader, "titanic") {
        Ok(t) => cases.push((t, "the 1,309 Titanic passengers".into())),
        Err(verdict) => return Report::new(MISSING_VALUES, verdict),
    }
    let run = run_frames(grader, &cases, learner);
    let verdicts = cases
        .iter()
        .zip(run.outputs)
        .map(|((frame, what), got)| missing_verdict(frame, what, got));
    conclude(
        MISSING_VALUES,
        verdicts.collect::<Vec<_>>(),
        run.failure,
        "a table with gaps in text, float and integer columns, and the real Titanic",
    )
}

fn missing_verdict(input: &DataFrame, what: &str, got: PolarsResult<DataFrame>) -> Option<Verdict> {
    let got = match answer(what, got) {
        Ok(frame) => frame,
        Err(verdict) => return Some(verdict),
    };
    let read = (|| -> Result<_, String> {
        Ok((
            strings(&got, "column")?,
            numbers(&got, "missing")?,
            numbers(&got, "share")?,
        ))
    })();
    let Ok((names, missing, share)) = read else {
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} expected the columns `column`, `missing` and `share`, got {}",
                name_list(&column_names(&got))
            ),
        });
    };
    let expected_names = column_names(input);
    let names: Vec<String> = names.into_iter().map(Option::unwrap_or_default).collect();
    if names != expected_names {
        let mut sorted = names.clone();
        sorted.sort();
        let mut wanted = expected_names.clone();
        wanted.sort();
        let concept = (sorted == wanted).then(|| {
            "the right columns, in another order: list them in the frame's own column order".into()
        });
        return Some(incorrect(
            what,
            &format!("one row per column, {}", name_list(&expected_names)),
            &name_list(&names),
            concept,
        ));
    }
    let rows = input.height() as f64;
    let expected: Vec<f64> = input
        .columns()
        .iter()
        .map(|c| c.null_count() as f64)
        .collect();
    let as_text = |values: &[f64]| {
        let parts: Vec<String> = names
            .iter()
            .zip(values)
            .map(|(n, v)| format!("{n} {}", number(*v)))
            .collect();
        format!("[{}]", parts.join(", "))
    };
    if !Tolerance::TIGHT.all_close(&expected, &missing) {
        let present: Vec<f64> = expected.iter().map(|m| rows - m).collect();
        let concept = Tolerance::TIGHT.all_close(&present, &missing).then(|| {
            "looks like you counted the values that are present: polars' count() skips nulls; \
             use null_count() (or is_null().sum())"
                .to_string()
        });
        return Some(incorrect(
            &format!("{what}, column `missing`"),
            &as_text(&expected),
            &as_text(&missing),
            concept,
        ));
    }
    let expected_share: Vec<f64> = expected.iter().map(|m| m / rows).collect();
    if !Tolerance::TIGHT.all_close(&expected_share, &share) {
        let percent: Vec<f64> = expected_share.iter().map(|s| s * 100.0).collect();
        let concept = if Tolerance::TIGHT.all_close(&percent, &share) {
            Some(known_mistake(
                "that is a percentage: give the share as a fraction between 0 and 1",
            ))
        } else if Tolerance::TIGHT.all_close(&expected, &share) {
            Some(known_mistake(format!(
                "divide each count by the number of rows ({})",
                number(rows)
            )))
        } else {
            None
        };
        return Some(incorrect(
            &format!("{what}, column `share`"),
            &as_text(&expected_share),
            &as_text(&share),
            concept,
        ));
    }
    None
}
