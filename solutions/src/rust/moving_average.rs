//! Exercise `rust/moving-average`: slide a window along a series with `windows`.

/// The mean of every run of `window` consecutive values of `x`: element i of the result is
/// the mean of `x[i..i + window]`, so the result has `x.len() - window + 1` values (none
/// when the window is longer than the series). `window` is at least 1. It is pandas'
/// `pd.Series(x).rolling(window).mean().dropna()`.
pub fn moving_average(x: &[f64], window: usize) -> Vec<f64> {
    // BEGIN SOLUTION
    x.windows(window)
        .map(|w| w.iter().sum::<f64>() / window as f64)
        .collect()
    // END SOLUTION
}
