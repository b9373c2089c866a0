//! `data/survival-by-class`, in lesson 1 (DataFrames with polars): a group-by whose
//! rates are checked against counting the rows by hand. Its own file because the lesson
//! outgrew one.

use crate::checks::data::{
    column_names, course_frame, incorrect, number, numbers, strings, Tolerance, LIMIT,
};
use crate::checks::known_mistake;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use polars::prelude::{df, DataFrame, PolarsResult};

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
        Some(known_mistake(
            "the numbers are right but the rows are not in class order: sort by `pclass`",
        ))
    } else if sorted.iter().any(|(_, r)| *r > 1.0) {
        Some(known_mistake("a rate above 1 is a count: average a 0/1 (or true/false) column instead of counting survivors"))
    } else if sorted
        .iter()
        .zip(expected)
        .all(|((_, g), (_, e))| Tolerance::TIGHT.close(1.0 - e, *g))
    {
        Some(known_mistake("looks like you computed the death rate: count the rows whose `survived` is \"survived\""))
    } else {
        None
    };
    Some(incorrect(what, &expected_text, &got_text, concept))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checks::incorrect_message as message;
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
