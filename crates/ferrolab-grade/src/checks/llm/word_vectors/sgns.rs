//! `llm/sgns-step`: one stochastic gradient step of skip-gram with negative sampling.

use super::super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::Array2;
use rand::Rng;

/// `llm/sgns-step`.
pub const SGNS_STEP: &str = "llm/sgns-step";

/// One call: the two tables (row-major, `words` × `dim`), the pair, the negatives, lr.
#[derive(Debug, Clone)]
struct SgnsCase {
    words: usize,
    dim: usize,
    w_in: Vec<f32>,
    w_out: Vec<f32>,
    centre: usize,
    context: usize,
    negatives: Vec<usize>,
    lr: f32,
}

/// What the learner's step left: both tables and the returned loss.
#[derive(Debug, Clone)]
struct SgnsOutput {
    w_in: Vec<f64>,
    w_out: Vec<f64>,
    loss: f64,
}

/// `fn sgns_step(w_in: &mut Array2<f32>, w_out: &mut Array2<f32>, centre: usize,
/// context: usize, negatives: &[usize], lr: f32) -> f32`.
pub fn sgns_step<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&mut Array2<f32>, &mut Array2<f32>, usize, usize, &[usize], f32) -> f32 + Send + 'static,
{
    sgns_step_boxed(grader, Box::new(learner))
}

type SgnsFn =
    Box<dyn Fn(&mut Array2<f32>, &mut Array2<f32>, usize, usize, &[usize], f32) -> f32 + Send>;

impl SgnsCase {
    /// Random tables; `pick` chooses centre, context and negatives among `words`.
    fn random(
        rng: &mut impl Rng,
        words: usize,
        dim: usize,
        pick: (usize, usize, Vec<usize>),
        lr: f32,
    ) -> SgnsCase {
        let mut table = || -> Vec<f32> {
            (0..words * dim)
                .map(|_| rng.gen_range(-1.0f32..1.0))
                .collect()
        };
        let (w_in, w_out) = (table(), table());
        SgnsCase {
            words,
            dim,
            w_in,
            w_out,
            centre: pick.0,
            context: pick.1,
            negatives: pick.2,
            lr,
        }
    }

    fn describe(&self) -> String {
        let head = |t: &[f32]| {
            let shown: Vec<f64> = t.iter().take(6).map(|&v| f64::from(v)).collect();
            list(&shown)
        };
        format!(
            "w_in and w_out of shape [{}, {}] (w_in starting {}, w_out starting {}), centre = {}, context = {}, negatives = {:?}, lr = {}",
            self.words,
            self.dim,
            head(&self.w_in),
            head(&self.w_out),
            self.centre,
            self.context,
            self.negatives,
            self.lr
        )
    }
}

