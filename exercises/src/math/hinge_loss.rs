//! Exercise `math/hinge-loss`: the max-margin loss of a support vector machine, used here
//! to train a small network with your own autodiff engine.

use ferrolab::grade::checks::math::Autodiff;

/// The mean hinge loss `mean(relu(1 − yᵢ·sᵢ))` of the scores `sᵢ` (one per example)
/// for the labels `yᵢ`, each −1 or +1.
///
/// An example scored on the right side with a margin of at least 1 (`yᵢ·sᵢ ≥ 1`) costs
/// nothing; any other costs its distance from that margin. Build the loss from `mul`,
/// `add` and `relu` on values, with numbers such as 1 and −yᵢ made by `V::from`.
/// `scores` and `labels` have the same length, at least 1.
pub fn hinge_loss<V: Autodiff>(scores: &[V], labels: &[f64]) -> V {
    todo!()
}
