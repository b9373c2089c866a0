//! Exercise `ml/normal-equation`: least squares in closed form, the answer gradient
//! descent only approaches.

use ferrolab::prelude::*;

/// Solve the square system `a · w = b` by Gaussian elimination with partial pivoting.
///
/// Given, not part of the exercise: call it, read it if you like. Elimination makes `a`
/// upper-triangular one column at a time, then back-substitution reads off `w` from the
/// last row up. Swapping in the row with the largest entry of each column (the pivot)
/// keeps rounding errors small. If one feature is an exact copy or sum of others, `a` is
/// singular and the weights come back infinite or NaN: drop the redundant column.
pub fn solve(mut a: Array2<f64>, mut b: Array1<f64>) -> Array1<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[[i, col]].abs().total_cmp(&a[[j, col]].abs()))
            .unwrap_or(col);
        for k in 0..n {
            a.swap([col, k], [pivot, k]);
        }
        b.swap(col, pivot);
        for row in col + 1..n {
            let factor = a[[row, col]] / a[[col, col]];
            for k in col..n {
                a[[row, k]] -= factor * a[[col, k]];
            }
            b[row] -= factor * b[col];
        }
    }
    let mut w = Array1::zeros(n);
    for row in (0..n).rev() {
        let known: f64 = (row + 1..n).map(|k| a[[row, k]] * w[k]).sum();
        w[row] = (b[row] - known) / a[[row, row]];
    }
    w
}

/// The least-squares weights of a linear model `ŷ = w₀ + w₁·x₁ + … + wₚ·xₚ`: the
/// solution of the normal equation `(XᵀX) w = Xᵀy`.
///
/// `x` has one row per example and one column per feature, without a column of ones:
/// add it yourself (as the first column of `X`), so the model can learn the intercept `w₀`.
/// Return `p + 1` numbers, the intercept first, then one weight per column of `x`.
pub fn normal_equation(x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    // BEGIN SOLUTION
    let design = Array2::from_shape_fn((x.nrows(), x.ncols() + 1), |(i, j)| {
        if j == 0 {
            1.0
        } else {
            x[[i, j - 1]]
        }
    });
    let xt = design.t();
    solve(xt.dot(&design), xt.dot(y))
    // END SOLUTION
}
