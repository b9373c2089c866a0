//! Lesson 1, vectors and matrices (notebooks/01-math/01-vectors-and-matrices.ipynb):
//! the dot product, matrix multiplication with loops, column means, cosine similarity
//! and a nearest-word search by cosine.

use super::{close_to, random_matrix, random_vec, LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, matrix, number, shape, vector, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2, Axis};

// ---------------------------------------------------------------------------------

/// `math/dot-product`.
pub const DOT_PRODUCT: &str = "math/dot-product";

/// `fn dot_product(a: &[f64], b: &[f64]) -> f64`: Σ a[i]·b[i].
pub fn dot_product<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], &[f64]) -> f64 + Send + 'static,
{
    dot_product_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type DotProductFn = dyn Fn(&[f64], &[f64]) -> f64 + Send;

/// The body of [`dot_product`], compiled once here rather than in every learner's crate.
fn dot_product_boxed(grader: &Grader, learner: Box<DotProductFn>) -> Report {
    let mut rng = grader.rng(1);
    let cases = vec![
        (vec![1.0, 2.0, 3.0], vec![4.0, -5.0, 6.0]),
        (vec![2.0], vec![-3.0]),
        (vec![1.0, 0.0, -1.0, 0.5], vec![0.5, 2.0, 3.0, -4.0]),
        (vec![], vec![]),
        (random_vec(&mut rng, 100), random_vec(&mut rng, 100)),
    ];
    let describe = |(a, b): &(Vec<f64>, Vec<f64>)| format!("a = {}, b = {}", list(a), list(b));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(a, b)| learner(a, b),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (a, b) = case;
        let expected: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        if !Tolerance::TIGHT.close(expected, got) {
            let verdict = incorrect(
                &describe(case),
                &number(expected),
                &number(got),
                dot_product_mistake(a, b, got),
            );
            return Report::new(DOT_PRODUCT, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(DOT_PRODUCT, verdict);
    }
    Report::new(
        DOT_PRODUCT,
        Verdict::Passed {
            summary: "5 inputs, from empty vectors to 100 elements".into(),
        },
    )
}

fn dot_product_mistake(a: &[f64], b: &[f64], got: f64) -> Option<String> {
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f64>();
    let n = a.len();
    if close_to(got, sum(a) + sum(b)) {
        Some(known_mistake("looks like you added all the numbers; multiply matching elements (a[i] * b[i]) first, then add up those products"))
    } else if close_to(got, sum(a) * sum(b)) {
        Some(known_mistake("looks like you multiplied the two sums; multiply matching elements first, then add up the products"))
    } else if n >= 2 && close_to(got, dot(&a[..n - 1], &b[..n - 1])) {
        Some(known_mistake(
            "the last pair is missing: loop over 0..a.len(), not 0..a.len() - 1",
        ))
    } else if close_to(got, dot(a, a)) || close_to(got, dot(b, b)) {
        Some(known_mistake(
            "looks like you multiplied a vector by itself; pair a[i] with b[i]",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/matmul-loops`.
pub const MATMUL_LOOPS: &str = "math/matmul-loops";

/// `fn matmul(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64>`: C[i][j] = Σₖ A[i][k]·B[k][j].
pub fn matmul_loops<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array2<f64>) -> Array2<f64> + Send + 'static,
{
    matmul_loops_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type MatmulLoopsFn = dyn Fn(&Array2<f64>, &Array2<f64>) -> Array2<f64> + Send;

/// The body of [`matmul_loops`], compiled once here rather than in every learner's crate.
fn matmul_loops_boxed(grader: &Grader, learner: Box<MatmulLoopsFn>) -> Report {
    let mut rng = grader.rng(2);
    // Square, non-symmetric inputs first: there, swapped or transposed operands give
    // answers of the right shape but the wrong values, which can be diagnosed.
    let cases = vec![
        (
            array![[2.0, 0.0], [1.0, 3.0]],
            array![[1.0, 4.0], [2.0, 5.0]],
        ),
        (
            array![[1.0, 2.0], [3.0, 4.0]],
            array![[0.0, 1.0], [1.0, 0.0]],
        ),
        (
            array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
            array![[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]],
        ),
        (array![[1.0, 2.0, 3.0]], array![[4.0], [5.0], [6.0]]),
        (random_matrix(&mut rng, 5, 4), random_matrix(&mut rng, 4, 3)),
    ];
    let describe =
        |(a, b): &(Array2<f64>, Array2<f64>)| format!("A = {}, B = {}", matrix(a), matrix(b));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(a, b)| learner(a, b),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (a, b) = case;
        let expected = a.dot(b);
        if expected.shape() != got.shape() {
            let message = format!(
                "for input {} expected a {} result (rows of A × columns of B), got {}",
                describe(case),
                shape(expected.shape()),
                shape(got.shape())
            );
            return Report::new(MATMUL_LOOPS, Verdict::Incorrect { message });
        }
        if !Tolerance::TIGHT.matrices_close(&expected, &got) {
            let verdict = incorrect(
                &describe(case),
                &matrix(&expected),
                &matrix(&got),
                matmul_mistake(a, b, &got),
            );
            return Report::new(MATMUL_LOOPS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(MATMUL_LOOPS, verdict);
    }
    Report::new(
        MATMUL_LOOPS,
        Verdict::Passed {
            summary: "5 products, square and rectangular".into(),
        },
    )
}

fn matmul_mistake(a: &Array2<f64>, b: &Array2<f64>, got: &Array2<f64>) -> Option<String> {
    let square = a.is_square() && b.is_square() && a.shape() == b.shape();
    if !square {
        return None;
    }
    if Tolerance::TIGHT.matrices_close(&b.dot(a), got) {
        Some(known_mistake("looks like you computed B·A; the order matters: result[[i, j]] adds up a[[i, k]] * b[[k, j]] over k"))
    } else if Tolerance::TIGHT.matrices_close(&(a * b), got) {
        Some(known_mistake("looks like you multiplied element by element; a matrix product adds up a[[i, k]] * b[[k, j]] over k"))
    } else if Tolerance::TIGHT.matrices_close(&a.dot(&b.t()), got) {
        Some(known_mistake("looks like you read B along its rows (b[[j, k]]); the inner index k runs down B's column: b[[k, j]]"))
    } else if Tolerance::TIGHT.matrices_close(&a.t().dot(b), got) {
        Some(known_mistake("looks like you read A down its columns (a[[k, i]]); the inner index k runs along A's row: a[[i, k]]"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/cosine-similarity`.
pub const COSINE_SIMILARITY: &str = "math/cosine-similarity";

/// `fn cosine_similarity(a: &Array1<f64>, b: &Array1<f64>) -> f64`: a·b / (‖a‖·‖b‖).
pub fn cosine_similarity<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>, &Array1<f64>) -> f64 + Send + 'static,
{
    cosine_similarity_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type CosineSimilarityFn = dyn Fn(&Array1<f64>, &Array1<f64>) -> f64 + Send;

/// The body of [`cosine_similarity`], compiled once here rather than in every learner's crate.
fn cosine_similarity_boxed(grader: &Grader, learner: Box<CosineSimilarityFn>) -> Report {
    let mut rng = grader.rng(3);
    let cases: Vec<(Array1<f64>, Array1<f64>)> = vec![
        (array![3.0, 4.0], array![4.0, 3.0]),
        (array![1.0, 0.0], array![0.0, 1.0]),
        (array![1.0, 2.0, 3.0], array![2.0, 4.0, 6.0]),
        (array![1.0, 2.0, 3.0], array![-1.0, -2.0, -3.0]),
        (array![0.5, -1.5, 2.0, 4.0], array![1.0, 1.0, -2.0, 0.5]),
        (
            Array1::from(random_vec(&mut rng, 50)),
            Array1::from(random_vec(&mut rng, 50)),
        ),
    ];
    let describe =
        |(a, b): &(Array1<f64>, Array1<f64>)| format!("a = {}, b = {}", vector(a), vector(b));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(a, b)| learner(a, b),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (a, b) = case;
        let expected = a.dot(b) / (a.dot(a).sqrt() * b.dot(b).sqrt());
        if !Tolerance::TIGHT.close(expected, got) {
            let verdict = incorrect(
                &describe(case),
                &number(expected),
                &number(got),
                cosine_mistake(a, b, got),
            );
            return Report::new(COSINE_SIMILARITY, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(COSINE_SIMILARITY, verdict);
    }
    Report::new(
        COSINE_SIMILARITY,
        Verdict::Passed {
            summary: "6 pairs: orthogonal, parallel, opposite and random".into(),
        },
    )
}

fn cosine_mistake(a: &Array1<f64>, b: &Array1<f64>, got: f64) -> Option<String> {
    let dot = a.dot(b);
    let (na, nb) = (a.dot(a).sqrt(), b.dot(b).sqrt());
    if got.is_nan() {
        Some("got NaN: look for a division by zero or the square root of a negative number".into())
    } else if close_to(got, dot) {
        Some(known_mistake("looks like you returned the dot product; divide it by the lengths of both vectors (‖a‖·‖b‖)"))
    } else if close_to(got, dot / (na * na * nb * nb)) {
        Some(known_mistake("looks like you divided by the squared lengths; a vector's length is the square root of its dot product with itself"))
    } else if close_to(got, dot / na) || close_to(got, dot / nb) {
        Some(known_mistake(
            "looks like you divided by only one vector's length; divide by the product of both",
        ))
    } else if close_to(got, dot / (na + nb)) {
        Some(known_mistake(
            "looks like you added the two lengths; divide by their product",
        ))
    } else if got.abs() > 1.0 + 1e-9 {
        Some("a cosine is always between -1 and 1, so something is not normalised".into())
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/column-means`.
pub const COLUMN_MEANS: &str = "math/column-means";

/// `fn column_means(x: &Array2<f64>) -> Array1<f64>`: the mean of each column (feature).
pub fn column_means<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>) -> Array1<f64> + Send + 'static,
{
    column_means_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ColumnMeansFn = dyn Fn(&Array2<f64>) -> Array1<f64> + Send;

/// The body of [`column_means`], compiled once here rather than in every learner's crate.
fn column_means_boxed(grader: &Grader, learner: Box<ColumnMeansFn>) -> Report {
    let mut rng = grader.rng(4);
    // Rows are people; columns are height (cm), weight (kg) and age (years). Five rows
    // and three columns: dividing by n - 1 = 4 and by the number of columns (3) differ.
    let people = array![
        [170.0, 65.0, 30.0],
        [180.0, 80.0, 40.0],
        [160.0, 55.0, 20.0],
        [175.0, 72.0, 50.0],
        [165.0, 68.0, 35.0]
    ];
    let cases = vec![
        people,
        array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]],
        array![[2.0, -1.0, 0.5, 7.0, 3.0]],
        random_matrix(&mut rng, 20, 4),
    ];
    let describe = |x: &Array2<f64>| {
        format!(
            "x = {} ({} rows × {} columns)",
            matrix(x),
            x.nrows(),
            x.ncols()
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |x| {
        learner(x)
    });
    for (x, got) in cases.iter().zip(run.outputs) {
        let expected = x.sum_axis(Axis(0)) / x.nrows() as f64;
        if expected.len() != got.len() {
            let mut message = format!(
                "for input {} expected {} values (one per column), got {}",
                describe(x),
                expected.len(),
                got.len()
            );
            if got.len() == x.nrows() {
                message.push_str(
                    " (one per row): looks like you averaged over axis 1 (along each row) instead of axis 0 \
                     (down each column); use x.mean_axis(Axis(0)) or loop over columns",
                );
            }
            return Report::new(COLUMN_MEANS, Verdict::Incorrect { message });
        }
        if !Tolerance::TIGHT.all_close(&expected.to_vec(), &got.to_vec()) {
            let verdict = incorrect(
                &describe(x),
                &vector(&expected),
                &vector(&got),
                column_means_mistake(x, &got),
            );
            return Report::new(COLUMN_MEANS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(COLUMN_MEANS, verdict);
    }
    Report::new(
        COLUMN_MEANS,
        Verdict::Passed {
            summary: "4 matrices, including a single row".into(),
        },
    )
}

fn column_means_mistake(x: &Array2<f64>, got: &Array1<f64>) -> Option<String> {
    let like =
        |candidate: Array1<f64>| Tolerance::TIGHT.all_close(&candidate.to_vec(), &got.to_vec());
    let sums = x.sum_axis(Axis(0));
    let (rows, cols) = (x.nrows() as f64, x.ncols() as f64);
    if like(x.sum_axis(Axis(1)) / cols) {
        Some(known_mistake("looks like you averaged over axis 1 (along each row) instead of axis 0 (down each column)"))
    } else if like(sums.clone()) {
        Some(known_mistake(format!(
            "looks like you summed each column but did not divide by the number of rows ({rows})"
        )))
    } else if rows > 1.0 && like(&sums / (rows - 1.0)) {
        Some(known_mistake(format!(
            "looks like you divided by n - 1 = {}; a mean divides by n = {rows}",
            rows - 1.0
        )))
    } else if like(&sums / cols) {
        Some(known_mistake(format!("looks like you divided by the number of columns ({cols}) instead of the number of rows ({rows})")))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/top-k-nearest`.
pub const TOP_K_NEAREST: &str = "math/top-k-nearest";

/// One search: the stored vectors, the query and how many results.
#[derive(Debug, Clone)]
struct Search {
    vectors: Array2<f64>,
    query: Array1<f64>,
    k: usize,
}

/// `fn top_k_nearest(vectors: &Array2<f64>, query: &Array1<f64>, k: usize) -> Vec<usize>`:
/// the `k` rows with the largest cosine similarity to `query`, most similar first.
pub fn top_k_nearest<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array1<f64>, usize) -> Vec<usize> + Send + 'static,
{
    top_k_nearest_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type TopKNearestFn = dyn Fn(&Array2<f64>, &Array1<f64>, usize) -> Vec<usize> + Send;

/// The body of [`top_k_nearest`], compiled once here rather than in every learner's crate.
fn top_k_nearest_boxed(grader: &Grader, learner: Box<TopKNearestFn>) -> Report {
    let mut rng = grader.rng(6);
    // Chosen so that ranking by cosine, by dot product, by distance and by least
    // similarity all give different answers.
    let mixed = array![
        [3.0, 4.0],
        [0.2, 0.05],
        [10.0, 1.0],
        [-1.0, 0.5],
        [1.1, -0.3]
    ];
    let random = random_matrix(&mut rng, 200, 10);
    let query = &random.row(17) + &random.row(90);
    let cases = vec![
        Search {
            vectors: mixed.clone(),
            query: array![1.0, 0.0],
            k: 3,
        },
        Search {
            vectors: mixed,
            query: array![0.0, 2.0],
            k: 1,
        },
        Search {
            query: random.row(42).to_owned(),
            vectors: random.clone(),
            k: 5,
        },
        Search {
            vectors: random,
            query,
            k: 10,
        },
    ];
    let describe = |c: &Search| {
        format!(
            "vectors = {} ({} rows), query = {}, k = {}",
            matrix(&c.vectors),
            c.vectors.nrows(),
            vector(&c.query),
            c.k
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        learner(&c.vectors, &c.query, c.k)
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        let cosines = cosines(&case.vectors, &case.query);
        let expected = ranked(&cosines, case.k, true);
        if got != expected {
            let verdict = incorrect(
                &describe(case),
                &format!("{expected:?}"),
                &format!("{got:?}"),
                top_k_mistake(case, &cosines, &got),
            );
            return Report::new(TOP_K_NEAREST, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(TOP_K_NEAREST, verdict);
    }
    Report::new(
        TOP_K_NEAREST,
        Verdict::Passed {
            summary: "4 searches: 2-D vectors where length misleads, and 200 random 10-D vectors"
                .into(),
        },
    )
}

/// The cosine similarity of every row with the query.
fn cosines(vectors: &Array2<f64>, query: &Array1<f64>) -> Vec<f64> {
    let query_length = query.dot(query).sqrt();
    vectors
        .rows()
        .into_iter()
        .map(|row| row.dot(query) / (row.dot(&row).sqrt() * query_length))
        .collect()
}

/// The indices of the `k` highest (or lowest) scores, best first.
fn ranked(scores: &[f64], k: usize, highest_first: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        let by_score = scores[a].total_cmp(&scores[b]);
        if highest_first {
            by_score.reverse()
        } else {
            by_score
        }
    });
    order.truncate(k);
    order
}

fn top_k_mistake(case: &Search, cosines: &[f64], got: &[usize]) -> Option<String> {
    let k = case.k;
    let dots: Vec<f64> = case
        .vectors
        .rows()
        .into_iter()
        .map(|r| r.dot(&case.query))
        .collect();
    let distances: Vec<f64> = case
        .vectors
        .rows()
        .into_iter()
        .map(|r| (&r - &case.query).mapv(|d| d * d).sum())
        .collect();
    let expected = ranked(cosines, k, true);
    if got.len() != k {
        return Some(known_mistake(format!(
            "expected {k} indices, got {}: return exactly k results",
            got.len()
        )));
    }
    if got == ranked(&dots, k, true) {
        Some(known_mistake("looks like you ranked by the dot product: long vectors win even when they point elsewhere; divide by both lengths (cosine similarity)"))
    } else if got == ranked(&distances, k, false) {
        Some(known_mistake("looks like you ranked by Euclidean distance; rank by cosine similarity, which compares directions only"))
    } else if got == ranked(cosines, k, false) {
        Some(known_mistake("these are the least similar rows: sort by similarity in descending order (b.total_cmp(a))"))
    } else if got.iter().rev().copied().eq(expected.iter().copied()) {
        Some(known_mistake(
            "the right rows in reverse order: put the most similar first",
        ))
    } else {
        let mut sorted_got = got.to_vec();
        let mut sorted_expected = expected.clone();
        sorted_got.sort_unstable();
        sorted_expected.sort_unstable();
        (sorted_got == sorted_expected).then(|| {
            "the right rows, but not most similar first: sort by similarity, descending".into()
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checks::incorrect_message as message;

    #[test]
    fn dot_product_accepts_a_right_answer_and_names_mistakes() {
        let grader = Grader::new();
        let right = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
        assert!(dot_product(&grader, right).passed());
        let added = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x + y).sum::<f64>();
        let text = message(dot_product(&grader, added));
        assert!(
            text.starts_with("for input a = [1, 2, 3], b = [4, -5, 6] expected 12, got 11"),
            "{text}"
        );
        assert!(text.contains("added all the numbers"), "{text}");
        assert_eq!(
            dot_product(&grader, |_: &[f64], _: &[f64]| -> f64 { todo!() }).verdict,
            Verdict::NotAttempted
        );
    }

    #[test]
    fn matmul_recognises_swapped_operands() {
        let grader = Grader::new();
        assert!(matmul_loops(&grader, |a: &Array2<f64>, b: &Array2<f64>| a.dot(b)).passed());
        let text = message(matmul_loops(&grader, |a: &Array2<f64>, b: &Array2<f64>| {
            b.dot(a)
        }));
        assert!(text.contains("computed B·A"), "{text}");
    }

    #[test]
    fn column_means_recognises_the_wrong_axis() {
        let grader = Grader::new();
        let right = |x: &Array2<f64>| x.mean_axis(Axis(0)).unwrap();
        assert!(column_means(&grader, right).passed());
        let text = message(column_means(&grader, |x: &Array2<f64>| {
            x.mean_axis(Axis(1)).unwrap()
        }));
        assert!(
            text.contains("got 5 (one per row): looks like you averaged over axis 1"),
            "{text}"
        );
    }

    #[test]
    fn cosine_similarity_names_a_missing_normalisation() {
        let grader = Grader::new();
        let text = message(cosine_similarity(
            &grader,
            |a: &Array1<f64>, b: &Array1<f64>| a.dot(b),
        ));
        assert!(
            text.starts_with("for input a = [3, 4], b = [4, 3] expected 0.96, got 24"),
            "{text}"
        );
        assert!(text.contains("returned the dot product"), "{text}");
    }
}
