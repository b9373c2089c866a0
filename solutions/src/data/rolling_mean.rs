//! Exercise `data/rolling-mean`: the smoothing line drawn over every noisy time series.

/// The mean of every run of `window` consecutive values: element `i` of the result is
/// the mean of `values[i..i + window]`.
///
/// Only full windows count, so the result has `values.len() - window + 1` elements
/// (none when `window` is longer than `values`). `window` is at least 1. With monthly
/// data and `window = 12`, each element averages one year, which hides the seasons and
/// shows the trend.
pub fn rolling_mean(values: &[f64], window: usize) -> Vec<f64> {
    // BEGIN SOLUTION
    values
        .windows(window)
        .map(|run| run.iter().sum::<f64>() / window as f64)
        .collect()
    // END SOLUTION
}
