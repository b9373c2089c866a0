//! Lesson 6, unsupervised learning (notebooks/03-ml/06-unsupervised.ipynb): k-means from
//! scratch, the assignment step, the update step and the inertia.

use super::{close, random_matrix, FUNCTION_LIMIT as LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{matrix, number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2};
use rand::Rng;

fn labels_text(labels: &Array1<usize>) -> String {
    if labels.len() > 12 {
        return format!("{} labels", labels.len());
    }
    let parts: Vec<String> = labels.iter().map(usize::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// Nearest centroid per row with a chosen distance; ties go to the lower index.
fn nearest_by(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    distance: impl Fn(f64) -> f64,
    farthest: bool,
) -> Array1<usize> {
    x.rows()
        .into_iter()
        .map(|row| {
            let mut best: Option<(usize, f64)> = None;
            for (c, centroid) in centroids.rows().into_iter().enumerate() {
                let d: f64 = (&row - &centroid).mapv(&distance).sum();
                let better = match best {
                    None => true,
                    Some((_, b)) if farthest => d > b,
                    Some((_, b)) => d < b,
                };
                if better {
                    best = Some((c, d));
                }
            }
            best.map_or(0, |(c, _)| c)
        })
        .collect()
}

// ---------------------------------------------------------------------------------

/// `ml/kmeans-assign`.
pub const KMEANS_ASSIGN: &str = "ml/kmeans-assign";

/// `fn assign(x: &Array2<f64>, centroids: &Array2<f64>) -> Array1<usize>`: the nearest centroid of every row.
pub fn kmeans_assign<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array2<f64>) -> Array1<usize> + Send + 'static,
{
    kmeans_assign_boxed(grader, Box::new(learner))
}

/// A way of labelling rows, the right one or a known mistake.
type AssignRule = dyn Fn(&Array2<f64>, &Array2<f64>) -> Array1<usize>;

/// The learner's implementation, boxed so the check is compiled once.
type AssignFn = dyn Fn(&Array2<f64>, &Array2<f64>) -> Array1<usize> + Send;

fn kmeans_assign_boxed(grader: &Grader, learner: Box<AssignFn>) -> Report {
    let mut rng = grader.rng(211);
    let cases = vec![
        (
            array![[0.0, 0.0], [10.0, 10.0], [9.0, 2.0], [1.0, 8.0], [4.0, 4.5]],
            array![[0.0, 0.0], [10.0, 10.0], [10.0, 0.0]],
        ),
        // Closer to centroid 1 as the crow flies, closer to centroid 0 along the grid.
        (array![[3.0, 3.0]], array![[3.0, 0.5], [1.3, 1.3]]),
        // Exactly halfway: the lower index wins.
        (array![[1.0, 0.0]], array![[0.0, 0.0], [2.0, 0.0]]),
        (
            random_matrix(&mut rng, 40, 3),
            random_matrix(&mut rng, 4, 3),
        ),
    ];
    let describe = |(x, c): &(Array2<f64>, Array2<f64>)| {
        format!("x = {}, centroids = {}", matrix(x), matrix(c))
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, c)| learner(x, c),
    );
    let outputs = run.outputs;
    // A known mistake must give every answer the learner returned: the Manhattan case
    // alone cannot tell Manhattan distance from the farthest centroid.
    let explains_all = |rule: &AssignRule| {
        cases
            .iter()
            .zip(&outputs)
            .all(|((x, c), got)| rule(x, c) == *got)
    };
    for (case, got) in cases.iter().zip(outputs.iter().cloned()) {
        let (x, centroids) = case;
        let expected = nearest_by(x, centroids, |d| d * d, false);
        if got.len() != expected.len() {
            let mut message = format!(
                "for input {} expected {} labels (one per row of x), got {}",
                describe(case),
                expected.len(),
                got.len()
            );
            if got.len() == centroids.nrows() {
                message.push_str(": looks like you returned one value per centroid; return the nearest centroid of each row");
            }
            return Report::new(KMEANS_ASSIGN, Verdict::Incorrect { message });
        }
        if got != expected {
            let mistake = if got.iter().any(|&l| l >= centroids.nrows()) {
                Some(known_mistake(format!(
                    "cluster numbers are row indices into `centroids`: 0 to {}",
                    centroids.nrows() - 1
                )))
            } else if got == nearest_by(x, centroids, |d| d * d, true)
                && !explains_all(&|x: &Array2<f64>, c: &Array2<f64>| {
                    nearest_by(x, c, f64::abs, false)
                })
            {
                Some(known_mistake(
                    "looks like you picked the farthest centroid; pick the smallest distance",
                ))
            } else if got == nearest_by(x, centroids, f64::abs, false) {
                Some(known_mistake("looks like you used the sum of absolute differences (Manhattan distance); k-means uses the Euclidean distance, i.e. the sum of squared differences"))
            } else if got == nearest_by(x, centroids, |d| d * d, false).mapv(|_| 0) {
                Some(known_mistake(
                    "every row went to centroid 0: compare each row with every centroid",
                ))
            } else {
                None
            };
            let verdict = incorrect(
                &describe(case),
                &labels_text(&expected),
                &labels_text(&got),
                mistake,
            );
            return Report::new(KMEANS_ASSIGN, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(KMEANS_ASSIGN, verdict);
    }
    Report::new(
        KMEANS_ASSIGN,
        Verdict::Passed {
            summary: "4 inputs, including a tie and a point where Manhattan and Euclidean distances disagree".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/kmeans-update`.
pub const KMEANS_UPDATE: &str = "ml/kmeans-update";

/// `fn update(x, labels, old) -> Array2<f64>`: each centroid becomes the mean of its rows; an empty cluster keeps its old one.
pub fn kmeans_update<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array1<usize>, &Array2<f64>) -> Array2<f64> + Send + 'static,
{
    kmeans_update_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type UpdateFn = dyn Fn(&Array2<f64>, &Array1<usize>, &Array2<f64>) -> Array2<f64> + Send;

type UpdateCase = (Array2<f64>, Array1<usize>, Array2<f64>);

/// Per-cluster sums and counts.
fn sums_and_counts(x: &Array2<f64>, labels: &Array1<usize>, k: usize) -> (Array2<f64>, Vec<usize>) {
    let mut sums = Array2::zeros((k, x.ncols()));
    let mut counts = vec![0; k];
    for (row, &label) in x.rows().into_iter().zip(labels) {
        if label < k {
            let mut sum = sums.row_mut(label);
            sum += &row;
            counts[label] += 1;
        }
    }
    (sums, counts)
}

/// Means, with `empty` deciding what an empty cluster gets.
fn means_with(case: &UpdateCase, empty: impl Fn(usize) -> Array1<f64>) -> Array2<f64> {
    let (x, labels, old) = case;
    let (sums, counts) = sums_and_counts(x, labels, old.nrows());
    let mut out = Array2::zeros(old.dim());
    for (c, &count) in counts.iter().enumerate() {
        let row = if count > 0 {
            &sums.row(c) / count as f64
        } else {
            empty(c)
        };
        out.row_mut(c).assign(&row);
    }
    out
}

fn kmeans_update_boxed(grader: &Grader, learner: Box<UpdateFn>) -> Report {
    let mut rng = grader.rng(212);
    let points = array![
        [0.0, 0.0],
        [2.0, 0.0],
        [10.0, 10.0],
        [12.0, 10.0],
        [11.0, 13.0]
    ];
    let random_x = random_matrix(&mut rng, 30, 2);
    let random_labels: Array1<usize> = (0..30).map(|_| rng.gen_range(0..3)).collect();
    let cases: Vec<UpdateCase> = vec![
        (
            points.clone(),
            array![0, 0, 1, 1, 1],
            array![[1.0, 1.0], [5.0, 5.0]],
        ),
        // Cluster 2 has no rows: it keeps its old centroid.
        (
            points,
            array![1, 1, 0, 0, 0],
            array![[9.0, 9.0], [1.0, 1.0], [-5.0, 7.0]],
        ),
        // Cluster 1 holds a single row: its centroid moves onto that row.
        (
            array![[0.0, 0.0], [2.0, 0.0], [4.0, 3.0], [1.0, 1.0]],
            array![0, 0, 1, 0],
            array![[0.5, 0.5], [3.0, 3.0]],
        ),
        (random_x, random_labels, random_matrix(&mut rng, 3, 2)),
    ];
    let describe = |(x, labels, old): &UpdateCase| {
        format!(
            "x = {}, labels = {}, old centroids = {}",
            matrix(x),
            labels_text(labels),
            matrix(old)
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, labels, old)| learner(x, labels, old),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let old = &case.2;
        let expected = means_with(case, |c| old.row(c).to_owned());
        if got.shape() != expected.shape() {
            let message = format!(
                "for input {} expected a {}×{} matrix (one centroid per row of `old`), got {}×{}",
                describe(case),
                expected.nrows(),
                expected.ncols(),
                got.nrows(),
                got.ncols()
            );
            return Report::new(KMEANS_UPDATE, Verdict::Incorrect { message });
        }
        if !Tolerance::TIGHT.matrices_close(&expected, &got) {
            let (sums, counts) = sums_and_counts(&case.0, &case.1, old.nrows());
            let empty_cluster = counts.iter().position(|&n| n == 0);
            let mistake = if got.iter().any(|v| v.is_nan()) {
                Some(known_mistake("a centroid is NaN: a cluster with no rows divides 0 by 0; keep its old centroid instead"))
            } else if Tolerance::TIGHT.matrices_close(&sums, &got) || {
                // Sums, an empty cluster keeping its old centroid. (Means with an empty
                // cluster's sum, 0, are the next mistake, not this one.)
                let mut kept = sums.clone();
                for (c, _) in counts.iter().enumerate().filter(|(_, &n)| n == 0) {
                    kept.row_mut(c).assign(&old.row(c));
                }
                Tolerance::TIGHT.matrices_close(&kept, &got)
            } {
                Some(known_mistake("looks like the centroids are sums; divide each cluster's sum by its number of rows"))
            } else if empty_cluster.is_some()
                && Tolerance::TIGHT
                    .matrices_close(&means_with(case, |_| Array1::zeros(old.ncols())), &got)
            {
                Some(known_mistake("the empty cluster's centroid became 0; a cluster with no rows keeps its old centroid"))
            } else if Tolerance::TIGHT.matrices_close(old, &got) {
                Some(known_mistake("the centroids did not change: move each to the mean of the rows labelled with it"))
            } else {
                None
            };
            let verdict = incorrect(&describe(case), &matrix(&expected), &matrix(&got), mistake);
            return Report::new(KMEANS_UPDATE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(KMEANS_UPDATE, verdict);
    }
    Report::new(
        KMEANS_UPDATE,
        Verdict::Passed {
            summary: "4 updates, one with an empty cluster and one with a single-row cluster"
                .into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/inertia`.
pub const INERTIA: &str = "ml/inertia";

/// `fn inertia(x, centroids, labels) -> f64`: the sum of squared distances from each row to its centroid.
pub fn inertia<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array2<f64>, &Array1<usize>) -> f64 + Send + 'static,
{
    inertia_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type InertiaFn = dyn Fn(&Array2<f64>, &Array2<f64>, &Array1<usize>) -> f64 + Send;

type InertiaCase = (Array2<f64>, Array2<f64>, Array1<usize>);

/// Per-row squared distances to the labelled centroid.
fn squared_to_labelled((x, centroids, labels): &InertiaCase) -> Vec<f64> {
    x.rows()
        .into_iter()
        .zip(labels)
        .map(|(row, &c)| (&row - &centroids.row(c)).mapv(|d| d * d).sum())
        .collect()
}

fn inertia_boxed(grader: &Grader, learner: Box<InertiaFn>) -> Report {
    let mut rng = grader.rng(213);
    let random_x = random_matrix(&mut rng, 25, 4);
    let random_labels: Array1<usize> = (0..25).map(|_| rng.gen_range(0..3)).collect();
    let cases: Vec<InertiaCase> = vec![
        (
            array![[0.0, 0.0], [4.0, 0.0], [10.0, 10.0], [12.0, 10.0]],
            array![[2.0, 0.0], [11.0, 10.0]],
            array![0, 0, 1, 1],
        ),
        // The row is labelled with the far centroid: inertia follows the labels.
        (
            array![[0.0, 0.0]],
            array![[5.0, 0.0], [1.0, 0.0]],
            array![0],
        ),
        (random_x, random_matrix(&mut rng, 3, 4), random_labels),
    ];
    let describe = |(x, c, labels): &InertiaCase| {
        format!(
            "x = {}, centroids = {}, labels = {}",
            matrix(x),
            matrix(c),
            labels_text(labels)
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, c, labels)| learner(x, c, labels),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let squared = squared_to_labelled(case);
        let expected: f64 = squared.iter().sum();
        if !close(expected, got) {
            let n = squared.len() as f64;
            let nearest: f64 = {
                let (x, centroids, _) = case;
                let labels = nearest_by(x, centroids, |d| d * d, false);
                squared_to_labelled(&(x.clone(), centroids.clone(), labels))
                    .iter()
                    .sum()
            };
            let mistake = if close(squared.iter().map(|d| d.sqrt()).sum(), got) {
                Some(known_mistake("looks like you added up distances; inertia adds up squared distances (no square root)"))
            } else if close(expected / n, got) {
                Some(known_mistake("looks like you took the mean; inertia is the sum over all rows (linfa's `inertia()` reports the mean, scikit-learn's the sum)"))
            } else if close(nearest, got) {
                Some(known_mistake("looks like you measured each row to its nearest centroid; use the centroid its label names"))
            } else {
                None
            };
            let verdict = incorrect(&describe(case), &number(expected), &number(got), mistake);
            return Report::new(INERTIA, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(INERTIA, verdict);
    }
    Report::new(
        INERTIA,
        Verdict::Passed {
            summary: "3 clusterings, one labelled with a far centroid on purpose".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manhattan_and_euclidean_disagree_on_the_second_case() {
        let x = array![[3.0, 3.0]];
        let c = array![[3.0, 0.5], [1.3, 1.3]];
        assert_eq!(nearest_by(&x, &c, |d| d * d, false), array![1]);
        assert_eq!(nearest_by(&x, &c, f64::abs, false), array![0]);
    }

    #[test]
    fn the_reference_answers_pass() {
        let assign = |x: &Array2<f64>, c: &Array2<f64>| nearest_by(x, c, |d| d * d, false);
        assert!(kmeans_assign(&Grader::new(), assign).passed());
        let update = |x: &Array2<f64>, l: &Array1<usize>, old: &Array2<f64>| {
            let case = (x.clone(), l.clone(), old.clone());
            means_with(&case, |c| old.row(c).to_owned())
        };
        assert!(kmeans_update(&Grader::new(), update).passed());
        let total = |x: &Array2<f64>, c: &Array2<f64>, l: &Array1<usize>| -> f64 {
            squared_to_labelled(&(x.clone(), c.clone(), l.clone()))
                .iter()
                .sum()
        };
        assert!(inertia(&Grader::new(), total).passed());
    }
}
