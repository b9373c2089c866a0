//! Lesson 3, nearest neighbours and Bayes (notebooks/03-ml/03-knn-and-naive-bayes.ipynb):
//! a nearest-centroid classifier, k-nearest-neighbour predictions and TF-IDF weights.

use super::{accuracy, load, prediction_mistake, split};
use crate::checks::reference::majority;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{matrix, number, shape, Tolerance};
use crate::data_source::Labelled;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::Rng;
use std::time::Duration;

mod nearest_centroid;
pub use nearest_centroid::*;

/// A few thousand distances per row on a few hundred rows: well under a second.
const LIMIT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------

/// `ml/knn-predict`.
pub const KNN_PREDICT: &str = "ml/knn-predict";

/// The accuracy `ml/knn-predict` must reach on held-out wines (standardised, k = 5).
pub const KNN_PREDICT_TARGET: f64 = 0.92;

/// `fn knn_predict(train: ArrayView2<f64>, labels: ArrayView1<usize>, test: ArrayView2<f64>, k: usize) -> Array1<usize>`.
pub fn knn_predict<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(ArrayView2<'_, f64>, ArrayView1<'_, usize>, ArrayView2<'_, f64>, usize) -> Array1<usize>
        + Send
        + 'static,
{
    knn_predict_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type KnnFn = dyn Fn(ArrayView2<'_, f64>, ArrayView1<'_, usize>, ArrayView2<'_, f64>, usize) -> Array1<usize>
    + Send;

/// Training rows, their labels, rows to predict, their true classes, k, and what it is.
#[derive(Debug, Clone)]
struct KnnCase {
    train: Labelled,
    test: Labelled,
    k: usize,
    what: String,
}

/// A known mistake [`knn_reference`] can make, to name what a learner did.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slip {
    /// The exercise: Euclidean distance, the k nearest, ties to the lower class.
    None,
    /// The k farthest rows.
    Farthest,
    /// Manhattan distance (the sum of absolute differences).
    Manhattan,
    /// A tied vote goes to the higher class.
    TiesHigh,
}

/// Each test row's class by a vote among the `k` nearest (or as `slip` says).
/// Training rows are ranked by a stable sort of their indices on distance (equal
/// distances keep row order) and the class taken by the grader's [`majority`].
fn knn_reference(train: &Labelled, test: &Array2<f64>, k: usize, slip: Slip) -> Array1<usize> {
    let predict = |row: ArrayView1<'_, f64>| {
        let distances: Vec<f64> = (train.records.rows().into_iter())
            .map(|other| {
                let gap = &other - &row;
                if slip == Slip::Manhattan {
                    gap.mapv(f64::abs).sum()
                } else {
                    gap.mapv(|d| d * d).sum()
                }
            })
            .collect();
        let mut ranked: Vec<usize> = (0..distances.len()).collect();
        ranked.sort_by(|&a, &b| distances[a].total_cmp(&distances[b]));
        if slip == Slip::Farthest {
            ranked.reverse();
        }
        majority(
            ranked.iter().take(k).map(|&i| train.targets[i]),
            slip == Slip::TiesHigh,
        )
    };
    test.rows().into_iter().map(predict).collect()
}

/// Standardise both halves with the training half's column means and deviations.
fn standardised(train: &Labelled, test: &Labelled) -> (Labelled, Labelled) {
    let mean = train
        .records
        .mean_axis(Axis(0))
        .unwrap_or_else(|| Array1::zeros(train.records.ncols()));
    let std = train
        .records
        .std_axis(Axis(0), 0.0)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    let scale = |part: &Labelled| Labelled {
        records: (&part.records - &mean) / &std,
        targets: part.targets.clone(),
    };
    (scale(train), scale(test))
}

fn knn_predict_boxed(grader: &Grader, learner: Box<KnnFn>) -> Report {
    // Two tight groups and one class-1 point inside group 0: the nearest neighbour of
    // (0.4, 0.4) is that stray point, but 3 neighbours out-vote it.
    let groups = Labelled {
        records: array![
            [0.0, 0.0],
            [5.0, 5.0],
            [0.0, 1.0],
            [5.0, 6.0],
            [1.0, 0.0],
            [6.0, 5.0],
            [0.5, 0.5]
        ],
        targets: array![0, 1, 0, 1, 0, 1, 1],
    };
    let queries = Labelled {
        records: array![[0.4, 0.4], [5.5, 5.5], [0.9, 0.2]],
        targets: array![0, 1, 0],
    };
    let one_neighbour = Labelled {
        records: queries.records.clone(),
        targets: array![1, 1, 0],
    };
    // (0, 0) is nearer (2, 2) than (3, 0) in a straight line (2.83 against 3) but
    // not in Manhattan distance (4 against 3).
    let diagonal = Labelled {
        records: array![[3.0, 0.0], [2.0, 2.0], [10.0, 10.0]],
        targets: array![0, 1, 0],
    };
    let diagonal_queries = Labelled {
        records: array![[0.0, 0.0], [9.0, 10.0]],
        targets: array![1, 0],
    };
    // k = 2 and two classes: each query's two neighbours split the vote 1 to 1, the
    // nearer one of class 0, so ties to the lower class and to the nearer row agree.
    let tied = Labelled {
        records: array![[0.0, 0.0], [1.0, 0.0], [5.0, 5.0], [6.0, 5.0]],
        targets: array![0, 1, 0, 1],
    };
    let tied_queries = Labelled {
        records: array![[0.4, 0.0], [5.4, 5.0]],
        targets: array![0, 0],
    };
    let wine = match load(grader, "wine") {
        Ok(wine) => split(&wine, 0.7, grader, 301),
        Err(verdict) => return Report::new(KNN_PREDICT, verdict),
    };
    let (wine_train, wine_test) = standardised(&wine.train, &wine.test);
    let cases = vec![
        KnnCase { train: groups.clone(), test: queries, k: 3, what: "7 points in two groups, k = 3".into() },
        KnnCase { train: groups, test: one_neighbour, k: 1, what: "the same points, k = 1".into() },
        KnnCase { train: diagonal, test: diagonal_queries, k: 1, what: "3 points where straight-line and Manhattan distances rank differently, k = 1".into() },
        KnnCase { train: tied, test: tied_queries, k: 2, what: "4 points, k = 2, each vote tied 1 to 1".into() },
        KnnCase {
            what: format!(
                "wine, standardised, a seeded 70/30 split ({} wines to learn from, {} to predict), k = 5",
                wine_train.targets.len(),
                wine_test.targets.len()
            ),
            train: wine_train,
            test: wine_test,
            k: 5,
        },
    ];
    let describe = |case: &KnnCase| case.what.clone();
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |case| {
        learner(
            case.train.records.view(),
            case.train.targets.view(),
            case.test.records.view(),
            case.k,
        )
    });
    let mut wine_score = None;
    for (index, (case, predicted)) in cases.iter().zip(run.outputs).enumerate() {
        let truth = &case.test.targets;
        if predicted.len() != truth.len() {
            let mut message = format!(
                "for input {} expected {} predictions (one per row of `test`), got {}",
                case.what,
                truth.len(),
                predicted.len()
            );
            if predicted.len() == case.train.targets.len() {
                message.push_str(": ");
                message.push_str(&known_mistake("looks like you predicted the training rows"));
            }
            return Report::new(KNN_PREDICT, Verdict::Incorrect { message });
        }
        if index + 1 < cases.len() {
            if predicted != *truth {
                let like = |k: usize, slip: Slip| {
                    predicted == knn_reference(&case.train, &case.test.records, k, slip)
                };
                let mistake = if like(case.k, Slip::Manhattan) {
                    Some(known_mistake("looks like you measured Manhattan distance (the sum of |differences|): use the Euclidean one, the sum of squared differences (its square root ranks the same)"))
                } else if like(case.k, Slip::TiesHigh) {
                    Some(known_mistake("the vote is tied here, and looks like the tie went to the higher class: give a tie to the lower class number (scan the classes in order and keep the first with the most votes)"))
                } else if case.k > 1 && like(1, Slip::None) {
                    Some(known_mistake(format!(
                        "looks like you used only the nearest neighbour: let the {} nearest vote",
                        case.k
                    )))
                } else if like(case.k, Slip::Farthest) {
                    Some(known_mistake(
                        "looks like you took the farthest rows: sort by distance, smallest first",
                    ))
                } else {
                    None
                };
                let show = |v: &Array1<usize>| format!("{v}");
                let verdict = incorrect(
                    &case.what,
                    &format!("classes {}", show(truth)),
                    &show(&predicted),
                    mistake,
                );
                return Report::new(KNN_PREDICT, verdict);
            }
            continue;
        }
        let score = accuracy(&predicted, truth);
        if score < KNN_PREDICT_TARGET {
            let mistake = prediction_mistake(
                &predicted,
                truth,
                &["cultivar 0", "cultivar 1", "cultivar 2"],
            )
            .or_else(|| {
                (predicted == knn_reference(&case.train, &case.test.records, 1, Slip::None)).then(
                    || {
                        "looks like you used only the nearest neighbour: let the k nearest vote"
                            .to_string()
                    },
                )
            });
            let verdict = incorrect(
                &case.what,
                &format!("accuracy ≥ {}", number(KNN_PREDICT_TARGET)),
                &number(score),
                mistake,
            );
            return Report::new(KNN_PREDICT, verdict);
        }
        wine_score = Some(score);
    }
    if let Some(verdict) = run.failure {
        return Report::new(KNN_PREDICT, verdict);
    }
    Report::new(
        KNN_PREDICT,
        Verdict::Passed {
            summary: format!(
                "hand-made points with k = 3 and k = 1, distances that rank differently under Manhattan, tied votes, and accuracy {} on held-out wines, target ≥ {}",
                wine_score.map_or_else(|| "?".to_string(), number),
                number(KNN_PREDICT_TARGET)
            ),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/tf-idf`.
pub const TF_IDF: &str = "ml/tf-idf";

/// `fn tf_idf(train_counts: &Array2<f64>, counts: &Array2<f64>) -> Array2<f64>`.
pub fn tf_idf<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array2<f64>) -> Array2<f64> + Send + 'static,
{
    tf_idf_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type TfIdfFn = dyn Fn(&Array2<f64>, &Array2<f64>) -> Array2<f64> + Send;

/// How a variant computes document frequencies, idf and row lengths.
#[derive(Clone, Copy)]
struct Recipe {
    /// Count documents containing the word (true) or add up its counts (false).
    documents: bool,
    /// ln((1 + n) / (1 + df)) + 1 (true) or ln(n / df) (false).
    smooth: bool,
    /// Natural log (true) or log10 (false).
    natural: bool,
    /// Divide rows by their L2 length (Some(true)), L1 length (Some(false)), or not at all.
    norm: Option<bool>,
}

const SKLEARN: Recipe = Recipe {
    documents: true,
    smooth: true,
    natural: true,
    norm: Some(true),
};

fn weigh(train: &Array2<f64>, counts: &Array2<f64>, recipe: Recipe) -> Array2<f64> {
    let n = train.nrows() as f64;
    let df = train.map_axis(Axis(0), |word| {
        if recipe.documents {
            word.iter().filter(|&&c| c > 0.0).count() as f64
        } else {
            word.sum()
        }
    });
    let log = |v: f64| if recipe.natural { v.ln() } else { v.log10() };
    let idf = df.mapv(|d| {
        if recipe.smooth {
            log((1.0 + n) / (1.0 + d)) + 1.0
        } else {
            log(n / d)
        }
    });
    let mut weights = counts * &idf;
    if let Some(l2) = recipe.norm {
        for mut row in weights.rows_mut() {
            let length = if l2 {
                row.dot(&row).sqrt()
            } else {
                row.mapv(f64::abs).sum()
            };
            if length > 0.0 {
                row /= length;
            }
        }
    }
    weights
}

fn tf_idf_boxed(grader: &Grader, learner: Box<TfIdfFn>) -> Report {
    let mut rng = grader.rng(302);
    // Word columns: "free", "meeting", "money", "the" (in every document).
    let train = array![
        [3.0, 0.0, 1.0, 4.0],
        [0.0, 2.0, 0.0, 5.0],
        [1.0, 0.0, 2.0, 3.0],
        [0.0, 1.0, 0.0, 6.0]
    ];
    let new_mail = array![
        [2.0, 0.0, 1.0, 1.0],
        [0.0, 0.0, 0.0, 0.0],
        [0.0, 3.0, 0.0, 2.0]
    ];
    let random_train = Array2::from_shape_fn((20, 10), |(_, j)| {
        if rng.gen_bool(0.15 + 0.07 * j as f64) {
            f64::from(rng.gen_range(1..5))
        } else {
            0.0
        }
    });
    let random_test = Array2::from_shape_fn((6, 10), |_| {
        if rng.gen_bool(0.4) {
            f64::from(rng.gen_range(1..4))
        } else {
            0.0
        }
    });
    let cases = vec![
        (train.clone(), train.clone(), "the 4 training emails themselves (words: free, meeting, money, the)"),
        (train, new_mail, "3 new emails, one with no known word, weighed with the training emails' document frequencies"),
        (random_train.clone(), random_train, "20 random training documents × 10 words, themselves"),
        (Array2::from_shape_fn((20, 10), |(i, j)| if (i + j) % 3 == 0 { 1.0 } else { 0.0 }), random_test, "6 random documents, document frequencies from 20 others"),
    ];
    let describe = |(train, counts, what): &(Array2<f64>, Array2<f64>, &str)| {
        format!(
            "{what}: train_counts = {}, counts = {}",
            matrix(train),
            matrix(counts)
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(train, counts, _)| learner(train, counts),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (train, counts, _) = case;
        let expected = weigh(train, counts, SKLEARN);
        if expected.shape() != got.shape() {
            let message = format!(
                "for input {} expected a {} matrix (one row per document of `counts`, one column per word), got {}",
                describe(case),
                shape(expected.shape()),
                shape(got.shape())
            );
            return Report::new(TF_IDF, Verdict::Incorrect { message });
        }
        if !Tolerance::TIGHT.matrices_close(&expected, &got) {
            let verdict = incorrect(
                &describe(case),
                &matrix(&expected),
                &matrix(&got),
                tf_idf_mistake(train, counts, &got),
            );
            return Report::new(TF_IDF, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(TF_IDF, verdict);
    }
    Report::new(
        TF_IDF,
        Verdict::Passed {
            summary: "4 inputs: training documents, new ones (one empty), and random counts; scikit-learn's smooth idf and L2 rows".into(),
        },
    )
}

fn tf_idf_mistake(train: &Array2<f64>, counts: &Array2<f64>, got: &Array2<f64>) -> Option<String> {
    if got.iter().any(|w| w.is_nan()) {
        return Some(known_mistake("a NaN: a document with no known word has length 0; leave its row at zeros instead of dividing by 0"));
    }
    let variants = [
        (Recipe { norm: None, ..SKLEARN }, known_mistake("the weights are right before the last step: divide each row by its Euclidean (L2) length, so long and short emails are comparable")),
        (Recipe { norm: Some(false), ..SKLEARN }, known_mistake("each row is divided by the sum of its weights (L1): divide by the Euclidean length, the square root of the sum of squares")),
        (Recipe { smooth: false, ..SKLEARN }, known_mistake("that is the textbook idf ln(n / df); use the smoothed ln((1 + n) / (1 + df)) + 1, which never divides by 0 and never gives a word weight 0")),
        (Recipe { natural: false, ..SKLEARN }, known_mistake("that idf uses log10: use the natural logarithm, `f64::ln`")),
        (Recipe { documents: false, ..SKLEARN }, known_mistake("document frequency counts the documents that contain a word (at least once), not the word's total count")),
    ];
    for (recipe, text) in variants {
        if Tolerance::TIGHT.matrices_close(&weigh(train, counts, recipe), got) {
            return Some(text);
        }
    }
    if Tolerance::TIGHT.matrices_close(&weigh(counts, counts, SKLEARN), got) {
        return Some(known_mistake("the document frequencies must come from `train_counts` (the training documents), not from the documents being weighed"));
    }
    None
}
