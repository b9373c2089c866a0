//! Exercise `ml/kmeans-update`: the second half of every k-means iteration.

use ferrolab::prelude::*;

/// The update step of k-means: centroid `c` becomes the mean of the rows of `x` whose
/// label is `c`. A cluster that lost all its rows keeps its old centroid (from `old`),
/// so the result always has the same shape as `old` and never contains NaN.
pub fn update(x: &Array2<f64>, labels: &Array1<usize>, old: &Array2<f64>) -> Array2<f64> {
    // BEGIN SOLUTION
    let mut sums = Array2::<f64>::zeros(old.dim());
    let mut counts = vec![0usize; old.nrows()];
    for (row, &label) in x.rows().into_iter().zip(labels) {
        let mut sum = sums.row_mut(label);
        sum += &row;
        counts[label] += 1;
    }
    let mut centroids = old.clone();
    for (c, &count) in counts.iter().enumerate() {
        if count > 0 {
            let mean = &sums.row(c) / count as f64;
            centroids.row_mut(c).assign(&mean);
        }
    }
    centroids
    // END SOLUTION
}
