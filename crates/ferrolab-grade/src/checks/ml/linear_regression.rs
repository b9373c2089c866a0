//! Lesson 1, linear regression (notebooks/03-ml/01-linear-regression.ipynb): the normal
//! equation and the two scores every regression is reported with (RMSE, R²).
//!
//! References are computed here from the definitions; each check's hand-picked inputs
//! are chosen so that the classic mistakes (no intercept column, MSE for RMSE, a
//! missing `1 −` in R², ...) give different numbers, which the messages then name.

use crate::checks::reference::{least_squares, with_intercept};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{matrix, number, vector, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2};
use rand::Rng;
use std::time::Duration;

/// Small inputs finish in microseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(10);

/// Weights solved in a different order differ in the last bits; data of a few dozen
/// rows keeps them within this.
const WEIGHTS: Tolerance = Tolerance {
    absolute: 1e-7,
    relative: 1e-7,
};

fn vectors_close(tolerance: Tolerance, expected: &Array1<f64>, got: &Array1<f64>) -> bool {
    tolerance.all_close(&expected.to_vec(), &got.to_vec())
}

// ---------------------------------------------------------------------------------

/// `ml/normal-equation`.
pub const NORMAL_EQUATION: &str = "ml/normal-equation";

/// `fn normal_equation(x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64>`: the
/// least-squares weights, intercept first.
pub fn normal_equation<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array1<f64>) -> Array1<f64> + Send + 'static,
{
    normal_equation_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type NormalEquationFn = dyn Fn(&Array2<f64>, &Array1<f64>) -> Array1<f64> + Send;

fn normal_equation_boxed(grader: &Grader, learner: Box<NormalEquationFn>) -> Report {
    let mut rng = grader.rng(101);
    // y = 3 - 2·x₁ + 0.5·x₂ + 4·x₃ plus noise, 40 rows.
    let noisy_x = Array2::from_shape_fn((40, 3), |_| rng.gen_range(-5.0..5.0));
    let noisy_y = noisy_x.dot(&array![-2.0, 0.5, 4.0])
        + 3.0
        + Array1::from_shape_fn(40, |_| rng.gen_range(-1.0..1.0));
    let cases = vec![
        // Exactly y = 1 + 2x: the intercept is not zero, so leaving it out shows.
        (
            array![[1.0], [2.0], [3.0], [4.0]],
            array![3.0, 5.0, 7.0, 9.0],
        ),
        // Exactly y = 0.5 + 1·x₁ − 2·x₂.
        (
            array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [3.0, 2.0]],
            array![1.5, -1.5, -0.5, 0.5, -0.5],
        ),
        (noisy_x, noisy_y),
    ];
    let describe =
        |(x, y): &(Array2<f64>, Array1<f64>)| format!("x = {}, y = {}", matrix(x), vector(y));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, y)| learner(x, y),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (x, y) = case;
        let expected = least_squares(&with_intercept(x), y);
        if got.len() != expected.len() {
            let mut message = format!(
                "for input {} expected {} weights (the intercept, then one per feature), got {}",
                describe(case),
                expected.len(),
                got.len()
            );
            if got.len() == x.ncols() {
                message.push_str(
                    ": looks like the model has no intercept; put a column of ones in front of x \
                     so that its weight can be the intercept",
                );
            }
            return Report::new(NORMAL_EQUATION, Verdict::Incorrect { message });
        }
        if !vectors_close(WEIGHTS, &expected, &got) {
            let verdict = incorrect(
                &describe(case),
                &vector(&expected),
                &vector(&got),
                normal_equation_mistake(x, y, &got),
            );
            return Report::new(NORMAL_EQUATION, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(NORMAL_EQUATION, verdict);
    }
    Report::new(
        NORMAL_EQUATION,
        Verdict::Passed {
            summary: "two exact lines and a noisy 40 × 3 problem, weights within 1e-7".into(),
        },
    )
}

fn normal_equation_mistake(x: &Array2<f64>, y: &Array1<f64>, got: &Array1<f64>) -> Option<String> {
    let p = x.ncols();
    // Ones as the last column: the same weights, rotated.
    let ones_last = Array2::from_shape_fn(
        (x.nrows(), p + 1),
        |(i, j)| {
            if j == p {
                1.0
            } else {
                x[[i, j]]
            }
        },
    );
    let rotated = least_squares(&ones_last, y);
    if vectors_close(WEIGHTS, &rotated, got) {
        return Some(known_mistake(
            "the intercept should come first: put the column of ones before the features",
        ));
    }
    if got.iter().any(|w| !w.is_finite()) {
        return Some(
            "some weights are not finite: the system you solved is singular; solve (XᵀX) w = Xᵀy \
             with X = [1 | x]"
                .into(),
        );
    }
    None
}

// ---------------------------------------------------------------------------------

/// `ml/rmse`.
pub const RMSE: &str = "ml/rmse";

/// `fn rmse(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64`.
pub fn rmse<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>, &Array1<f64>) -> f64 + Send + 'static,
{
    rmse_boxed(grader, Box::new(learner))
}

/// A metric of true values and predictions, boxed so the check is compiled once.
type MetricFn = dyn Fn(&Array1<f64>, &Array1<f64>) -> f64 + Send;

