//! Stage `data`: DataFrame queries, cleaning and features with polars, charts' numbers
//! and model inputs, checked on small hand-made tables (where every mistake gives a
//! telling answer) and then on the real data sets.
//!
//! References are computed here without polars, by walking the rows, so a bug in a
//! polars expression cannot hide in both the answer and its check. One file per lesson,
//! named after its notebook: [`dataframes_with_polars`] (01, queries),
//! [`cleaning_and_features`] (02, cleaning and the Titanic feature table),
//! [`visualisation_dashboard`] (03, the numbers behind the dashboard) and
//! [`from_frames_to_model_inputs`] (04). This root holds only the helpers the lessons
//! share, and re-exports every lesson's public items so each id maps to
//! `checks::data::<name>`.

use super::incorrect;
use crate::compare::{number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use polars::prelude::{df, DataFrame, DataType, PolarsResult};
use std::time::Duration;

mod cleaning_and_features;
mod dataframes_with_polars;
mod from_frames_to_model_inputs;
mod visualisation_dashboard;

pub use cleaning_and_features::*;
pub use dataframes_with_polars::*;
pub use from_frames_to_model_inputs::*;
pub use visualisation_dashboard::*;

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
