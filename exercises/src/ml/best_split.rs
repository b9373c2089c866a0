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
    todo!()
}
