//! Exercise `ml/knn-predict`: a classifier with no training at all, only memory.

use ferrolab::prelude::*;

/// k-nearest-neighbour classification: for each row of `test`, find the `k` rows of
/// `train` closest to it (Euclidean distance) and predict the class most of them have.
///
/// `labels[i]` is the class (`0..c`) of `train` row `i`. When two classes get the same
/// number of votes, predict the lower class number (as scikit-learn does).
pub fn knn_predict(
    train: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    test: ArrayView2<'_, f64>,
    k: usize,
) -> Array1<usize> {
    todo!()
}
