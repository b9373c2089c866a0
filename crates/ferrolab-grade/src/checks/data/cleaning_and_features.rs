//! Lesson 2, cleaning and features (notebooks/02-data/02-cleaning-and-features.ipynb):
//! age imputation, one-hot encoding and the whole Titanic feature table, each compared
//! row by row with a reference computed here.

use super::{
    answer, cannot_build, column_names, conclude, course_frame, incorrect, name_list, number,
    optional_numbers, passengers, run_frames, strings, titanic_cases, FrameFn, Passenger,
    Tolerance, LIMIT,
};
use crate::checks::known_mistake;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use polars::prelude::{df, DataFrame, DataType, PolarsResult};
use std::collections::BTreeMap;

mod titanic_features;
pub use titanic_features::*;

/// The median (the mean of the two middle values for an even count); NaN for none.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn mean(values: Vec<f64>) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// A way to fill a missing age: its name, the group a passenger falls in, the statistic.
type Fill = (&'static str, fn(&Passenger) -> String, fn(Vec<f64>) -> f64);

/// Ways to fill a missing age: the right one first, then the mistakes learners make.
const FILLS: [Fill; 6] = [
    (
        "median by class and sex",
        |p| format!("{} {}", p.pclass, p.sex),
        median,
    ),
    (
        "mean by class and sex",
        |p| format!("{} {}", p.pclass, p.sex),
        mean,
    ),
    ("median by class only", |p| p.pclass.clone(), median),
    ("median by sex only", |p| p.sex.clone(), median),
    ("median of everyone", |_| String::new(), median),
    ("mean of everyone", |_| String::new(), mean),
];

/// Every passenger's age, missing ones filled by `FILLS[which]`.
fn filled_ages(rows: &[Passenger], which: usize) -> Vec<f64> {
    let (_, key, statistic) = FILLS[which];
    let mut groups: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for row in rows {
        if let Some(age) = row.age {
            groups.entry(key(row)).or_default().push(age);
        }
    }
    let filler: BTreeMap<String, f64> = groups
        .into_iter()
        .map(|(group, ages)| (group, statistic(ages)))
        .collect();
    rows.iter()
        .map(|row| {
            row.age
                .unwrap_or_else(|| filler.get(&key(row)).copied().unwrap_or(f64::NAN))
        })
        .collect()
}

/// What is wrong with `got` ages (no nulls), or `None` when they are right.
fn age_mistake(rows: &[Passenger], got: &[f64], what: &str) -> Option<Verdict> {
    let expected = filled_ages(rows, 0);
    let close = |a: &[f64], b: &[f64]| Tolerance::TIGHT.all_close(a, b);
    if close(&expected, got) {
        return None;
    }
    let first = expected
        .iter()
        .zip(got)
        .position(|(e, g)| !Tolerance::TIGHT.close(*e, *g))
        .unwrap_or(0);
    let row = &rows[first];
    let input = format!(
        "{what}, row {first} ({} {}, age {})",
        row.pclass,
        row.sex,
        row.age.map_or("missing".into(), number)
    );
    let changed_known = rows
        .iter()
        .zip(got)
        .any(|(r, g)| r.age.is_some_and(|a| !Tolerance::TIGHT.close(a, *g)));
    let concept = if changed_known {
        Some(known_mistake(
            "you changed ages that were known: fill only the missing ones (fill_null)",
        ))
    } else if got
        .iter()
        .zip(rows)
        .all(|(g, r)| r.age.is_some() || *g == 0.0)
    {
        Some(known_mistake("the missing ages became 0: a newborn is no better a guess than anyone; fill with the group's median"))
    } else {
        (1..FILLS.len())
            .find(|which| close(&filled_ages(rows, *which), got))
            .map(|which| {
                format!(
                    "looks like you filled with the {}; fill with the median of the passenger's own class and sex \
                     (col(\"age\").median().over([col(\"pclass\"), col(\"sex\")]))",
                    FILLS[which].0
                )
            })
    };
    Some(incorrect(
        &input,
        &number(expected[first]),
        &number(got[first]),
        concept,
    ))
}

/// Whether the rows kept their order: same class and sex in every row.
fn same_row_order(rows: &[Passenger], got: &DataFrame) -> bool {
    let (Ok(pclass), Ok(sex)) = (strings(got, "pclass"), strings(got, "sex")) else {
        return true;
    };
    rows.iter().zip(pclass.iter().zip(&sex)).all(|(r, (c, s))| {
        c.as_deref() == Some(r.pclass.as_str()) && s.as_deref() == Some(r.sex.as_str())
    })
}

const REORDERED: &str =
    "the rows are not in the order they came in: keep each passenger where it was \
     (an .over() window keeps the order; a join may not)";

// ---------------------------------------------------------------------------------

/// `data/impute-age`.
pub const IMPUTE_AGE: &str = "data/impute-age";

/// `fn impute_age(passengers: &DataFrame) -> PolarsResult<DataFrame>`: missing ages filled
/// with their (pclass, sex) group's median, plus `age_missing` (1.0 where filled).
pub fn impute_age<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&DataFrame) -> PolarsResult<DataFrame> + Send + 'static,
{
    impute_age_boxed(grader, Box::new(learner))
}

