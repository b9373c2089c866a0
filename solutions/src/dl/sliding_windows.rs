//! Exercise `dl/sliding-windows`: a time series turned into a supervised-learning table.

use ferrolab::prelude::*;

/// Cuts `series` into every run of `width` consecutive values (one row of `x` each, shape
/// `[n, width]`) and pairs each run with the value right after it (`y`, shape `[n]`), so
/// a model learns to predict the next value from the `width` before it. A series of
/// length L gives n = L − width windows. Example: `[1, 2, 3, 4, 5]` with width 3 gives
/// `x = [[1, 2, 3], [2, 3, 4]]`, `y = [4, 5]`.
pub fn sliding_windows(series: &[f32], width: usize) -> (Tensor, Tensor) {
    // BEGIN SOLUTION
    let n = series.len() - width;
    let rows: Vec<f32> = (0..n).flat_map(|i| series[i..i + width].to_vec()).collect();
    let x = Tensor::from_slice(&rows).view([n as i64, width as i64]);
    let y = Tensor::from_slice(&series[width..]);
    (x, y)
    // END SOLUTION
}
