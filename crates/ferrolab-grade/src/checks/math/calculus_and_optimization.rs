//! Lesson 4, calculus and optimisation (notebooks/01-math/04-calculus-and-optimization.ipynb):
//! numerical gradients and gradient descent for linear regression.

use super::{random_matrix, LIMIT};
use crate::checks::reference::{least_squares, with_intercept};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{matrix, number, vector, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2, Axis};
use rand::Rng;
use std::time::Duration;

fn vectors_close(tolerance: Tolerance, expected: &Array1<f64>, got: &Array1<f64>) -> bool {
    tolerance.all_close(&expected.to_vec(), &got.to_vec())
}

// ---------------------------------------------------------------------------------

/// `math/numerical-gradient`.
pub const NUMERICAL_GRADIENT: &str = "math/numerical-gradient";

/// A function of a vector with its gradient written out by hand, and how to show it.
#[derive(Debug, Clone, Copy)]
struct Function {
    text: &'static str,
    value: fn(&Array1<f64>) -> f64,
    gradient: fn(&Array1<f64>) -> Array1<f64>,
}

const FUNCTIONS: [Function; 4] = [
    Function {
        text: "f(x) = x₀² + 3·x₁",
        value: |x| x[0] * x[0] + 3.0 * x[1],
        gradient: |x| array![2.0 * x[0], 3.0],
    },
    Function {
        text: "f(x) = x₀³·x₁ + sin(x₁)",
        value: |x| x[0].powi(3) * x[1] + x[1].sin(),
        gradient: |x| array![3.0 * x[0] * x[0] * x[1], x[0].powi(3) + x[1].cos()],
    },
    Function {
        text: "f(x) = exp(x₀ − x₂) + x₁·x₂²",
        value: |x| (x[0] - x[2]).exp() + x[1] * x[2] * x[2],
        gradient: |x| {
            let e = (x[0] - x[2]).exp();
            array![e, x[2] * x[2], -e + 2.0 * x[1] * x[2]]
        },
    },
    Function {
        text: "f(x) = Σ xᵢ⁴ / 4 − Σ xᵢ",
        value: |x| x.mapv(|v| v.powi(4) / 4.0 - v).sum(),
        gradient: |x| x.mapv(|v| v.powi(3) - 1.0),
    },
];

/// Central differences with h = 1e-4 are accurate to about 1e-7 on these functions;
/// one-sided ones miss by about 1e-4.
const GRADIENT_TOLERANCE: Tolerance = Tolerance {
    absolute: 2e-6,
    relative: 2e-6,
};

/// One point to differentiate at.
#[derive(Debug, Clone)]
struct GradientCase {
    function: usize,
    x: Array1<f64>,
    h: f64,
}