fn metric_cases(grader: &Grader, stream: u64) -> Vec<(Array1<f64>, Array1<f64>)> {
    let mut rng = grader.rng(stream);
    let y = Array1::from_shape_fn(50, |_| rng.gen_range(10.0..14.0));
    let y_hat = y.mapv(|v| v + rng.gen_range(-0.5..0.4));
    vec![
        // scikit-learn's documentation example.
        (array![3.0, -0.5, 2.0, 7.0], array![2.5, 0.0, 2.0, 8.0]),
        (array![1.0, 2.0, 3.0], array![1.0, 2.0, 3.0]),
        // Errors of both signs: −1, +3, −2, +1, −1.
        (
            array![12.0, 11.5, 13.0, 12.2, 11.8],
            array![11.0, 14.5, 11.0, 13.2, 10.8],
        ),
        (y, y_hat),
    ]
}

fn describe_metric((y, y_hat): &(Array1<f64>, Array1<f64>)) -> String {
    format!("y = {}, y_hat = {}", vector(y), vector(y_hat))
}

fn rmse_boxed(grader: &Grader, learner: Box<MetricFn>) -> Report {
    let cases = metric_cases(grader, 102);
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe_metric,
        move |(y, y_hat)| learner(y, y_hat),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (y, y_hat) = case;
        let errors = y - y_hat;
        let n = errors.len() as f64;
        let sum_squares = errors.mapv(|e| e * e).sum();
        let expected = (sum_squares / n).sqrt();
        if !Tolerance::TIGHT.close(expected, got) {
            let known = [
                (sum_squares / n, known_mistake("that is the mean squared error (MSE): take its square root, which puts the error back in the target's units")),
                (errors.mapv(f64::abs).sum() / n, known_mistake("that is the mean absolute error: square the errors before averaging")),
                (sum_squares.sqrt(), known_mistake("you took the square root of the sum: divide by the number of values first (the mean)")),
                (sum_squares, known_mistake("that is the sum of squared errors: take the mean, then the square root")),
                ((sum_squares / (n - 1.0)).sqrt(), known_mistake("you divided by n − 1: RMSE averages over all n values")),
                (errors.sum() / n, known_mistake("errors of opposite signs cancel out: square each error first")),
            ];
            let mistake = known
                .iter()
                .find(|(value, _)| Tolerance::TIGHT.close(*value, got))
                .map(|(_, text)| text.to_string());
            let verdict = incorrect(
                &describe_metric(case),
                &number(expected),
                &number(got),
                mistake,
            );
            return Report::new(RMSE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(RMSE, verdict);
    }
    Report::new(
        RMSE,
        Verdict::Passed {
            summary: "4 inputs, from a perfect model to 50 noisy predictions".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/r-squared`.
pub const R_SQUARED: &str = "ml/r-squared";

/// `fn r_squared(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64`.
pub fn r_squared<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>, &Array1<f64>) -> f64 + Send + 'static,
{
    r_squared_boxed(grader, Box::new(learner))
}

fn r_squared_boxed(grader: &Grader, learner: Box<MetricFn>) -> Report {
    let mut cases = metric_cases(grader, 103);
    // Always predicting the mean scores 0; predictions reversed score below 0 although
    // they correlate perfectly (negatively) with the truth.
    cases.push((array![1.0, 2.0, 3.0, 6.0], array![3.0, 3.0, 3.0, 3.0]));
    cases.push((array![1.0, 2.0, 3.0], array![3.0, 2.0, 1.0]));
    // Off by a constant: perfectly correlated, but wrong.
    cases.push((array![1.0, 2.0, 3.0, 4.0], array![2.0, 3.0, 4.0, 5.0]));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe_metric,
        move |(y, y_hat)| learner(y, y_hat),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (y, y_hat) = case;
        let n = y.len() as f64;
        let mean = y.sum() / n;
        let ss_res = (y - y_hat).mapv(|e| e * e).sum();
        let ss_tot = y.mapv(|v| (v - mean) * (v - mean)).sum();
        let expected = 1.0 - ss_res / ss_tot;
        if !Tolerance::TIGHT.close(expected, got) {
            let y_hat_mean = y_hat.sum() / n;
            let covariance: f64 = y
                .iter()
                .zip(y_hat)
                .map(|(a, b)| (a - mean) * (b - y_hat_mean))
                .sum();
            let spread_hat = y_hat.mapv(|v| (v - y_hat_mean) * (v - y_hat_mean)).sum();
            let correlation_squared = covariance * covariance / (ss_tot * spread_hat);
            let known = [
                (ss_res / ss_tot, known_mistake("that is SS_res / SS_tot, the share the model leaves unexplained: R² is 1 minus it")),
                (1.0 - ss_res / y.mapv(|v| v * v).sum(), known_mistake("SS_tot measures the spread of y around its mean: subtract mean(y) before squaring")),
                (expected.max(0.0), known_mistake("R² can be negative: a model worse than always predicting the mean scores below 0, so do not clamp it")),
                (correlation_squared, known_mistake("that is the squared correlation between y and y_hat; R² also punishes predictions that are correlated but off (shifted, or reversed)")),
                (1.0 - (ss_res / n) / (ss_tot / (n - 1.0)), known_mistake("SS_res and SS_tot must be divided by the same number (or not at all): use sums of squares for both")),
            ];
            let mistake = known
                .iter()
                .find(|(value, _)| value.is_finite() && Tolerance::TIGHT.close(*value, got))
                .map(|(_, text)| text.to_string());
            let verdict = incorrect(
                &describe_metric(case),
                &number(expected),
                &number(got),
                mistake,
            );
            return Report::new(R_SQUARED, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(R_SQUARED, verdict);
    }
    Report::new(
        R_SQUARED,
        Verdict::Passed {
            summary:
                "7 inputs: perfect (1), the mean (0), reversed (−3), shifted and noisy predictions"
                    .into(),
        },
    )
}
