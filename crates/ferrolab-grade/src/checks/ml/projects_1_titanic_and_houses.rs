//! Lesson 8, project 1 (notebooks/03-ml/08-projects-1-titanic-and-houses.ipynb):
//! permutation importance, which features a trained model leans on.

use super::{close, random_matrix, FUNCTION_LIMIT as LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, vector};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{Array1, Array2};
use rand::Rng;

/// `ml/permutation-importance`.
pub const PERMUTATION_IMPORTANCE: &str = "ml/permutation-importance";

/// A model's prediction function, as the learner's code receives it.
pub type PredictFn<'a> = &'a dyn Fn(&Array2<f64>) -> Array1<f64>;
/// A score (higher is better) of predictions against the truth.
pub type ScoreFn<'a> = &'a dyn Fn(&Array1<f64>, &Array1<f64>) -> f64;

/// `fn permutation_importance(predict, score, x, y, repeats, seed) -> Array1<f64>`: per column,
/// the baseline score minus the mean score with that column shuffled.
pub fn permutation_importance<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(PredictFn<'_>, ScoreFn<'_>, &Array2<f64>, &Array1<f64>, usize, u64) -> Array1<f64>
        + Send
        + 'static,
{
    permutation_importance_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ImportanceFn = dyn Fn(PredictFn<'_>, ScoreFn<'_>, &Array2<f64>, &Array1<f64>, usize, u64) -> Array1<f64>
    + Send;

/// The model: `y = 3·x0 + 0·x1 + 1·x2`, so column 1 is ignored and column 0 matters most.
const WEIGHTS: [f64; 3] = [3.0, 0.0, 1.0];
const REPEATS: usize = 5;

/// The rows, the truth, `repeats` and the seed of one call.
type ImportanceCase = (Array2<f64>, Array1<f64>, usize, u64);

fn linear_model(x: &Array2<f64>) -> Array1<f64> {
    x.dot(&Array1::from(WEIGHTS.to_vec()))
}

/// Minus the mean squared error: higher is better, 0 is perfect.
fn neg_mse(predicted: &Array1<f64>, truth: &Array1<f64>) -> f64 {
    -(predicted - truth)
        .mapv(|d| d * d)
        .mean()
        .unwrap_or(f64::NAN)
}

/// What shuffling column j costs on average: w_j² · E[(x - shuffled x)²] = w_j² · 2·var·n/(n-1).
fn expected_importance(x: &Array2<f64>) -> Array1<f64> {
    let n = x.nrows() as f64;
    Array1::from_shape_fn(x.ncols(), |j| {
        let column = x.column(j);
        let variance = column.var(0.0);
        WEIGHTS[j] * WEIGHTS[j] * 2.0 * variance * n / (n - 1.0)
    })
}

fn permutation_importance_boxed(grader: &Grader, learner: Box<ImportanceFn>) -> Report {
    let mut rng = grader.rng(232);
    let x = random_matrix(&mut rng, 500, 3);
    // A little noise, so the baseline score is not 0.
    let noise: Array1<f64> = (0..500).map(|_| rng.gen_range(-0.5..0.5)).collect();
    let y = linear_model(&x) + &noise;
    let seed = grader.seed();
    let what = "500 rows of 3 columns, a model y = 3·x0 + 0·x1 + 1·x2, score = minus the mean squared error";
    // The same input twice (same seed, same answer), then other repeats: each case
    // counts the shuffled copies of each column the model is asked to predict, so a
    // function that ignores `repeats` is caught although its average lands close.
    let cases = vec![
        (x.clone(), y.clone(), REPEATS, seed),
        (x.clone(), y.clone(), REPEATS, seed),
        (x.clone(), y.clone(), 2, seed + 1),
    ];
    let describe = move |(_, _, repeats, seed): &ImportanceCase| {
        format!("{what}, repeats = {repeats}, seed = {seed}")
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, y, repeats, seed)| {
            let shuffles = std::cell::RefCell::new(vec![0_usize; x.ncols()]);
            let counting = |m: &Array2<f64>| {
                if let Some(j) = (0..x.ncols()).rev().find(|&j| m.column(j) != x.column(j)) {
                    shuffles.borrow_mut()[j] += 1;
                }
                linear_model(m)
            };
            let got = learner(&counting, &neg_mse, x, y, *repeats, *seed);
            (got, shuffles.into_inner())
        },
    );
    let expected = expected_importance(&x);
    let input = describe(&cases[0]);
    if let Some((got, _)) = run.outputs.first() {
        let expected_text = format!(
            "about {} (x1 exactly 0: the model ignores it)",
            list(&expected.to_vec())
        );
        let wrong = |mistake: Option<String>| {
            Report::new(
                PERMUTATION_IMPORTANCE,
                incorrect(&input, &expected_text, &vector(got), mistake),
            )
        };
        if got.len() != 3 {
            let message = format!(
                "for input {input} expected 3 importances (one per column), got {}",
                got.len()
            );
            return Report::new(PERMUTATION_IMPORTANCE, Verdict::Incorrect { message });
        }
        let within = |value: f64, target: f64| (value - target).abs() <= 0.25 * target;
        let ok = within(got[0], expected[0]) && got[1].abs() < 1e-9 && within(got[2], expected[2]);
        if !ok {
            let mistake = if got[0] < 0.0 && within(-got[0], expected[0]) {
                Some(known_mistake("the importances are negative: importance = baseline score - shuffled score (a useful column's score drops when shuffled)"))
            } else if within(got[0], expected[0] * REPEATS as f64) {
                Some(known_mistake(format!(
                    "looks like you added up the {REPEATS} repeats; take their mean"
                )))
            } else if within(got[0], expected[0]) && within(got[2], expected[0] + expected[2]) {
                Some(known_mistake("looks like shuffled columns were not put back: shuffle each column in a fresh copy of x, so the others keep their true values"))
            } else {
                None
            };
            return wrong(mistake);
        }
        for (case, (_, shuffles)) in cases.iter().zip(&run.outputs) {
            let repeats = case.2;
            // x1 may be left out: the model ignores it, and shuffling it changes nothing.
            if [shuffles[0], shuffles[2]] != [repeats, repeats] {
                let mistake = if shuffles.iter().all(|&count| count <= 1) {
                    ": looks like `repeats` is ignored; shuffle each column `repeats` times and take the mean of the scores"
                } else {
                    ": shuffle each column exactly `repeats` times, each time in a fresh copy of x"
                };
                let message = format!(
                    "for input {} expected the model to score {repeats} shuffled copies of x for each column, got {} for x0 and {} for x2{mistake}",
                    describe(case),
                    shuffles[0],
                    shuffles[2]
                );
                return Report::new(PERMUTATION_IMPORTANCE, Verdict::Incorrect { message });
            }
        }
        if let Some((again, _)) = run.outputs.get(1) {
            if again.iter().zip(got.iter()).any(|(a, b)| !close(*a, *b)) {
                let message = format!(
                    "for input {input} twice, expected the same importances both times (the seed fixes the shuffles), got {} and {}: seed your generator with `StdRng::seed_from_u64(seed)`",
                    vector(got),
                    vector(again)
                );
                return Report::new(PERMUTATION_IMPORTANCE, Verdict::Incorrect { message });
            }
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(PERMUTATION_IMPORTANCE, verdict);
    }
    Report::new(
        PERMUTATION_IMPORTANCE,
        Verdict::Passed {
            summary: format!(
                "a known model: importances within 25 % of {} for x0 and x2, exactly 0 for the ignored x1, `repeats` shuffles of each column (5 and 2), same twice with one seed",
                list(&[expected[0], expected[2]])
            ),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expected_importance_matches_a_direct_shuffle() {
        use rand::seq::SliceRandom;
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let x = random_matrix(&mut rng, 2000, 3);
        let y = linear_model(&x);
        let mut shuffled = x.clone();
        let mut column = x.column(0).to_vec();
        column.shuffle(&mut rng);
        shuffled.column_mut(0).assign(&Array1::from(column));
        let drop = neg_mse(&y, &y) - neg_mse(&linear_model(&shuffled), &y);
        let expected = expected_importance(&x)[0];
        assert!(
            (drop - expected).abs() < 0.1 * expected,
            "{drop} vs {expected}"
        );
    }
}
