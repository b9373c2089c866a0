//! Wrong answers to data lesson 4, from frames to model inputs:
//! notebooks/02-data/04-from-frames-to-model-inputs.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "data/features-and-target",
            what: "keeps the target among the features",
            grade: |g| checks::data::features_and_target(g, features_with_the_target),
            says: "the target `survived` is among the features: a model would read the answer off its input (target leakage)",
        },
        Wrong {
            id: "data/train-test-split",
            what: "takes the last rows without shuffling",
            grade: |g| checks::data::train_test_split(g, split_without_shuffling),
            says: "the test rows are simply the last 262: the Titanic file is sorted by class",
        },
        Wrong {
            id: "data/features-and-target",
            what: "fills missing values with 0 before converting",
            grade: |g| checks::data::features_and_target(g, features_filling_gaps),
            says: "expected an error (`age` has a missing value",
        },
        Wrong {
            id: "data/train-test-split",
            what: "truncates the test size",
            grade: |g| checks::data::train_test_split(g, split_truncating),
            says: "10 × 0.25 = 2.5: round it ((n as f64 * test_share).round()), don't truncate",
        },
        Wrong {
            id: "data/train-test-split",
            what: "rounds the test size up (ceil)",
            grade: |g| checks::data::train_test_split(g, split_rounding_up),
            says: "for input n = 11, test_share = 0.2, seed = 5 expected 9 train rows and 2 test rows, got 8 train rows and 3 test rows: 11 × 0.2 = 2.2: round it to the nearest whole number",
        },
        Wrong {
            id: "data/standardise",
            what: "scales the test rows with their own statistics",
            grade: |g| checks::data::standardise(g, standardise_each_with_its_own),
            says: "the test rows were scaled with their own mean and standard deviation: that leaks information",
        },
        Wrong {
            id: "data/standardise",
            what: "uses the sample standard deviation",
            grade: |g| checks::data::standardise(g, standardise_with_sample_std),
            says: "looks like the sample standard deviation (dividing by n - 1)",
        },
        Wrong {
            id: "data/standardise",
            what: "centres without dividing",
            grade: |g| checks::data::standardise(g, centre_only),
            says: "the columns are centred but not divided by the standard deviation",
        },
        Wrong {
            id: "data/train-test-split",
            what: "shuffles with a fixed seed",
            grade: |g| checks::data::train_test_split(g, split_with_a_fixed_seed),
            says: "seeds 42 and 7 gave the same split: use the `seed` argument",
        },
        Wrong {
            id: "data/features-and-target",
            what: "lays the columns out one after another in a rows × columns array",
            grade: |g| checks::data::features_and_target(g, features_column_major),
            says: "the right numbers in other places: one row per sample",
        },
    ]
}

pub fn features_with_the_target(
    frame: &DataFrame,
    target: &str,
) -> Result<(Array2<f64>, Array1<f64>), ConvertError> {
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    Ok((frame.to_array(&names)?, frame.to_column(target)?))
}

pub fn split_without_shuffling(n: usize, test_share: f64, _seed: u64) -> (Vec<usize>, Vec<usize>) {
    let test_rows = (n as f64 * test_share).round() as usize;
    ((0..n - test_rows).collect(), (n - test_rows..n).collect())
}

pub fn features_filling_gaps(
    frame: &DataFrame,
    target: &str,
) -> Result<(Array2<f64>, Array1<f64>), ConvertError> {
    let filled = frame
        .clone()
        .lazy()
        .fill_null(lit(0.0))
        .collect()
        .unwrap_or_else(|_| frame.clone());
    solutions::data::features_and_target::features_and_target(&filled, target)
}

pub fn split_truncating(n: usize, test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut rng(seed));
    let test = rows.split_off(n - (n as f64 * test_share) as usize);
    (rows, test)
}

pub fn split_rounding_up(n: usize, test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut rng(seed));
    let test = rows.split_off(n - (n as f64 * test_share).ceil() as usize);
    (rows, test)
}

fn scale(x: &Array2<f64>, ddof: f64) -> Array2<f64> {
    let mean = x.sum_axis(Axis(0)) / x.nrows() as f64;
    let std = x
        .std_axis(Axis(0), ddof)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    (x - &mean) / &std
}

pub fn standardise_each_with_its_own(
    train: &Array2<f64>,
    test: &Array2<f64>,
) -> (Array2<f64>, Array2<f64>) {
    (scale(train, 0.0), scale(test, 0.0))
}

pub fn standardise_with_sample_std(
    train: &Array2<f64>,
    test: &Array2<f64>,
) -> (Array2<f64>, Array2<f64>) {
    let mean = train.sum_axis(Axis(0)) / train.nrows() as f64;
    let std = train
        .std_axis(Axis(0), 1.0)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    ((train - &mean) / &std, (test - &mean) / &std)
}

pub fn centre_only(train: &Array2<f64>, test: &Array2<f64>) -> (Array2<f64>, Array2<f64>) {
    let mean = train.sum_axis(Axis(0)) / train.nrows() as f64;
    (train - &mean, test - &mean)
}

pub fn split_with_a_fixed_seed(n: usize, test_share: f64, _seed: u64) -> (Vec<usize>, Vec<usize>) {
    solutions::data::train_test_split::train_test_split(n, test_share, 42)
}

pub fn features_column_major(
    frame: &DataFrame,
    target: &str,
) -> Result<(Array2<f64>, Array1<f64>), ConvertError> {
    let (x, y) = solutions::data::features_and_target::features_and_target(frame, target)?;
    let by_column: Vec<f64> = x.t().iter().copied().collect();
    let x = Array2::from_shape_vec(x.dim(), by_column).unwrap_or(x);
    Ok((x, y))
}
