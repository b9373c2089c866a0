//! Wrong answers to lessons 1 and 2: word-vector search, eigenvectors, covariance, SVD.

use super::super::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "math/top-k-nearest",
            what: "ranks by the dot product",
            grade: |g| checks::math::top_k_nearest(g, nearest_by_dot_product),
            says: "expected [2, 1, 4], got [2, 0, 4]: looks like you ranked by the dot product",
        },
        Wrong {
            id: "math/top-k-nearest",
            what: "sorts in ascending order",
            grade: |g| checks::math::top_k_nearest(g, least_similar_first),
            says: "these are the least similar rows",
        },
        Wrong {
            id: "math/power-iteration",
            what: "never normalises",
            grade: |g| checks::math::power_iteration(g, power_iteration_unnormalised),
            says:
                "the numbers overflowed; divide the vector by its length after every multiplication",
        },
        Wrong {
            id: "math/power-iteration",
            what: "takes the eigenvalue from the length of a·v",
            grade: |g| checks::math::power_iteration(g, power_iteration_by_length),
            says: "the sign is lost",
        },
        Wrong {
            id: "math/covariance-matrix",
            what: "forgets to centre the data",
            grade: |g| checks::math::covariance_matrix(g, covariance_uncentred),
            says: "looks like you forgot to centre",
        },
        Wrong {
            id: "math/covariance-matrix",
            what: "divides by n",
            grade: |g| checks::math::covariance_matrix(g, covariance_over_n),
            says: "looks like you divided by n = 4; the sample covariance divides by n - 1 = 3",
        },
        Wrong {
            id: "math/rank-k-approximation",
            what: "keeps k + 1 terms",
            grade: |g| checks::math::rank_k_approximation(g, rank_k_inclusive),
            says: "looks like you kept 3 terms; keep the first k = 2",
        },
        Wrong {
            id: "math/rank-k-approximation",
            what: "leaves out the singular values",
            grade: |g| checks::math::rank_k_approximation(g, rank_k_without_sigma),
            says: "the singular values are missing",
        },
    ]
}

fn ranked_by(scores: Vec<f64>, k: usize, descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        let by_score = scores[a].total_cmp(&scores[b]);
        if descending {
            by_score.reverse()
        } else {
            by_score
        }
    });
    order.truncate(k);
    order
}

pub fn nearest_by_dot_product(vectors: &Array2<f64>, query: &Array1<f64>, k: usize) -> Vec<usize> {
    ranked_by(vectors.dot(query).to_vec(), k, true)
}

pub fn least_similar_first(vectors: &Array2<f64>, query: &Array1<f64>, k: usize) -> Vec<usize> {
    let cosines = vectors
        .rows()
        .into_iter()
        .map(|row| row.dot(query) / (row.dot(&row).sqrt() * query.dot(query).sqrt()))
        .collect();
    ranked_by(cosines, k, false)
}

pub fn power_iteration_unnormalised(a: &Array2<f64>, iterations: usize) -> (f64, Array1<f64>) {
    let mut v = Array1::<f64>::ones(a.nrows());
    for _ in 0..iterations {
        v = a.dot(&v);
    }
    let eigenvalue = v.dot(&a.dot(&v)) / v.dot(&v);
    (eigenvalue, v)
}

pub fn power_iteration_by_length(a: &Array2<f64>, iterations: usize) -> (f64, Array1<f64>) {
    let mut v = Array1::<f64>::ones(a.nrows());
    v /= v.dot(&v).sqrt();
    for _ in 0..iterations {
        let next = a.dot(&v);
        v = &next / next.dot(&next).sqrt();
    }
    let av = a.dot(&v);
    (av.dot(&av).sqrt(), v)
}

pub fn covariance_uncentred(x: &Array2<f64>) -> Array2<f64> {
    x.t().dot(x) / (x.nrows() as f64 - 1.0)
}

pub fn covariance_over_n(x: &Array2<f64>) -> Array2<f64> {
    let n = x.nrows() as f64;
    let centred = x - &(x.sum_axis(Axis(0)) / n);
    centred.t().dot(&centred) / n
}

pub fn rank_k_inclusive(
    u: &Array2<f64>,
    sigma: &Array1<f64>,
    vt: &Array2<f64>,
    k: usize,
) -> Array2<f64> {
    let keep = (k + 1).min(sigma.len());
    (&u.slice(s![.., ..keep]) * &sigma.slice(s![..keep])).dot(&vt.slice(s![..keep, ..]))
}

pub fn rank_k_without_sigma(
    u: &Array2<f64>,
    _sigma: &Array1<f64>,
    vt: &Array2<f64>,
    k: usize,
) -> Array2<f64> {
    u.slice(s![.., ..k]).dot(&vt.slice(s![..k, ..]))
}
