//! Exercise `ml/inertia`: the number k-means makes smaller, and the y axis of the elbow plot.

use ferrolab::prelude::*;

/// The inertia of a clustering: the sum, over all rows of `x`, of the *squared*
/// Euclidean distance from the row to the centroid of its cluster (`labels[i]` is the
/// row's cluster, a row index into `centroids`).
pub fn inertia(x: &Array2<f64>, centroids: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    todo!()
}
