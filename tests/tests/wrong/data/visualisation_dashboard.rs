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
