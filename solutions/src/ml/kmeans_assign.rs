//! Exercise `ml/kmeans-assign`: the first half of every k-means iteration.

use ferrolab::prelude::*;

/// The assignment step of k-means: for every row of `x`, the index of the nearest row
/// of `centroids` (by Euclidean distance). Ties go to the lower index.
pub fn assign(x: &Array2<f64>, centroids: &Array2<f64>) -> Array1<usize> {
    // BEGIN SOLUTION
    x.rows()
        .into_iter()
        .map(|row| {
            let mut best = (0, f64::INFINITY);
            for (c, centroid) in centroids.rows().into_iter().enumerate() {
                let distance = (&row - &centroid).mapv(|d| d * d).sum();
                if distance < best.1 {
                    best = (c, distance);
                }
            }
            best.0
        })
        .collect()
    // END SOLUTION
}
