//! `llm/distillation-loss`: the check, its f64 reference and the known mistakes it
//! recognises.

use super::LIMIT;
use crate::checks::tensors::{dims_i64, f32_tensor, read, shape_text, values_match, Output};
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use tch::{Kind, Tensor};

/// `llm/distillation-loss`.
pub const DISTILLATION_LOSS: &str = "llm/distillation-loss";

/// Student and teacher logits of shape `dims` (the vocabulary last), and T.
#[derive(Debug, Clone)]
struct DistilCase {
    dims: Vec<usize>,
    student: Vec<f32>,
    teacher: Vec<f32>,
    temperature: f64,
}

impl DistilCase {
    fn random(rng: &mut impl Rng, dims: &[usize], temperature: f64) -> DistilCase {
        let count = dims.iter().product();
        DistilCase {
            dims: dims.to_vec(),
            student: (0..count).map(|_| rng.gen_range(-3.0f32..3.0)).collect(),
            // A surer teacher than student, as after training.
            teacher: (0..count).map(|_| rng.gen_range(-5.0f32..5.0)).collect(),
            temperature,
        }
    }

    fn describe(&self) -> String {
        let shown = |v: &[f32]| list(&v.iter().take(6).map(|&x| f64::from(x)).collect::<Vec<_>>());
        format!(
            "logits of shape {}, student starting {}, teacher starting {}, T = {}",
            shape_text(&dims_i64(&self.dims)),
            shown(&self.student),
            shown(&self.teacher),
            self.temperature
        )
    }
}

/// Which divergence a variant sums over the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Divergence {
    /// Σ p_t (ln p_t − ln p_s), right.
    TeacherFirst,
    /// Σ p_s (ln p_s − ln p_t).
    StudentFirst,
    /// Σ −p_t ln p_s.
    CrossEntropy,
}

/// How a variant reduces the per-row sums.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reduce {
    /// The mean over rows, right.
    MeanRows,
    /// The mean over every element (rows × vocabulary).
    MeanElements,
    SumRows,
}

/// softmax(row / t) in f64.
fn softmax(row: &[f64], t: f64) -> Vec<f64> {
    let top = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v / t));
    let e: Vec<f64> = row.iter().map(|&v| (v / t - top).exp()).collect();
    let total: f64 = e.iter().sum();
    e.iter().map(|v| v / total).collect()
}

/// `factor · reduce(divergence(softmax(teacher / t_teacher), softmax(student / t_student)))`:
/// the right answer has both temperatures T, factor T², `TeacherFirst` and `MeanRows`.
fn distilled(
    case: &DistilCase,
    (t_student, t_teacher): (f64, f64),
    divergence: Divergence,
    reduce: Reduce,
    factor: f64,
) -> f64 {
    let vocab = case.dims[case.dims.len() - 1];
    let to_f64 = |v: &[f32]| v.iter().map(|&x| f64::from(x)).collect::<Vec<f64>>();
    let (student, teacher) = (to_f64(&case.student), to_f64(&case.teacher));
    let mut total = 0.0;
    let mut rows = 0;
    for (s, t) in student.chunks(vocab).zip(teacher.chunks(vocab)) {
        let (ps, pt) = (softmax(s, t_student), softmax(t, t_teacher));
        for (p, q) in pt.iter().zip(&ps) {
            total += match divergence {
                Divergence::TeacherFirst => p * (p.ln() - q.ln()),
                Divergence::StudentFirst => q * (q.ln() - p.ln()),
                Divergence::CrossEntropy => -p * q.ln(),
            };
        }
        rows += 1;
    }
    let count = match reduce {
        Reduce::MeanRows => rows,
        Reduce::MeanElements => rows * vocab,
        Reduce::SumRows => 1,
    };
    factor * total / count as f64
}

/// `fn distillation_loss(student_logits: &Tensor, teacher_logits: &Tensor, temperature: f64)
/// -> Tensor`: KL(softmax(teacher / T) ‖ softmax(student / T)) · T², the KL summed over the
/// last axis and averaged over the rows, a 0-dim Float tensor in the student's graph.
pub fn distillation_loss<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, f64) -> Tensor + Send + 'static,
{
    distillation_loss_boxed(grader, Box::new(learner))
}

type DistilFn = Box<dyn Fn(&Tensor, &Tensor, f64) -> Tensor + Send>;

