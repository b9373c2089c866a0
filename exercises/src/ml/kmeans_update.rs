//! Exercise `ml/kmeans-update`: the second half of every k-means iteration.

use ferrolab::prelude::*;

/// The update step of k-means: centroid `c` becomes the mean of the rows of `x` whose
/// label is `c`. A cluster that lost all its rows keeps its old centroid (from `old`),
/// so the result always has the same shape as `old` and never contains NaN.
pub fn update(x: &Array2<f64>, labels: &Array1<usize>, old: &Array2<f64>) -> Array2<f64> {
    todo!()
}
