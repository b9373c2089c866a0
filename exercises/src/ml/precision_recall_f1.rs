//! Exercise `ml/precision-recall-f1`: the scores that matter when one kind of mistake
//! costs more than the other.

use ferrolab::prelude::*;

/// Precision, recall and F1 of `predicted` classes against the `actual` ones, for the
/// class `positive` (the one we are looking for, e.g. malignant tumours):
///
/// - precision = TP / (TP + FP): of the rows predicted positive, the share that are;
/// - recall = TP / (TP + FN): of the positive rows, the share that were found;
/// - F1 = 2·precision·recall / (precision + recall), their harmonic mean.
///
/// A ratio whose denominator is 0 (no row predicted positive, say) counts as 0, as in
/// scikit-learn. Returns `(precision, recall, f1)`.
pub fn precision_recall_f1(
    predicted: &Array1<usize>,
    actual: &Array1<usize>,
    positive: usize,
) -> (f64, f64, f64) {
    todo!()
}
