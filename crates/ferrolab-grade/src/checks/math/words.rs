//! Stage `math`, lesson 1 (vectors and matrices): searching word vectors.
//! Re-exported from [`super`], so the id maps to `checks::math::top_k_nearest`.

use super::{random_matrix, LIMIT};
use crate::checks::incorrect;
use crate::compare::{matrix, vector};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2};

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
        return Some(format!(
            "expected {k} indices, got {}: return exactly k results",
            got.len()
        ));
    }
    if got == ranked(&dots, k, true) {
        Some("looks like you ranked by the dot product: long vectors win even when they point elsewhere; divide by both lengths (cosine similarity)".into())
    } else if got == ranked(&distances, k, false) {
        Some("looks like you ranked by Euclidean distance; rank by cosine similarity, which compares directions only".into())
    } else if got == ranked(cosines, k, false) {
        Some("these are the least similar rows: sort by similarity in descending order (b.total_cmp(a))".into())
    } else if got.iter().rev().copied().eq(expected.iter().copied()) {
        Some("the right rows in reverse order: put the most similar first".into())
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
