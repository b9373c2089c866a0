//! Exercise `data/histogram-counts`: what a histogram chart computes before it draws.

/// How many of `values` fall in each of `bins` equal-width bins from the smallest value
/// to the largest.
///
/// With `lo` the minimum, `hi` the maximum and `width = (hi - lo) / bins`, bin `k`
/// holds the values `v` with `lo + k·width ≤ v < lo + (k + 1)·width`, except that the
/// last bin also holds `hi` itself. If every value is the same, they all go in bin 0.
/// `values` is not empty and has no NaN; `bins` is at least 1.
pub fn histogram_counts(values: &[f64], bins: usize) -> Vec<usize> {
    todo!()
}
