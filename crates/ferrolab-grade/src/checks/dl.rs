//! Stage `dl`: forward passes with tch (libtorch), checked for shape and value.
//!
//! Inputs are built from plain arrays (seeded), turned into `f32` tensors on the
//! grading thread, and the learner's tensor is read back as shape + values there
//! too, so a tch error inside the learner's code is a caught panic, not a crash.
//! References are computed here in `f64` with ndarray and compared with
//! [`Tolerance::SINGLE`].
//!
//! One file per lesson, named after its notebook; this root holds only the ndarray to
//! tensor helpers the lessons share (reading a result back is `checks::tensors`, shared
//! with stage 5), and re-exports every lesson's public items so each id maps to
//! `checks::dl::<name>`.

use super::tensors::{read, shape_text, Output};
use crate::compare::Tolerance;
use ndarray::{Array, Array1, Array2};
use rand::Rng;
use std::time::Duration;
use tch::Tensor;

mod convolutional_networks;
mod mlp_on_mnist;
mod practicalities;
mod regularisation;
mod sequences;
mod shared;
mod tensors_and_autograd;
mod text_classification;
mod training_well;

pub use convolutional_networks::*;
pub use mlp_on_mnist::*;
pub use practicalities::*;
pub use regularisation::*;
pub use sequences::*;
pub use tensors_and_autograd::*;
pub use text_classification::*;
pub use training_well::*;

/// libtorch's first call loads kernels; give it room beyond the microseconds the maths takes.
const LIMIT: Duration = Duration::from_secs(30);

fn tensor2(a: &Array2<f32>) -> Tensor {
    let values: Vec<f32> = a.iter().copied().collect();
    Tensor::from_slice(&values).reshape([a.nrows() as i64, a.ncols() as i64])
}

fn tensor1(a: &Array1<f32>) -> Tensor {
    Tensor::from_slice(&a.to_vec())
}

fn random_matrix(rng: &mut impl Rng, rows: usize, cols: usize) -> Array2<f32> {
    Array::from_shape_fn((rows, cols), |_| rng.gen_range(-2.0f32..2.0))
}

fn to_f64(a: &Array2<f32>) -> Array2<f64> {
    a.mapv(f64::from)
}

fn same(expected: &[f64], got: &Output) -> bool {
    Tolerance::SINGLE.all_close(expected, &got.values)
}
