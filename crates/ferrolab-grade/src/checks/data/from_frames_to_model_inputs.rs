//! Lesson 4, from frames to model inputs
//! (notebooks/02-data/04-from-frames-to-model-inputs.ipynb): features and target as
//! arrays, a seeded train/test split and standardisation with the training rows'
//! statistics.

use super::{cannot_build, column_names, course_frame, incorrect, numbers, LIMIT};
use crate::checks::known_mistake;
use crate::compare::{list, matrix, number, shape, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, concatenate, Array1, Array2, Axis, Slice};
use polars::prelude::{df, DataFrame};
use rand::Rng;
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------

/// `data/features-and-target`.
pub const FEATURES_AND_TARGET: &str = "data/features-and-target";

/// `fn features_and_target(frame: &DataFrame, target: &str) -> Result<(Array2<f64>, Array1<f64>), E>`:
/// every other column as features (in order), `target` as the vector to predict; an error
/// (not a panic) when a column cannot become numbers.
pub fn features_and_target<F, E>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&DataFrame, &str) -> Result<(Array2<f64>, Array1<f64>), E> + Send + 'static,
    E: std::fmt::Display,
{
    let learner = move |frame: &DataFrame, target: &str| {
        learner(frame, target).map_err(|error| error.to_string())
    };
    features_and_target_boxed(grader, Box::new(learner))
}

/// The learner's implementation (its error as text), boxed so the check is compiled once.
type FeaturesFn = dyn Fn(&DataFrame, &str) -> Result<(Array2<f64>, Array1<f64>), String> + Send;

/// A table, the target column, how verdicts describe it, and why it must fail (if it must).
type FeaturesCase = (DataFrame, &'static str, String, Option<&'static str>);

fn features_cases(grader: &Grader) -> Result<Vec<FeaturesCase>, Verdict> {
    let small = df!(
        "age" => [22.0, 38.0, 26.0, 35.0],
        "survived" => [false, true, true, false],
        "pclass" => [3i64, 1, 3, 1]
    )
    .map_err(|e| cannot_build("the test table", e))?;
    let text = df!("sex" => ["male", "female"], "age" => [30.0, 4.0])
        .map_err(|e| cannot_build("the test table", e))?;
    let gap = df!(
        "age" => [Some(22.0), None, Some(26.0)],
        "pclass" => [3i64, 1, 3],
        "fare" => [7.25, 71.28, 7.93]
    )
    .map_err(|e| cannot_build("the test table", e))?;
    let houses = course_frame(grader, "ames")?
        .select(["Sale_Price", "Gr_Liv_Area", "Year_Built", "Lot_Area"])
        .map_err(|e| cannot_build("the Ames columns", e))?;
    let iris = course_frame(grader, "iris")?;
    Ok(vec![
        (small.clone(), "survived", "4 passengers (age, survived, pclass), target `survived`".into(), None),
        (iris, "target", "the 150 iris flowers, target `target` (the last column)".into(), None),
        (houses, "Sale_Price", "2,930 Ames houses (Sale_Price, Gr_Liv_Area, Year_Built, Lot_Area), target `Sale_Price` (the first column)".into(), None),
        (text, "age", "a table with a text column `sex`, target `age`".into(), Some("`sex` is text and cannot be a feature as it is")),
        (small, "fare", "4 passengers, target `fare` (not a column)".into(), Some("there is no column `fare`")),
        (gap, "fare", "3 passengers, one without an age, target `fare`".into(), Some("`age` has a missing value: filling it with 0 or NaN is a decision for the cleaning step, not for the conversion")),
    ])
}

