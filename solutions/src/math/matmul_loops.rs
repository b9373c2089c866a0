//! Exercise `math/matmul-loops`: matrix multiplication written out, so `.dot()` is no mystery.

use ferrolab::prelude::*;

/// The matrix product C = A·B, computed with loops (not `a.dot(b)`).
///
/// `a` is n×m and `b` is m×p; the result is n×p, and its entry `[[i, j]]` is row `i`
/// of `a` dotted with column `j` of `b`: the sum over `k` of `a[[i, k]] * b[[k, j]]`.
/// You may assume `a.ncols() == b.nrows()`.
pub fn matmul(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    // BEGIN SOLUTION
    let mut c = Array2::zeros((a.nrows(), b.ncols()));
    for i in 0..a.nrows() {
        for j in 0..b.ncols() {
            for k in 0..a.ncols() {
                c[[i, j]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
    c
    // END SOLUTION
}
