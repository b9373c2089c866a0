//! The proof behind every exercise, for every exercise in `course.toml`:
//!
//! 1. its checks pass on the reference solution in `solutions/`;
//! 2. they fail with NotAttempted on the pristine stub (generated from the solution by
//!    build.rs, not read from the learner's possibly edited `exercises/`);
//! 3. at least one plausible wrong answer, kept below, is rejected with its targeted
//!    message; and a runaway loop is stopped with TimedOut.
//!
//! Data and ml exercises read the installed data sets (`./ferrolab setup` fetches them):
//! a missing set fails these tests with the command that installs it.

#![allow(clippy::unwrap_used)]

use ferrolab::grade::{checks, Classifier as _, Grader, Report, Verdict};
use ferrolab::grading::grader;

include!(concat!(env!("OUT_DIR"), "/pristine.rs"));

/// Run `grade` on every id and collect "id: what went wrong" for those `ok` rejects.
fn failures(grade: impl Fn(&str) -> Option<Report>, ok: impl Fn(&Verdict) -> bool) -> Vec<String> {
    IDS.iter()
        .filter_map(|id| match grade(id) {
            None => Some(format!("{id}: no dispatch arm (rebuild the tests crate)")),
            Some(report) if report.exercise != *id => Some(format!(
                "{id}: its checks report the id `{}`",
                report.exercise
            )),
            Some(report) if ok(&report.verdict) => None,
            Some(report) => Some(format!("{id}: {:?}", report.verdict)),
        })
        .collect()
}

#[test]
fn every_solution_passes_its_checks() {
    let grader = grader();
    let failed = failures(|id| grade_solution(id, &grader), Verdict::passed);
    assert!(
        failed.is_empty(),
        "solutions that fail their checks:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_pristine_stub_is_not_attempted() {
    let grader = grader();
    let failed = failures(
        |id| grade_stub(id, &grader),
        |v| *v == Verdict::NotAttempted,
    );
    assert!(
        failed.is_empty(),
        "stubs not graded NotAttempted:\n{}",
        failed.join("\n")
    );
}

#[test]
fn the_proof_covers_exactly_the_compiled_in_course() {
    let course = ferrolab::course::Course::load_embedded().unwrap();
    let ids: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, IDS);
    assert!(IDS.len() >= 8, "the course seeds at least 8 exercises");
}

/// A plausible wrong answer and the words its verdict must contain.
struct Wrong {
    id: &'static str,
    what: &'static str,
    grade: fn(&Grader) -> Report,
    says: &'static str,
}

fn wrong_answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "math/dot-product",
            what: "adds the pairs instead of multiplying them",
            grade: |g| checks::math::dot_product(g, wrong::dot_product_adds),
            says: "for input a = [1, 2, 3], b = [4, -5, 6] expected 12, got 11: looks like you added all the numbers",
        },
        Wrong {
            id: "math/dot-product",
            what: "stops one pair early",
            grade: |g| checks::math::dot_product(g, wrong::dot_product_off_by_one),
            says: "the last pair is missing",
        },
        Wrong {
            id: "math/matmul-loops",
            what: "indexes b[[j, k]]",
            grade: |g| checks::math::matmul_loops(g, wrong::matmul_transposed_b),
            says: "looks like you read B along its rows",
        },
        Wrong {
            id: "math/cosine-similarity",
            what: "forgets the square roots",
            grade: |g| checks::math::cosine_similarity(g, wrong::cosine_without_sqrt),
            says: "divided by the squared lengths",
        },
        Wrong {
            id: "math/column-means",
            what: "averages each row",
            grade: |g| checks::math::column_means(g, wrong::row_means),
            says: "expected 3 values (one per column), got 4 (one per row): looks like you averaged over axis 1",
        },
        Wrong {
            id: "math/column-means",
            what: "sums without dividing",
            grade: |g| checks::math::column_means(g, wrong::column_sums),
            says: "summed each column but did not divide by the number of rows (4)",
        },
        Wrong {
            id: "math/softmax",
            what: "exponentiates without subtracting the maximum",
            grade: |g| checks::math::softmax(g, wrong::softmax_naive),
            says: "for input x = [1000, 1001, 1002] expected [0.09, 0.2447, 0.6652], got [NaN, NaN, NaN]: exp(1002) overflows",
        },
        Wrong {
            id: "data/survival-by-class",
            what: "computes the death rate",
            grade: |g| checks::data::survival_by_class(g, wrong::death_rate_by_class),
            says: "for input 9 passengers (3 per class, shuffled) expected [1st 0.5, 2nd 0.6667, 3rd 0.25], got [1st 0.5, 2nd 0.3333, 3rd 0.75]: looks like you computed the death rate",
        },
        Wrong {
            id: "data/survival-by-class",
            what: "forgets to sort",
            grade: |g| checks::data::survival_by_class(g, wrong::survival_unsorted),
            says: "not in class order: sort by `pclass`",
        },
        Wrong {
            id: "ml/nearest-centroid",
            what: "picks the farthest centroid",
            grade: |g| checks::ml::nearest_centroid(g, wrong::FarthestCentroid::fit),
            says: "expected classes [0, 1, 2, 1], got [1, 0, 1, 0]: looks like you picked the farthest centroid",
        },
        Wrong {
            id: "ml/logistic-regression",
            what: "predicts the training rows",
            grade: |g| checks::ml::logistic_regression(g, wrong::predicts_training_rows),
            says: "expected 114 predictions (one per held-out row), got 455: looks like you predicted the training rows",
        },
        Wrong {
            id: "ml/logistic-regression",
            what: "does not standardise the features",
            grade: |g| checks::ml::logistic_regression(g, wrong::unscaled_logistic_regression),
            says: "standardise the features",
        },
        Wrong {
            id: "dl/linear-layer",
            what: "multiplies by weight, not its transpose",
            grade: |g| checks::dl::linear_layer(g, wrong::linear_untransposed),
            says: "looks like you multiplied by weight, not by its transpose",
        },
        Wrong {
            id: "dl/cross-entropy",
            what: "takes the log of softmax",
            grade: |g| checks::dl::cross_entropy(g, wrong::cross_entropy_log_of_softmax),
            says: "use log_softmax",
        },
        Wrong {
            id: "dl/cross-entropy",
            what: "sums over the batch",
            grade: |g| checks::dl::cross_entropy(g, wrong::cross_entropy_summed),
            says: "summed over the batch instead of averaging",
        },
    ]
}

