//! Stage `data`: DataFrame queries, cleaning and features with polars, charts' numbers
//! and model inputs, checked on small hand-made tables (where every mistake gives a
//! telling answer) and then on the real data sets.
//!
//! References are computed here without polars, by walking the rows, so a bug in a
//! polars expression cannot hide in both the answer and its check. The checks of each
//! notebook live in a submodule: [`frames`] (01, queries), [`features`] (02, cleaning
//! and the Titanic feature table), [`charts`] (03, the numbers behind the dashboard)
//! and [`inputs`] (04, from frames to model inputs).

use super::incorrect;
use crate::compare::{number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use polars::prelude::{df, DataFrame, DataType, PolarsResult};
use std::time::Duration;

pub mod charts;
pub mod features;
pub mod frames;
pub mod inputs;

pub use charts::{correlation_matrix, histogram_counts, rolling_mean};
pub use features::{impute_age, one_hot, titanic_features};
pub use frames::{children, class_survival_rate, missing_values};
pub use inputs::{features_and_target, standardise, train_test_split};

/// Queries on a thousand rows finish in milliseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(20);

/// The names of a frame's columns, in order.
fn column_names(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// The text form of a column, whatever its dtype (categorical, string, integer).
fn strings(frame: &DataFrame, name: &str) -> Result<Vec<Option<String>>, String> {
    let column = frame.column(name).map_err(|e| e.to_string())?;
    let text = column.cast(&DataType::String).map_err(|e| e.to_string())?;
    let values = text.str().map_err(|e| e.to_string())?;
    Ok(values.iter().map(|v| v.map(str::to_string)).collect())
}

/// A numeric (or boolean) column as `f64`, nulls as `None`.
fn optional_numbers(frame: &DataFrame, name: &str) -> Result<Vec<Option<f64>>, String> {
    let column = frame.column(name).map_err(|e| e.to_string())?;
    let values = column.cast(&DataType::Float64).map_err(|e| e.to_string())?;
    let values = values.f64().map_err(|e| e.to_string())?;
    Ok(values.iter().collect())
}

/// A numeric column as `f64` (nulls become NaN).
fn numbers(frame: &DataFrame, name: &str) -> Result<Vec<f64>, String> {
    Ok(optional_numbers(frame, name)?
        .into_iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}

/// One of the course's tables, or the verdict saying it cannot be had.
fn course_frame(grader: &Grader, name: &str) -> Result<DataFrame, Verdict> {
    grader
        .data()?
        .frame(name)
        .map_err(|reason| Verdict::CannotGrade { reason })
}

/// A table built here for a check failed to build: not the learner's fault.
fn cannot_build(what: &str, error: impl std::fmt::Display) -> Verdict {
    Verdict::CannotGrade {
        reason: format!("building {what}: {error}"),
    }
}

/// `[a, b, c]` with backticks, for lists of column names.
fn name_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("[{}]", quoted.join(", "))
}

/// One Titanic passenger, read from a frame with the columns of `ferrolab::data::titanic()`.
#[derive(Debug, Clone, PartialEq)]
struct Passenger {
    pclass: String,
    survived: bool,
    sex: String,
    age: Option<f64>,
    sibsp: f64,
    parch: f64,
}

/// The rows of a Titanic-shaped frame.
fn passengers(frame: &DataFrame) -> Result<Vec<Passenger>, String> {
    let text = |name: &str| -> Result<Vec<String>, String> {
        Ok(strings(frame, name)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect())
    };
    let (pclass, survived, sex) = (text("pclass")?, text("survived")?, text("sex")?);
    let age = optional_numbers(frame, "age")?;
    let (sibsp, parch) = (numbers(frame, "sibsp")?, numbers(frame, "parch")?);
    Ok((0..frame.height())
        .map(|i| Passenger {
            pclass: pclass[i].clone(),
            survived: survived[i] == "survived",
            sex: sex[i].clone(),
            age: age[i],
            sibsp: sibsp[i],
            parch: parch[i],
        })
        .collect())
}

/// A small Titanic-shaped table whose rows exercise the edge cases: ages at the band
/// boundaries (12.9, 13, 17.5, 18, 60), missing ages in several class/sex groups
/// (groups of even size, so a median averages two ages), families and people alone.
fn small_titanic() -> PolarsResult<DataFrame> {
    df!(
        "pclass" => ["3rd", "1st", "3rd", "2nd", "1st", "3rd", "2nd", "1st", "3rd", "1st", "2nd", "3rd", "1st", "3rd"],
        "survived" => ["died", "survived", "survived", "died", "survived", "died", "survived", "died", "died", "survived", "died", "survived", "died", "died"],
        "sex" => ["male", "female", "female", "male", "female", "male", "female", "male", "male", "female", "male", "female", "male", "male"],
        "age" => [Some(18.0), Some(60.0), None, Some(13.0), None, Some(12.9), Some(17.5), Some(45.0), None, Some(38.0), Some(30.0), Some(4.0), Some(71.0), Some(26.0)],
        "sibsp" => [0i64, 1, 1, 0, 0, 3, 0, 1, 0, 1, 0, 1, 0, 0],
        "parch" => [0i64, 0, 2, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0]
    )
}

/// A learner function from a table to a table, boxed so each check is compiled once.
type FrameFn = dyn Fn(&DataFrame) -> PolarsResult<DataFrame> + Send;

/// Run `learner` on each (table, description) case under the time limit.
fn run_frames(
    grader: &Grader,
    cases: &[(DataFrame, String)],
    learner: Box<FrameFn>,
) -> crate::sandbox::Run<PolarsResult<DataFrame>> {
    run_cases(
        grader.limit(LIMIT),
        cases.to_vec(),
        |(_, what)| what.clone(),
        move |(frame, _)| learner(frame),
    )
}

/// The small table and the real one, or the verdict saying why they cannot be had.
fn titanic_cases(grader: &Grader) -> Result<Vec<(DataFrame, String)>, Verdict> {
    let small = small_titanic().map_err(|e| cannot_build("the test table", e))?;
    let what = format!("{} passengers (a small test table)", small.height());
    let titanic = course_frame(grader, "titanic")?;
    Ok(vec![
        (small, what),
        (titanic, "the 1,309 Titanic passengers".into()),
    ])
}

/// The learner's table, or the verdict for the error it returned instead.
fn answer(what: &str, got: PolarsResult<DataFrame>) -> Result<DataFrame, Verdict> {
    got.map_err(|error| Verdict::Incorrect {
        message: format!("for input {what} your query failed: {error}"),
    })
}

/// Report the first wrong case, else the sandbox's failure, else a pass.
fn conclude(
    id: &'static str,
    verdicts: impl IntoIterator<Item = Option<Verdict>>,
    failure: Option<Verdict>,
    summary: &str,
) -> Report {
    if let Some(verdict) = verdicts.into_iter().flatten().next() {
        return Report::new(id, verdict);
    }
    match failure {
        Some(verdict) => Report::new(id, verdict),
        None => Report::new(
            id,
            Verdict::Passed {
                summary: summary.into(),
            },
        ),
    }
}

// ---------------------------------------------------------------------------------

/// `data/survival-by-class`.
pub const SURVIVAL_BY_CLASS: &str = "data/survival-by-class";

/// What a learner's query returned, read on the grading thread.
#[derive(Debug, Clone)]
enum Table {
    /// Rows of (class, rate) in the order returned.
    Rates(Vec<(String, f64)>),
    /// The frame lacks the asked-for columns; these are the ones it has.
    Columns(Vec<String>),
    /// polars returned an error.
    Failed(String),
}

fn read_rates(result: PolarsResult<DataFrame>) -> Table {
    let frame = match result {
        Ok(frame) => frame,
        Err(error) => return Table::Failed(error.to_string()),
    };
    let names = column_names(&frame);
    match (strings(&frame, "pclass"), numbers(&frame, "survival_rate")) {
        (Ok(classes), Ok(rates)) => Table::Rates(
            classes
                .into_iter()
                .map(|c| c.unwrap_or_else(|| "null".into()))
                .zip(rates)
                .collect(),
        ),
        _ => Table::Columns(names),
    }
}

/// Survival rate per class, computed by counting.
fn rates_by_counting(passengers: &DataFrame) -> Result<Vec<(String, f64)>, String> {
    let classes = strings(passengers, "pclass")?;
    let survived = strings(passengers, "survived")?;
    let mut counts: std::collections::BTreeMap<String, (f64, f64)> = Default::default();
    for (class, outcome) in classes.into_iter().zip(survived) {
        let (Some(class), Some(outcome)) = (class, outcome) else {
            continue;
        };
        let entry = counts.entry(class).or_default();
        entry.0 += f64::from(u8::from(outcome == "survived"));
        entry.1 += 1.0;
    }
    Ok(counts
        .into_iter()
        .map(|(class, (lived, all))| (class, lived / all))
        .collect())
}

fn rates_text(rates: &[(String, f64)]) -> String {
    let parts: Vec<String> = rates
        .iter()
        .map(|(c, r)| format!("{c} {}", number(*r)))
        .collect();
    format!("[{}]", parts.join(", "))
}

/// `fn survival_by_class(passengers: &DataFrame) -> PolarsResult<DataFrame>`: one row per
/// `pclass`, in class order, with the share of its passengers whose `survived` is
/// `"survived"` in a column `survival_rate`.
pub fn survival_by_class<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&DataFrame) -> PolarsResult<DataFrame> + Send + 'static,
{
    survival_by_class_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type SurvivalByClassFn = dyn Fn(&DataFrame) -> PolarsResult<DataFrame> + Send;

/// The body of [`survival_by_class`], compiled once here rather than in every learner's crate.
fn survival_by_class_boxed(grader: &Grader, learner: Box<SurvivalByClassFn>) -> Report {
    let small = df!(
        "pclass" => ["1st", "3rd", "2nd", "1st", "3rd", "2nd", "3rd", "2nd", "3rd"],
        "survived" => ["survived", "died", "survived", "died", "survived", "died", "died", "survived", "died"],
        "sex" => ["female", "male", "female", "male", "female", "male", "male", "female", "male"]
    );
    let small = match small {
        Ok(frame) => frame,
        Err(error) => {
            return Report::new(
                SURVIVAL_BY_CLASS,
                Verdict::CannotGrade {
                    reason: format!("building the test table: {error}"),
                },
            )
        }
    };
    let titanic = match course_frame(grader, "titanic") {
        Ok(frame) => frame,
        Err(verdict) => return Report::new(SURVIVAL_BY_CLASS, verdict),
    };
    let cases = vec![
        (small, "9 passengers (3 per class, shuffled)"),
        (titanic, "the 1,309 Titanic passengers"),
    ];
    let describe = |(_, what): &(DataFrame, &str)| what.to_string();
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(frame, _)| read_rates(learner(frame)),
    );
    for ((frame, what), got) in cases.iter().zip(run.outputs) {
        let expected = match rates_by_counting(frame) {
            Ok(expected) => expected,
            Err(reason) => return Report::new(SURVIVAL_BY_CLASS, Verdict::CannotGrade { reason }),
        };
        if let Some(verdict) = survival_verdict(what, &expected, got) {
            return Report::new(SURVIVAL_BY_CLASS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SURVIVAL_BY_CLASS, verdict);
    }
    Report::new(
        SURVIVAL_BY_CLASS,
        Verdict::Passed {
            summary: "a 9-passenger table and the real Titanic".into(),
        },
    )
}

fn survival_verdict(what: &str, expected: &[(String, f64)], got: Table) -> Option<Verdict> {
    let got = match got {
        Table::Failed(error) => {
            return Some(Verdict::Incorrect {
                message: format!("for input {what} your query failed: {error}"),
            })
        }
        Table::Columns(names) => {
            return Some(Verdict::Incorrect {
                message: format!(
                "for input {what} expected columns `pclass` and `survival_rate`, got {names:?}: \
                     name the mean with .alias(\"survival_rate\")"
            ),
            })
        }
        Table::Rates(rates) => rates,
    };
    let expected_text = rates_text(expected);
    let got_text = rates_text(&got);
    if got.len() != expected.len() {
        let concept = (got.len() == 2).then(|| {
            "looks like you grouped by `survived` instead of `pclass`: group by the class, average the outcome".into()
        });
        return Some(incorrect(
            what,
            &format!("{} rows (one per class) {expected_text}", expected.len()),
            &format!("{} rows {got_text}", got.len()),
            concept,
        ));
    }
    let mut sorted = got.clone();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let same = |a: &[(String, f64)], b: &[(String, f64)]| {
        a.iter()
            .zip(b)
            .all(|((ca, ra), (cb, rb))| ca == cb && Tolerance::TIGHT.close(*ra, *rb))
    };
    if same(expected, &got) {
        return None;
    }
    let concept = if same(expected, &sorted) {
        Some(
            "the numbers are right but the rows are not in class order: sort by `pclass`"
                .to_string(),
        )
    } else if sorted.iter().any(|(_, r)| *r > 1.0) {
        Some("a rate above 1 is a count: average a 0/1 (or true/false) column instead of counting survivors".into())
    } else if sorted
        .iter()
        .zip(expected)
        .all(|((_, g), (_, e))| Tolerance::TIGHT.close(1.0 - e, *g))
    {
        Some("looks like you computed the death rate: count the rows whose `survived` is \"survived\"".into())
    } else {
        None
    };
    Some(incorrect(what, &expected_text, &got_text, concept))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::data_source::DataSource;
    use polars::prelude::*;

    /// A stand-in for the installed Titanic: the same columns, a few rows.
    struct Tiny;

    impl DataSource for Tiny {
        fn frame(&self, _: &str) -> Result<DataFrame, String> {
            df!("pclass" => ["2nd", "1st", "1st"], "survived" => ["died", "survived", "died"])
                .map_err(|e| e.to_string())
        }
    }

    fn right(passengers: &DataFrame) -> PolarsResult<DataFrame> {
        passengers
            .clone()
            .lazy()
            .group_by([col("pclass")])
            .agg([col("survived")
                .eq(lit("survived"))
                .cast(DataType::Float64)
                .mean()
                .alias("survival_rate")])
            .sort(["pclass"], Default::default())
            .collect()
    }

    fn message(report: Report) -> String {
        match report.verdict {
            Verdict::Incorrect { message } => message,
            other => panic!("expected Incorrect, got {other:?}"),
        }
    }

    #[test]
    fn a_right_query_passes_and_common_mistakes_are_named() {
        let grader = Grader::new().with_data(Tiny);
        assert!(survival_by_class(&grader, right).passed());
        let unsorted = |p: &DataFrame| {
            right(p)?.sort(
                ["pclass"],
                SortMultipleOptions::default().with_order_descending(true),
            )
        };
        assert!(message(survival_by_class(&grader, unsorted)).contains("not in class order"));
        let wrong_group = |p: &DataFrame| {
            p.clone()
                .lazy()
                .group_by([col("survived")])
                .agg([col("pclass")
                    .count()
                    .cast(DataType::Float64)
                    .alias("survival_rate")])
                .collect()
        };
        assert!(
            message(survival_by_class(&grader, wrong_group)).contains("expected columns `pclass`")
        );
    }

    #[test]
    fn without_data_the_check_says_it_cannot_grade() {
        let report = survival_by_class(&Grader::new(), right);
        assert!(
            matches!(report.verdict, Verdict::CannotGrade { .. }),
            "{:?}",
            report.verdict
        );
    }
}
