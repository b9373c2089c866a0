//! `llm/cosine-top-k`: semantic search by cosine similarity, its reference ranking and the
//! known mistakes it recognises (a dot product, the worst matches, no order).

use super::LIMIT;
use crate::checks::tensors::f32_tensor;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use tch::Tensor;

/// `llm/cosine-top-k`.
pub const COSINE_TOP_K: &str = "llm/cosine-top-k";

/// One search: a query, a corpus of `n` rows of `dim` and k.
#[derive(Debug, Clone)]
struct SearchCase {
    query: Vec<f32>,
    corpus: Vec<f32>,
    dim: usize,
    k: i64,
}

impl SearchCase {
    /// Random directions with lengths spread from 0.1 to 8, so that a long row can beat a
    /// well-aligned short one on the dot product.
    fn random<R: Rng>(rng: &mut R, n: usize, dim: usize, k: i64) -> SearchCase {
        let vector = |rng: &mut R| -> Vec<f32> {
            let scale = rng.gen_range(-2.3f32..2.1).exp();
            (0..dim)
                .map(|_| rng.gen_range(-1.0f32..1.0) * scale)
                .collect()
        };
        let query = vector(rng);
        let corpus = (0..n).flat_map(|_| vector(rng)).collect();
        SearchCase {
            query,
            corpus,
            dim,
            k,
        }
    }

    fn n(&self) -> usize {
        self.corpus.len() / self.dim
    }

    fn row(&self, i: usize) -> Vec<f64> {
        self.corpus[i * self.dim..(i + 1) * self.dim]
            .iter()
            .map(|&v| f64::from(v))
            .collect()
    }

    fn describe(&self) -> String {
        let q: Vec<f64> = self.query.iter().map(|&v| f64::from(v)).collect();
        let first = self.row(0);
        format!(
            "query = {}, corpus of shape [{}, {}] starting {}, k = {}",
            list(&q),
            self.n(),
            self.dim,
            list(&first),
            self.k
        )
    }
}

/// A scoring of the rows: the right one or a variant.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Score {
    Cosine,
    /// Raw dot products.
    Dot,
    /// Only the query scaled to length 1.
    QueryOnly,
    /// Only the rows scaled to length 1.
    RowsOnly,
    /// Cosines, the least similar first.
    Ascending,
    /// The corpus scaled column by column (axis 0), the query to length 1.
    ColumnsNormalised,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The k best (index, score) pairs under a scoring, best first.
