//! Exercise `ml/majority-vote`: how an ensemble of classifiers decides.

use ferrolab::prelude::*;

/// Combine the predictions of several models: `predictions[m][i]` is model `m`'s class for
/// row `i` (every model predicts the same rows). For each row, return the class most
/// models chose; a tie goes to the lower class number.
pub fn majority_vote(predictions: &[Array1<usize>]) -> Array1<usize> {
    todo!()
}
