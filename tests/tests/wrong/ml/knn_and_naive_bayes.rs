//! Wrong answers to ml lesson 3, nearest neighbours and naive Bayes:
//! notebooks/03-ml/03-knn-and-naive-bayes.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::grade::Classifier;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "ml/nearest-centroid",
            what: "picks the farthest centroid",
            grade: |g| checks::ml::nearest_centroid(g, FarthestCentroid::fit),
            says: "expected classes [0, 1, 2, 1], got [1, 0, 1, 0]: looks like you picked the farthest centroid",
        },
        Wrong {
            id: "ml/knn-predict",
            what: "ignores k",
            grade: |g| checks::ml::knn_predict(g, knn_one_neighbour),
            says: "looks like you used only the nearest neighbour: let the 3 nearest vote",
        },
        Wrong {
            id: "ml/knn-predict",
            what: "measures Manhattan distance",
            grade: |g| checks::ml::knn_predict(g, knn_manhattan),
            says: "expected classes [1, 0], got [0, 0]: looks like you measured Manhattan distance",
        },
        Wrong {
            id: "ml/knn-predict",
            what: "gives a tied vote to the higher class (max_by_key keeps the last maximum)",
            grade: |g| checks::ml::knn_predict(g, knn_ties_to_higher_class),
            says: "looks like the tie went to the higher class",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "does not normalise the rows",
            grade: |g| checks::ml::tf_idf(g, tf_idf_unnormalised),
            says: "divide each row by its Euclidean (L2) length",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "learns the idf from the documents being weighed",
            grade: |g| checks::ml::tf_idf(g, tf_idf_idf_from_counts),
            says: "the document frequencies must come from `train_counts`",
        },
        Wrong {
            id: "ml/knn-predict",
            what: "votes among the farthest rows",
            grade: |g| checks::ml::knn_predict(g, knn_farthest),
            says: "looks like you took the farthest rows",
        },
        Wrong {
            id: "ml/nearest-centroid",
            what: "keeps each class's sum as its centroid",
            grade: |g| checks::ml::nearest_centroid(g, SumCentroid::fit),
            says: "looks like your centroids are sums",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "uses the textbook idf ln(n / df)",
            grade: |g| checks::ml::tf_idf(g, tf_idf_textbook_idf),
            says: "that is the textbook idf ln(n / df)",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "divides every row by its length, even a zero one",
            grade: |g| checks::ml::tf_idf(g, tf_idf_unguarded),
            says: "a NaN: a document with no known word has length 0",
        },
        Wrong {
            id: "ml/knn-predict",
            what: "predicts the training rows",
            grade: |g| checks::ml::knn_predict(g, knn_on_training_rows),
            says: "looks like you predicted the training rows",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "divides each row by its sum (L1)",
            grade: |g| checks::ml::tf_idf(g, |t, c| tf_idf_variant(t, c, Variant::L1Rows)),
            says: "each row is divided by the sum of its weights (L1)",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "takes log10 in the idf",
            grade: |g| checks::ml::tf_idf(g, |t, c| tf_idf_variant(t, c, Variant::Log10)),
            says: "that idf uses log10: use the natural logarithm",
        },
        Wrong {
            id: "ml/tf-idf",
            what: "counts a word's occurrences as its document frequency",
            grade: |g| checks::ml::tf_idf(g, |t, c| tf_idf_variant(t, c, Variant::TotalCounts)),
            says: "document frequency counts the documents that contain a word",
        },
    ]
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

pub fn knn_one_neighbour(
    train: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    test: ArrayView2<'_, f64>,
    _k: usize,
) -> Array1<usize> {
    solutions::ml::knn_predict::knn_predict(train, labels, test, 1)
}

/// `distance` between two rows, the k nearest, and `vote` over their classes' tallies.
fn knn_with(
    train: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    test: ArrayView2<'_, f64>,
    k: usize,
    distance: fn(ArrayView1<'_, f64>, ArrayView1<'_, f64>) -> f64,
    vote: fn(&[usize]) -> usize,
) -> Array1<usize> {
    let classes = labels.iter().max().map_or(0, |m| m + 1);
    test.rows()
        .into_iter()
        .map(|row| {
            let mut near: Vec<(f64, usize)> = train
                .rows()
                .into_iter()
                .zip(labels)
                .map(|(other, &class)| (distance(other, row), class))
                .collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut votes = vec![0; classes];
            for &(_, class) in near.iter().take(k) {
                votes[class] += 1;
            }
            vote(&votes)
        })
        .collect()
}

fn lowest_of_the_most(votes: &[usize]) -> usize {
    (0..votes.len()).fold(0, |best, c| if votes[c] > votes[best] { c } else { best })
}

