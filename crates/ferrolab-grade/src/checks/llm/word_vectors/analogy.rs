//! `llm/analogy-3cosadd`: "a is to b as c is to ?" answered by 3CosAdd, in a batch.

use super::super::LIMIT;
use crate::checks::tensors::{f32_tensor, read, shape_text, Output};
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use tch::{Kind, Tensor};

/// `llm/analogy-3cosadd`.
pub const ANALOGY_3COSADD: &str = "llm/analogy-3cosadd";

/// One call: `words` vectors of `dim` values (row-major) and questions (a, b, c).
#[derive(Debug, Clone)]
struct AnalogyCase {
    words: usize,
    dim: usize,
    vectors: Vec<f32>,
    questions: Vec<[i64; 3]>,
}

/// `fn analogy_3cosadd(vectors: &Tensor, questions: &Tensor) -> Tensor`: `[n]` Int64, the
/// word whose unit vector has the largest cosine with b̂ − â + ĉ, a, b and c excluded.
pub fn analogy_3cosadd<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor) -> Tensor + Send + 'static,
{
    analogy_3cosadd_boxed(grader, Box::new(learner))
}

type AnalogyFn = Box<dyn Fn(&Tensor, &Tensor) -> Tensor + Send>;

impl AnalogyCase {
    /// Random directions with lengths from 0.2 to 3 (frequent and rare words differ so), and
    /// `n` questions of three distinct words whose right answer wins by a clear margin.
    fn random(rng: &mut impl Rng, words: usize, dim: usize, n: usize) -> AnalogyCase {
        loop {
            let mut vectors = Vec::with_capacity(words * dim);
            for _ in 0..words {
                let length = rng.gen_range(0.2f32..3.0);
                vectors.extend((0..dim).map(|_| rng.gen_range(-1.0f32..1.0) * length));
            }
            let mut questions = Vec::new();
            while questions.len() < n {
                let q = [0, 1, 2].map(|_| rng.gen_range(0..words as i64));
                if q[0] != q[1] && q[1] != q[2] && q[0] != q[2] {
                    questions.push(q);
                }
            }
            let case = AnalogyCase {
                words,
                dim,
                vectors,
                questions,
            };
            if case.clear_margins() {
                return case;
            }
        }
    }

    /// Whether every answer beats the runner-up by 1e-3, so f32 rounding cannot swap them.
    fn clear_margins(&self) -> bool {
        self.questions.iter().all(|q| {
            let mut scores = scores(self, q, Query::Right);
            exclude(&mut scores, q);
            scores.sort_by(|a, b| b.total_cmp(a));
            scores[0] - scores[1] > 1e-3
        })
    }

    fn flat_questions(&self) -> Vec<i64> {
        self.questions.iter().flatten().copied().collect()
    }

    fn describe(&self) -> String {
        let shown: Vec<f64> = self.vectors.iter().take(6).map(|&v| f64::from(v)).collect();
        let flat: Vec<f64> = self.flat_questions().iter().map(|&i| i as f64).collect();
        format!(
            "vectors of shape [{}, {}] starting {}, questions of shape [{}, 3] = {}",
            self.words,
            self.dim,
            list(&shown),
            self.questions.len(),
            list(&flat)
        )
    }
}

