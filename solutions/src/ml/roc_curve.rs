//! Exercise `ml/roc-curve`: every trade-off between catching positives and raising
//! false alarms that one model's scores allow.

use ferrolab::prelude::*;

/// The ROC curve of `scores` (higher means "more likely positive") for rows whose true
/// class is `positive[i]`: the points (false-positive rate, true-positive rate) obtained by
/// predicting "positive" for every row with a score ≥ a threshold, for every threshold.
///
/// - Start at (0, 0): a threshold above every score predicts nothing positive.
/// - Lower the threshold through the distinct scores from the highest to the lowest,
///   adding one point per distinct score; rows with tied scores cross the threshold
///   together, so they make one point, not one each.
/// - The last point is (1, 1): every row predicted positive.
///
/// Rates: FPR = false positives / negatives, TPR = true positives / positives (both
/// classes must be present).
pub fn roc_curve(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)> {
    // BEGIN SOLUTION
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i]));
    let positives = positive.iter().filter(|p| **p).count() as f64;
    let negatives = positive.len() as f64 - positives;
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut curve = vec![(0.0, 0.0)];
    for (rank, &row) in order.iter().enumerate() {
        if positive[row] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let tie_continues = order
            .get(rank + 1)
            .is_some_and(|&next| scores[next] == scores[row]);
        if !tie_continues {
            curve.push((fp / negatives, tp / positives));
        }
    }
    curve
    // END SOLUTION
}
