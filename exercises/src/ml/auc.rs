//! Exercise `ml/auc`: one number for a whole ROC curve.

/// The area under a curve given as points `(x, y)` in order of increasing `x` (a ROC
/// curve from (0, 0) to (1, 1)), by the trapezoid rule: between two neighbouring points
/// the curve is a straight line, so each slice's area is its width times the average of
/// its two heights.
///
/// For a ROC curve this is the AUC: the chance that the model scores a random positive
/// row above a random negative one (0.5 is a coin flip, 1 is perfect).
pub fn auc(curve: &[(f64, f64)]) -> f64 {
    todo!()
}
