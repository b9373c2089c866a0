//! Wrong answers to ml lesson 7, model selection:
//! notebooks/03-ml/07-model-selection.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
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
            says: "got sizes [2, 2, 2, 4]: looks like the remainder went into one fold",
        },
        Wrong {
            id: "ml/kfold-indices",
            what: "cuts folds of n.div_ceil(k) rows (3, 3, 3, 1 for 10 rows in 4 folds)",
            grade: |g| checks::ml::kfold_indices(g, folds_of_ceil_size),
            says: "got sizes [3, 3, 3, 1]: looks like you cut folds of n.div_ceil(k) = 3 rows",
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
            id: "ml/stratified-split",
            what: "rounds each class's share down (floor)",
            grade: |g| checks::ml::stratified_split(g, split_rounding_down),
            says: "looks like you rounded down or up: each class gives round(n_c × test_share) rows",
        },
        Wrong {
            id: "ml/stratified-split",
            what: "returns (test, train)",
            grade: |g| checks::ml::stratified_split(g, split_test_first),
            says: "looks like you returned (test, train)",
        },
        Wrong {
            id: "ml/polynomial-features",
            what: "columns x⁰ to x^(degree-1)",
            grade: |g| checks::ml::polynomial_features(g, features_from_zero),
            says: "the columns run from x⁰ to x^(degree-1)",
        },
        Wrong {
            id: "ml/polynomial-features",
            what: "one row per power",
            grade: |g| checks::ml::polynomial_features(g, features_transposed),
            says: "rows and columns are swapped",
        },
        Wrong {
            id: "ml/polynomial-features",
            what: "multiplies x by the power",
            grade: |g| checks::ml::polynomial_features(g, polynomial_times_power),
            says: "looks like you multiplied x by the power (x·j)",
        },
        Wrong {
            id: "ml/kfold-indices",
            what: "cuts k folds of n / k rows and drops the rest",
            grade: |g| checks::ml::kfold_indices(g, folds_dropping_the_remainder),
            says: "rows [3, 4] are in no group; every row must be used (looks like the n % k rows left over were dropped",
        },
    ]
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

pub fn folds_of_ceil_size(n: usize, k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut StdRng::seed_from_u64(seed));
    rows.chunks(n.div_ceil(k)).map(<[usize]>::to_vec).collect()
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

pub fn split_test_first(labels: &[usize], test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let (train, test) = solutions::ml::stratified_split::stratified_split(labels, test_share, seed);
    (test, train)
}

pub fn features_from_zero(x: &Array1<f64>, degree: usize) -> Array2<f64> {
    Array2::from_shape_fn((x.len(), degree), |(i, j)| x[i].powi(j as i32))
}

pub fn features_transposed(x: &Array1<f64>, degree: usize) -> Array2<f64> {
    Array2::from_shape_fn((degree, x.len()), |(j, i)| x[i].powi(j as i32 + 1))
}

pub fn polynomial_times_power(x: &Array1<f64>, degree: usize) -> Array2<f64> {
    Array2::from_shape_fn((x.len(), degree), |(i, j)| x[i] * (j + 1) as f64)
}

pub fn folds_dropping_the_remainder(n: usize, k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut StdRng::seed_from_u64(seed));
    let size = n / k;
    (0..k)
        .map(|f| rows[f * size..(f + 1) * size].to_vec())
        .collect()
}

pub fn split_rounding_down(
    labels: &[usize],
    test_share: f64,
    seed: u64,
) -> (Vec<usize>, Vec<usize>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for class in 0..=labels.iter().copied().max().unwrap_or(0) {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        rows.shuffle(&mut rng);
        let cut = (rows.len() as f64 * test_share) as usize;
        test.extend(rows.drain(..cut));
        train.extend(rows);
    }
    (train, test)
}
