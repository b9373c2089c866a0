//! `ml/auc`, in lesson 2 (logistic regression and evaluation): the trapezoid rule under
//! a curve. Its own file because the lesson outgrew one.

use super::{points, reference_roc, LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1};
use rand::Rng;

/// The area a known mistake gives for a curve.
type AreaRule = fn(&[(f64, f64)]) -> f64;

/// `ml/auc`.
pub const AUC: &str = "ml/auc";

/// `fn auc(curve: &[(f64, f64)]) -> f64`: the trapezoid rule.
pub fn auc<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[(f64, f64)]) -> f64 + Send + 'static,
{
    auc_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type AucFn = dyn Fn(&[(f64, f64)]) -> f64 + Send;

/// The area by slices, each slice's height chosen by `height(y0, y1)`.
fn area(curve: &[(f64, f64)], height: impl Fn(f64, f64) -> f64) -> f64 {
    curve
        .windows(2)
        .map(|w| (w[1].0 - w[0].0) * height(w[0].1, w[1].1))
        .sum()
}

fn auc_boxed(grader: &Grader, learner: Box<AucFn>) -> Report {
    let mut rng = grader.rng(203);
    let scores = Array1::from_shape_fn(80, |_| (rng.gen_range(0.0..1.0_f64) * 20.0).round() / 20.0);
    let positive = scores.mapv(|s| rng.gen_bool(0.1 + 0.8 * s));
    let cases: Vec<Vec<(f64, f64)>> = vec![
        // A perfect model and a coin flip.
        vec![(0.0, 0.0), (0.0, 1.0), (1.0, 1.0)],
        vec![(0.0, 0.0), (1.0, 1.0)],
        // Slanted segments, as ties make: rectangles and trapezoids disagree.
        vec![(0.0, 0.0), (0.2, 0.6), (0.5, 0.8), (1.0, 1.0)],
        reference_roc(
            &array![0.9, 0.7, 0.7, 0.7, 0.2, 0.2],
            &array![true, true, false, true, false, true],
        ),
        reference_roc(&scores, &positive),
    ];
    let describe = |curve: &Vec<(f64, f64)>| format!("curve = {}", points(curve));
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |curve| {
        learner(curve)
    });
    // The known mistakes, each as the area it would give for a curve.
    let mistakes: [(AreaRule, String); 5] = [
        (|c| area(c, |a, _| a), known_mistake("looks like rectangles with the left point's height: a slice between two points is a trapezoid, width × (y0 + y1) / 2")),
        (|c| area(c, |_, b| b), known_mistake("looks like rectangles with the right point's height: a slice between two points is a trapezoid, width × (y0 + y1) / 2")),
        (|c| area(c, |a, b| a + b), known_mistake("twice the area: a trapezoid's height is the average of its two sides, (y0 + y1) / 2")),
        (|c| {
            let heights: Vec<f64> = c.windows(2).map(|w| (w[0].1 + w[1].1) / 2.0).collect();
            heights.iter().sum::<f64>() / heights.len().max(1) as f64
        }, known_mistake("that averages the heights without their widths: multiply each slice's average height by its width (x1 − x0)")),
        (|c| c.windows(2).map(|w| w[1].0 - w[0].0).sum(), known_mistake("that is the curve's total width: each slice's area is its width times its average height")),
    ];
    let outputs = run.outputs;
    // A mistake that gives every answer the learner returned, on every curve, names it
    // better than one that only matches the first wrong answer (a coin flip's area is
    // 1 both as right-hand rectangles and as the total width).
    let explains_all = |mistake: AreaRule| {
        cases
            .iter()
            .zip(&outputs)
            .all(|(curve, got)| Tolerance::TIGHT.close(mistake(curve), *got))
    };
    for (curve, &got) in cases.iter().zip(&outputs) {
        let expected = area(curve, |a, b| (a + b) / 2.0);
        if !Tolerance::TIGHT.close(expected, got) {
            let matches =
                |mistake: &&(AreaRule, String)| Tolerance::TIGHT.close(mistake.0(curve), got);
            let mistake = mistakes
                .iter()
                .filter(matches)
                .find(|m| explains_all(m.0))
                .or_else(|| mistakes.iter().find(matches))
                .map(|(_, text)| text.to_string());
            let verdict = incorrect(&describe(curve), &number(expected), &number(got), mistake);
            return Report::new(AUC, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(AUC, verdict);
    }
    Report::new(
        AUC,
        Verdict::Passed {
            summary: "5 curves: perfect (1), diagonal (0.5), slanted segments and two ROC curves with ties".into(),
        },
    )
}
