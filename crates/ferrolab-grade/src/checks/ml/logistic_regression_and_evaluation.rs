//! Lesson 2, logistic regression and evaluation
//! (notebooks/03-ml/02-logistic-regression-and-evaluation.ipynb): precision, recall and
//! F1, the ROC curve and the area under it, and a logistic regression judged on held-out
//! rows.
//!
//! Each check starts from hand-made labels and scores (small enough to verify on paper,
//! with ties and a positive class that is not 1) and ends with a seeded random case.

use super::{accuracy, load, prediction_mistake, split, Split, TRAINING_LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, number, Tolerance};
use crate::data_source::Labelled;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use linfa::Dataset;
use ndarray::{array, Array1, Array2, Axis, Ix1};
use rand::Rng;
use std::time::Duration;

mod auc;
pub use auc::*;

/// Small inputs finish in microseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(10);

fn usizes(values: &Array1<usize>) -> String {
    list(&values.iter().map(|&v| v as f64).collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------------

/// `ml/precision-recall-f1`.
pub const PRECISION_RECALL_F1: &str = "ml/precision-recall-f1";

/// `fn precision_recall_f1(predicted: &Array1<usize>, actual: &Array1<usize>, positive: usize) -> (f64, f64, f64)`.
pub fn precision_recall_f1<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<usize>, &Array1<usize>, usize) -> (f64, f64, f64) + Send + 'static,
{
    precision_recall_f1_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type PrecisionRecallFn = dyn Fn(&Array1<usize>, &Array1<usize>, usize) -> (f64, f64, f64) + Send;

/// (predicted, actual, positive class).
type Labels = (Array1<usize>, Array1<usize>, usize);

/// TP, FP and FN of `predicted` against `actual` for class `positive`.
fn counts(predicted: &Array1<usize>, actual: &Array1<usize>, positive: usize) -> (f64, f64, f64) {
    let mut tally = (0.0, 0.0, 0.0);
    for (&p, &a) in predicted.iter().zip(actual) {
        match (p == positive, a == positive) {
            (true, true) => tally.0 += 1.0,
            (true, false) => tally.1 += 1.0,
            (false, true) => tally.2 += 1.0,
            (false, false) => {}
        }
    }
    tally
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

fn scores_for(
    predicted: &Array1<usize>,
    actual: &Array1<usize>,
    positive: usize,
) -> (f64, f64, f64) {
    let (tp, fp, fn_) = counts(predicted, actual, positive);
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    (
        precision,
        recall,
        ratio(2.0 * precision * recall, precision + recall),
    )
}

fn triple((p, r, f): (f64, f64, f64)) -> String {
    format!(
        "(precision {}, recall {}, F1 {})",
        number(p),
        number(r),
        number(f)
    )
}

fn triples_close(a: (f64, f64, f64), b: (f64, f64, f64)) -> bool {
    Tolerance::TIGHT.all_close(&[a.0, a.1, a.2], &[b.0, b.1, b.2])
}

fn precision_recall_f1_boxed(grader: &Grader, learner: Box<PrecisionRecallFn>) -> Report {
    let mut rng = grader.rng(201);
    let actual = Array1::from_shape_fn(100, |_| rng.gen_range(0..2));
    let predicted = actual.mapv(|a| if rng.gen_bool(0.2) { 1 - a } else { a });
    let cases: Vec<Labels> = vec![
        // TP 2, FP 2, FN 1: precision 0.5 and recall 0.667 differ, so swapping shows.
        (array![1, 1, 1, 0, 0, 0, 1], array![1, 0, 1, 1, 0, 0, 0], 1),
        // The positive class is 0 (malignant, in the lesson): TP 2, FP 1, FN 2.
        (
            array![0, 0, 0, 1, 1, 1, 1, 1],
            array![0, 0, 1, 0, 0, 1, 1, 1],
            0,
        ),
        // Nothing predicted positive: precision is 0/0, which counts as 0.
        (array![1, 1, 1, 1], array![0, 1, 0, 1], 0),
        // One row predicted positive, and rightly: precision 1/1, a denominator of 1.
        (array![0, 1, 0, 0, 0], array![0, 1, 1, 0, 0], 1),
        (predicted, actual, 1),
    ];
    let describe = |(predicted, actual, positive): &Labels| {
        format!(
            "predicted = {}, actual = {}, positive = {positive}",
            usizes(predicted),
            usizes(actual)
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(predicted, actual, positive)| learner(predicted, actual, *positive),
    );
    // On the first case the other class's scores are precision and recall swapped:
    // the other class is named only when it explains every answer.
    let other_class = |positive: usize| usize::from(positive == 0);
    let other_everywhere = cases
        .iter()
        .zip(&run.outputs)
        .all(|((p, a, positive), got)| {
            triples_close(scores_for(p, a, other_class(*positive)), *got)
        });
    for (case, &got) in cases.iter().zip(&run.outputs) {
        let (predicted, actual, positive) = case;
        let expected = scores_for(predicted, actual, *positive);
        if !triples_close(expected, got) {
            let mistake = if other_everywhere {
                Some(known_mistake(format!("these are the scores of class {}: count TP, FP and FN for `positive` ({positive})", other_class(*positive))))
            } else {
                precision_mistake(predicted, actual, *positive, expected, got)
            };
            let verdict = incorrect(&describe(case), &triple(expected), &triple(got), mistake);
            return Report::new(PRECISION_RECALL_F1, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(PRECISION_RECALL_F1, verdict);
    }
    Report::new(
        PRECISION_RECALL_F1,
        Verdict::Passed {
            summary: "5 inputs, positive class 1 and 0, including no positive predictions and exactly one".into(),
        },
    )
}

fn precision_mistake(
    predicted: &Array1<usize>,
    actual: &Array1<usize>,
    positive: usize,
    expected: (f64, f64, f64),
    got: (f64, f64, f64),
) -> Option<String> {
    let (p, r, f1) = expected;
    let close = |a: f64, b: f64| Tolerance::TIGHT.close(a, b);
    if got.0.is_nan() || got.1.is_nan() || got.2.is_nan() {
        return Some(known_mistake("a NaN: when a denominator is 0 (nothing predicted positive, say) the ratio counts as 0"));
    }
    if close(got.0, r) && close(got.1, p) && !close(p, r) {
        return Some(known_mistake("precision and recall are swapped: precision divides by the rows predicted positive (TP + FP), recall by the rows that are positive (TP + FN)"));
    }
    if close(got.0, p) && close(got.1, r) && close(got.2, (p + r) / 2.0) {
        return Some(known_mistake("F1 is the harmonic mean 2·p·r / (p + r), not the average (p + r) / 2: it stays low unless both are high"));
    }
    let other = if positive == 0 { 1 } else { 0 };
    if triples_close(scores_for(predicted, actual, other), got) {
        return Some(known_mistake(format!("these are the scores of class {other}: count TP, FP and FN for `positive` ({positive})")));
    }
    if close(got.0, p) && close(got.1, r) && !close(got.2, f1) {
        return Some("precision and recall are right; F1 = 2·p·r / (p + r)".into());
    }
    None
}

// ---------------------------------------------------------------------------------

/// `ml/roc-curve`.
pub const ROC_CURVE: &str = "ml/roc-curve";

/// `fn roc_curve(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)>`.
pub fn roc_curve<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>, &Array1<bool>) -> Vec<(f64, f64)> + Send + 'static,
{
    roc_curve_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type RocCurveFn = dyn Fn(&Array1<f64>, &Array1<bool>) -> Vec<(f64, f64)> + Send;

/// Scores and whether each row is positive.
type Scored = (Array1<f64>, Array1<bool>);

/// Row numbers from the highest score to the lowest (stable: ties keep input order).
fn by_score(scores: &Array1<f64>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i]));
    order
}

/// Walk `order`, emitting a point after each row (`group_ties` false) or after each
/// group of equal scores; rates divided by the class totals unless `rates` is false.
fn walk(
    scores: &Array1<f64>,
    positive: &Array1<bool>,
    order: &[usize],
    group_ties: bool,
    rates: bool,
) -> Vec<(f64, f64)> {
    let (total_pos, total_neg) = if rates {
        let pos = positive.iter().filter(|p| **p).count() as f64;
        (pos, positive.len() as f64 - pos)
    } else {
        (1.0, 1.0)
    };
    // Where a point is emitted: after every row, or only where the score changes.
    let cut_after = |rank: usize| {
        !group_ties
            || order
                .get(rank + 1)
                .is_none_or(|&next| scores[next] != scores[order[rank]])
    };
    let point = |rank: usize| {
        let taken = &order[..=rank];
        let hits = taken.iter().filter(|&&row| positive[row]).count() as f64;
        ((taken.len() as f64 - hits) / total_neg, hits / total_pos)
    };
    std::iter::once((0.0, 0.0))
        .chain((0..order.len()).filter(|&r| cut_after(r)).map(point))
        .collect()
}

/// The ROC curve from its definition: (0, 0), then for every distinct score from the
/// highest down, the rates among the rows scoring at least that much. Counted afresh
/// for each threshold (quadratic, fine at a check's sizes) rather than by one sorted
/// walk as the exercise does, so the two methods check each other.
fn reference_roc(scores: &Array1<f64>, positive: &Array1<bool>) -> Vec<(f64, f64)> {
    let positives = positive.iter().filter(|p| **p).count() as f64;
    let negatives = positive.len() as f64 - positives;
    let mut thresholds = scores.to_vec();
    thresholds.sort_by(|a, b| b.total_cmp(a));
    thresholds.dedup();
    let rates_at = |threshold: f64| {
        let flagged = scores
            .iter()
            .zip(positive)
            .filter(|(s, _)| **s >= threshold);
        let (hits, alarms): (Vec<_>, Vec<_>) = flagged.partition(|(_, p)| **p);
        (
            alarms.len() as f64 / negatives,
            hits.len() as f64 / positives,
        )
    };
    std::iter::once((0.0, 0.0))
        .chain(thresholds.into_iter().map(rates_at))
        .collect()
}

fn curves_close(a: &[(f64, f64)], b: &[(f64, f64)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(p, q)| Tolerance::TIGHT.close(p.0, q.0) && Tolerance::TIGHT.close(p.1, q.1))
}

/// `[(0, 0), (0, 0.5), …]`, long curves cut in the middle.
fn points(curve: &[(f64, f64)]) -> String {
    let show = |p: &(f64, f64)| format!("({}, {})", number(p.0), number(p.1));
    let shown: Vec<String> = if curve.len() > 8 {
        let mut shown: Vec<String> = curve[..3].iter().map(show).collect();
        shown.push(format!("… {} more …", curve.len() - 5));
        shown.extend(curve[curve.len() - 2..].iter().map(show));
        shown
    } else {
        curve.iter().map(show).collect()
    };
    format!("[{}]", shown.join(", "))
}

fn roc_curve_boxed(grader: &Grader, learner: Box<RocCurveFn>) -> Report {
    let mut rng = grader.rng(202);
    // Scores rounded to one decimal: plenty of ties.
    let random_scores =
        Array1::from_shape_fn(60, |_| (rng.gen_range(0.0..1.0_f64) * 10.0).round() / 10.0);
    let random_positive = random_scores.mapv(|s| rng.gen_bool(0.2 + 0.6 * s));
    let cases: Vec<Scored> = vec![
        // Already sorted, no ties; a curve not symmetric about the anti-diagonal, so
        // swapped coordinates and a lowest-first walk give different points.
        (
            array![0.9, 0.8, 0.7, 0.6, 0.55, 0.4],
            array![true, false, true, true, false, false],
        ),
        // The same kind of data in no particular order.
        (
            array![0.3, 0.8, 0.1, 0.95, 0.5, 0.7, 0.6],
            array![false, true, false, true, false, false, true],
        ),
        // Ties, unsorted: three rows at 0.7 and two at 0.2 must each make one point.
        (
            array![0.7, 0.2, 0.9, 0.7, 0.2, 0.7],
            array![true, false, true, false, true, true],
        ),
        (random_scores, random_positive),
    ];
    let describe = |(scores, positive): &Scored| {
        let flags: Vec<&str> = positive
            .iter()
            .map(|p| if *p { "true" } else { "false" })
            .collect();
        let flags = if flags.len() > 8 {
            format!("[{} values]", flags.len())
        } else {
            format!("[{}]", flags.join(", "))
        };
        format!("scores = {}, positive = {flags}", list(&scores.to_vec()))
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(scores, positive)| learner(scores, positive),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (scores, positive) = case;
        let expected = reference_roc(scores, positive);
        if !curves_close(&expected, &got) {
            let verdict = incorrect(
                &describe(case),
                &points(&expected),
                &points(&got),
                roc_mistake(scores, positive, &expected, &got),
            );
            return Report::new(ROC_CURVE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(ROC_CURVE, verdict);
    }
    Report::new(
        ROC_CURVE,
        Verdict::Passed {
            summary: "4 sets of scores: sorted, shuffled, with ties, and 60 random ones".into(),
        },
    )
}

fn roc_mistake(
    scores: &Array1<f64>,
    positive: &Array1<bool>,
    expected: &[(f64, f64)],
    got: &[(f64, f64)],
) -> Option<String> {
    let input_order: Vec<usize> = (0..scores.len()).collect();
    let mut ascending = by_score(scores);
    ascending.reverse();
    let swapped: Vec<(f64, f64)> = got.iter().map(|&(x, y)| (y, x)).collect();
    if curves_close(&walk(scores, positive, &input_order, true, true), got)
        || curves_close(&walk(scores, positive, &input_order, false, true), got)
    {
        Some(known_mistake("looks like you walked the rows in their input order: sort them by score, highest first, so the threshold only ever goes down"))
    } else if curves_close(&walk(scores, positive, &ascending, true, true), got)
        || curves_close(&walk(scores, positive, &ascending, false, true), got)
    {
        Some(known_mistake("looks like you sorted the scores from lowest to highest: start with the highest score, where almost nothing is predicted positive"))
    } else if curves_close(&expected[1..], got) {
        Some(known_mistake(
            "the first point is missing: start at (0, 0), the threshold above every score",
        ))
    } else if curves_close(expected, &swapped) {
        Some(known_mistake("the coordinates are swapped: each point is (false-positive rate, true-positive rate), x first"))
    } else if curves_close(&walk(scores, positive, &by_score(scores), true, false), got) {
        Some(known_mistake("those are counts: divide the true positives by the number of positive rows and the false positives by the number of negative rows"))
    } else if got.len() > expected.len()
        && expected
            .iter()
            .all(|p| got.iter().any(|q| curves_close(&[*p], &[*q])))
    {
        Some(known_mistake("too many points: rows with tied scores cross the threshold together, so add one point per distinct score, after the last row of each tie"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `ml/logistic-regression`.
pub const LOGISTIC_REGRESSION: &str = "ml/logistic-regression";

/// The accuracy `ml/logistic-regression` must reach on held-out tumours.
pub const LOGISTIC_REGRESSION_TARGET: f64 = 0.95;

/// What a learner's training function returns.
pub type Predictions = Result<Array1<usize>, Box<dyn std::error::Error>>;

/// `fn fit_and_predict(train: &Dataset<f64, usize, Ix1>, test: &Array2<f64>) -> Result<Array1<usize>, Box<dyn Error>>`:
/// train a linfa model on `train`, predict a class for every row of `test`. Judged on two
/// seeded 80/20 splits of `breast-cancer`, each of which must reach
/// [`LOGISTIC_REGRESSION_TARGET`].
pub fn logistic_regression<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Dataset<f64, usize, Ix1>, &Array2<f64>) -> Predictions + Send + 'static,
{
    logistic_regression_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type LogisticRegressionFn = dyn Fn(&Dataset<f64, usize, Ix1>, &Array2<f64>) -> Predictions + Send;

/// The body of [`logistic_regression`], compiled once here rather than in every learner's crate.
fn logistic_regression_boxed(grader: &Grader, learner: Box<LogisticRegressionFn>) -> Report {
    let data = match load(grader, "breast-cancer") {
        Ok(data) => data,
        Err(verdict) => return Report::new(LOGISTIC_REGRESSION, verdict),
    };
    let mut cases: Vec<(Split, String)> = (0..2)
        .map(|n| {
            let split = split(&data, 0.8, grader, 30 + n);
            let what = format!(
                "breast-cancer split {} ({} tumours to train on, {} held out)",
                n + 1,
                split.train.targets.len(),
                split.test.targets.len()
            );
            (split, what)
        })
        .collect();
    // Then split 1's first three held-out tumours of each class, one at a time: a model
    // must give a row the class it gave it among all the held-out rows (scaling the test
    // rows with their own statistics breaks that, though the accuracy looks fine).
    let first = cases[0].0.clone();
    let held_out = &first.test.targets;
    let singles: Vec<usize> = (0..2)
        .flat_map(|class| {
            (0..held_out.len())
                .filter(move |&r| held_out[r] == class)
                .take(3)
        })
        .collect();
    for &row in &singles {
        let one = Split {
            train: first.train.clone(),
            test: Labelled {
                records: first.test.records.select(Axis(0), &[row]),
                targets: first.test.targets.select(Axis(0), &[row]),
            },
        };
        let what =
            format!("breast-cancer split 1, held-out tumour {row} alone (one row in `test`)");
        cases.push((one, what));
    }
    // Last, split 1 in other units (every measurement ×1000 or ×0.01, then +50): after
    // standardising with the training rows' statistics the model sees the same numbers,
    // so it must give every tumour the same class (a model on unscaled or half-scaled
    // features reaches the accuracy bar, but not this).
    let units = |records: &Array2<f64>| {
        Array2::from_shape_fn(records.dim(), |(i, j)| {
            records[[i, j]] * if j % 2 == 0 { 1000.0 } else { 0.01 } + 50.0
        })
    };
    let in_other_units = Split {
        train: Labelled {
            records: units(&first.train.records),
            targets: first.train.targets.clone(),
        },
        test: Labelled {
            records: units(&first.test.records),
            targets: first.test.targets.clone(),
        },
    };
    cases.push((
        in_other_units,
        "breast-cancer split 1 in other units (each measurement ×1000 or ×0.01, then +50)".into(),
    ));
    let other_units = cases.len() - 1;
    let describe = |(_, what): &(Split, String)| what.clone();
    let run = run_cases(
        grader.limit(TRAINING_LIMIT),
        cases.clone(),
        describe,
        move |(split, _)| {
            let train = Dataset::new(split.train.records.clone(), split.train.targets.clone());
            learner(&train, &split.test.records).map_err(|e| e.to_string())
        },
    );
    let mut scores = Vec::new();
    let mut together = None;
    for (index, ((split, what), result)) in cases.iter().zip(run.outputs).enumerate() {
        let truth = &split.test.targets;
        let predicted = match result {
            Ok(predicted) => predicted,
            Err(error) => {
                let message = format!("for input {what} your function returned an error: {error}");
                return Report::new(LOGISTIC_REGRESSION, Verdict::Incorrect { message });
            }
        };
        if predicted.len() != truth.len() {
            let mut message = format!(
                "for input {what} expected {} predictions (one per held-out row), got {}",
                truth.len(),
                predicted.len()
            );
            if predicted.len() == split.train.targets.len() {
                message.push_str(": looks like you predicted the training rows; predict on `test`");
            }
            return Report::new(LOGISTIC_REGRESSION, Verdict::Incorrect { message });
        }
        if let Some(bad) = predicted.iter().find(|p| **p > 1) {
            let message = format!(
                "for input {what} predicted class {bad}, but the classes are 0 (malignant) and 1 (benign)"
            );
            return Report::new(LOGISTIC_REGRESSION, Verdict::Incorrect { message });
        }
        if index == other_units {
            let differ = together.as_ref().map_or(0, |all: &Array1<usize>| {
                all.iter().zip(&predicted).filter(|(a, b)| a != b).count()
            });
            if differ > 0 {
                let message = format!(
                    "for input {what} expected every tumour to get the class it got in the original units, \
                     got {differ} of {} classified differently: {}",
                    predicted.len(),
                    known_mistake("standardise every column with the training rows' mean and standard deviation; then a change of units changes nothing")
                );
                return Report::new(LOGISTIC_REGRESSION, Verdict::Incorrect { message });
            }
            continue;
        }
        if index >= 2 {
            let row = singles[index - 2];
            let among_all: Option<&Array1<usize>> = together.as_ref();
            if let Some(&expected) = among_all.and_then(|all| all.get(row)) {
                if predicted[0] != expected {
                    let message = format!(
                        "for input {what} expected class {expected}, the class your model gave this tumour among all the held-out rows, got {}: \
                         a prediction must not depend on which other rows are predicted with it; looks like the test rows were scaled \
                         with their own statistics: scale them with the training rows' mean and standard deviation",
                        predicted[0]
                    );
                    return Report::new(LOGISTIC_REGRESSION, Verdict::Incorrect { message });
                }
            }
            continue;
        }
        let score = accuracy(&predicted, truth);
        if index == 0 {
            together = Some(predicted.clone());
        }
        if score < LOGISTIC_REGRESSION_TARGET {
            let verdict = incorrect(
                what,
                &format!("accuracy ≥ {}", number(LOGISTIC_REGRESSION_TARGET)),
                &number(score),
                prediction_mistake(&predicted, truth, &["malignant", "benign"]).or_else(|| {
                    Some("standardise the features with the training rows' mean and standard deviation (the 30 \
                          measurements range from 0.001 to 4,000, which stalls the optimiser), and give it enough \
                          iterations"
                        .into())
                }),
            );
            return Report::new(LOGISTIC_REGRESSION, verdict);
        }
        scores.push(number(score));
    }
    if let Some(verdict) = run.failure {
        return Report::new(LOGISTIC_REGRESSION, verdict);
    }
    Report::new(
        LOGISTIC_REGRESSION,
        Verdict::Passed {
            summary: format!(
                "accuracy {} on two seeded 80/20 splits, target ≥ {}, the same class for 6 tumours predicted one at a time and for every tumour in other units",
                scores.join(" and "),
                number(LOGISTIC_REGRESSION_TARGET)
            ),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn the_roc_reference_matches_a_curve_worked_by_hand() {
        // 4 positives, 2 negatives. At 0.9: 1 hit; at 0.7 (three tied rows): 3 hits and
        // 1 false alarm; at 0.2: everything.
        let curve = reference_roc(
            &array![0.9, 0.7, 0.7, 0.7, 0.2, 0.2],
            &array![true, true, false, true, false, true],
        );
        assert!(curves_close(
            &curve,
            &[(0.0, 0.0), (0.0, 0.25), (0.5, 0.75), (1.0, 1.0)]
        ));
    }

    #[test]
    fn the_threshold_sweep_and_the_sorted_walk_agree() {
        // The reference and the walk behind the mistake messages, two methods, one curve.
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        for _ in 0..20 {
            let scores = Array1::from_shape_fn(30, |_| f64::from(rng.gen_range(0..8u8)) / 8.0);
            let positive = Array1::from_shape_fn(30, |i| i % 3 == 0 || rng.gen_bool(0.3));
            let walked = walk(&scores, &positive, &by_score(&scores), true, true);
            assert!(curves_close(&reference_roc(&scores, &positive), &walked));
        }
    }
}
