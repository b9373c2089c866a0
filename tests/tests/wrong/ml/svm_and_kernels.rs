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
        Wrong {
            id: "ml/rbf-kernel",
            what: "leaves gamma out",
            grade: |g| checks::ml::rbf_kernel(g, rbf_without_gamma),
            says: "looks like gamma is missing",
        },
        Wrong {
            id: "ml/rbf-kernel",
            what: "computes the linear kernel",
            grade: |g| checks::ml::rbf_kernel(g, linear_kernel),
            says: "that is the linear kernel a_i·b_j",
        },
        Wrong {
            id: "ml/svm-decision",
            what: "subtracts the bias",
            grade: |g| checks::ml::svm_decision(g, decision_minus_bias),
            says: "looks like you subtracted the bias",
        },
        Wrong {
            id: "ml/svm-decision",
            what: "uses the linear kernel",
            grade: |g| checks::ml::svm_decision(g, decision_linear_kernel),
            says: "that is the linear kernel support_i·x",
        },
        Wrong {
            id: "ml/hinge-step",
            what: "updates only misclassified rows",
            grade: |g| checks::ml::hinge_step(g, step_only_misclassified),
            says: "looks like you updated only misclassified rows",
        },
        Wrong {
            id: "ml/hinge-step",
            what: "steps along the gradient",
            grade: |g| checks::ml::hinge_step(g, step_uphill),
            says: "looks like you stepped along the gradient",
        },
        Wrong {
            id: "ml/rbf-kernel",
            what: "a positive exponent",
            grade: |g| checks::ml::rbf_kernel(g, rbf_positive_exponent),
            says: "the exponent must be negative: exp(-gamma·d²) is 1 for identical rows",
        },
        Wrong {
            id: "ml/svm-decision",
            what: "leaves out the dual coefficients",
            grade: |g| checks::ml::svm_decision(g, decision_unweighted),
            says: "each kernel value must be weighted by its dual coefficient",
        },
        Wrong {
            id: "ml/svm-decision",
            what: "a positive exponent",
            grade: |g| checks::ml::svm_decision(g, decision_positive_exponent),
            says: "the exponent must be negative: exp(-gamma·|support_i - x|²)",
        },
        Wrong {
            id: "ml/hinge-step",
            what: "leaves the regulariser out of w's gradient",
            grade: |g| checks::ml::hinge_step(g, step_without_regulariser),
            says: "the regulariser's pull lambda·w is missing",
        },
        Wrong {
            id: "ml/hinge-step",
            what: "never moves b",
            grade: |g| checks::ml::hinge_step(g, step_fixed_bias),
            says: "b did not move",
        },
        Wrong {
            id: "ml/rbf-kernel",
            what: "divides the squared distance by gamma",
            grade: |g| checks::ml::rbf_kernel(g, rbf_over_gamma),
            says: "looks like you divided by gamma; multiply by it",
        },
        Wrong {
            id: "ml/rbf-kernel",
            what: "applies exp to -gamma alone: (-gamma).exp() * d²",
            grade: |g| checks::ml::rbf_kernel(g, rbf_exp_of_gamma_only),
            says: "an RBF kernel value is never above 1",
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

pub fn rbf_without_gamma(a: &Array2<f64>, b: &Array2<f64>, _gamma: f64) -> Array2<f64> {
    solutions::ml::rbf_kernel::rbf_kernel(a, b, 1.0)
}

pub fn linear_kernel(a: &Array2<f64>, b: &Array2<f64>, _gamma: f64) -> Array2<f64> {
    a.dot(&b.t())
}

pub fn decision_minus_bias(
    support: &Array2<f64>,
    dual: &Array1<f64>,
    bias: f64,
    gamma: f64,
    x: &Array2<f64>,
) -> Array1<f64> {
    solutions::ml::svm_decision::svm_decision(support, dual, -bias, gamma, x)
}

pub fn decision_linear_kernel(
    support: &Array2<f64>,
    dual: &Array1<f64>,
    bias: f64,
    _gamma: f64,
    x: &Array2<f64>,
) -> Array1<f64> {
    x.dot(&support.t()).dot(dual) + bias
}

/// The hinge step with a chosen threshold on the margin and direction.
fn step_with(
    (w, b, x, y, lambda, lr): (&Array1<f64>, f64, ArrayView1<'_, f64>, f64, f64, f64),
    threshold: f64,
    direction: f64,
) -> (Array1<f64>, f64) {
    let (grad_w, grad_b) = if y * (w.dot(&x) + b) < threshold {
        (lambda * w - &(y * &x), -y)
    } else {
        (lambda * w, 0.0)
    };
    (w - &(direction * lr * grad_w), b - direction * lr * grad_b)
}

pub fn step_only_misclassified(
    w: &Array1<f64>,
    b: f64,
    x: ArrayView1<'_, f64>,
    y: f64,
    lambda: f64,
    lr: f64,
) -> (Array1<f64>, f64) {
    step_with((w, b, x, y, lambda, lr), 0.0, 1.0)
}

pub fn step_uphill(
    w: &Array1<f64>,
    b: f64,
    x: ArrayView1<'_, f64>,
    y: f64,
    lambda: f64,
    lr: f64,
) -> (Array1<f64>, f64) {
    step_with((w, b, x, y, lambda, lr), 1.0, -1.0)
}

pub fn rbf_positive_exponent(a: &Array2<f64>, b: &Array2<f64>, gamma: f64) -> Array2<f64> {
    solutions::ml::rbf_kernel::rbf_kernel(a, b, -gamma)
}

pub fn decision_unweighted(
    support: &Array2<f64>,
    dual: &Array1<f64>,
    bias: f64,
    gamma: f64,
    x: &Array2<f64>,
) -> Array1<f64> {
    let ones = Array1::ones(dual.len());
    solutions::ml::svm_decision::svm_decision(support, &ones, bias, gamma, x)
}

pub fn decision_positive_exponent(
    support: &Array2<f64>,
    dual: &Array1<f64>,
    bias: f64,
    gamma: f64,
    x: &Array2<f64>,
) -> Array1<f64> {
    solutions::ml::svm_decision::svm_decision(support, dual, bias, -gamma, x)
}

pub fn step_without_regulariser(
    w: &Array1<f64>,
    b: f64,
    x: ArrayView1<'_, f64>,
    y: f64,
    _lambda: f64,
    lr: f64,
) -> (Array1<f64>, f64) {
    step_with((w, b, x, y, 0.0, lr), 1.0, 1.0)
}

pub fn step_fixed_bias(
    w: &Array1<f64>,
    b: f64,
    x: ArrayView1<'_, f64>,
    y: f64,
    lambda: f64,
    lr: f64,
) -> (Array1<f64>, f64) {
    (step_with((w, b, x, y, lambda, lr), 1.0, 1.0).0, b)
}

pub fn rbf_over_gamma(a: &Array2<f64>, b: &Array2<f64>, gamma: f64) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.nrows()), |(i, j)| {
        (-squared_distance(a.row(i), b.row(j)) / gamma).exp()
    })
}

pub fn rbf_exp_of_gamma_only(a: &Array2<f64>, b: &Array2<f64>, gamma: f64) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.nrows()), |(i, j)| {
        (-gamma).exp() * squared_distance(a.row(i), b.row(j))
    })
}