fn impute_age_boxed(grader: &Grader, learner: Box<FrameFn>) -> Report {
    let cases = match titanic_cases(grader) {
        Ok(cases) => cases,
        Err(verdict) => return Report::new(IMPUTE_AGE, verdict),
    };
    let run = run_frames(grader, &cases, learner);
    let verdicts = cases
        .iter()
        .zip(run.outputs)
        .map(|((frame, what), got)| impute_verdict(frame, what, got));
    conclude(
        IMPUTE_AGE,
        verdicts.collect::<Vec<_>>(),
        run.failure,
        "a 14-passenger table with 3 missing ages and the real Titanic's 263",
    )
}

fn impute_verdict(input: &DataFrame, what: &str, got: PolarsResult<DataFrame>) -> Option<Verdict> {
    let got = match answer(what, got) {
        Ok(frame) => frame,
        Err(verdict) => return Some(verdict),
    };
    let rows = match passengers(input) {
        Ok(rows) => rows,
        Err(reason) => return Some(Verdict::CannotGrade { reason }),
    };
    let known = rows.iter().filter(|r| r.age.is_some()).count();
    if got.height() != rows.len() {
        let concept = (got.height() == known).then(|| {
            "looks like you dropped the passengers with no age: fill them in instead, a model needs every row"
                .to_string()
        });
        return Some(incorrect(
            what,
            &format!("{} rows", rows.len()),
            &format!("{} rows", got.height()),
            concept,
        ));
    }
    let names = column_names(&got);
    let lost: Vec<String> = column_names(input)
        .into_iter()
        .chain(["age_missing".to_string()])
        .filter(|n| !names.contains(n))
        .collect();
    if !lost.is_empty() {
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} your table lacks the columns {}: keep the passengers' columns and add `age_missing`",
                name_list(&lost)
            ),
        });
    }
    if !same_row_order(&rows, &got) {
        return Some(Verdict::Incorrect {
            message: format!("for input {what} {REORDERED}"),
        });
    }
    let ages = match optional_numbers(&got, "age") {
        Ok(ages) => ages,
        Err(error) => {
            return Some(Verdict::Incorrect {
                message: format!("for input {what} the `age` column could not be read: {error}"),
            })
        }
    };
    let still = ages.iter().filter(|a| a.is_none()).count();
    if still > 0 {
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} {still} ages are still missing: replace the nulls with fill_null(...)"
            ),
        });
    }
    let ages: Vec<f64> = ages.into_iter().map(|a| a.unwrap_or(f64::NAN)).collect();
    if let Some(verdict) = age_mistake(&rows, &ages, what) {
        return Some(verdict);
    }
    let expected: Vec<f64> = rows
        .iter()
        .map(|r| f64::from(u8::from(r.age.is_none())))
        .collect();
    flag_verdict(
        &got,
        "age_missing",
        &expected,
        what,
        "1.0 where the age was missing",
    )
}