fn sgns_step_boxed(grader: &Grader, learner: SgnsFn) -> Report {
    let mut rng = grader.rng(320);
    let k = rng.gen_range(2..5);
    let distinct = |rng: &mut rand::rngs::StdRng, words: usize, count: usize| {
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < count {
            let w = rng.gen_range(0..words);
            if !chosen.contains(&w) {
                chosen.push(w);
            }
        }
        chosen
    };
    let drawn = distinct(&mut rng, 10, k + 2);
    let (centre, context, negatives) = (drawn[0], drawn[1], drawn[2..].to_vec());
    let cases = vec![
        // A large step, so that taking gradients at moved vectors shows.
        SgnsCase::random(&mut rng, 6, 3, (1, 4, vec![0, 5]), 0.5),
        SgnsCase::random(&mut rng, 10, 5, (centre, context, negatives), 0.1),
        // No negatives: only the context word.
        SgnsCase::random(&mut rng, 4, 4, (3, 0, vec![]), 1.0),
        // A word next to itself ("very very"): one row of each table.
        SgnsCase::random(&mut rng, 7, 2, (2, 2, vec![6, 0, 3]), 0.25),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        SgnsCase::describe,
        move |c| {
            let table = |v: &[f32]| Array2::from_shape_vec((c.words, c.dim), v.to_vec());
            let (Ok(mut w_in), Ok(mut w_out)) = (table(&c.w_in), table(&c.w_out)) else {
                panic!("the grader built tables of the wrong size");
            };
            let loss = learner(
                &mut w_in,
                &mut w_out,
                c.centre,
                c.context,
                &c.negatives,
                c.lr,
            );
            let flat = |t: &Array2<f32>| t.iter().map(|&v| f64::from(v)).collect::<Vec<f64>>();
            SgnsOutput {
                w_in: flat(&w_in),
                w_out: flat(&w_out),
                loss: f64::from(loss),
            }
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_sgns(case, &got) {
            return Report::new(SGNS_STEP, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SGNS_STEP, verdict);
    }
    Report::new(
        SGNS_STEP,
        Verdict::Passed {
            summary: "4 steps (0 to 4 negatives, lr 0.1 to 1): both tables and the loss".into(),
        },
    )
}

/// Ways to take the step: the right one and known mistakes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Right,
    /// The centre vector moved after each word, and later words see the moved one.
    CentreInLoop,
    /// The negatives labelled 1, like the context word.
    NegativesLabelledOne,
    /// + lr × gradient.
    Uphill,
    /// The negatives' output vectors not moved.
    NegativesStay,
    /// The context and negative vectors read from and written to `w_in`.
    InputTable,
}

fn sigmoid(s: f64) -> f64 {
    1.0 / (1.0 + (-s).exp())
}

/// Row `r` of a row-major table.
fn row(table: &[f64], dim: usize, r: usize) -> Vec<f64> {
    table[r * dim..(r + 1) * dim].to_vec()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

/// The tables after one step taken the `step` way, in f64.
fn stepped(case: &SgnsCase, step: Step) -> (Vec<f64>, Vec<f64>) {
    let dim = case.dim;
    let widen = |t: &[f32]| t.iter().map(|&v| f64::from(v)).collect::<Vec<f64>>();
    let (mut w_in, mut w_out) = (widen(&case.w_in), widen(&case.w_out));
    let lr = if step == Step::Uphill {
        -f64::from(case.lr)
    } else {
        f64::from(case.lr)
    };
    let negative_label = if step == Step::NegativesLabelledOne {
        1.0
    } else {
        0.0
    };
    let mut targets = vec![(case.context, 1.0, false)];
    targets.extend(case.negatives.iter().map(|&k| (k, negative_label, true)));
    let mut v = row(&w_in, dim, case.centre);
    let v_before = v.clone();
    let mut v_change = vec![0.0; dim];
    for (word, label, negative) in targets {
        let outputs = if step == Step::InputTable {
            &mut w_in
        } else {
            &mut w_out
        };
        let u = row(outputs, dim, word);
        let seen = if step == Step::CentreInLoop {
            &v
        } else {
            &v_before
        };
        let g = sigmoid(dot(&u, seen)) - label;
        let moves = !(negative && step == Step::NegativesStay);
        for j in 0..dim {
            if moves {
                outputs[word * dim + j] = u[j] - lr * g * seen[j];
            }
            v_change[j] -= lr * g * u[j];
        }
        if step == Step::CentreInLoop {
            for j in 0..dim {
                v[j] = v_before[j] + v_change[j];
            }
        }
    }
    for j in 0..dim {
        w_in[case.centre * dim + j] = v_before[j] + v_change[j];
    }
    (w_in, w_out)
}

/// −ln σ(u · v) − Σ ln σ(−u_k · v) at the given tables; `negative_sign` −1 gives the
/// mistaken −Σ ln σ(u_k · v).
fn loss(case: &SgnsCase, w_in: &[f64], w_out: &[f64], negative_sign: f64) -> f64 {
    let v = row(w_in, case.dim, case.centre);
    let mut total = -sigmoid(dot(&row(w_out, case.dim, case.context), &v)).ln();
    for &k in &case.negatives {
        total -= sigmoid(-negative_sign * dot(&row(w_out, case.dim, k), &v)).ln();
    }
    total
}

fn tables_match(expected: &(Vec<f64>, Vec<f64>), got: &SgnsOutput) -> bool {
    Tolerance::SINGLE.all_close(&expected.0, &got.w_in)
        && Tolerance::SINGLE.all_close(&expected.1, &got.w_out)
}

/// The first row that differs, as "w_out row 4 expected [...], got [...]".
fn first_difference(
    case: &SgnsCase,
    expected: &(Vec<f64>, Vec<f64>),
    got: &SgnsOutput,
) -> (String, String) {
    let dim = case.dim;
    for (name, want, have) in [
        ("w_in", &expected.0, &got.w_in),
        ("w_out", &expected.1, &got.w_out),
    ] {
        for r in 0..case.words {
            let (a, b) = (row(want, dim, r), row(have, dim, r));
            if !Tolerance::SINGLE.all_close(&a, &b) {
                return (format!("{name} row {r} = {}", list(&a)), list(&b));
            }
        }
    }
    ("the same tables".into(), "tables of another size".into())
}

fn judge_sgns(case: &SgnsCase, got: &SgnsOutput) -> Option<Verdict> {
    let input = case.describe();
    let right = stepped(case, Step::Right);
    if !tables_match(&right, got) {
        let is = |step: Step| tables_match(&stepped(case, step), got);
        let mistake = if is(Step::InputTable) {
            Some("the context and negative words were looked up in w_in: a word has a second vector for when it is a context word, its row of w_out; only the centre word uses w_in")
        } else if is(Step::Uphill) {
            Some("the vectors moved up the gradient, which raises the loss: move each by −lr × its gradient")
        } else if is(Step::NegativesLabelledOne) {
            Some("the negatives were pulled towards the centre word like the context word: their label is 0, so their factor is σ(u_k · v), not σ(u_k · v) − 1")
        } else if is(Step::NegativesStay) {
            Some("the negatives' output vectors did not move: each u_k takes its own step, −lr · σ(u_k · v) · v")
        } else if is(Step::CentreInLoop) {
            Some("the centre vector was moved inside the loop, so later words saw the moved vector: add up v's gradient over all the words and move v once, after the loop")
        } else {
            None
        };
        let (expected, got) = first_difference(case, &right, got);
        return Some(incorrect(
            &input,
            &expected,
            &got,
            mistake.map(known_mistake),
        ));
    }
    let (w_in, w_out) = (widen(&case.w_in), widen(&case.w_out));
    let expected = loss(case, &w_in, &w_out, 1.0);
    if Tolerance::SINGLE.close(expected, got.loss) {
        return None;
    }
    let mistake = if Tolerance::SINGLE.close(loss(case, &right.0, &right.1, 1.0), got.loss) {
        Some(
            "this is the loss after the step: return the loss at the vectors the step started from",
        )
    } else if Tolerance::SINGLE.close(loss(case, &w_in, &w_out, -1.0), got.loss) {
        Some("a negative's loss term is −ln σ(−u_k · v): the negatives should score low, so their sign flips")
    } else {
        None
    };
    Some(incorrect(
        &format!("{input}, the returned loss"),
        &number(expected),
        &number(got.loss),
        mistake.map(known_mistake),
    ))
}

fn widen(values: &[f32]) -> Vec<f64> {
    values.iter().map(|&v| f64::from(v)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn case() -> SgnsCase {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        SgnsCase::random(&mut rng, 6, 3, (1, 4, vec![0, 5]), 0.5)
    }

    #[test]
    fn the_step_lowers_the_loss_and_touches_only_its_rows() {
        let c = case();
        let before = loss(&c, &widen(&c.w_in), &widen(&c.w_out), 1.0);
        let small = SgnsCase {
            lr: 0.01,
            ..c.clone()
        };
        let (w_in, w_out) = stepped(&small, Step::Right);
        assert!(loss(&small, &w_in, &w_out, 1.0) < before);
        assert_eq!(row(&w_in, 3, 0), row(&widen(&c.w_in), 3, 0));
        assert_eq!(row(&w_out, 3, 2), row(&widen(&c.w_out), 3, 2));
    }

    #[test]
    fn every_mistake_moves_the_tables_differently() {
        let c = case();
        let right = stepped(&c, Step::Right);
        for step in [
            Step::CentreInLoop,
            Step::NegativesLabelledOne,
            Step::Uphill,
            Step::NegativesStay,
            Step::InputTable,
        ] {
            let other = stepped(&c, step);
            let got = SgnsOutput {
                w_in: other.0,
                w_out: other.1,
                loss: 0.0,
            };
            assert!(!tables_match(&right, &got), "{step:?}");
        }
    }

    #[test]
    fn the_gradient_matches_finite_differences() {
        let c = case();
        let (w_in, w_out) = (widen(&c.w_in), widen(&c.w_out));
        let lr = f64::from(c.lr);
        let (after_in, _) = stepped(&c, Step::Right);
        let h = 1e-6;
        for j in 0..c.dim {
            let mut plus = w_in.clone();
            plus[c.centre * c.dim + j] += h;
            let numeric = (loss(&c, &plus, &w_out, 1.0) - loss(&c, &w_in, &w_out, 1.0)) / h;
            let analytic = (w_in[c.centre * c.dim + j] - after_in[c.centre * c.dim + j]) / lr;
            assert!((numeric - analytic).abs() < 1e-4, "{numeric} vs {analytic}");
        }
    }
}