fn ranked(case: &SearchCase, score: Score) -> Vec<(i64, f64)> {
    let q: Vec<f64> = case.query.iter().map(|&v| f64::from(v)).collect();
    let q_norm = dot(&q, &q).sqrt();
    let columns: Vec<f64> = (0..case.dim)
        .map(|d| {
            (0..case.n())
                .map(|i| case.row(i)[d].powi(2))
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    let mut scored: Vec<(i64, f64)> = (0..case.n())
        .map(|i| {
            let row = case.row(i);
            let r_norm = dot(&row, &row).sqrt();
            let raw = dot(&q, &row);
            let value = match score {
                Score::Cosine | Score::Ascending => raw / (q_norm * r_norm),
                Score::Dot => raw,
                Score::QueryOnly => raw / q_norm,
                Score::RowsOnly => raw / r_norm,
                Score::ColumnsNormalised => {
                    let scaled: Vec<f64> = row.iter().zip(&columns).map(|(v, c)| v / c).collect();
                    dot(&q, &scaled) / q_norm
                }
            };
            (i as i64, value)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    if score == Score::Ascending {
        scored.reverse();
    }
    scored.truncate(case.k as usize);
    scored
}

fn same_pairs(expected: &[(i64, f64)], got: &[(i64, f64)]) -> bool {
    expected.len() == got.len()
        && expected
            .iter()
            .zip(got)
            .all(|(e, g)| e.0 == g.0 && Tolerance::SINGLE.close(e.1, g.1))
}

fn pairs_text(pairs: &[(i64, f64)]) -> String {
    let shown: Vec<String> = pairs
        .iter()
        .map(|(i, v)| format!("({i}, {v:.4})"))
        .collect();
    format!("[{}]", shown.join(", "))
}

/// `fn cosine_top_k(query: &Tensor, corpus: &Tensor, k: i64) -> Vec<(i64, f64)>`: the k
/// rows of highest cosine similarity, best first, with their cosines.
pub fn cosine_top_k<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, i64) -> Vec<(i64, f64)> + Send + 'static,
{
    cosine_top_k_boxed(grader, Box::new(learner))
}

type SearchFn = Box<dyn Fn(&Tensor, &Tensor, i64) -> Vec<(i64, f64)> + Send>;

fn cosine_top_k_boxed(grader: &Grader, learner: SearchFn) -> Report {
    let mut rng = grader.rng(352);
    let k_random = rng.gen_range(2..7);
    let cases = vec![
        // Cosine order 2, 5, 1; dot-product order 1, 5, 0; least similar 3, 4, 0.
        SearchCase {
            query: vec![3.0, 4.0],
            corpus: vec![
                1.0, 0.0, 0.0, 10.0, 0.3, 0.4, -2.0, 1.0, 5.0, -5.0, 2.0, 2.0,
            ],
            dim: 2,
            k: 3,
        },
        SearchCase::random(&mut rng, 12, 5, 4),
        SearchCase::random(&mut rng, 30, 8, 1),
        // Every row, so the whole order counts.
        SearchCase::random(&mut rng, 7, 3, 7),
        SearchCase::random(&mut rng, 20, 16, k_random),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        SearchCase::describe,
        move |c| {
            let query = f32_tensor(&c.query, &[c.dim]);
            let corpus = f32_tensor(&c.corpus, &[c.n(), c.dim]);
            learner(&query, &corpus, c.k)
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_search(case, &got) {
            return Report::new(COSINE_TOP_K, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(COSINE_TOP_K, verdict);
    }
    Report::new(
        COSINE_TOP_K,
        Verdict::Passed {
            summary: "5 searches: the k rows of highest cosine, best first, with their cosines"
                .into(),
        },
    )
}

fn judge_search(case: &SearchCase, got: &[(i64, f64)]) -> Option<Verdict> {
    let expected = ranked(case, Score::Cosine);
    if same_pairs(&expected, got) {
        return None;
    }
    let is = |score: Score| same_pairs(&ranked(case, score), got);
    let mistake = if got.len() != expected.len() {
        Some(format!(
            "{} pairs came back: return exactly k = {}, the best first",
            got.len(),
            case.k
        ))
    } else if is(Score::Dot) {
        Some(known_mistake(
            "these are dot products, not cosines: without normalising, a long vector wins by \
             its length; divide the query and every row by their norms",
        ))
    } else if is(Score::QueryOnly) {
        Some(known_mistake(
            "only the query was normalised: the corpus rows must have length 1 too, or a long \
             row wins by its length",
        ))
    } else if is(Score::RowsOnly) {
        Some(known_mistake(
            "only the rows were normalised: the order is right but the scores are not \
             cosines until the query has length 1 too",
        ))
    } else if is(Score::Ascending) {
        Some(known_mistake(
            "these are the least similar rows: sort by cosine from the largest (topk with \
             largest = true)",
        ))
    } else if is(Score::ColumnsNormalised) {
        Some(known_mistake(
            "the corpus was normalised along axis 0 (each feature over the rows): normalise \
             each row, one sentence, to length 1 (norm over the last axis, keepdim)",
        ))
    } else {
        None
    };
    Some(incorrect(
        &case.describe(),
        &pairs_text(&expected),
        &pairs_text(got),
        mistake,
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_search_separates_cosine_from_dot_and_order() {
        let case = SearchCase {
            query: vec![3.0, 4.0],
            corpus: vec![
                1.0, 0.0, 0.0, 10.0, 0.3, 0.4, -2.0, 1.0, 5.0, -5.0, 2.0, 2.0,
            ],
            dim: 2,
            k: 3,
        };
        let order = |score| ranked(&case, score).iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(order(Score::Cosine), [2, 5, 1]);
        assert_eq!(order(Score::Dot), [1, 5, 0]);
        assert_eq!(order(Score::Ascending), [3, 4, 0]);
        assert!((ranked(&case, Score::Cosine)[0].1 - 1.0).abs() < 1e-6);
    }
}