/// Compare a 0/1 column with the expected flags; a flipped column gets its own message.
/// The exercises ask for 1.0/0.0 numbers, so a column of another type (booleans, whole
/// numbers) is wrong even when its values cast to the right ones.
fn flag_verdict(
    got: &DataFrame,
    name: &str,
    expected: &[f64],
    what: &str,
    meaning: &str,
) -> Option<Verdict> {
    if let Ok(column) = got.column(name) {
        let dtype = column.dtype();
        if *dtype != DataType::Float64 {
            let how = if *dtype == DataType::Boolean {
                "looks like you kept the booleans a comparison gives: "
            } else {
                ""
            };
            return Some(Verdict::Incorrect {
                message: format!(
                    "for input {what} expected column `{name}` to hold the numbers 1.0 and 0.0 (f64), got a column of type {dtype}: {how}add `.cast(DataType::Float64)`, so a model can read it as a number"
                ),
            });
        }
    }
    let values = match optional_numbers(got, name) {
        Ok(v) => v
            .into_iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect::<Vec<f64>>(),
        Err(error) => {
            return Some(Verdict::Incorrect {
                message: format!(
                    "for input {what} column `{name}` could not be read as numbers: {error}"
                ),
            })
        }
    };
    if Tolerance::TIGHT.all_close(expected, &values) {
        return None;
    }
    let row = expected
        .iter()
        .zip(&values)
        .position(|(e, g)| !Tolerance::TIGHT.close(*e, *g))
        .unwrap_or(0);
    let flipped: Vec<f64> = expected.iter().map(|e| 1.0 - e).collect();
    let concept = if Tolerance::TIGHT.all_close(&flipped, &values) {
        Some(known_mistake(format!(
            "every value is flipped: `{name}` is {meaning}"
        )))
    } else {
        Some(format!("`{name}` is {meaning}, else 0.0"))
    };
    Some(incorrect(
        &format!("{what}, column `{name}`, row {row}"),
        &number(expected[row]),
        &number(values[row]),
        concept,
    ))
}

// ---------------------------------------------------------------------------------

/// `data/one-hot`.
pub const ONE_HOT: &str = "data/one-hot";

