//! Wrong answers to ml lesson 8, project 1, Titanic and houses:
//! notebooks/03-ml/08-projects-1-titanic-and-houses.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "ml/permutation-importance",
            what: "never puts a shuffled column back",
            grade: |g| checks::ml::permutation_importance(g, importance_without_restoring),
            says: "looks like shuffled columns were not put back",
        },
        Wrong {
            id: "ml/permutation-importance",
            what: "shuffled score minus baseline",
            grade: |g| checks::ml::permutation_importance(g, importance_sign_flipped),
            says: "the importances are negative",
        },
        Wrong {
            id: "ml/permutation-importance",
            what: "shuffles each column once, whatever `repeats` says",
            grade: |g| checks::ml::permutation_importance(g, importance_ignoring_repeats),
            says: "got 1 for x0 and 1 for x2: looks like `repeats` is ignored",
        },
        Wrong {
            id: "ml/permutation-importance",
            what: "adds up the repeats",
            grade: |g| checks::ml::permutation_importance(g, importance_summed_over_repeats),
            says: "looks like you added up the 5 repeats",
        },
        Wrong {
            id: "ml/permutation-importance",
            what: "shuffles whole rows of x instead of column j",
            grade: |g| checks::ml::permutation_importance(g, importance_shuffling_rows),
            says: "got [65.3318, 64.4155, 65.9526]: looks like shuffled columns were not put back",
        },
    ]
}

type Predict<'a> = &'a dyn Fn(&Array2<f64>) -> Array1<f64>;

type Score<'a> = &'a dyn Fn(&Array1<f64>, &Array1<f64>) -> f64;

pub fn importance_without_restoring(
    predict: Predict<'_>,
    score: Score<'_>,
    x: &Array2<f64>,
    y: &Array1<f64>,
    repeats: usize,
    seed: u64,
) -> Array1<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let baseline = score(&predict(x), y);
    let mut shuffled = x.clone();
    let mut importance = Array1::zeros(x.ncols());
    for j in 0..x.ncols() {
        let mut total = 0.0;
        for _ in 0..repeats {
            let mut column = shuffled.column(j).to_vec();
            column.shuffle(&mut rng);
            shuffled.column_mut(j).assign(&Array1::from(column));
            total += score(&predict(&shuffled), y);
        }
        importance[j] = baseline - total / repeats as f64;
    }
    importance
}

pub fn importance_sign_flipped(
    predict: Predict<'_>,
    score: Score<'_>,
    x: &Array2<f64>,
    y: &Array1<f64>,
    repeats: usize,
    seed: u64,
) -> Array1<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let baseline = score(&predict(x), y);
    Array1::from_shape_fn(x.ncols(), |j| {
        let total: f64 = (0..repeats)
            .map(|_| {
                let mut shuffled = x.clone();
                let mut column = x.column(j).to_vec();
                column.shuffle(&mut rng);
                shuffled.column_mut(j).assign(&Array1::from(column));
                score(&predict(&shuffled), y)
            })
            .sum();
        total / repeats as f64 - baseline
    })
}

pub fn importance_ignoring_repeats(
    predict: Predict<'_>,
    score: Score<'_>,
    x: &Array2<f64>,
    y: &Array1<f64>,
    _repeats: usize,
    seed: u64,
) -> Array1<f64> {
    solutions::ml::permutation_importance::permutation_importance(predict, score, x, y, 1, seed)
}

pub fn importance_summed_over_repeats(
    predict: Predict<'_>,
    score: Score<'_>,
    x: &Array2<f64>,
    y: &Array1<f64>,
    repeats: usize,
    seed: u64,
) -> Array1<f64> {
    solutions::ml::permutation_importance::permutation_importance(
        predict, score, x, y, repeats, seed,
    ) * repeats as f64
}

pub fn importance_shuffling_rows(
    predict: Predict<'_>,
    score: Score<'_>,
    x: &Array2<f64>,
    y: &Array1<f64>,
    repeats: usize,
    seed: u64,
) -> Array1<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let baseline = score(&predict(x), y);
    let mut importance = Array1::zeros(x.ncols());
    for j in 0..x.ncols() {
        let mut total = 0.0;
        for _ in 0..repeats {
            let mut rows: Vec<usize> = (0..x.nrows()).collect();
            rows.shuffle(&mut rng);
            total += score(&predict(&x.select(Axis(0), &rows)), y);
        }
        importance[j] = baseline - total / repeats as f64;
    }
    importance
}
