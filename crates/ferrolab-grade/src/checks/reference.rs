//! The grader's own implementations of the algorithms several checks compare against:
//! one reference per algorithm, shared by every check that needs it.
//!
//! A reference copied from `solutions/` would agree with the solution by construction,
//! so a bug in both would pass unseen. Each one here is therefore written a different
//! way from the exercise it grades (least squares by a QR factorisation of the design
//! matrix where the exercise solves the normal equation by elimination; covariance by
//! explicit sums over pairs where the exercise centres and multiplies matrices; softmax
//! through log-sum-exp; a majority by an ordered tally where the exercises scan a vote
//! array) and is tested below against cases worked out by hand.
//! `tests/tests/independent_checks.rs` fails if a check and a solution ever share a
//! function body.

use ndarray::{Array1, Array2, ArrayView1, Axis, Slice};
use std::collections::BTreeMap;

/// `x` with a column of ones in front: the design matrix of a model with an intercept.
pub(super) fn with_intercept(x: &Array2<f64>) -> Array2<f64> {
    let mut design = Array2::ones((x.nrows(), x.ncols() + 1));
    design.slice_axis_mut(Axis(1), Slice::from(1..)).assign(x);
    design
}

/// The `w` minimising |design · w − y|², by Householder QR of `design` (never forming
/// `designᵀ·design`, whose condition number is the square of the design's).
///
/// Each reflection zeroes one column below the diagonal and is applied to `y` as well,
/// leaving the triangular system `R · w = (Qᵀy)[..p]`, solved from the last row up.
pub(super) fn least_squares(design: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    let (rows, cols) = design.dim();
    let mut r = design.clone();
    let mut qty = y.clone();
    for k in 0..cols.min(rows) {
        let column = r.column(k).slice_axis(Axis(0), Slice::from(k..)).to_owned();
        let length = column.dot(&column).sqrt();
        if length == 0.0 {
            continue;
        }
        // Reflect onto −sign(r_kk)·|column|·e₁, the choice that avoids cancellation.
        let mut normal = column;
        normal[0] += length.copysign(normal[0]);
        let normal_squared = normal.dot(&normal);
        for j in k..cols {
            let along = 2.0 * normal.dot(&r.column(j).slice_axis(Axis(0), Slice::from(k..)))
                / normal_squared;
            r.column_mut(j)
                .slice_axis_mut(Axis(0), Slice::from(k..))
                .scaled_add(-along, &normal);
        }
        let along = 2.0 * normal.dot(&qty.slice_axis(Axis(0), Slice::from(k..))) / normal_squared;
        qty.slice_axis_mut(Axis(0), Slice::from(k..))
            .scaled_add(-along, &normal);
    }
    // Last row first: w[k] = (qty[k] − r[k, k+1..] · w[k+1..]) / r[k, k].
    let mut w = Array1::zeros(cols);
    for k in (0..cols).rev() {
        let rest = Slice::from(k + 1..);
        let known = r
            .row(k)
            .slice_axis(Axis(0), rest)
            .dot(&w.slice_axis(Axis(0), rest));
        w[k] = (qty[k] - known) / r[[k, k]];
    }
    w
}

/// The most common of `labels`; a tie goes to the lowest label (`ties_high`: to the
/// highest, a learner's mistake). Tallied in an ordered map and chosen by comparing
/// (count, label) pairs, where the exercises scan an array of votes.
#[cfg_attr(not(feature = "ml"), allow(dead_code))] // the ml checks use it
pub(super) fn majority(labels: impl IntoIterator<Item = usize>, ties_high: bool) -> usize {
    let mut tally: BTreeMap<usize, usize> = BTreeMap::new();
    for label in labels {
        *tally.entry(label).or_default() += 1;
    }
    let tie_break = |a: &usize, b: &usize| if ties_high { a.cmp(b) } else { b.cmp(a) };
    tally
        .into_iter()
        .max_by(|(a, count_a), (b, count_b)| count_a.cmp(count_b).then(tie_break(a, b)))
        .map_or(0, |(label, _)| label)
}

/// The covariance matrix of the columns of `x` with divisor `n − ddof` (1: the sample
/// covariance, 0: the population's), entry by entry from its definition.
pub(super) fn covariance(x: &Array2<f64>, ddof: f64) -> Array2<f64> {
    let n = x.nrows() as f64;
    let means: Vec<f64> = x.columns().into_iter().map(|c| c.sum() / n).collect();
    Array2::from_shape_fn((x.ncols(), x.ncols()), |(a, b)| {
        x.rows()
            .into_iter()
            .map(|r| (r[a] - means[a]) * (r[b] - means[b]))
            .sum::<f64>()
            / (n - ddof)
    })
}

