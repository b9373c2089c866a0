//! Exercise `ml/svm-decision`: how a trained kernel SVM scores a new point.

use ferrolab::prelude::*;

/// The decision function of a trained RBF-kernel SVM, for every row of `x`:
///
/// `f(x) = Σ_i dual[i] · exp(-gamma · |support_i - x|²) + bias`
///
/// `support` holds the support vectors (one per row), `dual[i]` is the signed weight
/// `alpha_i · y_i` of support vector `i`. A positive score means the positive class.
/// Only the support vectors matter: every other training row has weight 0.
pub fn svm_decision(
    support: &Array2<f64>,
    dual: &Array1<f64>,
    bias: f64,
    gamma: f64,
    x: &Array2<f64>,
) -> Array1<f64> {
    // BEGIN SOLUTION
    x.rows()
        .into_iter()
        .map(|row| {
            let kernel_sum: f64 = support
                .rows()
                .into_iter()
                .zip(dual)
                .map(|(sv, weight)| {
                    let squared = (&sv - &row).mapv(|d| d * d).sum();
                    weight * (-gamma * squared).exp()
                })
                .sum();
            kernel_sum + bias
        })
        .collect()
    // END SOLUTION
}
