//! Exercise `math/rank-k-approximation`: keep the `k` strongest patterns of a matrix and
//! drop the rest, the idea behind SVD image compression and low-rank (LoRA) updates.

use ferrolab::prelude::*;

/// The rank-`k` approximation of the matrix whose SVD is `u · diag(sigma) · vt`: the sum of
/// the first `k` terms `sigma[i] · (column i of u) · (row i of vt)`.
///
/// `u` is m × r (one column per singular value), `sigma` holds r singular values, largest
/// first, and `vt` is r × n (one row per singular value). The result is m × n whatever
/// `k` is; `k = 0` gives zeros and `k = r` rebuilds the whole matrix. `k ≤ r`.
pub fn rank_k_approximation(
    u: &Array2<f64>,
    sigma: &Array1<f64>,
    vt: &Array2<f64>,
    k: usize,
) -> Array2<f64> {
    // BEGIN SOLUTION
    let u_k = u.slice(s![.., ..k]);
    let vt_k = vt.slice(s![..k, ..]);
    let sigma_k = sigma.slice(s![..k]);
    // Scale column i of u_k by sigma[i], then one matrix product adds up the k terms.
    (&u_k * &sigma_k).dot(&vt_k)
    // END SOLUTION
}
