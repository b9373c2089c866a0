//! Exercise `dl/seasonal-naive`: the forecast a model has to beat before it means anything.

/// Forecasts the `horizon` values after `history` by repeating its last full season:
/// forecast h (counted from 0) is `history[len − season + h % season]`, the value one
/// (or more) seasons before the month it forecasts. `season` is at most `history.len()`.
/// Example: history `[1, 2, 3, 4, 5]`, season 2, horizon 3 gives `[4, 5, 4]`.
pub fn seasonal_naive(history: &[f64], season: usize, horizon: usize) -> Vec<f64> {
    // BEGIN SOLUTION
    let last_season = &history[history.len() - season..];
    (0..horizon).map(|h| last_season[h % season]).collect()
    // END SOLUTION
}
