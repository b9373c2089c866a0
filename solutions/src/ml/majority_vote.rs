//! Exercise `ml/majority-vote`: how an ensemble of classifiers decides.

use ferrolab::prelude::*;

/// Combine the predictions of several models: `predictions[m][i]` is model `m`'s class for
/// row `i` (every model predicts the same rows). For each row, return the class most
/// models chose; a tie goes to the lower class number.
pub fn majority_vote(predictions: &[Array1<usize>]) -> Array1<usize> {
    // BEGIN SOLUTION
    let rows = predictions.first().map_or(0, |first| first.len());
    let classes = predictions
        .iter()
        .flat_map(|p| p.iter())
        .max()
        .map_or(0, |m| m + 1);
    (0..rows)
        .map(|row| {
            let mut votes = vec![0; classes];
            for model in predictions {
                votes[model[row]] += 1;
            }
            (0..classes).fold(0, |best, c| if votes[c] > votes[best] { c } else { best })
        })
        .collect()
    // END SOLUTION
}
