//! Exercise `ml/rolling-zscore`: an anomaly score for a time series that only looks back.

/// For every position `t`, how unusual `x[t]` is compared with the `window` values
/// *before* it: `z[t] = (x[t] - mean) / std` over `x[t - window .. t]` (not including
/// `x[t]`), with the population standard deviation (divide by `window`).
///
/// The first `window` positions have no full history: `None`. So does a position whose
/// window has a standard deviation of 0 (every value the same).
pub fn rolling_zscore(x: &[f64], window: usize) -> Vec<Option<f64>> {
    // BEGIN SOLUTION
    (0..x.len())
        .map(|t| {
            if t < window || window == 0 {
                return None;
            }
            let past = &x[t - window..t];
            let mean = past.iter().sum::<f64>() / window as f64;
            let variance = past.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / window as f64;
            let std = variance.sqrt();
            (std > 0.0).then(|| (x[t] - mean) / std)
        })
        .collect()
    // END SOLUTION
}
