//! Lesson 8, project 2 (notebooks/03-ml/08-projects-2-recommender-and-anomalies.ipynb):
//! a matrix-factorisation SGD step and a rolling z-score for anomalies.

use super::{close, FUNCTION_LIMIT as LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, number, vector};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1};
use rand::Rng;

fn vectors_close(a: &Array1<f64>, b: &Array1<f64>) -> bool {
    a.len() == b.len() && a.iter().zip(b.iter()).all(|(p, q)| close(*p, *q))
}

// ---------------------------------------------------------------------------------

/// `ml/mf-sgd-step`.
pub const MF_SGD_STEP: &str = "ml/mf-sgd-step";

/// `fn mf_sgd_step(user, item, rating, lr, reg) -> (Array1<f64>, Array1<f64>)`: one SGD step
/// of matrix factorisation on one rating.
pub fn mf_sgd_step<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>, &Array1<f64>, f64, f64, f64) -> (Array1<f64>, Array1<f64>) + Send + 'static,
{
    mf_sgd_step_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type MfStepFn =
    dyn Fn(&Array1<f64>, &Array1<f64>, f64, f64, f64) -> (Array1<f64>, Array1<f64>) + Send;

type MfCase = (Array1<f64>, Array1<f64>, f64, f64, f64);

/// The step with a chosen error sign, regulariser sign and update order, for diagnosis.
fn mf_step_with(
    case: &MfCase,
    error_sign: f64,
    reg_sign: f64,
    sequential: bool,
) -> (Array1<f64>, Array1<f64>) {
    let (user, item, rating, lr, reg) = case;
    let error = error_sign * (rating - user.dot(item));
    let user_new = user + &((item * error - &(user * (reg_sign * reg))) * *lr);
    let user_for_item = if sequential { &user_new } else { user };
    let error_item = if sequential {
        error_sign * (rating - user_new.dot(item))
    } else {
        error
    };
    let item_new = item + &((user_for_item * error_item - &(item * (reg_sign * reg))) * *lr);
    (user_new, item_new)
}

fn mf_sgd_step_boxed(grader: &Grader, learner: Box<MfStepFn>) -> Report {
    let mut rng = grader.rng(231);
    let random = |rng: &mut rand::rngs::StdRng| -> Array1<f64> {
        (0..5).map(|_| rng.gen_range(-0.5..0.5)).collect()
    };
    let (u, i) = (random(&mut rng), random(&mut rng));
    let cases: Vec<MfCase> = vec![
        (array![1.0, 0.5], array![0.2, -0.4], 4.0, 0.1, 0.02),
        (
            array![0.3, 0.1, -0.2],
            array![0.5, 0.5, 0.5],
            2.5,
            0.05,
            0.0,
        ),
        (u, i, 3.5, 0.02, 0.1),
    ];
    let describe = |(user, item, rating, lr, reg): &MfCase| {
        format!(
            "user = {}, item = {}, rating = {}, lr = {}, reg = {} (prediction {})",
            vector(user),
            vector(item),
            number(*rating),
            number(*lr),
            number(*reg),
            number(user.dot(item))
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(user, item, rating, lr, reg)| learner(user, item, *rating, *lr, *reg),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let expected = mf_step_with(case, 1.0, 1.0, false);
        let same = |a: &(Array1<f64>, Array1<f64>)| {
            vectors_close(&a.0, &got.0) && vectors_close(&a.1, &got.1)
        };
        if same(&expected) {
            continue;
        }
        let reg = case.4;
        let mistake = if same(&mf_step_with(case, 1.0, 1.0, true)) {
            Some(known_mistake("looks like the item update used the user vector after its update; compute both from the vectors as they were before the step"))
        } else if same(&mf_step_with(case, -1.0, 1.0, false)) {
            Some(known_mistake("the error has the wrong sign: error = rating - prediction, so a too-low prediction pushes the vectors up"))
        } else if reg > 0.0 && same(&mf_step_with(case, 1.0, 0.0, false)) {
            Some(known_mistake(
                "the regularisation term (- reg·user, - reg·item) is missing",
            ))
        } else if reg > 0.0 && same(&mf_step_with(case, 1.0, -1.0, false)) {
            Some(known_mistake(
                "the regulariser must pull the vectors towards 0: subtract reg·user (and reg·item)",
            ))
        } else if vectors_close(&expected.0, &got.0) {
            Some(known_mistake(
                "the user vector is right; check the item update (error · user - reg · item)",
            ))
        } else {
            None
        };
        let verdict = incorrect(
            &describe(case),
            &format!(
                "user = {}, item = {}",
                vector(&expected.0),
                vector(&expected.1)
            ),
            &format!("user = {}, item = {}", vector(&got.0), vector(&got.1)),
            mistake,
        );
        return Report::new(MF_SGD_STEP, verdict);
    }
    if let Some(verdict) = run.failure {
        return Report::new(MF_SGD_STEP, verdict);
    }
    Report::new(
        MF_SGD_STEP,
        Verdict::Passed {
            summary: "3 ratings, with and without regularisation".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/rolling-zscore`.
pub const ROLLING_ZSCORE: &str = "ml/rolling-zscore";

/// `fn rolling_zscore(x: &[f64], window: usize) -> Vec<Option<f64>>`: each value against the
/// mean and population standard deviation of the `window` values before it.
pub fn rolling_zscore<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], usize) -> Vec<Option<f64>> + Send + 'static,
{
    rolling_zscore_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ZscoreFn = dyn Fn(&[f64], usize) -> Vec<Option<f64>> + Send;

/// z-scores over the window `x[t - window + shift .. t + shift]` with `ddof`, for diagnosis.
fn zscores_with(x: &[f64], window: usize, shift: usize, ddof: f64) -> Vec<Option<f64>> {
    (0..x.len())
        .map(|t| {
            if t < window || window == 0 || t + shift > x.len() {
                return None;
            }
            let past = &x[t + shift - window..t + shift];
            let mean = past.iter().sum::<f64>() / window as f64;
            let variance =
                past.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (window as f64 - ddof);
            let std = variance.sqrt();
            (std > 0.0).then(|| (x[t] - mean) / std)
        })
        .collect()
}

fn options_close(a: &[Option<f64>], b: &[Option<f64>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(p, q)| match (p, q) {
            (Some(p), Some(q)) => close(*p, *q),
            (None, None) => true,
            _ => false,
        })
}

fn options_text(values: &[Option<f64>]) -> String {
    let text = |v: &Option<f64>| v.map_or("None".to_string(), number);
    let shown: Vec<String> = if values.len() > 8 {
        let mut shown: Vec<String> = values[..4].iter().map(text).collect();
        shown.push(format!("… {} more …", values.len() - 6));
        shown.extend(values[values.len() - 2..].iter().map(text));
        shown
    } else {
        values.iter().map(text).collect()
    };
    format!("[{}]", shown.join(", "))
}

fn rolling_zscore_boxed(grader: &Grader, learner: Box<ZscoreFn>) -> Report {
    let mut rng = grader.rng(233);
    let mut walk = vec![100.0];
    for _ in 0..49 {
        let last = walk[walk.len() - 1];
        walk.push(last + rng.gen_range(-2.0..2.0));
    }
    let cases: Vec<(Vec<f64>, usize)> = vec![
        (vec![1.0, 2.0, 3.0, 4.0, 10.0], 3),
        // A flat window has no spread: None, not infinity.
        (vec![5.0, 5.0, 5.0, 7.0, 5.0], 2),
        (walk, 10),
    ];
    let describe = |(x, window): &(Vec<f64>, usize)| format!("x = {}, window = {window}", list(x));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, window)| learner(x, *window),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (x, window) = case;
        let expected = zscores_with(x, *window, 0, 0.0);
        if options_close(&expected, &got) {
            continue;
        }
        let mistake = if got.len() != x.len() {
            Some(known_mistake(format!(
                "return one entry per value of x ({}), None where there is no full window",
                x.len()
            )))
        } else if got.iter().any(|v| v.is_some_and(|z| !z.is_finite())) {
            Some(known_mistake("a window whose values are all equal has standard deviation 0: return None there instead of dividing by 0"))
        } else if options_close(&zscores_with(x, *window, 1, 0.0), &got) {
            Some(known_mistake("looks like the window includes x[t] itself; compare x[t] with the values before it only (x[t - window .. t]), or a spike hides itself"))
        } else if options_close(&zscores_with(x, *window, 0, 1.0), &got) {
            Some(known_mistake("looks like the sample standard deviation (divide by window - 1); use the population one (divide by window)"))
        } else if got.iter().take(*window).any(Option::is_some) {
            Some(known_mistake(format!(
                "the first {window} positions have no full window before them: None"
            )))
        } else {
            None
        };
        let verdict = incorrect(
            &describe(case),
            &options_text(&expected),
            &options_text(&got),
            mistake,
        );
        return Report::new(ROLLING_ZSCORE, verdict);
    }
    if let Some(verdict) = run.failure {
        return Report::new(ROLLING_ZSCORE, verdict);
    }
    Report::new(
        ROLLING_ZSCORE,
        Verdict::Passed {
            summary: "3 series: a spike, a flat window, a 50-step random walk".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_zscore_passes_and_a_leaky_window_is_named() {
        assert!(
            rolling_zscore(&Grader::new(), |x: &[f64], w: usize| zscores_with(
                x, w, 0, 0.0
            ))
            .passed()
        );
        let leaky = rolling_zscore(&Grader::new(), |x: &[f64], w: usize| {
            zscores_with(x, w, 1, 0.0)
        });
        let Verdict::Incorrect { message } = leaky.verdict else {
            panic!("{:?}", leaky.verdict)
        };
        assert!(message.contains("includes x[t] itself"), "{message}");
    }

    #[test]
    fn the_reference_mf_step_passes() {
        let step = |u: &Array1<f64>, i: &Array1<f64>, r: f64, lr: f64, reg: f64| {
            mf_step_with(&(u.clone(), i.clone(), r, lr, reg), 1.0, 1.0, false)
        };
        assert!(mf_sgd_step(&Grader::new(), step).passed());
    }
}
