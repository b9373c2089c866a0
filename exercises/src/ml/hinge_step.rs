//! Exercise `ml/hinge-step`: one stochastic (sub)gradient step of a linear SVM.

use ferrolab::prelude::*;

/// One gradient step on the regularised hinge loss of a single row `x` with label `y`
/// (-1 or +1), learning rate `lr` and regularisation `lambda`. Returns the new `(w, b)`.
///
/// The loss of one row is `max(0, 1 - y·(w·x + b)) + lambda/2·|w|²`. Its gradient:
/// - if the margin `y·(w·x + b)` is below 1: `lambda·w - y·x` for `w` and `-y` for `b`;
/// - otherwise only the regulariser pulls: `lambda·w` for `w` and 0 for `b`.
///
/// A step moves *against* the gradient: `w - lr·grad_w`, `b - lr·grad_b`.
pub fn hinge_step(
    w: &Array1<f64>,
    b: f64,
    x: ArrayView1<'_, f64>,
    y: f64,
    lambda: f64,
    lr: f64,
) -> (Array1<f64>, f64) {
    todo!()
}
