//! Wrong answers to ml lesson 5, SVMs and kernels:
//! notebooks/03-ml/05-svm-and-kernels.ipynb.

use super::squared_distance;
use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "ml/rbf-kernel",
            what: "uses the distance instead of the squared distance",
            grade: |g| checks::ml::rbf_kernel(g, rbf_without_square),
            says: "looks like you used the distance |a_i - b_j|; the RBF kernel uses the squared distance",
        },
        Wrong {
            id: "ml/svm-decision",
            what: "forgets the bias",
            grade: |g| checks::ml::svm_decision(g, decision_without_bias),
            says: "the bias is missing",
        },
        Wrong {
            id: "ml/hinge-step",
            what: "applies the hinge gradient beyond the margin too",
            grade: |g| checks::ml::hinge_step(g, step_ignoring_margin),
            says: "looks like you always applied the hinge gradient",
        },
        Wrong {
            id: "ml/hinge-step",
            what: "leaves b out of the margin",
            grade: |g| checks::ml::hinge_step(g, step_margin_without_bias),
            says: "looks like the margin left out b",
        },
    ]
}

pub fn rbf_without_square(a: &Array2<f64>, b: &Array2<f64>, gamma: f64) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.nrows()), |(i, j)| {
        (-gamma * squared_distance(a.row(i), b.row(j)).sqrt()).exp()
    })
}

pub fn decision_without_bias(
    support: &Array2<f64>,
    dual: &Array1<f64>,
    _bias: f64,
    gamma: f64,
    x: &Array2<f64>,
) -> Array1<f64> {
    x.rows()
        .into_iter()
        .map(|row| {
            support
                .rows()
                .into_iter()
                .zip(dual)
                .map(|(sv, w)| w * (-gamma * squared_distance(sv, row)).exp())
                .sum()
        })
        .collect()
}

pub fn step_ignoring_margin(
    w: &Array1<f64>,
    b: f64,
    x: ArrayView1<'_, f64>,
    y: f64,
    lambda: f64,
    lr: f64,
) -> (Array1<f64>, f64) {
    let grad = lambda * w - &(y * &x);
    (w - &(lr * grad), b + lr * y)
}

pub fn step_margin_without_bias(
    w: &Array1<f64>,
    b: f64,
    x: ArrayView1<'_, f64>,
    y: f64,
    lambda: f64,
    lr: f64,
) -> (Array1<f64>, f64) {
    if y * w.dot(&x) < 1.0 {
        (w - &(lr * (lambda * w - &(y * &x))), b + lr * y)
    } else {
        (w - &(lr * lambda * w), b)
    }
}
