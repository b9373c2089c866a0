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
        todo!()
    }

    /// For each row of `records`, the class of the nearest centroid.
    fn predict(&self, records: ArrayView2<'_, f64>) -> Array1<usize> {
        todo!()
    }
}
