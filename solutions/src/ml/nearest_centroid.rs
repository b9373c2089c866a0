//! Exercise `ml/nearest-centroid`: a whole classifier in two methods, behind the same
//! `fit`/`predict` shape every library model has.

use ferrolab::grade::Classifier;
use ferrolab::prelude::*;

/// Predicts the class whose centroid (the mean of that class's training rows) is
/// nearest to a row, by Euclidean distance.
#[derive(Debug, Clone)]
pub struct NearestCentroid {
    /// Row `c` is the centroid of class `c`.
    centroids: Array2<f64>,
}

impl Classifier for NearestCentroid {
    /// One centroid per class `0..k`: the mean of the rows of `records` whose target is that class.
    fn fit(records: ArrayView2<'_, f64>, targets: ArrayView1<'_, usize>) -> Self {
        // BEGIN SOLUTION
        let classes = targets.iter().max().map_or(0, |m| m + 1);
        let mut centroids = Array2::zeros((classes, records.ncols()));
        let mut counts = vec![0.0; classes];
        for (row, &class) in records.rows().into_iter().zip(targets) {
            let mut centroid = centroids.row_mut(class);
            centroid += &row;
            counts[class] += 1.0;
        }
        for (mut centroid, count) in centroids.rows_mut().into_iter().zip(counts) {
            centroid /= count;
        }
        NearestCentroid { centroids }
        // END SOLUTION
    }

    /// For each row of `records`, the class of the nearest centroid.
    fn predict(&self, records: ArrayView2<'_, f64>) -> Array1<usize> {
        // BEGIN SOLUTION
        let nearest = |row: ArrayView1<'_, f64>| {
            let distances = self
                .centroids
                .rows()
                .into_iter()
                .map(|c| (&c - &row).mapv(|d| d * d).sum());
            distances
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(0, |(class, _)| class)
        };
        records.rows().into_iter().map(nearest).collect()
        // END SOLUTION
    }
}
