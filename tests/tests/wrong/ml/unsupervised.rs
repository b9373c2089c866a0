//! Wrong answers to ml lesson 6, unsupervised learning:
//! notebooks/03-ml/06-unsupervised.ipynb.

use super::squared_distance;
use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
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
            id: "ml/kmeans-assign",
            what: "measures Manhattan distance",
            grade: |g| checks::ml::kmeans_assign(g, assign_manhattan),
            says: "looks like you used the sum of absolute differences (Manhattan distance)",
        },
        Wrong {
            id: "ml/kmeans-update",
            what: "forgets to divide the sums",
            grade: |g| checks::ml::kmeans_update(g, update_with_sums),
            says: "looks like the centroids are sums",
        },
        Wrong {
            id: "ml/inertia",
            what: "adds up distances, not squared distances",
            grade: |g| checks::ml::inertia(g, inertia_of_distances),
            says: "looks like you added up distances",
        },
        Wrong {
            id: "ml/inertia",
            what: "measures to the nearest centroid, not the labelled one",
            grade: |g| checks::ml::inertia(g, inertia_to_nearest),
            says: "looks like you measured each row to its nearest centroid",
        },
        Wrong {
            id: "ml/kmeans-update",
            what: "sets an empty cluster's centroid to 0",
            grade: |g| checks::ml::kmeans_update(g, update_emptying_to_zero),
            says: "the empty cluster's centroid became 0",
        },
        Wrong {
            id: "ml/kmeans-update",
            what: "returns the old centroids",
            grade: |g| checks::ml::kmeans_update(g, update_unchanged),
            says: "the centroids did not change",
        },
        Wrong {
            id: "ml/kmeans-assign",
            what: "numbers the clusters from 1",
            grade: |g| checks::ml::kmeans_assign(g, assign_from_one),
            says: "cluster numbers are row indices into `centroids`: 0 to",
        },
        Wrong {
            id: "ml/kmeans-assign",
            what: "starts the best distance at 0, so no centroid beats it",
            grade: |g| checks::ml::kmeans_assign(g, assign_best_from_zero),
            says: "every row went to centroid 0: compare each row with every centroid",
        },
    ]
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

pub fn assign_manhattan(x: &Array2<f64>, centroids: &Array2<f64>) -> Array1<usize> {
    x.rows()
        .into_iter()
        .map(|row| {
            let distances: Vec<f64> = centroids
                .rows()
                .into_iter()
                .map(|c| (&row - &c).mapv(f64::abs).sum())
                .collect();
            (0..distances.len()).fold(0, |best, c| {
                if distances[c] < distances[best] {
                    c
                } else {
                    best
                }
            })
        })
        .collect()
}

pub fn update_with_sums(x: &Array2<f64>, labels: &Array1<usize>, old: &Array2<f64>) -> Array2<f64> {
    let mut sums = Array2::<f64>::zeros(old.dim());
    let mut counts = vec![0usize; old.nrows()];
    for (row, &label) in x.rows().into_iter().zip(labels) {
        let mut sum = sums.row_mut(label);
        sum += &row;
        counts[label] += 1;
    }
    for (c, &count) in counts.iter().enumerate() {
        if count == 0 {
            sums.row_mut(c).assign(&old.row(c));
        }
    }
    sums
}

pub fn inertia_of_distances(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    labels: &Array1<usize>,
) -> f64 {
    x.rows()
        .into_iter()
        .zip(labels)
        .map(|(row, &c)| squared_distance(row, centroids.row(c)).sqrt())
        .sum()
}

pub fn inertia_to_nearest(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    _labels: &Array1<usize>,
) -> f64 {
    x.rows()
        .into_iter()
        .map(|row| {
            centroids
                .rows()
                .into_iter()
                .map(|c| squared_distance(row, c))
                .fold(f64::INFINITY, f64::min)
        })
        .sum()
}

pub fn update_emptying_to_zero(
    x: &Array2<f64>,
    labels: &Array1<usize>,
    old: &Array2<f64>,
) -> Array2<f64> {
    let mut sums = Array2::<f64>::zeros(old.dim());
    let mut counts = vec![0usize; old.nrows()];
    for (row, &label) in x.rows().into_iter().zip(labels) {
        let mut sum = sums.row_mut(label);
        sum += &row;
        counts[label] += 1;
    }
    for (c, &count) in counts.iter().enumerate() {
        if count > 0 {
            let mut centroid = sums.row_mut(c);
            centroid /= count as f64;
        }
    }
    sums
}

pub fn update_unchanged(
    _x: &Array2<f64>,
    _labels: &Array1<usize>,
    old: &Array2<f64>,
) -> Array2<f64> {
    old.clone()
}

pub fn assign_from_one(x: &Array2<f64>, centroids: &Array2<f64>) -> Array1<usize> {
    solutions::ml::kmeans_assign::assign(x, centroids).mapv(|c| c + 1)
}

pub fn assign_best_from_zero(x: &Array2<f64>, centroids: &Array2<f64>) -> Array1<usize> {
    let labels = x.rows().into_iter().map(|row| {
        let (mut best, mut best_distance) = (0, 0.0);
        for (c, centroid) in centroids.rows().into_iter().enumerate() {
            let distance = squared_distance(row, centroid);
            if distance < best_distance {
                (best, best_distance) = (c, distance);
            }
        }
        best
    });
    labels.collect()
}
