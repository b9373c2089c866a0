//! Wrong answers to math lesson 2, eigenvectors and SVD:
//! notebooks/01-math/02-eigen-and-svd.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
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
        Wrong {
            id: "math/covariance-matrix",
            what: "does not divide",
            grade: |g| checks::math::covariance_matrix(g, covariance_undivided),
            says: "looks like you did not divide at all",
        },
        Wrong {
            id: "math/covariance-matrix",
            what: "computes correlations",
            grade: |g| checks::math::covariance_matrix(g, correlation_instead),
            says: "looks like you computed correlations",
        },
        Wrong {
            id: "math/rank-k-approximation",
            what: "keeps one term too few",
            grade: |g| checks::math::rank_k_approximation(g, rank_k_one_short),
            says: "kept 1 term; keep the first k = 2 (indices 0..k)",
        },
        Wrong {
            id: "math/rank-k-approximation",
            what: "takes rows of u and columns of vt",
            grade: |g| checks::math::rank_k_approximation(g, rank_k_transposed),
            says: "looks like you took rows of u (or columns of vt)",
        },
        Wrong {
            id: "math/rank-k-approximation",
            what: "keeps the last k terms",
            grade: |g| checks::math::rank_k_approximation(g, rank_k_last_terms),
            says: "looks like you kept the last k terms",
        },
        Wrong {
            id: "math/power-iteration",
            what: "scales v by its largest entry, not its length",
            grade: |g| checks::math::power_iteration(g, power_iteration_max_scaled),
            says: "expected an eigenvector of length 1, got",
        },
        Wrong {
            id: "math/power-iteration",
            what: "never assigns the product back to v",
            grade: |g| checks::math::power_iteration(g, power_iteration_one_step),
            says: "it is not the dominant eigenvector yet",
        },
        Wrong {
            id: "math/power-iteration",
            what: "runs one round more than asked (0..=iterations)",
            grade: |g| checks::math::power_iteration(g, power_iteration_one_round_more),
            says: "got the one after 4: run exactly `iterations` rounds of multiply-and-normalise",
        },
    ]
}

pub fn power_iteration_one_round_more(a: &Array2<f64>, iterations: usize) -> (f64, Array1<f64>) {
    let mut v = Array1::<f64>::ones(a.nrows());
    v /= v.dot(&v).sqrt();
    for _ in 0..=iterations {
        v = a.dot(&v);
        v /= v.dot(&v).sqrt();
    }
    (v.dot(&a.dot(&v)), v)
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

fn centred(x: &Array2<f64>) -> Array2<f64> {
    x - &(x.sum_axis(Axis(0)) / x.nrows() as f64)
}

pub fn covariance_undivided(x: &Array2<f64>) -> Array2<f64> {
    let c = centred(x);
    c.t().dot(&c)
}

pub fn correlation_instead(x: &Array2<f64>) -> Array2<f64> {
    let c = centred(x);
    let covariance = c.t().dot(&c) / (x.nrows() as f64 - 1.0);
    let std = covariance.diag().mapv(f64::sqrt);
    Array2::from_shape_fn(covariance.dim(), |(i, j)| {
        covariance[[i, j]] / (std[i] * std[j])
    })
}

fn terms(u: &Array2<f64>, sigma: &Array1<f64>, vt: &Array2<f64>, keep: &[usize]) -> Array2<f64> {
    let mut sum = Array2::zeros((u.nrows(), vt.ncols()));
    for &i in keep {
        let column = u.column(i).insert_axis(Axis(1));
        let row = vt.row(i).insert_axis(Axis(0));
        sum = sum + column.dot(&row) * sigma[i];
    }
    sum
}

pub fn rank_k_one_short(
    u: &Array2<f64>,
    sigma: &Array1<f64>,
    vt: &Array2<f64>,
    k: usize,
) -> Array2<f64> {
    let keep: Vec<usize> = (0..k.saturating_sub(1)).collect();
    terms(u, sigma, vt, &keep)
}

pub fn rank_k_transposed(
    u: &Array2<f64>,
    sigma: &Array1<f64>,
    vt: &Array2<f64>,
    k: usize,
) -> Array2<f64> {
    let keep: Vec<usize> = (0..k).collect();
    terms(&u.t().to_owned(), sigma, &vt.t().to_owned(), &keep)
}

pub fn rank_k_last_terms(
    u: &Array2<f64>,
    sigma: &Array1<f64>,
    vt: &Array2<f64>,
    k: usize,
) -> Array2<f64> {
    let keep: Vec<usize> = (sigma.len() - k..sigma.len()).collect();
    terms(u, sigma, vt, &keep)
}

pub fn power_iteration_max_scaled(a: &Array2<f64>, iterations: usize) -> (f64, Array1<f64>) {
    let mut v = Array1::<f64>::ones(a.nrows());
    for _ in 0..iterations {
        let w = a.dot(&v);
        let largest = w.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
        v = w / largest;
    }
    (v.dot(&a.dot(&v)) / v.dot(&v), v)
}

pub fn power_iteration_one_step(a: &Array2<f64>, iterations: usize) -> (f64, Array1<f64>) {
    let v = Array1::<f64>::ones(a.nrows());
    let mut w = a.dot(&v);
    for _ in 0..iterations {
        w = a.dot(&v);
        w /= w.dot(&w).sqrt();
    }
    (w.dot(&a.dot(&w)), w)
}