#[test]
fn known_wrong_answers_are_rejected_with_their_targeted_message() {
    let grader = grader();
    let mut failed = Vec::new();
    for wrong in wrong_answers() {
        match (wrong.grade)(&grader).verdict {
            Verdict::Incorrect { message } if message.contains(wrong.says) => {}
            other => failed.push(format!(
                "{} ({}): wanted Incorrect saying {:?}, got {other:?}",
                wrong.id, wrong.what, wrong.says
            )),
        }
    }
    assert!(
        failed.is_empty(),
        "wrong answers not rejected as expected:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_exercise_keeps_a_wrong_answer_in_this_suite() {
    let covered: Vec<&str> = wrong_answers().iter().map(|w| w.id).collect();
    let missing: Vec<&&str> = IDS.iter().filter(|id| !covered.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "add a plausible wrong answer to `wrong_answers()` for: {missing:?}"
    );
}

#[test]
fn a_runaway_loop_times_out_instead_of_hanging_the_run() {
    // 10 s × 0.02: the check gives up after 0.2 s. The loop sleeps, so the thread left
    // behind does not burn a core for the rest of this test binary.
    let grader = grader().with_time_scale(0.02);
    let report = checks::math::dot_product(&grader, wrong::dot_product_never_returns);
    let Verdict::TimedOut { input, .. } = &report.verdict else {
        panic!("{:?}", report.verdict)
    };
    assert_eq!(input.as_deref(), Some("a = [1, 2, 3], b = [4, -5, 6]"));
    assert!(report
        .verdict
        .explanation()
        .contains("keeps one CPU core busy until the kernel"));
}

#[test]
fn a_panic_is_reported_with_its_input_and_place() {
    let report = checks::math::dot_product(&grader(), wrong::dot_product_indexes_past_the_end);
    let Verdict::Panicked {
        message,
        location,
        input,
    } = &report.verdict
    else {
        panic!("{:?}", report.verdict)
    };
    assert!(message.contains("index out of bounds"), "{message}");
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.contains("tests/tests/exercises.rs")),
        "{location:?}"
    );
    assert_eq!(input.as_deref(), Some("a = [1, 2, 3], b = [4, -5, 6]"));
}

/// Wrong answers learners really write.
mod wrong {
    use ferrolab::grade::checks::ml::Predictions;
    use ferrolab::grade::Classifier;
    use ferrolab::prelude::*;

