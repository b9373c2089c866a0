//! Wrong answers to math lesson 4, calculus and optimisation:
//! notebooks/01-math/04-calculus-and-optimization.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "math/numerical-gradient",
            what: "uses a one-sided difference",
            grade: |g| checks::math::numerical_gradient(g, forward_difference),
            says: "looks like a one-sided difference (f(x + h) - f(x)) / h",
        },
        Wrong {
            id: "math/numerical-gradient",
            what: "divides by h instead of 2h",
            grade: |g| checks::math::numerical_gradient(g, central_difference_over_h),
            says: "expected [2, 3], got [4, 6]: twice the gradient",
        },
        Wrong {
            id: "math/gradient-descent-step",
            what: "steps up the gradient",
            grade: |g| checks::math::gradient_descent_step(g, gradient_ascent_step),
            says: "the loss went up from 22.75 to",
        },
        Wrong {
            id: "math/gradient-descent-step",
            what: "sums the gradient instead of averaging it",
            grade: |g| checks::math::gradient_descent_step(g, summed_gradient_step),
            says: "a step 4 times too big",
        },
        Wrong {
            id: "math/fit-linear-regression",
            what: "stops after 20 small steps",
            grade: |g| checks::math::fit_linear_regression(g, fit_too_short),
            says: "not converged yet",
        },
        Wrong {
            id: "math/fit-linear-regression",
            what: "never learns the bias",
            grade: |g| checks::math::fit_linear_regression(g, fit_without_bias),
            says: "the bias is 0, but y is centred near",
        },
        Wrong {
            id: "math/numerical-gradient",
            what: "subtracts the wrong way round",
            grade: |g| checks::math::numerical_gradient(g, central_difference_flipped),
            says: "the signs are flipped",
        },
        Wrong {
            id: "math/numerical-gradient",
            what: "moves every coordinate at once",
            grade: |g| checks::math::numerical_gradient(g, gradient_nudging_everything),
            says: "every component is the same",
        },
        Wrong {
            id: "math/gradient-descent-step",
            what: "leaves out the factor 2",
            grade: |g| checks::math::gradient_descent_step(g, step_without_two),
            says: "half the step",
        },
        Wrong {
            id: "math/gradient-descent-step",
            what: "never moves b",
            grade: |g| checks::math::gradient_descent_step(g, step_keeping_bias),
            says: "the bias did not move",
        },
        Wrong {
            id: "math/fit-linear-regression",
            what: "never updates w and b",
            grade: |g| checks::math::fit_linear_regression(g, fit_never_updating),
            says: "the weights and bias are still zero",
        },
    ]
}

pub fn forward_difference(f: &dyn Fn(&Array1<f64>) -> f64, x: &Array1<f64>, h: f64) -> Array1<f64> {
    Array1::from_shape_fn(x.len(), |i| {
        let mut up = x.clone();
        up[i] += h;
        (f(&up) - f(x)) / h
    })
}

pub fn central_difference_over_h(
    f: &dyn Fn(&Array1<f64>) -> f64,
    x: &Array1<f64>,
    h: f64,
) -> Array1<f64> {
    Array1::from_shape_fn(x.len(), |i| {
        let (mut up, mut down) = (x.clone(), x.clone());
        up[i] += h;
        down[i] -= h;
        (f(&up) - f(&down)) / h
    })
}

pub fn gradient_ascent_step(
    w: &Array1<f64>,
    b: f64,
    x: &Array2<f64>,
    y: &Array1<f64>,
    lr: f64,
) -> (Array1<f64>, f64) {
    let n = x.nrows() as f64;
    let residuals = x.dot(w) + b - y;
    let grad_w = x.t().dot(&residuals) * (2.0 / n);
    (w + &(grad_w * lr), b + lr * residuals.sum() * (2.0 / n))
}

pub fn summed_gradient_step(
    w: &Array1<f64>,
    b: f64,
    x: &Array2<f64>,
    y: &Array1<f64>,
    lr: f64,
) -> (Array1<f64>, f64) {
    let residuals = x.dot(w) + b - y;
    let grad_w = x.t().dot(&residuals) * 2.0;
    (w - &(grad_w * lr), b - lr * residuals.sum() * 2.0)
}

fn descend(
    x: &Array2<f64>,
    y: &Array1<f64>,
    lr: f64,
    epochs: usize,
    learn_bias: bool,
) -> (Array1<f64>, f64) {
    let n = x.nrows() as f64;
    let mut w = Array1::<f64>::zeros(x.ncols());
    let mut b = 0.0;
    for _ in 0..epochs {
        let residuals = x.dot(&w) + b - y;
        w = w - x.t().dot(&residuals) * (2.0 / n * lr);
        if learn_bias {
            b -= lr * residuals.sum() * (2.0 / n);
        }
    }
    (w, b)
}

pub fn fit_too_short(x: &Array2<f64>, y: &Array1<f64>) -> (Array1<f64>, f64) {
    descend(x, y, 0.01, 20, true)
}

pub fn fit_without_bias(x: &Array2<f64>, y: &Array1<f64>) -> (Array1<f64>, f64) {
    descend(x, y, 0.1, 2000, false)
}

pub fn central_difference_flipped(
    f: &dyn Fn(&Array1<f64>) -> f64,
    x: &Array1<f64>,
    h: f64,
) -> Array1<f64> {
    Array1::from_shape_fn(x.len(), |i| {
        let (mut up, mut down) = (x.clone(), x.clone());
        up[i] += h;
        down[i] -= h;
        (f(&down) - f(&up)) / (2.0 * h)
    })
}

pub fn gradient_nudging_everything(
    f: &dyn Fn(&Array1<f64>) -> f64,
    x: &Array1<f64>,
    h: f64,
) -> Array1<f64> {
    let slope = (f(&(x + h)) - f(&(x - h))) / (2.0 * h);
    Array1::from_elem(x.len(), slope)
}

/// One step with the gradient (factor `two` instead of 2) and whether b moves.
fn step_with(
    (w, b, x, y, lr): (&Array1<f64>, f64, &Array2<f64>, &Array1<f64>, f64),
    two: f64,
    move_bias: bool,
) -> (Array1<f64>, f64) {
    let n = x.nrows() as f64;
    let residuals = x.dot(w) + b - y;
    let grad_w = x.t().dot(&residuals) * (two / n);
    let grad_b = if move_bias {
        residuals.sum() * two / n
    } else {
        0.0
    };
    (w - &(grad_w * lr), b - lr * grad_b)
}

pub fn step_without_two(
    w: &Array1<f64>,
    b: f64,
    x: &Array2<f64>,
    y: &Array1<f64>,
    lr: f64,
) -> (Array1<f64>, f64) {
    step_with((w, b, x, y, lr), 1.0, true)
}

pub fn step_keeping_bias(
    w: &Array1<f64>,
    b: f64,
    x: &Array2<f64>,
    y: &Array1<f64>,
    lr: f64,
) -> (Array1<f64>, f64) {
    step_with((w, b, x, y, lr), 2.0, false)
}

pub fn fit_never_updating(x: &Array2<f64>, _y: &Array1<f64>) -> (Array1<f64>, f64) {
    (Array1::zeros(x.ncols()), 0.0)
}
