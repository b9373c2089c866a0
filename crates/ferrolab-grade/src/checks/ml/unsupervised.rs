//! Stage `ml`, second half: kernels, unsupervised learning, model selection and the
//! projects (lessons 5–8). Re-exported from [`super`], so ids still map to `checks::ml::<name>`.
//!
//! Every exercise here is a function on small arrays: each check feeds hand-picked inputs
//! (chosen so that each classic mistake gives a different wrong answer) and seeded random
//! ones, compares with a reference computed here, and names the mistake it recognises.

mod clustering;
mod kernels;
mod projects;
mod selection;

pub use clustering::*;
pub use kernels::*;
pub use projects::*;
pub use selection::*;

use crate::compare::Tolerance;
use ndarray::Array2;
use rand::Rng;
use std::time::Duration;

/// Small inputs finish in milliseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(20);

/// A matrix of values drawn uniformly from -3..3.
fn random_matrix(rng: &mut impl Rng, rows: usize, cols: usize) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |_| rng.gen_range(-3.0..3.0))
}

/// Same shape and every value within [`Tolerance::TIGHT`].
fn matrices_close(expected: &Array2<f64>, got: &Array2<f64>) -> bool {
    expected.shape() == got.shape()
        && expected
            .iter()
            .zip(got.iter())
            .all(|(e, g)| Tolerance::TIGHT.close(*e, *g))
}

/// Both values within [`Tolerance::TIGHT`].
fn close(expected: f64, got: f64) -> bool {
    Tolerance::TIGHT.close(expected, got)
}