pub fn knn_manhattan(
    train: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    test: ArrayView2<'_, f64>,
    k: usize,
) -> Array1<usize> {
    let manhattan = |a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>| (&a - &b).mapv(f64::abs).sum();
    knn_with(train, labels, test, k, manhattan, lowest_of_the_most)
}

pub fn knn_ties_to_higher_class(
    train: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    test: ArrayView2<'_, f64>,
    k: usize,
) -> Array1<usize> {
    let highest_of_the_most =
        |votes: &[usize]| (0..votes.len()).max_by_key(|&c| votes[c]).unwrap_or(0);
    knn_with(
        train,
        labels,
        test,
        k,
        super::squared_distance,
        highest_of_the_most,
    )
}

pub fn tf_idf_unnormalised(train_counts: &Array2<f64>, counts: &Array2<f64>) -> Array2<f64> {
    let n = train_counts.nrows() as f64;
    let df = train_counts.map_axis(Axis(0), |w| w.iter().filter(|&&c| c > 0.0).count() as f64);
    counts * &df.mapv(|d| ((1.0 + n) / (1.0 + d)).ln() + 1.0)
}

pub fn tf_idf_idf_from_counts(_train_counts: &Array2<f64>, counts: &Array2<f64>) -> Array2<f64> {
    solutions::ml::tf_idf::tf_idf(counts, counts)
}

pub fn knn_farthest(
    train: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    test: ArrayView2<'_, f64>,
    k: usize,
) -> Array1<usize> {
    let farthest_first =
        |a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>| -super::squared_distance(a, b);
    knn_with(train, labels, test, k, farthest_first, lowest_of_the_most)
}

/// Class sums where the means belong, then the nearest of them.
pub struct SumCentroid(Array2<f64>);

impl Classifier for SumCentroid {
    fn fit(records: ArrayView2<'_, f64>, targets: ArrayView1<'_, usize>) -> Self {
        let classes = targets.iter().max().map_or(0, |m| m + 1);
        let mut sums = Array2::zeros((classes, records.ncols()));
        for (row, &class) in records.rows().into_iter().zip(targets) {
            let mut sum = sums.row_mut(class);
            sum += &row;
        }
        SumCentroid(sums)
    }

    fn predict(&self, records: ArrayView2<'_, f64>) -> Array1<usize> {
        let nearest = |row: ArrayView1<'_, f64>| {
            let distances = self
                .0
                .rows()
                .into_iter()
                .map(|c| (&c - &row).mapv(|d| d * d).sum());
            distances
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(0, |(class, _)| class)
        };
        records.rows().into_iter().map(nearest).collect()
    }
}

pub fn tf_idf_textbook_idf(train_counts: &Array2<f64>, counts: &Array2<f64>) -> Array2<f64> {
    let n = train_counts.nrows() as f64;
    let df = train_counts.map_axis(Axis(0), |w| w.iter().filter(|&&c| c > 0.0).count() as f64);
    let mut weighted = counts * &df.mapv(|d| (n / d).ln());
    for mut row in weighted.rows_mut() {
        let length = row.dot(&row).sqrt();
        if length > 0.0 {
            row /= length;
        }
    }
    weighted
}

pub fn tf_idf_unguarded(train_counts: &Array2<f64>, counts: &Array2<f64>) -> Array2<f64> {
    let mut weights = solutions::ml::tf_idf::tf_idf(train_counts, counts);
    for mut row in weights.rows_mut() {
        let length = row.dot(&row).sqrt();
        row /= length;
    }
    weights
}

pub fn knn_on_training_rows(
    train: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    _test: ArrayView2<'_, f64>,
    k: usize,
) -> Array1<usize> {
    knn_with(
        train,
        labels,
        train,
        k,
        super::squared_distance,
        lowest_of_the_most,
    )
}

/// One slip in scikit-learn's tf-idf (smooth idf, L2 rows).
#[derive(PartialEq)]
pub enum Variant {
    L1Rows,
    Log10,
    TotalCounts,
}

pub fn tf_idf_variant(
    train_counts: &Array2<f64>,
    counts: &Array2<f64>,
    slip: Variant,
) -> Array2<f64> {
    let n = train_counts.nrows() as f64;
    let df = train_counts.map_axis(Axis(0), |w| {
        if slip == Variant::TotalCounts {
            w.sum()
        } else {
            w.iter().filter(|&&c| c > 0.0).count() as f64
        }
    });
    let log = |v: f64| {
        if slip == Variant::Log10 {
            v.log10()
        } else {
            v.ln()
        }
    };
    let mut weighted = counts * &df.mapv(|d| log((1.0 + n) / (1.0 + d)) + 1.0);
    for mut row in weighted.rows_mut() {
        let length = if slip == Variant::L1Rows {
            row.sum()
        } else {
            row.dot(&row).sqrt()
        };
        if length > 0.0 {
            row /= length;
        }
    }
    weighted
}
