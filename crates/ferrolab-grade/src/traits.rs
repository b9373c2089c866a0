//! Traits that trait-implementation exercises ask a learner to implement.
//!
//! A check takes the learner's constructor (`NearestCentroid::fit`), so any type
//! that implements the trait can be graded, whatever its fields.

use ndarray::{Array1, ArrayView1, ArrayView2};

/// A classifier: learn from labelled rows, then label new rows.
///
/// Rows are samples and columns are features, as everywhere in ferrolab; labels are
/// class numbers `0..k`.
pub trait Classifier: Sized {
    /// Learn from `records` (one row per sample) and their `targets`.
    fn fit(records: ArrayView2<'_, f64>, targets: ArrayView1<'_, usize>) -> Self;

    /// One predicted class per row of `records`.
    fn predict(&self, records: ArrayView2<'_, f64>) -> Array1<usize>;
}
