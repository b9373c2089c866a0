//! Stage `math`: linear algebra, probability, calculus and autodiff from scratch.
//!
//! Every check feeds hand-picked inputs (chosen so that each classic mistake gives a
//! different wrong answer) and one seeded random input, compares with a reference
//! computed here, and names the mistake when it recognises one.
//!
//! One file per lesson, named after its notebook (`notebooks/01-math/02-eigen-and-svd.ipynb`
//! → [`eigen_and_svd`]); this root holds only the helpers the lessons share, and
//! re-exports every lesson's public items so each id maps to `checks::math::<name>`.

use crate::compare::Tolerance;
use ndarray::{Array, Array2};
use rand::Rng;
use std::time::Duration;

mod autodiff_from_scratch;
mod calculus_and_optimization;
mod eigen_and_svd;
mod probability_and_statistics;
mod vectors_and_matrices;

pub use autodiff_from_scratch::*;
pub use calculus_and_optimization::*;
pub use eigen_and_svd::*;
pub use probability_and_statistics::*;
pub use vectors_and_matrices::*;

/// Small inputs finish in microseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(10);

fn random_vec(rng: &mut impl Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.gen_range(-10.0..10.0)).collect()
}

fn random_matrix(rng: &mut impl Rng, rows: usize, cols: usize) -> Array2<f64> {
    Array::from_shape_fn((rows, cols), |_| rng.gen_range(-10.0..10.0))
}

fn close_to(got: f64, candidate: f64) -> bool {
    Tolerance::TIGHT.close(candidate, got)
}