/// `fn numerical_gradient(f: &dyn Fn(&Array1<f64>) -> f64, x: &Array1<f64>, h: f64) -> Array1<f64>`:
/// central differences, one coordinate at a time.
pub fn numerical_gradient<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&dyn Fn(&Array1<f64>) -> f64, &Array1<f64>, f64) -> Array1<f64> + Send + 'static,
{
    numerical_gradient_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type NumericalGradientFn =
    dyn Fn(&dyn Fn(&Array1<f64>) -> f64, &Array1<f64>, f64) -> Array1<f64> + Send;

fn central(f: fn(&Array1<f64>) -> f64, x: &Array1<f64>, h: f64, step: f64) -> Array1<f64> {
    Array1::from_shape_fn(x.len(), |i| {
        let (mut up, mut down) = (x.clone(), x.clone());
        up[i] += h;
        down[i] -= h;
        (f(&up) - f(&down)) / step
    })
}

/// The body of [`numerical_gradient`], compiled once here rather than in every learner's crate.
fn numerical_gradient_boxed(grader: &Grader, learner: Box<NumericalGradientFn>) -> Report {
    let mut rng = grader.rng(14);
    let h = 1e-4;
    let cases = vec![
        GradientCase {
            function: 0,
            x: array![1.0, 2.0],
            h,
        },
        GradientCase {
            function: 1,
            x: array![1.5, -0.5],
            h,
        },
        GradientCase {
            function: 2,
            x: array![0.3, 2.0, -1.0],
            h,
        },
        GradientCase {
            function: 3,
            x: Array1::from_shape_fn(6, |_| rng.gen_range(-2.0..2.0)),
            h,
        },
    ];
    let describe = |c: &GradientCase| {
        format!(
            "{} at x = {}, h = {}",
            FUNCTIONS[c.function].text,
            vector(&c.x),
            number(c.h)
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        learner(&FUNCTIONS[c.function].value, &c.x, c.h)
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        let function = FUNCTIONS[case.function];
        let expected = (function.gradient)(&case.x);
        if got.len() != expected.len() {
            let message = format!(
                "for input {} expected {} partial derivatives (one per coordinate of x), got {}",
                describe(case),
                expected.len(),
                got.len()
            );
            return Report::new(NUMERICAL_GRADIENT, Verdict::Incorrect { message });
        }
        if !vectors_close(GRADIENT_TOLERANCE, &expected, &got) {
            let verdict = incorrect(
                &describe(case),
                &vector(&expected),
                &vector(&got),
                gradient_mistake(function, case, &got),
            );
            return Report::new(NUMERICAL_GRADIENT, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(NUMERICAL_GRADIENT, verdict);
    }
    Report::new(
        NUMERICAL_GRADIENT,
        Verdict::Passed {
            summary: format!(
                "4 functions of 2 to 6 variables, within {} of the exact gradient",
                number(GRADIENT_TOLERANCE.absolute)
            ),
        },
    )
}

fn gradient_mistake(function: Function, case: &GradientCase, got: &Array1<f64>) -> Option<String> {
    let (x, h) = (&case.x, case.h);
    let like = |candidate: &Array1<f64>| vectors_close(Tolerance::SINGLE, candidate, got);
    let forward = Array1::from_shape_fn(x.len(), |i| {
        let mut up = x.clone();
        up[i] += h;
        ((function.value)(&up) - (function.value)(x)) / h
    });
    let all_at_once = {
        let (up, down) = (x + h, x - h);
        let slope = ((function.value)(&up) - (function.value)(&down)) / (2.0 * h);
        Array1::from_elem(x.len(), slope)
    };
    if like(&central(function.value, x, h, h)) {
        Some(known_mistake(
            "twice the gradient: the two points x + h and x - h are 2h apart, so divide by 2h",
        ))
    } else if like(&forward) {
        Some(known_mistake("looks like a one-sided difference (f(x + h) - f(x)) / h, whose error shrinks only like h; use the central difference (f(x + h) - f(x - h)) / 2h"))
    } else if x.len() > 1 && like(&all_at_once) {
        Some(known_mistake("every component is the same: you moved all the coordinates at once; nudge one coordinate at a time and keep the others fixed"))
    } else if like(&-(function.gradient)(x)) {
        Some(known_mistake(
            "the signs are flipped: it is f(x + h) minus f(x - h), not the other way round",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/gradient-descent-step`.
pub const GRADIENT_DESCENT_STEP: &str = "math/gradient-descent-step";

/// A linear model, its data and a learning rate.
#[derive(Debug, Clone)]
struct StepCase {
    w: Array1<f64>,
    b: f64,
    x: Array2<f64>,
    y: Array1<f64>,
    lr: f64,
}

/// `fn gradient_descent_step(w, b, x, y, lr) -> (Array1<f64>, f64)`: one step on the MSE.
pub fn gradient_descent_step<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>, f64, &Array2<f64>, &Array1<f64>, f64) -> (Array1<f64>, f64)
        + Send
        + 'static,
{
    gradient_descent_step_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type GradientDescentStepFn =
    dyn Fn(&Array1<f64>, f64, &Array2<f64>, &Array1<f64>, f64) -> (Array1<f64>, f64) + Send;

/// The gradients `(∂L/∂w, ∂L/∂b)` of the MSE, times `scale` (2/n for the MSE itself).
fn mse_gradients(c: &StepCase, scale: f64) -> (Array1<f64>, f64) {
    let residuals = c.x.dot(&c.w) + c.b - &c.y;
    (c.x.t().dot(&residuals) * scale, residuals.sum() * scale)
}

fn step_with(c: &StepCase, (grad_w, grad_b): (Array1<f64>, f64), sign: f64) -> (Array1<f64>, f64) {
    (&c.w - &(grad_w * (sign * c.lr)), c.b - sign * c.lr * grad_b)
}

fn mse(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>, b: f64) -> f64 {
    (x.dot(w) + b - y)
        .mapv(|r| r * r)
        .mean()
        .unwrap_or(f64::NAN)
}

/// The body of [`gradient_descent_step`], compiled once here rather than in every learner's crate.
fn gradient_descent_step_boxed(grader: &Grader, learner: Box<GradientDescentStepFn>) -> Report {
    let mut rng = grader.rng(15);
    let x = random_matrix(&mut rng, 20, 3) / 10.0;
    let y = x.dot(&array![2.0, -1.0, 0.5]) + 3.0;
    let cases = vec![
        StepCase {
            w: array![0.0, 0.0],
            b: 0.0,
            x: array![[1.0, 2.0], [3.0, 1.0], [0.0, -1.0], [2.0, 2.0]],
            y: array![5.0, 4.0, -1.0, 7.0],
            lr: 0.1,
        },
        StepCase {
            w: array![0.5, -0.5],
            b: 1.0,
            x: array![[1.0, 2.0], [3.0, 1.0], [0.0, -1.0], [2.0, 2.0]],
            y: array![5.0, 4.0, -1.0, 7.0],
            lr: 0.05,
        },
        StepCase {
            w: array![0.1, 0.2, 0.3],
            b: -1.0,
            x,
            y,
            lr: 0.3,
        },
    ];
    let describe = |c: &StepCase| {
        format!(
            "w = {}, b = {}, x = {}, y = {}, lr = {}",
            vector(&c.w),
            number(c.b),
            matrix(&c.x),
            vector(&c.y),
            number(c.lr)
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        learner(&c.w, c.b, &c.x, &c.y, c.lr)
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        let n = case.x.nrows() as f64;
        let expected = step_with(case, mse_gradients(case, 2.0 / n), 1.0);
        if got.0.len() != expected.0.len() {
            let message = format!(
                "for input {} expected {} weights (one per column of x), got {}",
                describe(case),
                expected.0.len(),
                got.0.len()
            );
            return Report::new(GRADIENT_DESCENT_STEP, Verdict::Incorrect { message });
        }
        let close = vectors_close(Tolerance::TIGHT, &expected.0, &got.0)
            && Tolerance::TIGHT.close(expected.1, got.1);
        if !close {
            let verdict = incorrect(
                &describe(case),
                &format!("(w, b) = ({}, {})", vector(&expected.0), number(expected.1)),
                &format!("({}, {})", vector(&got.0), number(got.1)),
                step_mistake(case, &expected, &got),
            );
            return Report::new(GRADIENT_DESCENT_STEP, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(GRADIENT_DESCENT_STEP, verdict);
    }
    Report::new(
        GRADIENT_DESCENT_STEP,
        Verdict::Passed {
            summary: "3 steps, from zero weights and from a guess".into(),
        },
    )
}

fn step_mistake(
    case: &StepCase,
    expected: &(Array1<f64>, f64),
    got: &(Array1<f64>, f64),
) -> Option<String> {
    let n = case.x.nrows() as f64;
    let like = |candidate: (Array1<f64>, f64)| {
        vectors_close(Tolerance::TIGHT, &candidate.0, &got.0)
            && Tolerance::TIGHT.close(candidate.1, got.1)
    };
    let before = mse(&case.x, &case.y, &case.w, case.b);
    let after = mse(&case.x, &case.y, &got.0, got.1);
    if like(step_with(case, mse_gradients(case, 2.0 / n), -1.0)) {
        Some(known_mistake(format!(
            "the loss went up from {} to {}: step against the gradient, w - lr·∂L/∂w (and residuals are ŷ - y)",
            number(before),
            number(after)
        )))
    } else if like(step_with(case, mse_gradients(case, 1.0 / n), 1.0)) {
        Some(known_mistake("half the step: the derivative of (ŷ - y)² is 2·(ŷ - y), so the gradient has a factor 2/n"))
    } else if like(step_with(case, mse_gradients(case, 2.0), 1.0))
        || like(step_with(case, mse_gradients(case, 1.0), 1.0))
    {
        Some(known_mistake(format!(
            "a step {n} times too big: the loss is the *mean* of the squared residuals, so divide the gradient by n = {n}"
        )))
    } else if vectors_close(Tolerance::TIGHT, &expected.0, &got.0)
        && Tolerance::TIGHT.close(case.b, got.1)
    {
        Some(known_mistake(
            "the weights are right but the bias did not move: update b with ∂L/∂b = (2/n)·Σ(ŷ - y)",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/fit-linear-regression`.
pub const FIT_LINEAR_REGRESSION: &str = "math/fit-linear-regression";

/// How close to the least-squares loss a fit must get.
pub const FIT_LINEAR_REGRESSION_SLACK: f64 = 0.01;

/// Thousands of passes over a few hundred rows take a fraction of a second; the rest
/// is room for a learner's generous epoch count on a busy machine.
const FIT_LIMIT: Duration = Duration::from_secs(60);

/// A regression problem with its best possible loss.
#[derive(Debug, Clone)]
struct RegressionSet {
    what: String,
    x: Array2<f64>,
    y: Array1<f64>,
}

/// `fn fit_linear_regression(x: &Array2<f64>, y: &Array1<f64>) -> (Array1<f64>, f64)`:
/// a fit whose MSE is within 1% of least squares.
pub fn fit_linear_regression<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array1<f64>) -> (Array1<f64>, f64) + Send + 'static,
{
    fit_linear_regression_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type FitLinearRegressionFn = dyn Fn(&Array2<f64>, &Array1<f64>) -> (Array1<f64>, f64) + Send;

/// Columns scaled to mean 0 and standard deviation 1.
fn standardised(x: Array2<f64>) -> Array2<f64> {
    let means = x
        .mean_axis(Axis(0))
        .unwrap_or_else(|| Array1::zeros(x.ncols()));
    let stds = x
        .std_axis(Axis(0), 0.0)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    (x - &means) / &stds
}

/// A seeded regression set shaped like the lesson's diabetes data: correlated
/// standardised features, a large offset and noise.
fn regression_set(
    rng: &mut impl Rng,
    rows: usize,
    weights: &Array1<f64>,
    offset: f64,
    noise: f64,
) -> (Array2<f64>, Array1<f64>) {
    let features = weights.len();
    let base = random_matrix(rng, rows, features);
    // Mix every column with the first so the features are correlated, as real ones are.
    let mut mixed = base.clone();
    for j in 1..features {
        let first = base.column(0).to_owned();
        mixed.column_mut(j).scaled_add(0.8, &first);
    }
    let x = standardised(mixed);
    let y = x.dot(weights) + offset + random_matrix(rng, rows, 1).column(0).mapv(|e| e * noise);
    (x, y)
}

/// The weights and bias that fit best, from the grader's least squares (which puts the
/// intercept first).
fn best_fit(x: &Array2<f64>, y: &Array1<f64>) -> (Array1<f64>, f64) {
    let theta = least_squares(&with_intercept(x), y);
    (
        theta
            .slice_axis(ndarray::Axis(0), ndarray::Slice::from(1..))
            .to_owned(),
        theta[0],
    )
}

/// The body of [`fit_linear_regression`], compiled once here rather than in every learner's crate.
fn fit_linear_regression_boxed(grader: &Grader, learner: Box<FitLinearRegressionFn>) -> Report {
    let mut rng = grader.rng(16);
    let (x1, y1) = regression_set(
        &mut rng,
        300,
        &array![25.0, -12.0, 30.0, 8.0, -20.0],
        150.0,
        50.0,
    );
    let (x2, y2) = regression_set(&mut rng, 120, &array![3.0, 1.5], -4.0, 1.0);
    let cases = vec![
        RegressionSet {
            what: "a seeded set shaped like diabetes: 300 rows, 5 correlated standardised features, y around 150".into(),
            x: x1,
            y: y1,
        },
        RegressionSet {
            what: "a seeded set: 120 rows, 2 correlated standardised features, y around -4".into(),
            x: x2,
            y: y2,
        },
    ];
    let describe = |c: &RegressionSet| c.what.clone();
    let run = run_cases(grader.limit(FIT_LIMIT), cases.clone(), describe, move |c| {
        learner(&c.x, &c.y)
    });
    let mut reached = Vec::new();
    for (case, (w, b)) in cases.iter().zip(run.outputs) {
        if w.len() != case.x.ncols() {
            let message = format!(
                "for input {} expected {} weights (one per column of x), got {}",
                case.what,
                case.x.ncols(),
                w.len()
            );
            return Report::new(FIT_LINEAR_REGRESSION, Verdict::Incorrect { message });
        }
        let (best_w, best_b) = best_fit(&case.x, &case.y);
        let best = mse(&case.x, &case.y, &best_w, best_b);
        let target = best * (1.0 + FIT_LINEAR_REGRESSION_SLACK);
        let got = mse(&case.x, &case.y, &w, b);
        if got.is_nan() || got > target {
            let verdict = incorrect(
                &case.what,
                &format!(
                    "a mean squared error ≤ {} (least squares reaches {})",
                    number(target),
                    number(best)
                ),
                &format!("{} with w = {}, b = {}", number(got), vector(&w), number(b)),
                fit_mistake(case, &w, b, got, best_b),
            );
            return Report::new(FIT_LINEAR_REGRESSION, verdict);
        }
        reached.push(format!("{} (best {})", number(got), number(best)));
    }
    if let Some(verdict) = run.failure {
        return Report::new(FIT_LINEAR_REGRESSION, verdict);
    }
    Report::new(
        FIT_LINEAR_REGRESSION,
        Verdict::Passed {
            summary: format!(
                "mean squared error {} on 2 seeded sets, target within 1% of least squares",
                reached.join(" and ")
            ),
        },
    )
}

fn fit_mistake(
    case: &RegressionSet,
    w: &Array1<f64>,
    b: f64,
    got: f64,
    best_b: f64,
) -> Option<String> {
    let mean_y = case.y.mean().unwrap_or(0.0);
    if !got.is_finite() {
        Some("the loss is not a number: the fit diverged; lower the learning rate (with standardised features, 0.1 is safe)".into())
    } else if w.iter().all(|v| v.abs() < 1e-12) && b.abs() < 1e-12 {
        Some(known_mistake("the weights and bias are still zero: run the update steps, and keep the new (w, b) each time"))
    } else if b.abs() < 1e-12 && best_b.abs() > 1.0 {
        Some(known_mistake(format!(
            "the bias is 0, but y is centred near {}: learn b too, with ∂L/∂b = (2/n)·Σ(ŷ - y)",
            number(mean_y)
        )))
    } else if (b - best_b).abs() > 0.05 * best_b.abs().max(1.0) {
        Some(known_mistake("not converged yet (the bias is still far from its best value): take more steps or a larger learning rate"))
    } else {
        Some("not converged yet: take more steps or a larger learning rate (below about 0.25 for standardised features)".into())
    }
}
