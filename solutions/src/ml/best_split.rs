//! Exercise `ml/best-split`: the one decision a CART tree makes at every node.

use ferrolab::prelude::*;

/// The split of rows `x` (labels `y`) that leaves the least impurity: a feature `j` and a
/// threshold `t`, rows with `x[[i, j]] <= t` going left and the others right.
///
/// Try every feature and, for each, a threshold between every two neighbouring distinct
/// values (their midpoint). Score a split by the children's impurities weighted by their
/// share of the rows: `(n_left · impurity(left) + n_right · impurity(right)) / n`, where
/// `impurity` is given (the Gini impurity, in the lesson). Keep the lowest score; return
/// `Some((feature, threshold))`, or `None` if no feature has two distinct values.
pub fn best_split(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    impurity: &dyn Fn(&[usize]) -> f64,
) -> Option<(usize, f64)> {
    // BEGIN SOLUTION
    let n = y.len() as f64;
    let mut best: Option<(usize, f64, f64)> = None;
    for feature in 0..x.ncols() {
        let column = x.column(feature);
        let mut values = column.to_vec();
        values.sort_by(f64::total_cmp);
        values.dedup();
        for pair in values.windows(2) {
            let threshold = (pair[0] + pair[1]) / 2.0;
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for (&value, &label) in column.iter().zip(y) {
                if value <= threshold {
                    left.push(label);
                } else {
                    right.push(label);
                }
            }
            let score =
                (left.len() as f64 * impurity(&left) + right.len() as f64 * impurity(&right)) / n;
            if best.is_none_or(|(_, _, lowest)| score < lowest) {
                best = Some((feature, threshold, score));
            }
        }
    }
    best.map(|(feature, threshold, _)| (feature, threshold))
    // END SOLUTION
}
