//! Wrong answers to math lesson 1, vectors and matrices:
//! notebooks/01-math/01-vectors-and-matrices.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "math/dot-product",
            what: "adds the pairs instead of multiplying them",
            grade: |g| checks::math::dot_product(g, dot_product_adds),
            says: "for input a = [1, 2, 3], b = [4, -5, 6] expected 12, got 11: looks like you added all the numbers",
        },
        Wrong {
            id: "math/dot-product",
            what: "stops one pair early",
            grade: |g| checks::math::dot_product(g, dot_product_off_by_one),
            says: "the last pair is missing",
        },
        Wrong {
            id: "math/matmul-loops",
            what: "indexes b[[j, k]]",
            grade: |g| checks::math::matmul_loops(g, matmul_transposed_b),
            says: "looks like you read B along its rows",
        },
        Wrong {
            id: "math/cosine-similarity",
            what: "forgets the square roots",
            grade: |g| checks::math::cosine_similarity(g, cosine_without_sqrt),
            says: "divided by the squared lengths",
        },
        Wrong {
            id: "math/column-means",
            what: "averages each row",
            grade: |g| checks::math::column_means(g, row_means),
            says: "expected 3 values (one per column), got 5 (one per row): looks like you averaged over axis 1",
        },
        Wrong {
            id: "math/column-means",
            what: "sums without dividing",
            grade: |g| checks::math::column_means(g, column_sums),
            says: "summed each column but did not divide by the number of rows (5)",
        },
        Wrong {
            id: "math/column-means",
            what: "divides by n - 1, as a sample variance does",
            grade: |g| checks::math::column_means(g, column_means_over_n_minus_1),
            says: "looks like you divided by n - 1 = 4; a mean divides by n = 5",
        },
        Wrong {
            id: "math/column-means",
            what: "divides by the number of columns",
            grade: |g| checks::math::column_means(g, column_means_over_columns),
            says: "looks like you divided by the number of columns (3) instead of the number of rows (5)",
        },
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
            id: "math/matmul-loops",
            what: "computes B·A",
            grade: |g| checks::math::matmul_loops(g, matmul_reversed),
            says: "looks like you computed B·A",
        },
        Wrong {
            id: "math/cosine-similarity",
            what: "returns the dot product",
            grade: |g| checks::math::cosine_similarity(g, cosine_as_dot),
            says: "looks like you returned the dot product",
        },
        Wrong {
            id: "math/cosine-similarity",
            what: "divides by the sum of the lengths",
            grade: |g| checks::math::cosine_similarity(g, cosine_over_sum_of_lengths),
            says: "looks like you added the two lengths",
        },
        Wrong {
            id: "math/matmul-loops",
            what: "reads A down its columns",
            grade: |g| checks::math::matmul_loops(g, matmul_a_by_columns),
            says: "looks like you read A down its columns",
        },
        Wrong {
            id: "math/dot-product",
            what: "multiplies the two sums",
            grade: |g| checks::math::dot_product(g, dot_product_of_sums),
            says: "expected 12, got 30: looks like you multiplied the two sums",
        },
        Wrong {
            id: "math/dot-product",
            what: "multiplies a by itself",
            grade: |g| checks::math::dot_product(g, dot_product_with_itself),
            says: "expected 12, got 14: looks like you multiplied a vector by itself",
        },
        Wrong {
            id: "math/matmul-loops",
            what: "multiplies element by element",
            grade: |g| checks::math::matmul_loops(g, matmul_elementwise),
            says: "looks like you multiplied element by element",
        },
        Wrong {
            id: "math/cosine-similarity",
            what: "divides by a's length only",
            grade: |g| checks::math::cosine_similarity(g, cosine_over_one_length),
            says: "looks like you divided by only one vector's length",
        },
        Wrong {
            id: "math/top-k-nearest",
            what: "sorts every row but never keeps only k",
            grade: |g| checks::math::top_k_nearest(g, top_k_untruncated),
            says: "expected 3 indices, got 5: return exactly k results",
        },
        Wrong {
            id: "math/top-k-nearest",
            what: "ranks by Euclidean distance",
            grade: |g| checks::math::top_k_nearest(g, nearest_by_distance),
            says: "got [4, 1, 3]: looks like you ranked by Euclidean distance",
        },
        Wrong {
            id: "math/top-k-nearest",
            what: "sorts ascending and takes the last k",
            grade: |g| checks::math::top_k_nearest(g, top_k_last_of_ascending),
            says: "got [4, 1, 2]: the right rows in reverse order: put the most similar first",
        },
    ]
}

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

pub fn column_means_over_n_minus_1(x: &Array2<f64>) -> Array1<f64> {
    x.sum_axis(Axis(0)) / (x.nrows() as f64 - 1.0)
}

pub fn column_means_over_columns(x: &Array2<f64>) -> Array1<f64> {
    x.sum_axis(Axis(0)) / x.ncols() as f64
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

pub fn matmul_reversed(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    b.dot(a)
}

pub fn cosine_as_dot(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
    a.dot(b)
}

pub fn cosine_over_sum_of_lengths(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
    a.dot(b) / (a.dot(a).sqrt() + b.dot(b).sqrt())
}

/// Reads a[[k, i]] for a[[i, k]]; the indices are clamped so that non-square inputs do
/// not panic (the first input, square, is where the check catches it).
pub fn matmul_a_by_columns(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| {
        (0..a.ncols())
            .map(|k| a[[k.min(a.nrows() - 1), i.min(a.ncols() - 1)]] * b[[k, j]])
            .sum()
    })
}

pub fn dot_product_of_sums(a: &[f64], b: &[f64]) -> f64 {
    a.iter().sum::<f64>() * b.iter().sum::<f64>()
}

pub fn dot_product_with_itself(a: &[f64], _b: &[f64]) -> f64 {
    a.iter().map(|x| x * x).sum()
}

/// c[[i, j]] = a[[i, j]] · b[[i, j]], in the product's shape (indices clamped so that
/// rectangular inputs do not panic; the first input, square, is where the check catches it).
pub fn matmul_elementwise(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| {
        a[[i, j.min(a.ncols() - 1)]] * b[[i.min(b.nrows() - 1), j]]
    })
}

pub fn cosine_over_one_length(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
    a.dot(b) / a.dot(a).sqrt()
}

fn cosines(vectors: &Array2<f64>, query: &Array1<f64>) -> Vec<f64> {
    let query_length = query.dot(query).sqrt();
    (vectors.rows().into_iter())
        .map(|row| row.dot(query) / (row.dot(&row).sqrt() * query_length))
        .collect()
}

pub fn top_k_untruncated(vectors: &Array2<f64>, query: &Array1<f64>, _k: usize) -> Vec<usize> {
    ranked_by(cosines(vectors, query), vectors.nrows(), true)
}

pub fn nearest_by_distance(vectors: &Array2<f64>, query: &Array1<f64>, k: usize) -> Vec<usize> {
    let distances = (vectors.rows().into_iter())
        .map(|row| (&row - query).mapv(|d| d * d).sum())
        .collect();
    ranked_by(distances, k, false)
}

pub fn top_k_last_of_ascending(vectors: &Array2<f64>, query: &Array1<f64>, k: usize) -> Vec<usize> {
    let ascending = ranked_by(cosines(vectors, query), vectors.nrows(), false);
    ascending[ascending.len() - k..].to_vec()
}
