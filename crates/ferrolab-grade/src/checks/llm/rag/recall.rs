//! `llm/recall-at-k`: the recall check, its set-based reference and the known mistakes it
//! recognises.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::BTreeSet;

/// `llm/recall-at-k`.
pub const RECALL_AT_K: &str = "llm/recall-at-k";

#[derive(Debug, Clone)]
struct RecallCase {
    ranked: Vec<Vec<usize>>,
    relevant: Vec<Vec<usize>>,
    k: usize,
}

impl RecallCase {
    fn describe(&self) -> String {
        let questions: Vec<String> = self
            .ranked
            .iter()
            .zip(&self.relevant)
            .take(4)
            .map(|(r, g)| format!("ranked {r:?} relevant {g:?}"))
            .collect();
        let uneven = self.ranked.len() != self.relevant.len();
        let more = if uneven || self.ranked.len() > 4 {
            format!(
                "; … {} rankings, {} relevant lists",
                self.ranked.len(),
                self.relevant.len()
            )
        } else {
            String::new()
        };
        format!("k = {}, {}{more}", self.k, questions.join("; "))
    }

    /// A seeded set of `n` questions over `chunks` chunk ids, rankings of 8 ids.
    fn random(rng: &mut impl Rng, n: usize, chunks: usize, k: usize) -> Self {
        let mut ranked = Vec::new();
        let mut relevant = Vec::new();
        for q in 0..n {
            let mut ids: Vec<usize> = (0..chunks).collect();
            ids.shuffle(rng);
            ids.truncate(8);
            // Two relevant chunks, the first at varied ranks (first, just past k, anywhere,
            // never returned), the second ranked only for every third question.
            let first = match q % 4 {
                0 => ids[0],
                1 => ids[k.min(7)],
                2 => ids[rng.gen_range(0..8)],
                // A relevant chunk the retriever never returned.
                _ => chunks + q,
            };
            let second = if q % 3 == 0 {
                ids[1]
            } else {
                first + 2 * chunks
            };
            ranked.push(ids);
            relevant.push(vec![first, second]);
        }
        Self {
            ranked,
            relevant,
            k,
        }
    }
}

/// The rankings of the first recall case, where every known mistake gives its own value.
fn first_recall_ranked() -> Vec<Vec<usize>> {
    vec![
        vec![4, 5, 9, 2],
        vec![7, 1, 3, 8, 0],
        vec![6, 2, 1, 0, 10],
        vec![3, 6, 2],
    ]
}

/// The relevant chunks of the first recall case.
fn first_recall_relevant() -> Vec<Vec<usize>> {
    vec![vec![5, 4], vec![8], vec![10], vec![3, 6, 2]]
}

/// The reference: |first k ∩ relevant| > 0, by sets, counted over questions.
fn recall_reference(case: &RecallCase) -> Option<f64> {
    if case.k == 0 || case.ranked.is_empty() || case.ranked.len() != case.relevant.len() {
        return None;
    }
    let mut hits = 0.0;
    for q in 0..case.ranked.len() {
        let top: BTreeSet<usize> = case.ranked[q].iter().take(case.k).copied().collect();
        let gold: BTreeSet<usize> = case.relevant[q].iter().copied().collect();
        if top.intersection(&gold).next().is_some() {
            hits += 1.0;
        }
    }
    Some(hits / case.ranked.len() as f64)
}

/// Per question: how many of the first `top` ids are relevant, and how many relevant.
fn found_counts(case: &RecallCase, top: usize) -> Vec<(f64, f64)> {
    case.ranked
        .iter()
        .zip(&case.relevant)
        .map(|(ids, gold)| {
            let found = ids.iter().take(top).filter(|id| gold.contains(id)).count();
            (found as f64, gold.len() as f64)
        })
        .collect()
}