fn distillation_loss_boxed(grader: &Grader, learner: DistilFn) -> Report {
    let mut rng = grader.rng(362);
    let random_dims = [
        rng.gen_range(2..4),
        rng.gen_range(2..6),
        rng.gen_range(3..12),
    ];
    let random_t = [1.5, 2.5, 4.0][rng.gen_range(0..3)];
    let cases = vec![
        DistilCase::random(&mut rng, &[4, 6], 2.0),
        // A batch of sequences, the vocabulary last; T below 1.
        DistilCase::random(&mut rng, &[2, 3, 5], 0.5),
        DistilCase::random(&mut rng, &[3, 10], 3.0),
        // T = 1: plain KL.
        DistilCase::random(&mut rng, &[5, 4], 1.0),
        DistilCase::random(&mut rng, &random_dims, random_t),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        DistilCase::describe,
        move |c| {
            let student = f32_tensor(&c.student, &c.dims).set_requires_grad(true);
            let teacher = f32_tensor(&c.teacher, &c.dims);
            let loss = learner(&student, &teacher, c.temperature);
            (read(&loss.detach()), loss.requires_grad())
        },
    );
    for (case, (got, in_graph)) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_distillation(case, &got, in_graph) {
            return Report::new(DISTILLATION_LOSS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(DISTILLATION_LOSS, verdict);
    }
    Report::new(
        DISTILLATION_LOSS,
        Verdict::Passed {
            summary: "5 cases, T from 0.5 to 4: KL(teacher ‖ student) at T, times T², in the \
                      student's graph"
                .into(),
        },
    )
}

fn judge_distillation(case: &DistilCase, got: &Output, in_graph: bool) -> Option<Verdict> {
    let input = case.describe();
    if !got.shape.is_empty() {
        let message = format!(
            "for input {input} expected one number (a 0-dim tensor), got shape {}: sum the \
             divergence over the vocabulary, then take the mean over every position",
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let t = case.temperature;
    let (both, right) = ((t, t), Divergence::TeacherFirst);
    let expected = distilled(case, both, right, Reduce::MeanRows, t * t);
    if !values_match(&[expected], &got.values) {
        let is = |temps: (f64, f64), divergence: Divergence, reduce: Reduce, factor: f64| {
            values_match(
                &[distilled(case, temps, divergence, reduce, factor)],
                &got.values,
            )
        };
        let mistake = if is(both, right, Reduce::MeanRows, 1.0) {
            Some(
                "the T² factor is missing: softening by T shrinks the gradients by T², so the \
                 loss is multiplied by T² to keep them on the scale of the label loss",
            )
        } else if is(both, Divergence::StudentFirst, Reduce::MeanRows, t * t) {
            Some(
                "the KL divergence runs the other way: KL(teacher ‖ student) = Σ p_teacher \
                 (log p_teacher − log p_student), weighted by the teacher's probabilities",
            )
        } else if is((t, 1.0), right, Reduce::MeanRows, t * t)
            || is((1.0, t), right, Reduce::MeanRows, t * t)
        {
            Some("only one side was softened: divide both the student's and the teacher's logits by T")
        } else if is(both, Divergence::CrossEntropy, Reduce::MeanRows, t * t) {
            Some(
                "this is the cross-entropy −Σ p_teacher log p_student: the KL divergence also \
                 adds the teacher's own Σ p_teacher log p_teacher, so that a perfect student \
                 scores 0",
            )
        } else if is(both, right, Reduce::MeanElements, t * t) {
            Some(
                "the mean also ran over the vocabulary (kl_div's \"mean\" reduction does): sum \
                 over the vocabulary, then average over the positions",
            )
        } else if is(both, right, Reduce::SumRows, t * t) {
            Some("the positions were summed: average the per-position divergences instead")
        } else {
            None
        };
        return Some(incorrect(
            &input,
            &list(&[expected]),
            &list(&got.values),
            mistake.map(known_mistake),
        ));
    }
    if !in_graph {
        let message = format!(
            "for input {input} the value is right but the loss does not require grad: {}",
            known_mistake(
                "the loss was cut off from the student's graph (detach, or values copied out \
                 and back), so backward cannot reach the student: compute it with tensor \
                 operations on student_logits",
            )
        );
        return Some(Verdict::Incorrect { message });
    }
    if got.kind != Kind::Float {
        let message = format!(
            "for input {input} the value is right but the tensor is {:?}: the loss is \
             Kind::Float, the kind of the logits",
            got.kind
        );
        return Some(Verdict::Incorrect { message });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_logits_diverge_by_zero_and_the_softmax_is_right() {
        let same = DistilCase {
            dims: vec![2, 3],
            student: vec![1.0, 2.0, 3.0, 0.0, -1.0, 4.0],
            teacher: vec![1.0, 2.0, 3.0, 0.0, -1.0, 4.0],
            temperature: 2.0,
        };
        let kl = distilled(
            &same,
            (2.0, 2.0),
            Divergence::TeacherFirst,
            Reduce::MeanRows,
            4.0,
        );
        assert!(kl.abs() < 1e-12);
        // softmax([0, ln 3]) = [0.25, 0.75].
        let p = softmax(&[0.0, 3f64.ln()], 1.0);
        assert!((p[0] - 0.25).abs() < 1e-12 && (p[1] - 0.75).abs() < 1e-12);
    }
}