/// `fn one_hot(frame: &DataFrame, column: &str) -> PolarsResult<DataFrame>`: `column`
/// replaced by one 0/1 column `<column>_<value>` per distinct value, in sorted order,
/// after the other columns.
pub fn one_hot<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&DataFrame, &str) -> PolarsResult<DataFrame> + Send + 'static,
{
    one_hot_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type OneHotFn = dyn Fn(&DataFrame, &str) -> PolarsResult<DataFrame> + Send;

/// A table, the column to encode, and how verdicts describe it.
type OneHotCase = (DataFrame, &'static str, String);

/// Five real days of Seattle weather (2012), the `weather` column in no sorted order.
fn weather_days() -> PolarsResult<DataFrame> {
    df!(
        "temp_max" => [12.8, 10.6, 6.1, 5.0, 8.9],
        "weather" => ["drizzle", "rain", "sun", "snow", "rain"],
        "wind" => [4.7, 4.5, 3.4, 8.8, 6.1]
    )
}

fn one_hot_boxed(grader: &Grader, learner: Box<OneHotFn>) -> Report {
    let small = match weather_days() {
        Ok(t) => t,
        Err(e) => return Report::new(ONE_HOT, cannot_build("the test table", e)),
    };
    let titanic = match course_frame(grader, "titanic") {
        Ok(t) => t,
        Err(verdict) => return Report::new(ONE_HOT, verdict),
    };
    let cases: Vec<OneHotCase> = vec![
        (
            small,
            "weather",
            "5 days of Seattle weather, column `weather`".into(),
        ),
        (
            titanic.clone(),
            "pclass",
            "the Titanic passengers, column `pclass`".into(),
        ),
        (
            titanic,
            "sex",
            "the Titanic passengers, column `sex`".into(),
        ),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |(_, _, what)| what.clone(),
        move |(frame, column, _)| learner(frame, column),
    );
    let verdicts = cases
        .iter()
        .zip(run.outputs)
        .map(|((frame, column, what), got)| one_hot_verdict(frame, column, what, got));
    conclude(
        ONE_HOT,
        verdicts.collect::<Vec<_>>(),
        run.failure,
        "Seattle weather (4 kinds of day) and the Titanic's `pclass` and `sex`",
    )
}

fn one_hot_verdict(
    input: &DataFrame,
    column: &str,
    what: &str,
    got: PolarsResult<DataFrame>,
) -> Option<Verdict> {
    let got = match answer(what, got) {
        Ok(frame) => frame,
        Err(verdict) => return Some(verdict),
    };
    let values = match strings(input, column) {
        Ok(values) => values,
        Err(reason) => return Some(Verdict::CannotGrade { reason }),
    };
    let mut distinct: Vec<String> = values.iter().flatten().cloned().collect();
    distinct.sort();
    distinct.dedup();
    let new_names: Vec<String> = distinct.iter().map(|v| format!("{column}_{v}")).collect();
    let expected_names: Vec<String> = column_names(input)
        .into_iter()
        .filter(|n| n != column)
        .chain(new_names.iter().cloned())
        .collect();
    let names = column_names(&got);
    if names != expected_names {
        let same_columns_in_another_order = {
            let (mut a, mut b) = (names.clone(), expected_names.clone());
            a.sort();
            b.sort();
            a == b
        };
        let concept = if names.iter().any(|n| n == column) {
            format!("the original `{column}` column is still there: drop it once its indicators are added")
        } else if distinct.iter().all(|v| names.contains(v)) {
            format!(
                "name each new column `<column>_<value>`, e.g. `{}`",
                new_names[0]
            )
        } else if same_columns_in_another_order {
            "the right columns in another order: the other columns first, then the new ones in sorted order of their value".into()
        } else {
            format!(
                "one new column per distinct value of `{column}` ({} of them)",
                distinct.len()
            )
        };
        return Some(incorrect(
            what,
            &format!("the columns {}", name_list(&expected_names)),
            &name_list(&names),
            Some(concept),
        ));
    }
    if got.height() != input.height() {
        return Some(incorrect(
            what,
            &format!("{} rows", input.height()),
            &format!("{} rows", got.height()),
            Some("keep every row".into()),
        ));
    }
    for (value, name) in distinct.iter().zip(&new_names) {
        let expected: Vec<f64> = values
            .iter()
            .map(|v| f64::from(u8::from(v.as_deref() == Some(value.as_str()))))
            .collect();
        let meaning = format!("1.0 where `{column}` is \"{value}\"");
        if let Some(verdict) = flag_verdict(&got, name, &expected, what, &meaning) {
            return Some(verdict);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_average_the_middle_pair() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(vec![]).is_nan());
    }

    #[test]
    fn the_small_table_fills_each_group_with_its_own_median() {
        let rows = passengers(&super::super::small_titanic().unwrap()).unwrap();
        let ages = filled_ages(&rows, 0);
        // Row 2: 3rd-class woman; the known 3rd-class women: 4.0 only.
        assert_eq!(ages[2], 4.0);
        // Row 4: 1st-class woman; known: 60 and 38 → 49.
        assert_eq!(ages[4], 49.0);
        // Row 8: 3rd-class man; known: 18, 12.9, 26 → 18.
        assert_eq!(ages[8], 18.0);
        // Every wrong fill differs from the right one on this table.
        for (which, fill) in FILLS.iter().enumerate().skip(1) {
            assert_ne!(filled_ages(&rows, which), ages, "{}", fill.0);
        }
    }
}
