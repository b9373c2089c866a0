//! Wrong answers to data lesson 3, the visualisation dashboard:
//! notebooks/02-data/03-visualisation-dashboard.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "data/rolling-mean",
            what: "averages partial windows at the start (pandas' min_periods=1)",
            grade: |g| checks::data::rolling_mean(g, rolling_mean_with_partial_windows),
            says: "6 values for 6 inputs: only full windows count, and a window of 3 fits 4 times",
        },
        Wrong {
            id: "data/histogram-counts",
            what: "drops the maximum instead of putting it in the last bin",
            grade: |g| checks::data::histogram_counts(g, histogram_dropping_the_maximum),
            says: "expected [1, 2, 3, 4], got [1, 2, 3, 0]: the largest value (4) is not counted",
        },
        Wrong {
            id: "data/correlation-matrix",
            what: "returns the covariance matrix",
            grade: |g| checks::data::correlation_matrix(g, covariance_matrix),
            says: "that is the covariance matrix: divide each entry by the two columns' standard deviations",
        },
        Wrong {
            id: "data/rolling-mean",
            what: "stops one window early",
            grade: |g| checks::data::rolling_mean(g, rolling_mean_one_short),
            says: "the last window is missing",
        },
        Wrong {
            id: "data/rolling-mean",
            what: "returns the window sums",
            grade: |g| checks::data::rolling_mean(g, rolling_sums),
            says: "those are the sums: divide each by the window length",
        },
        Wrong {
            id: "data/correlation-matrix",
            what: "leaves 0 on the diagonal",
            grade: |g| checks::data::correlation_matrix(g, correlation_without_diagonal),
            says: "the diagonal must be 1",
        },
        Wrong {
            id: "data/histogram-counts",
            what: "keeps a count per edge (bins + 1)",
            grade: |g| checks::data::histogram_counts(g, histogram_per_edge),
            says: "one count per bin: 4 counts",
        },
        Wrong {
            id: "data/histogram-counts",
            what: "counts a value on an inner edge in both bins",
            grade: |g| checks::data::histogram_counts(g, histogram_closed_bins),
            says: "every value goes in exactly one bin: the counts should add up to",
        },
        Wrong {
            id: "data/correlation-matrix",
            what: "correlates the rows",
            grade: |g| checks::data::correlation_matrix(g, correlation_of_rows),
            says: "one value per pair of rows: correlate the columns (features)",
        },
        Wrong {
            id: "data/correlation-matrix",
            what: "divides the covariance by n - 1 and the deviations by n",
            grade: |g| checks::data::correlation_matrix(g, correlation_mixed_divisors),
            says: "the covariance and the standard deviations use different divisors (n and n - 1)",
        },
        Wrong {
            id: "data/rolling-mean",
            what: "divides every window by the number of values",
            grade: |g| checks::data::rolling_mean(g, rolling_mean_over_all_values),
            says: "divide by the window length (3), not by the number of values",
        },
    ]
}

pub fn rolling_mean_with_partial_windows(values: &[f64], window: usize) -> Vec<f64> {
    (0..values.len())
        .map(|end| {
            let start = (end + 1).saturating_sub(window);
            let run = &values[start..=end];
            run.iter().sum::<f64>() / run.len() as f64
        })
        .collect()
}

pub fn histogram_dropping_the_maximum(values: &[f64], bins: usize) -> Vec<usize> {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0; bins];
    for v in values {
        let bin = if width > 0.0 {
            ((v - lo) / width) as usize
        } else {
            0
        };
        if bin < bins {
            counts[bin] += 1;
        }
    }
    counts
}

pub fn covariance_matrix(x: &Array2<f64>) -> Array2<f64> {
    let mean = x.sum_axis(Axis(0)) / x.nrows() as f64;
    let centred = x - &mean;
    centred.t().dot(&centred) / x.nrows() as f64
}

pub fn rolling_mean_one_short(values: &[f64], window: usize) -> Vec<f64> {
    (0..values.len().saturating_sub(window))
        .map(|i| values[i..i + window].iter().sum::<f64>() / window as f64)
        .collect()
}

pub fn rolling_sums(values: &[f64], window: usize) -> Vec<f64> {
    values.windows(window).map(|w| w.iter().sum()).collect()
}

pub fn correlation_without_diagonal(x: &Array2<f64>) -> Array2<f64> {
    let mut r = solutions::data::correlation_matrix::correlation_matrix(x);
    r.diag_mut().fill(0.0);
    r
}

/// Bin index (v - lo) / width, with one slot too many for the maximum.
pub fn histogram_per_edge(values: &[f64], bins: usize) -> Vec<usize> {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0; bins + 1];
    for v in values {
        let k = if width > 0.0 {
            ((v - lo) / width) as usize
        } else {
            0
        };
        counts[k.min(bins)] += 1;
    }
    counts
}

/// Counts v in bin k when lo + k·width ≤ v ≤ lo + (k + 1)·width.
pub fn histogram_closed_bins(values: &[f64], bins: usize) -> Vec<usize> {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let width = (hi - lo) / bins as f64;
    (0..bins)
        .map(|k| {
            let (left, right) = (lo + k as f64 * width, lo + (k + 1) as f64 * width);
            values
                .iter()
                .filter(|v| left <= **v && **v <= right)
                .count()
        })
        .collect()
}

fn correlation(x: &Array2<f64>, covariance_divisor: f64, deviation_divisor: f64) -> Array2<f64> {
    let centred = x - &x.mean_axis(Axis(0)).unwrap();
    let covariance = centred.t().dot(&centred) / covariance_divisor;
    let std = centred
        .mapv(|v| v * v)
        .sum_axis(Axis(0))
        .mapv(|s| (s / deviation_divisor).sqrt());
    let p = x.ncols();
    Array2::from_shape_fn((p, p), |(i, j)| covariance[[i, j]] / (std[i] * std[j]))
}

pub fn correlation_of_rows(x: &Array2<f64>) -> Array2<f64> {
    let rows = x.t().to_owned();
    correlation(&rows, rows.nrows() as f64, rows.nrows() as f64)
}

pub fn correlation_mixed_divisors(x: &Array2<f64>) -> Array2<f64> {
    let n = x.nrows() as f64;
    correlation(x, n - 1.0, n)
}

pub fn rolling_mean_over_all_values(values: &[f64], window: usize) -> Vec<f64> {
    if window > values.len() {
        return Vec::new();
    }
    (0..=values.len() - window)
        .map(|i| values[i..i + window].iter().sum::<f64>() / values.len() as f64)
        .collect()
}