fn recall_mistake(case: &RecallCase, got: f64) -> Option<String> {
    let n = case.ranked.len() as f64;
    let k = case.k;
    let same = |v: f64| (v - got).abs() < 1e-9;
    let counts = found_counts(case, k);
    let hit_rate = |top: usize| {
        found_counts(case, top)
            .iter()
            .filter(|(f, _)| *f > 0.0)
            .count() as f64
            / n
    };
    let precision = counts.iter().map(|(f, _)| f / k as f64).sum::<f64>() / n;
    let every_found = counts.iter().map(|(f, _)| f).sum::<f64>() / n;
    let share = counts.iter().map(|(f, g)| f / g).sum::<f64>() / n;
    let truth = recall_reference(case).unwrap_or(f64::NAN);
    if same(precision) && !same(truth) {
        Some(known_mistake(
            "that is precision@k, the relevant share of the k results: recall@k divides the \
             questions that found a relevant chunk by the number of questions",
        ))
    } else if same(every_found) {
        Some(known_mistake(
            "each relevant chunk found was counted: a question counts once, whether it finds \
             one relevant chunk or two",
        ))
    } else if same(share) {
        Some(known_mistake(
            "that is the share of each question's relevant chunks found: here a question is a \
             hit when any relevant chunk is among the first k",
        ))
    } else if same(hit_rate(k + 1)) {
        Some(known_mistake(
            "the first k + 1 results were read: take exactly the first k ids of each ranking",
        ))
    } else if same(hit_rate(usize::MAX)) {
        Some(known_mistake(
            "the whole ranking was read: only the first k ids count",
        ))
    } else {
        None
    }
}

/// `fn recall_at_k(ranked: &[Vec<usize>], relevant: &[Vec<usize>], k: usize) -> Result<f64, String>`.
pub fn recall_at_k<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[Vec<usize>], &[Vec<usize>], usize) -> Result<f64, String> + Send + 'static,
{
    recall_at_k_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type RecallFn = dyn Fn(&[Vec<usize>], &[Vec<usize>], usize) -> Result<f64, String> + Send;

fn recall_at_k_boxed(grader: &Grader, learner: Box<RecallFn>) -> Report {
    let mut rng = grader.rng(391);
    let k = rng.gen_range(2..5);
    let plain = |ranked: Vec<Vec<usize>>, relevant: Vec<Vec<usize>>, k: usize| RecallCase {
        ranked,
        relevant,
        k,
    };
    let cases = vec![
        // Question 1 finds two relevant chunks in its top 3, question 2 its one at rank 4,
        // question 3 its one at rank 5, question 4 three: recall@3 = 2/4, while precision
        // gives 5/12, counting every chunk found 5/4, reading 4 ids 3/4 and all ids 1.
        plain(first_recall_ranked(), first_recall_relevant(), 3),
        RecallCase::random(&mut rng, 12, 30, k),
        RecallCase::random(&mut rng, 7, 20, 1),
        // A ranking shorter than k is read whole.
        plain(vec![vec![3, 1], vec![2, 0, 1]], vec![vec![1], vec![9]], 5),
        plain(vec![vec![0, 1, 2]], vec![vec![2]], 0),
        plain(vec![], vec![], 3),
        plain(vec![vec![0, 1], vec![2, 3]], vec![vec![1]], 2),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        RecallCase::describe,
        move |c: &RecallCase| learner(&c.ranked, &c.relevant, c.k),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let input = case.describe();
        let verdict = match (recall_reference(case), got) {
            (None, Err(_)) => None,
            (None, Ok(v)) => Some(incorrect(
                &input,
                "an Err (k = 0, no questions, or one ranking per question missing)",
                &format!("Ok({v})"),
                None,
            )),
            (Some(want), Err(e)) => Some(incorrect(
                &input,
                &format!("{want:.6}"),
                &format!("Err({e:?})"),
                None,
            )),
            (Some(want), Ok(v)) => ((v - want).abs() > 1e-12).then(|| {
                incorrect(
                    &input,
                    &format!("{want:.6}"),
                    &format!("{v:.6}"),
                    recall_mistake(case, v),
                )
            }),
        };
        if let Some(verdict) = verdict {
            return Report::new(RECALL_AT_K, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(RECALL_AT_K, verdict);
    }
    Report::new(
        RECALL_AT_K,
        Verdict::Passed {
            summary: "7 sets: two relevant chunks, one just past k, k = 1, short rankings, \
                      Err for k = 0, no questions and mismatched lengths"
                .into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_reference_counts_questions() {
        let case = RecallCase {
            ranked: first_recall_ranked(),
            relevant: first_recall_relevant(),
            k: 3,
        };
        assert_eq!(recall_reference(&case), Some(0.5));
        let told: Vec<Option<String>> = [5.0 / 12.0, 1.25, 0.75, 1.0]
            .iter()
            .map(|&v| recall_mistake(&case, v))
            .collect();
        assert!(told.iter().all(Option::is_some));
        let distinct: BTreeSet<&Option<String>> = told.iter().collect();
        assert_eq!(distinct.len(), 4, "{told:?}");
    }
}