/// log softmax(v): each value minus log Σ exp(v), the sum taken as
/// `max + ln Σ exp(v − max)` so that no exponential overflows.
pub(super) fn log_softmax(v: ArrayView1<'_, f64>) -> Array1<f64> {
    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let log_sum = max + v.iter().map(|x| (x - max).exp()).sum::<f64>().ln();
    v.mapv(|x| x - log_sum)
}

/// softmax(v) = exp(log softmax(v)): probabilities that add up to 1.
pub(super) fn softmax(v: ArrayView1<'_, f64>) -> Array1<f64> {
    log_softmax(v).mapv(f64::exp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Tolerance;
    use ndarray::array;

    fn assert_close(expected: &[f64], got: &Array1<f64>) {
        assert!(
            Tolerance::TIGHT.all_close(expected, &got.to_vec()),
            "expected {expected:?}, got {got}"
        );
    }

    #[test]
    fn least_squares_recovers_an_exact_line() {
        // y = 2 + 3x exactly: the residual is 0, so the weights are the line's.
        let design = with_intercept(&array![[0.0], [1.0], [2.0], [5.0]]);
        let w = least_squares(&design, &array![2.0, 5.0, 8.0, 17.0]);
        assert_close(&[2.0, 3.0], &w);
    }

    #[test]
    fn least_squares_matches_a_fit_worked_by_hand() {
        // x = 0, 1, 2; y = 1, 3, 2. Means 1 and 2; Sxy = 1, Sxx = 2, so the slope is
        // 1/2 and the intercept 2 − 1/2·1 = 3/2.
        let design = with_intercept(&array![[0.0], [1.0], [2.0]]);
        let w = least_squares(&design, &array![1.0, 3.0, 2.0]);
        assert_close(&[1.5, 0.5], &w);
        // Two features, no intercept: rows e₁, e₂, e₁ + e₂ with y = 1, 2, 6. The normal
        // equations [[2, 1], [1, 2]] w = [7, 8] give w = (2, 3).
        let design = array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]];
        assert_close(&[2.0, 3.0], &least_squares(&design, &array![1.0, 2.0, 6.0]));
    }

    #[test]
    fn least_squares_leaves_residuals_orthogonal_to_every_column() {
        // The defining property of the minimiser, on an awkward design with correlated
        // columns and a large offset in y.
        let x = Array2::from_shape_fn((40, 3), |(i, j)| {
            let t = i as f64;
            (t * (j as f64 + 1.3)).sin() + if j == 2 { 0.9 * (t * 1.3).sin() } else { 0.0 }
        });
        let design = with_intercept(&x);
        let y = Array1::from_shape_fn(40, |i| 150.0 + (i as f64 * 0.7).cos() * 5.0);
        let w = least_squares(&design, &y);
        let residual = &y - &design.dot(&w);
        let normal = design.t().dot(&residual);
        assert!(normal.iter().all(|v| v.abs() < 1e-9), "{normal}");
    }

    #[test]
    fn the_majority_is_counted_and_ties_go_to_the_lower_label() {
        assert_eq!(majority([3, 3, 1], false), 3);
        assert_eq!(majority([2, 1, 2, 1, 0], false), 1);
        assert_eq!(majority([2, 1, 2, 1, 0], true), 2);
        assert_eq!(majority([], false), 0);
    }

    #[test]
    fn covariance_matches_hand_computed_sums() {
        // Columns (1, 2, 3) and (2, 4, 9): means 2 and 5, deviations (−1, 0, 1) and
        // (−3, −1, 4); sums of products 2, 7 and 26.
        let x = array![[1.0, 2.0], [2.0, 4.0], [3.0, 9.0]];
        let sample = covariance(&x, 1.0);
        assert_close(&[1.0, 3.5, 3.5, 13.0], &sample.iter().copied().collect());
        let population = covariance(&x, 0.0);
        assert_close(
            &[2.0 / 3.0, 7.0 / 3.0, 7.0 / 3.0, 26.0 / 3.0],
            &population.iter().copied().collect(),
        );
    }

    #[test]
    fn softmax_matches_hand_values_and_survives_huge_inputs() {
        // softmax(0, ln 3) = (1, 3) / 4.
        assert_close(&[0.25, 0.75], &softmax(array![0.0, 3f64.ln()].view()));
        // Shifting every input changes nothing, even where exp would overflow.
        let shifted = softmax(array![1000.0, 1000.0 + 3f64.ln()].view());
        assert_close(&[0.25, 0.75], &shifted);
        assert_close(
            &[0.25f64.ln(), 0.75f64.ln()],
            &log_softmax(array![-1000.0, -1000.0 + 3f64.ln()].view()),
        );
    }
}
