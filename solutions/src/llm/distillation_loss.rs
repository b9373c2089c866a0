//! Exercise `llm/distillation-loss`: learning from a teacher's whole distribution.

use ferrolab::prelude::*;

/// The distillation loss of Hinton et al. (2015): KL(p_teacher ‖ p_student) · T², where
/// p = softmax(logits / T) over the last axis (the vocabulary), the KL divergence
/// Σ p_teacher (log p_teacher − log p_student) is summed over the vocabulary and averaged
/// over every position (every last-axis row), and T² puts the gradients back on the scale
/// of an ordinary cross-entropy.
///
/// - `student_logits`, `teacher_logits`: the same shape `[.., vocab]`.
/// - `temperature`: T > 0; both sets of logits are divided by it.
///
/// Returns a 0-dim Float tensor that `backward` can carry to the student.
pub fn distillation_loss(
    student_logits: &Tensor,
    teacher_logits: &Tensor,
    temperature: f64,
) -> Tensor {
    // BEGIN SOLUTION
    let log_p_teacher = (teacher_logits / temperature).log_softmax(-1, Kind::Float);
    let log_p_student = (student_logits / temperature).log_softmax(-1, Kind::Float);
    let kl = (log_p_teacher.exp() * (&log_p_teacher - log_p_student)).sum_dim_intlist(
        -1,
        false,
        Kind::Float,
    );
    kl.mean(Kind::Float) * (temperature * temperature)
    // END SOLUTION
}
