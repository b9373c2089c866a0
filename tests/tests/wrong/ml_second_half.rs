//! Plausible wrong answers to the second half of the ml exercises (lessons 5–8).

use super::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This file's entries in the proof's wrong-answer table.
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
            id: "ml/kmeans-assign",
            what: "picks the farthest centroid",
            grade: |g| checks::ml::kmeans_assign(g, assign_farthest),
            says: "expected [0, 1, 2, 0, 0], got [1, 0, 0, 2, 1]: looks like you picked the farthest centroid",
        },
        Wrong {
            id: "ml/kmeans-update",
            what: "divides an empty cluster's sum by zero",
            grade: |g| checks::ml::kmeans_update(g, update_dividing_by_zero),
            says: "a centroid is NaN: a cluster with no rows divides 0 by 0; keep its old centroid",
        },
        Wrong {
            id: "ml/inertia",
            what: "averages instead of adding up",
            grade: |g| checks::ml::inertia(g, mean_inertia),
            says: "expected 10, got 2.5: looks like you took the mean",
        },
        Wrong {
            id: "ml/kfold-indices",
            what: "cuts the rows in order without shuffling",
            grade: |g| checks::ml::kfold_indices(g, folds_in_order),
            says: "expected shuffled folds, got folds of rows in their original order",
        },
        Wrong {
            id: "ml/kfold-indices",
            what: "puts the remainder into the last fold",
            grade: |g| checks::ml::kfold_indices(g, folds_with_remainder_last),
            says: "got sizes [2, 2, 2, 5]: looks like the remainder went into one fold",
        },
        Wrong {
            id: "ml/polynomial-features",
            what: "adds a column of ones",
            grade: |g| checks::ml::polynomial_features(g, features_with_bias),
            says: "looks like you added a column of ones",
        },
        Wrong {
            id: "ml/stratified-split",
            what: "one random split of all rows",
            grade: |g| checks::ml::stratified_split(g, plain_random_split),
            says: "the test set has the right size but not the right class mix",
        },
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
    ]
}

fn squared_distance(a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>) -> f64 {
    (&a - &b).mapv(|d| d * d).sum()
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

pub fn assign_farthest(x: &Array2<f64>, centroids: &Array2<f64>) -> Array1<usize> {
    x.rows()
        .into_iter()
        .map(|row| {
            centroids
                .rows()
                .into_iter()
                .map(|c| squared_distance(row, c))
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(0, |(c, _)| c)
        })
        .collect()
}

pub fn update_dividing_by_zero(
    x: &Array2<f64>,
    labels: &Array1<usize>,
    old: &Array2<f64>,
) -> Array2<f64> {
    let mut sums = Array2::<f64>::zeros(old.dim());
    let mut counts = vec![0.0; old.nrows()];
    for (row, &label) in x.rows().into_iter().zip(labels) {
        let mut sum = sums.row_mut(label);
        sum += &row;
        counts[label] += 1.0;
    }
    for (mut sum, count) in sums.rows_mut().into_iter().zip(counts) {
        sum /= count;
    }
    sums
}

pub fn mean_inertia(x: &Array2<f64>, centroids: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    let total: f64 = x
        .rows()
        .into_iter()
        .zip(labels)
        .map(|(row, &c)| squared_distance(row, centroids.row(c)))
        .sum();
    total / x.nrows() as f64
}

pub fn folds_in_order(n: usize, k: usize, _seed: u64) -> Vec<Vec<usize>> {
    let mut folds = vec![Vec::new(); k];
    for row in 0..n {
        folds[row * k / n].push(row);
    }
    folds
}

pub fn folds_with_remainder_last(n: usize, k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut StdRng::seed_from_u64(seed));
    let size = n / k;
    (0..k)
        .map(|f| {
            let end = if f == k - 1 { n } else { (f + 1) * size };
            rows[f * size..end].to_vec()
        })
        .collect()
}

pub fn features_with_bias(x: &Array1<f64>, degree: usize) -> Array2<f64> {
    Array2::from_shape_fn((x.len(), degree + 1), |(i, j)| x[i].powi(j as i32))
}

pub fn plain_random_split(
    labels: &[usize],
    test_share: f64,
    seed: u64,
) -> (Vec<usize>, Vec<usize>) {
    let mut rows: Vec<usize> = (0..labels.len()).collect();
    rows.shuffle(&mut StdRng::seed_from_u64(seed));
    let cut = (labels.len() as f64 * test_share).round() as usize;
    (rows[cut..].to_vec(), rows[..cut].to_vec())
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