fn analogy_3cosadd_boxed(grader: &Grader, learner: AnalogyFn) -> Report {
    let mut rng = grader.rng(321);
    // Planted: each mistake picks another word for at least one of these three questions.
    let planted = AnalogyCase {
        words: 7,
        dim: 3,
        vectors: vec![
            0.3, -0.3, -1.6, -0.6, 0.5, -1.9, 1.5, 1.4, -1.8, 1.2, -1.3, 0.8, -1.4, 0.8, 1.8, 1.9,
            0.7, -1.3, -0.4, -0.9, 1.8,
        ],
        questions: vec![[0, 1, 2], [3, 4, 5], [6, 0, 3]],
    };
    let words = rng.gen_range(20..40);
    let cases = vec![
        planted,
        AnalogyCase::random(&mut rng, 12, 5, 6),
        AnalogyCase::random(&mut rng, words, 8, 10),
        // One question.
        AnalogyCase::random(&mut rng, 9, 4, 1),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        AnalogyCase::describe,
        move |c| {
            let vectors = f32_tensor(&c.vectors, &[c.words, c.dim]);
            let questions =
                Tensor::from_slice(&c.flat_questions()).reshape([c.questions.len() as i64, 3]);
            read(&learner(&vectors, &questions))
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_analogy(case, &got) {
            return Report::new(ANALOGY_3COSADD, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(ANALOGY_3COSADD, verdict);
    }
    Report::new(
        ANALOGY_3COSADD,
        Verdict::Passed {
            summary:
                "4 batches, 20 questions: the best cosine with b̂ − â + ĉ, question words excluded"
                    .into(),
        },
    )
}

/// How the query and the scores are made: right, or a known mistake.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Query {
    Right,
    /// No vector scaled to length 1: raw b − a + c against raw rows.
    NothingScaled,
    /// Rows scaled for the cosine, but the question words added at full length.
    QuestionWordsUnscaled,
    /// â − b̂ + ĉ.
    Backwards,
}

fn unit_row(case: &AnalogyCase, r: usize) -> Vec<f64> {
    let row: Vec<f64> = case.vectors[r * case.dim..(r + 1) * case.dim]
        .iter()
        .map(|&v| f64::from(v))
        .collect();
    let length = row.iter().map(|v| v * v).sum::<f64>().sqrt();
    row.iter().map(|v| v / length).collect()
}

fn raw_row(case: &AnalogyCase, r: usize) -> Vec<f64> {
    case.vectors[r * case.dim..(r + 1) * case.dim]
        .iter()
        .map(|&v| f64::from(v))
        .collect()
}

/// Every word's score for question `q`, made the `query` way.
fn scores(case: &AnalogyCase, q: &[i64; 3], query: Query) -> Vec<f64> {
    let [a, b, c] = q.map(|i| i as usize);
    let question_row = |r| match query {
        Query::NothingScaled | Query::QuestionWordsUnscaled => raw_row(case, r),
        _ => unit_row(case, r),
    };
    let (va, vb, vc) = (question_row(a), question_row(b), question_row(c));
    let target: Vec<f64> = (0..case.dim)
        .map(|j| match query {
            Query::Backwards => va[j] - vb[j] + vc[j],
            _ => vb[j] - va[j] + vc[j],
        })
        .collect();
    (0..case.words)
        .map(|d| {
            let candidate = if query == Query::NothingScaled {
                raw_row(case, d)
            } else {
                unit_row(case, d)
            };
            candidate.iter().zip(&target).map(|(x, t)| x * t).sum()
        })
        .collect()
}

/// The question words can never win.
fn exclude(scores: &mut [f64], q: &[i64; 3]) {
    for &i in q {
        scores[i as usize] = f64::NEG_INFINITY;
    }
}

/// The first best-scored word of each question.
fn answers(case: &AnalogyCase, query: Query, excluded: bool) -> Vec<f64> {
    case.questions
        .iter()
        .map(|q| {
            let mut s = scores(case, q, query);
            if excluded {
                exclude(&mut s, q);
            }
            let mut best = 0;
            for (d, &v) in s.iter().enumerate() {
                if v > s[best] {
                    best = d;
                }
            }
            best as f64
        })
        .collect()
}

fn judge_analogy(case: &AnalogyCase, got: &Output) -> Option<Verdict> {
    let input = case.describe();
    let n = case.questions.len() as i64;
    if got.shape != [n] {
        let mistake = (got.shape == [n, 1]).then(|| {
            known_mistake(
                "one answer per question, shape [n]: take the argmax with keepdim = false",
            )
        });
        let message = format!(
            "for input {input} expected shape [{n}], got {}: {}",
            shape_text(&got.shape),
            mistake.unwrap_or_else(|| "one word index per question".into())
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected = answers(case, Query::Right, true);
    if got.values != expected {
        let is = |query: Query, excluded: bool| answers(case, query, excluded) == got.values;
        let mistake = if is(Query::Right, false) {
            Some("a question word came back as the answer: b − a + c lies close to b and c themselves, so a, b and c must be excluded before the argmax")
        } else if is(Query::NothingScaled, true) {
            Some("the vectors were compared at full length: scale every row to length 1 first, so a word wins by its direction (cosine), not by the length of its vector")
        } else if is(Query::QuestionWordsUnscaled, true) {
            Some("the question words were added at full length: the query is b̂ − â + ĉ, each of the three scaled to length 1 before adding")
        } else if is(Query::Backwards, true) {
            Some("the query went the wrong way: a is to b as c is to d means d − c ≈ b − a, so d ≈ b − a + c")
        } else {
            None
        };
        return Some(incorrect(
            &input,
            &list(&expected),
            &list(&got.values),
            mistake.map(known_mistake),
        ));
    }
    if got.kind != Kind::Int64 {
        let message = format!(
            "for input {input} the answers are right but the tensor is {:?}: {}",
            got.kind,
            known_mistake("the answers are word indices, Kind::Int64, what argmax returns")
        );
        return Some(Verdict::Incorrect { message });
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn the_planted_case_separates_every_mistake() {
        let case = AnalogyCase {
            words: 7,
            dim: 3,
            vectors: vec![
                0.3, -0.3, -1.6, -0.6, 0.5, -1.9, 1.5, 1.4, -1.8, 1.2, -1.3, 0.8, -1.4, 0.8, 1.8,
                1.9, 0.7, -1.3, -0.4, -0.9, 1.8,
            ],
            questions: vec![[0, 1, 2], [3, 4, 5], [6, 0, 3]],
        };
        assert!(case.clear_margins());
        let right = answers(&case, Query::Right, true);
        assert_eq!(right, [5.0, 1.0, 5.0]);
        assert_ne!(answers(&case, Query::Right, false), right);
        for query in [
            Query::NothingScaled,
            Query::QuestionWordsUnscaled,
            Query::Backwards,
        ] {
            assert_ne!(answers(&case, query, true), right, "{query:?}");
        }
    }

    #[test]
    fn random_cases_have_distinct_question_words_and_clear_answers() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        let case = AnalogyCase::random(&mut rng, 12, 5, 6);
        assert!(case.clear_margins());
        assert!(case
            .questions
            .iter()
            .all(|q| q[0] != q[1] && q[1] != q[2] && q[0] != q[2]));
    }
}