    pub fn dot_product_adds(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| x + y).sum()
    }

    pub fn dot_product_off_by_one(a: &[f64], b: &[f64]) -> f64 {
        (0..a.len().saturating_sub(1)).map(|i| a[i] * b[i]).sum()
    }

    pub fn dot_product_never_returns(a: &[f64], _: &[f64]) -> f64 {
        let mut total = 0.0;
        while total >= 0.0 {
            total += a.len() as f64;
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        total
    }

    #[allow(clippy::needless_range_loop)]
    pub fn dot_product_indexes_past_the_end(a: &[f64], b: &[f64]) -> f64 {
        let mut total = 0.0;
        for i in 0..=a.len() {
            total += a[i] * b[i];
        }
        total
    }

    pub fn matmul_transposed_b(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
        let mut c = Array2::zeros((a.nrows(), b.ncols()));
        for i in 0..a.nrows() {
            for j in 0..b.ncols() {
                for k in 0..a.ncols() {
                    c[[i, j]] += a[[i, k]] * b[[j, k]];
                }
            }
        }
        c
    }

    pub fn cosine_without_sqrt(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
        a.dot(b) / (a.dot(a) * b.dot(b))
    }

    pub fn row_means(x: &Array2<f64>) -> Array1<f64> {
        x.sum_axis(Axis(1)) / x.ncols() as f64
    }

    pub fn column_sums(x: &Array2<f64>) -> Array1<f64> {
        x.sum_axis(Axis(0))
    }

    pub fn softmax_naive(x: &Array1<f64>) -> Array1<f64> {
        let exps = x.mapv(f64::exp);
        &exps / exps.sum()
    }

    pub fn death_rate_by_class(passengers: &DataFrame) -> PolarsResult<DataFrame> {
        let died = col("survived").eq(lit("died")).cast(DataType::Float64);
        passengers
            .clone()
            .lazy()
            .group_by([col("pclass")])
            .agg([died.mean().alias("survival_rate")])
            .sort(["pclass"], SortMultipleOptions::default())
            .collect()
    }

    pub fn survival_unsorted(passengers: &DataFrame) -> PolarsResult<DataFrame> {
        let lived = col("survived").eq(lit("survived")).cast(DataType::Float64);
        let descending = SortMultipleOptions::default().with_order_descending(true);
        passengers
            .clone()
            .lazy()
            .group_by([col("pclass")])
            .agg([lived.mean().alias("survival_rate")])
            .sort(["pclass"], descending)
            .collect()
    }

    /// Right centroids, wrong choice: the largest distance wins.
    pub struct FarthestCentroid(Array2<f64>);

    impl Classifier for FarthestCentroid {
        fn fit(records: ArrayView2<'_, f64>, targets: ArrayView1<'_, usize>) -> Self {
            let classes = targets.iter().max().map_or(0, |m| m + 1);
            let means = (0..classes).map(|c| {
                let rows: Vec<usize> = (0..targets.len()).filter(|&i| targets[i] == c).collect();
                records.select(Axis(0), &rows).mean_axis(Axis(0)).unwrap()
            });
            let means: Vec<Array1<f64>> = means.collect();
            let views: Vec<ArrayView1<'_, f64>> = means.iter().map(|m| m.view()).collect();
            FarthestCentroid(stack(Axis(0), &views).unwrap())
        }

        fn predict(&self, records: ArrayView2<'_, f64>) -> Array1<usize> {
            let farthest = |row: ArrayView1<'_, f64>| {
                let distances = self
                    .0
                    .rows()
                    .into_iter()
                    .map(|c| (&c - &row).mapv(|d| d * d).sum());
                distances
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map_or(0, |(class, _)| class)
            };
            records.rows().into_iter().map(farthest).collect()
        }
    }

    pub fn predicts_training_rows(
        train: &Dataset<f64, usize, Ix1>,
        _: &Array2<f64>,
    ) -> Predictions {
        let model = LogisticRegression::new().fit(train)?;
        Ok(model.predict(train.records()))
    }

    pub fn unscaled_logistic_regression(
        train: &Dataset<f64, usize, Ix1>,
        test: &Array2<f64>,
    ) -> Predictions {
        let model = LogisticRegression::new().fit(train)?;
        Ok(model.predict(test))
    }

    pub fn linear_untransposed(x: &Tensor, weight: &Tensor, bias: &Tensor) -> Tensor {
        x.matmul(weight) + bias
    }

    pub fn cross_entropy_log_of_softmax(logits: &Tensor, targets: &Tensor) -> Tensor {
        let log_p = logits.softmax(-1, Kind::Float).log();
        -log_p
            .gather(1, &targets.unsqueeze(1), false)
            .mean(Kind::Float)
    }

    pub fn cross_entropy_summed(logits: &Tensor, targets: &Tensor) -> Tensor {
        let log_p = logits.log_softmax(-1, Kind::Float);
        -log_p
            .gather(1, &targets.unsqueeze(1), false)
            .sum(Kind::Float)
    }
}
