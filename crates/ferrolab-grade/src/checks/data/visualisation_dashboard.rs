//! Lesson 3, the dashboard (notebooks/02-data/03-visualisation-dashboard.ipynb): the
//! numbers behind its panels (a rolling mean, histogram counts, a correlation matrix),
//! checked on small inputs and on the real series.

use super::{course_frame, incorrect, numbers, LIMIT};
use crate::checks::known_mistake;
use crate::checks::reference::covariance;
use crate::compare::{list, matrix, number, shape, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array2};
use rand::Rng;

/// A column of a course table as numbers, or the verdict saying it cannot be had.
fn series(grader: &Grader, set: &str, column: &str) -> Result<Vec<f64>, Verdict> {
    let frame = course_frame(grader, set)?;
    numbers(&frame, column).map_err(|reason| Verdict::CannotGrade {
        reason: format!("data set `{set}`: {reason}"),
    })
}

// ---------------------------------------------------------------------------------

/// `data/rolling-mean`.
pub const ROLLING_MEAN: &str = "data/rolling-mean";

/// `fn rolling_mean(values: &[f64], window: usize) -> Vec<f64>`: the mean of each full
/// window, `values.len() - window + 1` of them (none if the window is longer).
pub fn rolling_mean<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], usize) -> Vec<f64> + Send + 'static,
{
    rolling_mean_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type RollingMeanFn = dyn Fn(&[f64], usize) -> Vec<f64> + Send;

fn rolling_reference(values: &[f64], window: usize) -> Vec<f64> {
    if window == 0 || window > values.len() {
        return vec![];
    }
    (0..=values.len() - window)
        .map(|i| values[i..i + window].iter().sum::<f64>() / window as f64)
        .collect()
}

fn rolling_mean_boxed(grader: &Grader, learner: Box<RollingMeanFn>) -> Report {
    let passengers = match series(grader, "air-passengers", "value") {
        Ok(values) => values,
        Err(verdict) => return Report::new(ROLLING_MEAN, verdict),
    };
    let cases: Vec<(Vec<f64>, usize)> = vec![
        (vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3),
        (vec![112.0, 118.0, 132.0, 129.0], 1),
        (vec![2.0, 4.0, 9.0], 3),
        (passengers, 12),
        (vec![5.0, 7.0], 3),
    ];
    let describe = |(values, window): &(Vec<f64>, usize)| {
        let what = if values.len() == 144 {
            "the 144 months of AirPassengers".to_string()
        } else {
            list(values)
        };
        format!("values = {what}, window = {window}")
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(values, window)| learner(values, *window),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (values, window) = case;
        let expected = rolling_reference(values, *window);
        if Tolerance::TIGHT.all_close(&expected, &got) {
            continue;
        }
        let n = values.len();
        let sums: Vec<f64> = expected.iter().map(|m| m * *window as f64).collect();
        let concept = if got.len() == n && n >= *window {
            Some(known_mistake(format!(
                "{n} values for {n} inputs: only full windows count, and a window of {window} fits {} times \
                 (n - window + 1); don't pad or average partial windows",
                n - window + 1
            )))
        } else if got.len() + 1 == expected.len() {
            Some(known_mistake(
                "the last window is missing: windows start at 0, 1, …, n - window (inclusive)",
            ))
        } else if Tolerance::TIGHT.all_close(&sums, &got) {
            Some(known_mistake(format!(
                "those are the sums: divide each by the window length ({window})"
            )))
        } else if got.len() == expected.len()
            && Tolerance::TIGHT
                .all_close(&sums.iter().map(|s| s / n as f64).collect::<Vec<_>>(), &got)
        {
            Some(known_mistake(format!(
                "divide by the window length ({window}), not by the number of values ({n})"
            )))
        } else {
            None
        };
        let verdict = incorrect(&describe(case), &list(&expected), &list(&got), concept);
        return Report::new(ROLLING_MEAN, verdict);
    }
    if let Some(verdict) = run.failure {
        return Report::new(ROLLING_MEAN, verdict);
    }
    Report::new(
        ROLLING_MEAN,
        Verdict::Passed {
            summary:
                "windows of 1, 3 and 12 (on AirPassengers), and a window longer than the series"
                    .into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `data/histogram-counts`.
pub const HISTOGRAM_COUNTS: &str = "data/histogram-counts";

/// `fn histogram_counts(values: &[f64], bins: usize) -> Vec<usize>`: counts in `bins`
/// equal-width bins from min to max, the last bin closed on the right.
pub fn histogram_counts<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], usize) -> Vec<usize> + Send + 'static,
{
    histogram_counts_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type HistogramFn = dyn Fn(&[f64], usize) -> Vec<usize> + Send;

/// Counts by comparing each value with the bin edges (not by dividing, as a solution
/// would). The cases are chosen so that no value sits on an inner edge, where the two
/// ways could round differently.
fn histogram_reference(values: &[f64], bins: usize) -> Vec<usize> {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let mut counts = vec![0; bins];
    if hi == lo {
        // One value repeated: every copy in the first bin.
        counts[0] = values.len();
        return counts;
    }
    // A value's bin is the number of inner edges at or below it.
    let width = (hi - lo) / bins as f64;
    let inner_edges: Vec<f64> = (1..bins).map(|k| lo + k as f64 * width).collect();
    for v in values {
        counts[inner_edges.iter().filter(|&&edge| edge <= *v).count()] += 1;
    }
    counts
}

fn histogram_counts_boxed(grader: &Grader, learner: Box<HistogramFn>) -> Report {
    let passengers = match series(grader, "air-passengers", "value") {
        Ok(values) => values,
        Err(verdict) => return Report::new(HISTOGRAM_COUNTS, verdict),
    };
    let ages: Vec<f64> = match course_frame(grader, "titanic")
        .and_then(|t| numbers(&t, "age").map_err(|reason| Verdict::CannotGrade { reason }))
    {
        Ok(ages) => ages.into_iter().filter(|a| !a.is_nan()).collect(),
        Err(verdict) => return Report::new(HISTOGRAM_COUNTS, verdict),
    };
    let cases: Vec<(Vec<f64>, usize)> = vec![
        (vec![1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 4.0, 4.0, 4.0], 4),
        (vec![5.1, 0.5, 9.5, 3.2, 7.7], 3),
        (vec![7.0, 7.0, 7.0], 5),
        (vec![-2.5, 1.0], 1),
        (ages, 8),
        (passengers, 9),
    ];
    let describe = |(values, bins): &(Vec<f64>, usize)| {
        let what = match values.len() {
            144 => "the 144 months of AirPassengers".to_string(),
            1046 => "the 1,046 known Titanic ages".to_string(),
            _ => list(values),
        };
        format!("values = {what}, bins = {bins}")
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(values, bins)| learner(values, *bins),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (values, bins) = case;
        let expected = histogram_reference(values, *bins);
        if expected == got {
            continue;
        }
        let text = |counts: &[usize]| {
            let parts: Vec<String> = counts.iter().map(usize::to_string).collect();
            format!("[{}]", parts.join(", "))
        };
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let at_max = values.iter().filter(|v| **v == hi).count();
        let total: usize = got.iter().sum();
        let concept = if got.len() != *bins {
            Some(known_mistake(format!("one count per bin: {bins} counts")))
        } else if total + at_max == values.len() {
            Some(known_mistake(format!(
                "the largest value ({}) is not counted: the last bin includes its right edge, so put it there",
                number(hi)
            )))
        } else if total != values.len() {
            Some(known_mistake(format!(
                "every value goes in exactly one bin: the counts should add up to {}",
                values.len()
            )))
        } else {
            Some("bin k holds lo + k·width ≤ v < lo + (k + 1)·width, with width = (max - min) / bins".into())
        };
        let verdict = incorrect(&describe(case), &text(&expected), &text(&got), concept);
        return Report::new(HISTOGRAM_COUNTS, verdict);
    }
    if let Some(verdict) = run.failure {
        return Report::new(HISTOGRAM_COUNTS, verdict);
    }
    Report::new(
        HISTOGRAM_COUNTS,
        Verdict::Passed {
            summary: "4 small lists (one constant), the Titanic ages and AirPassengers".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `data/correlation-matrix`.
pub const CORRELATION_MATRIX: &str = "data/correlation-matrix";

/// The Ames columns the dashboard's heatmap shows, and the check uses.
pub const AMES_COLUMNS: [&str; 6] = [
    "Sale_Price",
    "Gr_Liv_Area",
    "Garage_Area",
    "Total_Bsmt_SF",
    "Year_Built",
    "Lot_Area",
];

/// `fn correlation_matrix(x: &Array2<f64>) -> Array2<f64>`: Pearson correlation of every
/// pair of columns, `p × p`.
pub fn correlation_matrix<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>) -> Array2<f64> + Send + 'static,
{
    correlation_matrix_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type CorrelationFn = dyn Fn(&Array2<f64>) -> Array2<f64> + Send;

/// Covariance scaled by standard deviations computed with divisors `n - ddof_cov` and `n - ddof_std`.
fn correlation(x: &Array2<f64>, ddof_cov: f64, ddof_std: f64) -> Array2<f64> {
    let cov = covariance(x, ddof_cov);
    let var = covariance(x, ddof_std);
    Array2::from_shape_fn(cov.dim(), |(a, b)| {
        cov[[a, b]] / (var[[a, a]] * var[[b, b]]).sqrt()
    })
}

fn ames_matrix(grader: &Grader) -> Result<Array2<f64>, Verdict> {
    let frame = course_frame(grader, "ames")?;
    let mut x = Array2::zeros((frame.height(), AMES_COLUMNS.len()));
    for (j, name) in AMES_COLUMNS.iter().enumerate() {
        let values = numbers(&frame, name).map_err(|reason| Verdict::CannotGrade {
            reason: format!("data set `ames`: {reason}"),
        })?;
        for (i, v) in values.into_iter().enumerate() {
            x[[i, j]] = v;
        }
    }
    Ok(x)
}

fn correlation_matrix_boxed(grader: &Grader, learner: Box<CorrelationFn>) -> Report {
    let ames = match ames_matrix(grader) {
        Ok(x) => x,
        Err(verdict) => return Report::new(CORRELATION_MATRIX, verdict),
    };
    let mut rng = grader.rng(30);
    let random = Array2::from_shape_fn((25, 4), |_| rng.gen_range(-10.0..10.0));
    let cases = vec![
        array![
            [1.0, 2.0, 10.0],
            [2.0, 4.0, 8.0],
            [3.0, 6.0, 7.0],
            [4.0, 8.0, 1.0]
        ],
        random,
        ames,
    ];
    let describe = |x: &Array2<f64>| {
        if x.nrows() > 100 {
            format!(
                "the {} Ames houses' {} ({} rows × {} columns)",
                x.nrows(),
                AMES_COLUMNS.join(", "),
                x.nrows(),
                x.ncols()
            )
        } else {
            format!(
                "x = {} ({} rows × {} columns)",
                matrix(x),
                x.nrows(),
                x.ncols()
            )
        }
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |x| {
        learner(x)
    });
    let tolerance = Tolerance {
        absolute: 1e-9,
        relative: 1e-9,
    };
    for (x, got) in cases.iter().zip(run.outputs) {
        let expected = correlation(x, 0.0, 0.0);
        let p = x.ncols();
        if got.dim() != (p, p) {
            let concept = (got.dim() == (x.nrows(), x.nrows())).then(|| {
                known_mistake("one value per pair of rows: correlate the columns (features), giving columns × columns")
            });
            let verdict = incorrect(
                &describe(x),
                &format!(
                    "a {} matrix (one row and column per feature)",
                    shape(&[p, p])
                ),
                &format!("a {} matrix", shape(got.shape())),
                concept,
            );
            return Report::new(CORRELATION_MATRIX, verdict);
        }
        let like = |m: &Array2<f64>| {
            tolerance.all_close(
                &m.iter().copied().collect::<Vec<_>>(),
                &got.iter().copied().collect::<Vec<_>>(),
            )
        };
        if like(&expected) {
            continue;
        }
        let concept = if like(&covariance(x, 0.0)) || like(&covariance(x, 1.0)) {
            Some(known_mistake("that is the covariance matrix: divide each entry by the two columns' standard deviations, so the diagonal is 1"))
        } else if like(&correlation(x, 1.0, 0.0)) || like(&correlation(x, 0.0, 1.0)) {
            Some(known_mistake("the covariance and the standard deviations use different divisors (n and n - 1): use the same for both"))
        } else if got.diag().iter().any(|d| !tolerance.close(1.0, *d)) {
            Some(known_mistake(
                "every column correlates perfectly with itself: the diagonal must be 1",
            ))
        } else {
            None
        };
        let (a, b) = expected
            .indexed_iter()
            .find(|((a, b), e)| !tolerance.close(**e, got[[*a, *b]]))
            .map_or((0, 0), |(index, _)| index);
        let verdict = incorrect(
            &format!("{}, entry [{a}, {b}]", describe(x)),
            &number(expected[[a, b]]),
            &number(got[[a, b]]),
            concept,
        );
        return Report::new(CORRELATION_MATRIX, verdict);
    }
    if let Some(verdict) = run.failure {
        return Report::new(CORRELATION_MATRIX, verdict);
    }
    Report::new(
        CORRELATION_MATRIX,
        Verdict::Passed {
            summary: "a 4×3 matrix with perfect correlations, a random 25×4 one and 6 columns of the 2,930 Ames houses".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Axis;

    #[test]
    fn references_agree_with_the_definitions() {
        assert_eq!(
            rolling_reference(&[1.0, 2.0, 3.0, 4.0], 2),
            vec![1.5, 2.5, 3.5]
        );
        assert!(rolling_reference(&[1.0], 2).is_empty());
        assert_eq!(
            histogram_reference(&[1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 4.0, 4.0, 4.0], 4),
            vec![1, 2, 3, 4]
        );
        assert_eq!(
            histogram_reference(&[5.1, 0.5, 9.5, 3.2, 7.7], 3),
            vec![2, 1, 2]
        );
        assert_eq!(
            histogram_reference(&[7.0, 7.0, 7.0], 5),
            vec![3, 0, 0, 0, 0]
        );
        let x = array![
            [1.0, 2.0, 10.0],
            [2.0, 4.0, 8.0],
            [3.0, 6.0, 7.0],
            [4.0, 8.0, 1.0]
        ];
        let r = correlation(&x, 0.0, 0.0);
        assert!((r[[0, 1]] - 1.0).abs() < 1e-12);
        assert!(r[[0, 2]] < -0.9);
        assert!(Tolerance::TIGHT.close(r[[2, 0]], r[[0, 2]]));
        assert_eq!(r.sum_axis(Axis(0)).len(), 3);
    }
}
