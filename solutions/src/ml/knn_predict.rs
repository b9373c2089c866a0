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
    // BEGIN SOLUTION
    let classes = labels.iter().max().map_or(0, |m| m + 1);
    let predict = |row: ArrayView1<'_, f64>| {
        let mut neighbours: Vec<(f64, usize)> = train
            .rows()
            .into_iter()
            .zip(labels)
            .map(|(other, &class)| ((&other - &row).mapv(|d| d * d).sum(), class))
            .collect();
        neighbours.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut votes = vec![0; classes];
        for &(_, class) in neighbours.iter().take(k) {
            votes[class] += 1;
        }
        // The first class with the most votes: ties go to the lower class number.
        (0..classes).fold(0, |best, c| if votes[c] > votes[best] { c } else { best })
    };
    test.rows().into_iter().map(predict).collect()
    // END SOLUTION
}
