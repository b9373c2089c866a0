//! Wrong answers to ml lesson 1, linear regression:
//! notebooks/03-ml/01-linear-regression.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "ml/normal-equation",
            what: "leaves out the column of ones",
            grade: |g| checks::ml::normal_equation(g, normal_equation_without_intercept),
            says: "expected 2 weights (the intercept, then one per feature), got 1: looks like the model has no intercept",
        },
        Wrong {
            id: "ml/rmse",
            what: "forgets the square root",
            grade: |g| checks::ml::rmse(g, mean_squared_error),
            says: "expected 0.6124, got 0.375: that is the mean squared error (MSE)",
        },
        Wrong {
            id: "ml/r-squared",
            what: "returns SS_res / SS_tot",
            grade: |g| checks::ml::r_squared(g, unexplained_share),
            says: "the share the model leaves unexplained: R² is 1 minus it",
        },
        Wrong {
            id: "ml/r-squared",
            what: "squares the correlation",
            grade: |g| checks::ml::r_squared(g, squared_correlation),
            says: "that is the squared correlation between y and y_hat",
        },
        Wrong {
            id: "ml/rmse",
            what: "averages absolute errors",
            grade: |g| checks::ml::rmse(g, mean_absolute_error),
            says: "that is the mean absolute error",
        },
        Wrong {
            id: "ml/rmse",
            what: "returns the sum of squared errors",
            grade: |g| checks::ml::rmse(g, sum_of_squared_errors),
            says: "that is the sum of squared errors",
        },
        Wrong {
            id: "ml/normal-equation",
            what: "puts the intercept last",
            grade: |g| checks::ml::normal_equation(g, normal_equation_intercept_last),
            says: "the intercept should come first",
        },
        Wrong {
            id: "ml/rmse",
            what: "takes the square root of the sum",
            grade: |g| checks::ml::rmse(g, root_of_the_sum),
            says: "you took the square root of the sum: divide by the number of values first",
        },
        Wrong {
            id: "ml/rmse",
            what: "divides by n - 1",
            grade: |g| checks::ml::rmse(g, rmse_over_n_minus_1),
            says: "you divided by n − 1: RMSE averages over all n values",
        },
        Wrong {
            id: "ml/rmse",
            what: "averages the signed errors",
            grade: |g| checks::ml::rmse(g, mean_signed_error),
            says: "errors of opposite signs cancel out: square each error first",
        },
        Wrong {
            id: "ml/r-squared",
            what: "forgets to centre y in SS_tot",
            grade: |g| checks::ml::r_squared(g, r_squared_uncentred),
            says: "SS_tot measures the spread of y around its mean",
        },
        Wrong {
            id: "ml/r-squared",
            what: "clamps R² at 0",
            grade: |g| checks::ml::r_squared(g, r_squared_clamped),
            says: "R² can be negative",
        },
        Wrong {
            id: "ml/r-squared",
            what: "divides SS_res by n and SS_tot by n - 1",
            grade: |g| checks::ml::r_squared(g, r_squared_mixed_divisors),
            says: "SS_res and SS_tot must be divided by the same number",
        },
    ]
}

pub fn normal_equation_without_intercept(x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    solutions::ml::normal_equation::solve(x.t().dot(x), x.t().dot(y))
}

pub fn mean_squared_error(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    (y - y_hat).mapv(|e| e * e).mean().unwrap()
}

pub fn unexplained_share(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    let mean = y.mean().unwrap();
    (y - y_hat).mapv(|e| e * e).sum() / y.mapv(|v| (v - mean).powi(2)).sum()
}

pub fn squared_correlation(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    let (a, b) = (y - y.mean().unwrap(), y_hat - y_hat.mean().unwrap());
    a.dot(&b).powi(2) / (a.dot(&a) * b.dot(&b))
}

pub fn mean_absolute_error(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    (y - y_hat).mapv(f64::abs).mean().unwrap_or(0.0)
}

pub fn sum_of_squared_errors(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    (y - y_hat).mapv(|e| e * e).sum()
}

pub fn normal_equation_intercept_last(x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    let mut w = solutions::ml::normal_equation::normal_equation(x, y).to_vec();
    w.rotate_left(1);
    Array1::from(w)
}

pub fn root_of_the_sum(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    sum_of_squared_errors(y, y_hat).sqrt()
}

pub fn rmse_over_n_minus_1(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    (sum_of_squared_errors(y, y_hat) / (y.len() as f64 - 1.0)).sqrt()
}

pub fn mean_signed_error(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    (y - y_hat).mean().unwrap_or(0.0)
}

fn ss_tot(y: &Array1<f64>) -> f64 {
    let mean = y.mean().unwrap_or(0.0);
    y.mapv(|v| (v - mean).powi(2)).sum()
}

pub fn r_squared_uncentred(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    1.0 - sum_of_squared_errors(y, y_hat) / y.mapv(|v| v * v).sum()
}

pub fn r_squared_clamped(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    (1.0 - sum_of_squared_errors(y, y_hat) / ss_tot(y)).max(0.0)
}

pub fn r_squared_mixed_divisors(y: &Array1<f64>, y_hat: &Array1<f64>) -> f64 {
    let n = y.len() as f64;
    1.0 - (sum_of_squared_errors(y, y_hat) / n) / (ss_tot(y) / (n - 1.0))
}