fn features_and_target_boxed(grader: &Grader, learner: Box<FeaturesFn>) -> Report {
    let cases = match features_cases(grader) {
        Ok(cases) => cases,
        Err(verdict) => return Report::new(FEATURES_AND_TARGET, verdict),
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |(_, _, what, _)| what.clone(),
        move |(frame, target, _, _)| learner(frame, target),
    );
    for ((frame, target, what, must_fail), got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = features_verdict(frame, target, what, *must_fail, got) {
            return Report::new(FEATURES_AND_TARGET, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(FEATURES_AND_TARGET, verdict);
    }
    Report::new(
        FEATURES_AND_TARGET,
        Verdict::Passed {
            summary: "targets first, in the middle and last (iris, Ames, a boolean target), and errors for a text column, a missing value and a missing target".into(),
        },
    )
}

fn features_verdict(
    frame: &DataFrame,
    target: &str,
    what: &str,
    must_fail: Option<&str>,
    got: Result<(Array2<f64>, Array1<f64>), String>,
) -> Option<Verdict> {
    let (x, y) = match (got, must_fail) {
        (Err(_), Some(_)) => return None,
        (Ok((x, _)), Some(why)) => {
            return Some(Verdict::Incorrect {
                message: format!(
                    "for input {what} expected an error ({why}), got Ok with a {} matrix: \
                     pass the ConvertError on with `?` instead of skipping or replacing the column",
                    shape(x.shape())
                ),
            })
        }
        (Err(error), None) => {
            return Some(Verdict::Incorrect {
                message: format!("for input {what} your function returned an error: {error}"),
            })
        }
        (Ok(answer), None) => answer,
    };
    let names: Vec<String> = column_names(frame)
        .into_iter()
        .filter(|n| n != target)
        .collect();
    let mut expected_x = Array2::zeros((frame.height(), names.len()));
    for (j, name) in names.iter().enumerate() {
        match numbers(frame, name) {
            Ok(values) => expected_x.column_mut(j).assign(&Array1::from(values)),
            Err(reason) => return Some(Verdict::CannotGrade { reason }),
        }
    }
    let expected_y = match numbers(frame, target) {
        Ok(values) => Array1::from(values),
        Err(reason) => return Some(Verdict::CannotGrade { reason }),
    };
    if x.dim() != expected_x.dim() {
        let concept = if x.ncols() == names.len() + 1 {
            Some(known_mistake(format!(
                "the target `{target}` is among the features: a model would read the answer off its input \
                 (target leakage); leave it out of X"
            )))
        } else {
            None
        };
        return Some(incorrect(
            what,
            &format!(
                "X of shape {} (rows × every column but the target)",
                shape(expected_x.shape())
            ),
            &format!("X of shape {}", shape(x.shape())),
            concept,
        ));
    }
    let close = |a: &Array2<f64>, b: &Array2<f64>| {
        Tolerance::TIGHT.all_close(
            &a.iter().copied().collect::<Vec<_>>(),
            &b.iter().copied().collect::<Vec<_>>(),
        )
    };
    if !close(&expected_x, &x) {
        let mut sorted_expected: Vec<f64> = expected_x.iter().copied().collect();
        let mut sorted_got: Vec<f64> = x.iter().copied().collect();
        sorted_expected.sort_by(f64::total_cmp);
        sorted_got.sort_by(f64::total_cmp);
        let concept = Tolerance::TIGHT.all_close(&sorted_expected, &sorted_got).then(|| {
            known_mistake("the right numbers in other places: one row per sample, the columns in the frame's order")
        });
        let shown = |m: &Array2<f64>| {
            matrix(
                &m.slice_axis(Axis(0), Slice::from(..2.min(m.nrows())))
                    .to_owned(),
            )
        };
        return Some(incorrect(
            &format!("{what}, first rows of X"),
            &shown(&expected_x),
            &shown(&x),
            concept,
        ));
    }
    if !Tolerance::TIGHT.all_close(&expected_y.to_vec(), &y.to_vec()) {
        return Some(incorrect(
            &format!("{what}, y"),
            &list(&expected_y.to_vec()),
            &list(&y.to_vec()),
            Some(format!(
                "y is the `{target}` column as numbers (true → 1, false → 0)"
            )),
        ));
    }
    None
}

// ---------------------------------------------------------------------------------

/// `data/train-test-split`.
pub const TRAIN_TEST_SPLIT: &str = "data/train-test-split";

/// `fn train_test_split(n: usize, test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>)`:
/// row numbers `0..n`, shuffled with `rng(seed)`, `round(n × test_share)` of them for test.
pub fn train_test_split<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(usize, f64, u64) -> (Vec<usize>, Vec<usize>) + Send + 'static,
{
    train_test_split_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type SplitFn = dyn Fn(usize, f64, u64) -> (Vec<usize>, Vec<usize>) + Send;

fn split_text((n, share, seed): &(usize, f64, u64)) -> String {
    format!("n = {n}, test_share = {share}, seed = {seed}")
}

fn train_test_split_boxed(grader: &Grader, learner: Box<SplitFn>) -> Report {
    // 10 × 0.25 = 2.5 and 11 × 0.2 = 2.2: fractional parts on both sides of .5, so
    // rounding, truncating and rounding up all give different sizes somewhere.
    let cases: Vec<(usize, f64, u64)> = vec![
        (10, 0.25, 42),
        (11, 0.2, 5),
        (1309, 0.2, 42),
        (1309, 0.2, 42),
        (1309, 0.2, 7),
        (7, 0.0, 3),
        (4, 1.0, 3),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        split_text,
        move |(n, share, seed)| learner(*n, *share, *seed),
    );
    for (case, (train, test)) in cases.iter().zip(&run.outputs) {
        if let Some(verdict) = split_verdict(case, train, test) {
            return Report::new(TRAIN_TEST_SPLIT, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(TRAIN_TEST_SPLIT, verdict);
    }
    let titanic = split_text(&cases[2]);
    let (first, again, other) = (&run.outputs[2], &run.outputs[3], &run.outputs[4]);
    if first != again {
        return Report::new(
            TRAIN_TEST_SPLIT,
            Verdict::Incorrect {
                message: format!(
                    "two calls with {titanic} gave different splits: shuffle with the seeded generator \
                     rng(seed) (not thread_rng()), so a result can be reproduced"
                ),
            },
        );
    }
    let (n, test) = (cases[2].0, &first.1);
    let k = test.len();
    let set: BTreeSet<usize> = test.iter().copied().collect();
    let tail: BTreeSet<usize> = (n - k..n).collect();
    let head: BTreeSet<usize> = (0..k).collect();
    if set == tail || set == head {
        let which = if set == tail { "last" } else { "first" };
        return Report::new(
            TRAIN_TEST_SPLIT,
            Verdict::Incorrect {
                message: format!(
                    "for input {titanic} the test rows are simply the {which} {k}: the Titanic file is sorted \
                     by class, so the test set would be nearly all one class; shuffle the row numbers first"
                ),
            },
        );
    }
    if first == other {
        return Report::new(
            TRAIN_TEST_SPLIT,
            Verdict::Incorrect {
                message: known_mistake(
                    "seeds 42 and 7 gave the same split: use the `seed` argument, rng(seed)",
                ),
            },
        );
    }
    Report::new(
        TRAIN_TEST_SPLIT,
        Verdict::Passed {
            summary: "sizes, no row lost or repeated, the same split for the same seed and another for another seed, on 7 inputs, fractional sizes on both sides of .5 included".into(),
        },
    )
}

fn split_verdict(case: &(usize, f64, u64), train: &[usize], test: &[usize]) -> Option<Verdict> {
    let (n, share, _) = *case;
    let wanted = (n as f64 * share).round() as usize;
    let what = split_text(case);
    if test.len() != wanted || train.len() + test.len() != n {
        let exact = n as f64 * share;
        let concept = if test.len() == exact.floor() as usize && exact.fract() > 0.0 {
            Some(known_mistake(format!(
                "{n} × {share} = {}: round it ((n as f64 * test_share).round()), don't truncate",
                number(exact)
            )))
        } else if test.len() == exact.ceil() as usize && exact.fract() > 0.0 {
            Some(known_mistake(format!(
                "{n} × {share} = {}: round it to the nearest whole number ((n as f64 * test_share).round()), don't round up",
                number(exact)
            )))
        } else if train.len() == wanted && test.len() == n - wanted {
            Some(known_mistake("train and test are swapped: return (train, test), with test_share of the rows in test"))
        } else {
            None
        };
        return Some(incorrect(
            &what,
            &format!("{} train rows and {wanted} test rows", n - wanted),
            &format!("{} train rows and {} test rows", train.len(), test.len()),
            concept,
        ));
    }
    let mut seen = vec![0usize; n];
    for &row in train.iter().chain(test) {
        match seen.get_mut(row) {
            Some(count) => *count += 1,
            None => {
                return Some(Verdict::Incorrect {
                    message: format!(
                        "for input {what} row {row} does not exist: row numbers go from 0 to {}",
                        n - 1
                    ),
                })
            }
        }
    }
    if let Some(row) = seen.iter().position(|c| *c != 1) {
        return Some(Verdict::Incorrect {
            message: format!(
                "for input {what} row {row} appears {} times: every row goes in exactly one part",
                seen[row]
            ),
        });
    }
    None
}

// ---------------------------------------------------------------------------------

/// `data/standardise`.
pub const STANDARDISE: &str = "data/standardise";

/// `fn standardise(train: &Array2<f64>, test: &Array2<f64>) -> (Array2<f64>, Array2<f64>)`:
/// both scaled with the training columns' mean and (population) standard deviation.
pub fn standardise<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array2<f64>) -> (Array2<f64>, Array2<f64>) + Send + 'static,
{
    standardise_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type StandardiseFn = dyn Fn(&Array2<f64>, &Array2<f64>) -> (Array2<f64>, Array2<f64>) + Send;

/// Column means and standard deviations (divisor `n - ddof`; 0 becomes 1 when `guard`).
fn statistics(x: &Array2<f64>, ddof: f64, guard: bool) -> (Array1<f64>, Array1<f64>) {
    let n = x.nrows() as f64;
    let mean = x.sum_axis(Axis(0)) / n;
    let spread = x
        .columns()
        .into_iter()
        .zip(&mean)
        .map(|(c, m)| {
            let s = (c.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - ddof)).sqrt();
            if guard && s == 0.0 {
                1.0
            } else {
                s
            }
        })
        .collect();
    (mean, spread)
}

fn scaled(x: &Array2<f64>, (mean, std): &(Array1<f64>, Array1<f64>)) -> Array2<f64> {
    (x - mean) / std
}

/// A train matrix, a test matrix and where they came from.
type StandardiseCase = (Array2<f64>, Array2<f64>, String);

fn standardise_cases(grader: &Grader) -> Result<Vec<StandardiseCase>, Verdict> {
    let mut rng = grader.rng(40);
    let train = Array2::from_shape_fn((40, 3), |_| rng.gen_range(4.0..16.0));
    let test = Array2::from_shape_fn((15, 3), |_| rng.gen_range(9.0..21.0));
    let tumours = grader
        .data()?
        .labelled("breast-cancer")
        .map_err(|reason| Verdict::CannotGrade { reason })?
        .records;
    let (first, rest) = tumours.view().split_at(Axis(0), 400);
    Ok(vec![
        (
            array![[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]],
            array![[5.0, 50.0], [0.0, 0.0]],
            "train = [[1, 10], [2, 20], [3, 30], [4, 40]], test = [[5, 50], [0, 0]]".into(),
        ),
        (
            array![[1.0, 5.0], [3.0, 5.0], [2.0, 5.0]],
            array![[2.0, 6.0], [4.0, 5.0]],
            "train = [[1, 5], [3, 5], [2, 5]] (column 1 constant), test = [[2, 6], [4, 5]]".into(),
        ),
        (
            train,
            test,
            "a random 40×3 train and a shifted 15×3 test".into(),
        ),
        (
            first.to_owned(),
            rest.to_owned(),
            "breast-cancer: 400 tumours to train, 169 to test, 30 measurements each".into(),
        ),
    ])
}

fn standardise_boxed(grader: &Grader, learner: Box<StandardiseFn>) -> Report {
    let cases = match standardise_cases(grader) {
        Ok(cases) => cases,
        Err(verdict) => return Report::new(STANDARDISE, verdict),
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |(_, _, what)| what.clone(),
        move |(train, test, _)| learner(train, test),
    );
    for ((train, test, what), got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = standardise_verdict(train, test, what, got) {
            return Report::new(STANDARDISE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(STANDARDISE, verdict);
    }
    Report::new(
        STANDARDISE,
        Verdict::Passed {
            summary: "train and test scaled with the training statistics on 4 inputs, a constant column and breast-cancer included".into(),
        },
    )
}

fn standardise_verdict(
    train: &Array2<f64>,
    test: &Array2<f64>,
    what: &str,
    (got_train, got_test): (Array2<f64>, Array2<f64>),
) -> Option<Verdict> {
    let tolerance = Tolerance {
        absolute: 1e-9,
        relative: 1e-9,
    };
    let like = |a: &Array2<f64>, b: &Array2<f64>| {
        a.dim() == b.dim()
            && tolerance.all_close(
                &a.iter().copied().collect::<Vec<_>>(),
                &b.iter().copied().collect::<Vec<_>>(),
            )
    };
    let fitted = statistics(train, 0.0, true);
    let (want_train, want_test) = (scaled(train, &fitted), scaled(test, &fitted));
    for (part, got, want, x) in [
        ("train", &got_train, &want_train, train),
        ("test", &got_test, &want_test, test),
    ] {
        if got.dim() != want.dim() {
            return Some(incorrect(
                &format!("{what}, the scaled {part}"),
                &format!("shape {} (the shape of {part})", shape(want.shape())),
                &format!("shape {}", shape(got.shape())),
                None,
            ));
        }
        if like(got, want) {
            continue;
        }
        let both = concatenate(Axis(0), &[train.view(), test.view()]).ok();
        let concept = if got.iter().any(|v| v.is_nan()) {
            Some(known_mistake("NaN comes from 0 / 0: a column that is constant in train has standard deviation 0; divide it by 1 instead"))
        } else if part == "test" && like(got, &scaled(x, &statistics(x, 0.0, true))) {
            Some("the test rows were scaled with their own mean and standard deviation: that leaks information \
                  about data you are not supposed to have seen, and shifts them differently from the training rows; \
                  use the training statistics for both".into())
        } else if both
            .as_ref()
            .is_some_and(|b| like(got, &scaled(x, &statistics(b, 0.0, true))))
        {
            Some("the statistics came from train and test together: the test rows leak into the scaling; \
                  compute the mean and standard deviation on train only".into())
        } else if like(got, &scaled(x, &statistics(train, 1.0, true))) {
            Some("looks like the sample standard deviation (dividing by n - 1): use the population one \
                  (dividing by n, std_axis(Axis(0), 0.0)), as scikit-learn's StandardScaler does".into())
        } else if like(got, &(x - &fitted.0)) {
            Some(known_mistake(
                "the columns are centred but not divided by the standard deviation",
            ))
        } else {
            None
        };
        let (i, j) = want
            .indexed_iter()
            .find(|((i, j), w)| !tolerance.close(**w, got[[*i, *j]]))
            .map_or((0, 0), |(index, _)| index);
        return Some(incorrect(
            &format!("{what}, the scaled {part} at [{i}, {j}]"),
            &number(want[[i, j]]),
            &number(got[[i, j]]),
            concept,
        ));
    }
    None
}
