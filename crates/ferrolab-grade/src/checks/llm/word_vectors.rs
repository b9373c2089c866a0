//! Lesson 2, word vectors (notebooks/05-llm/02-word-vectors.ipynb): one step of skip-gram
//! with negative sampling, analogies by 3CosAdd, and Spearman's rank correlation.
//!
//! The SGNS and Spearman inputs are plain seeded arrays; the analogy inputs become `f32`
//! tensors on the grading thread and the learner's answer is read back there. The
//! references are plain `f64` loops written apart from the solutions (ranks by counting,
//! gradients row by row).

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;

mod analogy;
mod sgns;

pub use analogy::*;
pub use sgns::*;

/// `llm/spearman-rank`.
pub const SPEARMAN_RANK: &str = "llm/spearman-rank";

/// Two lists to correlate.
#[derive(Debug, Clone)]
struct RankCase {
    x: Vec<f64>,
    y: Vec<f64>,
}

/// `fn spearman(x: &[f64], y: &[f64]) -> f64`: the Pearson correlation of the ranks, tied
/// values sharing the mean of their ranks.
pub fn spearman_rank<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], &[f64]) -> f64 + Send + 'static,
{
    spearman_rank_boxed(grader, Box::new(learner))
}

type SpearmanFn = Box<dyn Fn(&[f64], &[f64]) -> f64 + Send>;

fn spearman_rank_boxed(grader: &Grader, learner: SpearmanFn) -> Report {
    let mut rng = grader.rng(322);
    let n = rng.gen_range(15..30);
    // Scores on a coarse scale, as people give them: many ties.
    let coarse = |rng: &mut rand::rngs::StdRng| (rng.gen_range(0..12) as f64) * 0.5;
    let human: Vec<f64> = (0..n).map(|_| coarse(&mut rng)).collect();
    let model: Vec<f64> = human
        .iter()
        .map(|h| h * 0.1 + rng.gen_range(-0.4..0.4))
        .collect();
    let cases = vec![
        // No ties, not monotone: the values' and the ranks' correlations differ.
        RankCase {
            x: vec![1.0, 2.0, 3.0, 4.0, 100.0],
            y: vec![2.0, 1.0, 4.0, 3.0, 5.0],
        },
        // Ties in x: average ranks 1.5, 1.5, 4, 4, 4, 6.
        RankCase {
            x: vec![7.0, 7.0, 9.0, 9.0, 9.0, 10.0],
            y: vec![0.3, 0.1, 0.2, 0.6, 0.5, 0.4],
        },
        // Falling together: negative, ties in both lists.
        RankCase {
            x: vec![0.5, 1.0, 1.0, 2.5, 3.0, 3.0, 4.0],
            y: vec![9.0, 8.0, 8.5, 8.0, 2.0, 1.0, 1.0],
        },
        // A model's cosines against coarse human scores.
        RankCase { x: model, y: human },
        // Two values: ±1.
        RankCase {
            x: vec![0.2, -0.7],
            y: vec![3.0, 5.5],
        },
    ];
    let describe = |c: &RankCase| format!("x = {}, y = {}", list(&c.x), list(&c.y));
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        learner(&c.x, &c.y)
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_spearman(case, &describe(case), got) {
            return Report::new(SPEARMAN_RANK, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SPEARMAN_RANK, verdict);
    }
    Report::new(
        SPEARMAN_RANK,
        Verdict::Passed {
            summary: "5 pairs of lists, ties in 3: the Pearson correlation of average ranks".into(),
        },
    )
}

/// How a rank is given: right (ties share their mean rank) or by place (ties broken by
/// position, the first one lower).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ties {
    Mean,
    ByPosition,
}

/// The rank of every value, smallest 1, counted: the values below it, plus its share of
/// the values equal to it.
fn rank_by_counting(values: &[f64], ties: Ties) -> Vec<f64> {
    let mut out = Vec::with_capacity(values.len());
    for (i, &v) in values.iter().enumerate() {
        let below = values.iter().filter(|&&o| o < v).count() as f64;
        let equal = values.iter().filter(|&&o| o == v).count() as f64;
        let equal_before = values[..i].iter().filter(|&&o| o == v).count() as f64;
        out.push(match ties {
            Ties::Mean => below + (equal + 1.0) / 2.0,
            Ties::ByPosition => below + equal_before + 1.0,
        });
    }
    out
}

/// Pearson's correlation, from the means.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

/// 1 − 6 Σd² / (n(n² − 1)): Spearman's formula for ranks without ties.
fn rank_difference_formula(rx: &[f64], ry: &[f64]) -> f64 {
    let n = rx.len() as f64;
    let d2: f64 = rx.iter().zip(ry).map(|(a, b)| (a - b) * (a - b)).sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

fn judge_spearman(case: &RankCase, input: &str, got: f64) -> Option<Verdict> {
    let ranks = |v: &[f64], ties| rank_by_counting(v, ties);
    let expected = pearson(&ranks(&case.x, Ties::Mean), &ranks(&case.y, Ties::Mean));
    let close = |e: f64| Tolerance::TIGHT.close(e, got);
    if close(expected) {
        return None;
    }
    let (mx, my) = (ranks(&case.x, Ties::Mean), ranks(&case.y, Ties::Mean));
    let mistake = if close(pearson(
        &ranks(&case.x, Ties::ByPosition),
        &ranks(&case.y, Ties::ByPosition),
    )) {
        Some("tied values were given different ranks: values that are equal share the mean of the ranks they span (a tie for 2nd and 3rd place gives both 2.5)")
    } else if close(rank_difference_formula(&mx, &my)) {
        Some("1 − 6Σd² / (n(n² − 1)) is exact only when there are no ties: with tied ranks compute the Pearson correlation of the ranks")
    } else if close(pearson(&case.x, &case.y)) {
        Some("this is Pearson's correlation of the values themselves: Spearman's is Pearson's correlation of their ranks")
    } else if close(-expected) {
        Some("the two lists were ranked in opposite directions: give rank 1 to the smallest value of each")
    } else {
        None
    };
    Some(incorrect(
        input,
        &number(expected),
        &number(got),
        mistake.map(known_mistake),
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_ties_and_match_pearson_without_them() {
        let x = [7.0, 7.0, 9.0, 9.0, 9.0, 10.0];
        assert_eq!(
            rank_by_counting(&x, Ties::Mean),
            [1.5, 1.5, 4.0, 4.0, 4.0, 6.0]
        );
        assert_eq!(
            rank_by_counting(&x, Ties::ByPosition),
            [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
        );
        // Without ties the formula and the correlation of ranks agree.
        let (a, b) = ([1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 1.0, 4.0, 3.0, 5.0]);
        assert!((rank_difference_formula(&a, &b) - pearson(&a, &b)).abs() < 1e-12);
        assert!((pearson(&a, &b) - 0.8).abs() < 1e-12);
    }
}
