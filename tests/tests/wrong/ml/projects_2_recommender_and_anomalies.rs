//! Wrong answers to ml lesson 8, project 2, a recommender and anomalies:
//! notebooks/03-ml/08-projects-2-recommender-and-anomalies.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "ml/mf-sgd-step",
            what: "updates the item with the already updated user vector",
            grade: |g| checks::ml::mf_sgd_step(g, mf_step_sequential),
            says: "looks like the item update used the user vector after its update",
        },
        Wrong {
            id: "ml/rolling-zscore",
            what: "includes the current value in its window",
            grade: |g| checks::ml::rolling_zscore(g, zscore_with_current_value),
            says: "looks like the window includes x[t] itself",
        },
        Wrong {
            id: "ml/mf-sgd-step",
            what: "takes the error as prediction - rating",
            grade: |g| checks::ml::mf_sgd_step(g, mf_step_error_flipped),
            says: "the error has the wrong sign",
        },
        Wrong {
            id: "ml/mf-sgd-step",
            what: "leaves out the regularisation",
            grade: |g| checks::ml::mf_sgd_step(g, mf_step_without_reg),
            says: "the regularisation term (- reg·user, - reg·item) is missing",
        },
        Wrong {
            id: "ml/mf-sgd-step",
            what: "adds the regularisation",
            grade: |g| checks::ml::mf_sgd_step(g, mf_step_reg_added),
            says: "the regulariser must pull the vectors towards 0",
        },
        Wrong {
            id: "ml/mf-sgd-step",
            what: "copies the user update's regulariser into the item update",
            grade: |g| checks::ml::mf_sgd_step(g, mf_step_item_regularised_by_user),
            says: "the user vector is right; check the item update",
        },
        Wrong {
            id: "ml/rolling-zscore",
            what: "returns only the positions with a full window",
            grade: |g| checks::ml::rolling_zscore(g, zscore_full_windows_only),
            says: "return one entry per value of x (5), None where there is no full window",
        },
        Wrong {
            id: "ml/rolling-zscore",
            what: "divides by a zero standard deviation",
            grade: |g| checks::ml::rolling_zscore(g, |x, w| zscore_with(x, w, 0.0, false)),
            says: "a window whose values are all equal has standard deviation 0",
        },
        Wrong {
            id: "ml/rolling-zscore",
            what: "uses the sample standard deviation",
            grade: |g| checks::ml::rolling_zscore(g, |x, w| zscore_with(x, w, 1.0, true)),
            says: "looks like the sample standard deviation (divide by window - 1)",
        },
        Wrong {
            id: "ml/rolling-zscore",
            what: "scores 0 where there is no full window",
            grade: |g| checks::ml::rolling_zscore(g, zscore_zero_before_full_windows),
            says: "the first 3 positions have no full window before them: None",
        },
    ]
}

pub fn mf_step_sequential(
    user: &Array1<f64>,
    item: &Array1<f64>,
    rating: f64,
    lr: f64,
    reg: f64,
) -> (Array1<f64>, Array1<f64>) {
    let error = rating - user.dot(item);
    let user_new = user + &(lr * (error * item - reg * user));
    let error = rating - user_new.dot(item);
    let item_new = item + &(lr * (error * &user_new - reg * item));
    (user_new, item_new)
}

pub fn zscore_with_current_value(x: &[f64], window: usize) -> Vec<Option<f64>> {
    (0..x.len())
        .map(|t| {
            if t < window {
                return None;
            }
            let recent = &x[t + 1 - window..=t];
            let mean = recent.iter().sum::<f64>() / window as f64;
            let std =
                (recent.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / window as f64).sqrt();
            (std > 0.0).then(|| (x[t] - mean) / std)
        })
        .collect()
}

/// One SGD step with the error and regulariser signs given.
fn mf_step_with(
    user: &Array1<f64>,
    item: &Array1<f64>,
    rating: f64,
    lr: f64,
    reg: f64,
    error_sign: f64,
) -> (Array1<f64>, Array1<f64>) {
    let error = error_sign * (rating - user.dot(item));
    let user_new = user + &((item * error - &(user * reg)) * lr);
    let item_new = item + &((user * error - &(item * reg)) * lr);
    (user_new, item_new)
}

pub fn mf_step_error_flipped(
    user: &Array1<f64>,
    item: &Array1<f64>,
    rating: f64,
    lr: f64,
    reg: f64,
) -> (Array1<f64>, Array1<f64>) {
    mf_step_with(user, item, rating, lr, reg, -1.0)
}

pub fn mf_step_without_reg(
    user: &Array1<f64>,
    item: &Array1<f64>,
    rating: f64,
    lr: f64,
    _reg: f64,
) -> (Array1<f64>, Array1<f64>) {
    mf_step_with(user, item, rating, lr, 0.0, 1.0)
}

pub fn mf_step_reg_added(
    user: &Array1<f64>,
    item: &Array1<f64>,
    rating: f64,
    lr: f64,
    reg: f64,
) -> (Array1<f64>, Array1<f64>) {
    mf_step_with(user, item, rating, lr, -reg, 1.0)
}

pub fn mf_step_item_regularised_by_user(
    user: &Array1<f64>,
    item: &Array1<f64>,
    rating: f64,
    lr: f64,
    reg: f64,
) -> (Array1<f64>, Array1<f64>) {
    let error = rating - user.dot(item);
    let user_new = user + &((item * error - &(user * reg)) * lr);
    let item_new = item + &((user * error - &(user * reg)) * lr);
    (user_new, item_new)
}

/// The z-score of x[t] against x[t - window .. t], dividing the squared deviations by
/// `window - divisor_drop`; a flat window gives None only when `guard` is set.
fn zscore_with(x: &[f64], window: usize, divisor_drop: f64, guard: bool) -> Vec<Option<f64>> {
    (0..x.len())
        .map(|t| {
            if t < window {
                return None;
            }
            let before = &x[t - window..t];
            let mean = before.iter().sum::<f64>() / window as f64;
            let squares = before.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
            let std = (squares / (window as f64 - divisor_drop)).sqrt();
            if guard && std == 0.0 {
                return None;
            }
            Some((x[t] - mean) / std)
        })
        .collect()
}

pub fn zscore_full_windows_only(x: &[f64], window: usize) -> Vec<Option<f64>> {
    zscore_with(x, window, 0.0, true)
        .into_iter()
        .skip(window)
        .collect()
}

pub fn zscore_zero_before_full_windows(x: &[f64], window: usize) -> Vec<Option<f64>> {
    let mut scores = zscore_with(x, window, 0.0, true);
    scores.iter_mut().take(window).for_each(|z| *z = Some(0.0));
    scores
}
