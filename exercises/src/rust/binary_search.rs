//! Exercise `rust/binary-search`: find a place in sorted data in log₂(n) steps.

/// The **lower bound** of `target` in `sorted` (ascending): the first index `i` whose value
/// is `>= target`, or `sorted.len()` when every value is smaller. Inserting `target` at
/// that index keeps the slice sorted, and when `target` occurs (perhaps several times) it
/// is the index of its *first* occurrence.
///
/// Examples, with `sorted = [10.0, 20.0, 20.0, 20.0, 30.0]`: `lower_bound(&sorted, 20.0)`
/// is `1`, `lower_bound(&sorted, 25.0)` is `4`, `lower_bound(&sorted, 5.0)` is `0` and
/// `lower_bound(&sorted, 35.0)` is `5`. An empty slice gives `0`.
///
/// Halve the range that can hold the answer at each step (binary search), so a million
/// values take about 20 comparisons; do not scan the slice.
pub fn lower_bound(sorted: &[f64], target: f64) -> usize {
    todo!()
}
