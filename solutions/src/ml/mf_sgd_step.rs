//! Exercise `ml/mf-sgd-step`: how a matrix-factorisation recommender learns from one rating.

use ferrolab::prelude::*;

/// One stochastic gradient step for a single rating: the model predicts
/// `user · item` (a dot product of the two factor vectors); `error = rating - prediction`.
/// Both vectors move to shrink the squared error, with L2 regularisation `reg`:
///
/// - `user_new = user + lr · (error · item - reg · user)`
/// - `item_new = item + lr · (error · user - reg · item)`
///
/// Both updates use the vectors as they were *before* the step. Returns `(user_new, item_new)`.
pub fn mf_sgd_step(
    user: &Array1<f64>,
    item: &Array1<f64>,
    rating: f64,
    lr: f64,
    reg: f64,
) -> (Array1<f64>, Array1<f64>) {
    // BEGIN SOLUTION
    let error = rating - user.dot(item);
    let user_new = user + &(lr * (error * item - reg * user));
    let item_new = item + &(lr * (error * user - reg * item));
    (user_new, item_new)
    // END SOLUTION
}
