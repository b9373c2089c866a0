//! Wrong answers to stage 5 (LLM) lesson 6, LoRA and distillation
//! (notebooks/05-llm/06-lora-and-distillation.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/lora-forward",
            what: "scales the adapter by r / alpha",
            grade: |g| checks::llm::lora_forward(g, forward_r_over_alpha),
            says: "the scale is alpha / r, not r / alpha",
        },
        Wrong {
            id: "llm/lora-forward",
            what: "does not scale the adapter",
            grade: |g| checks::llm::lora_forward(g, forward_unscaled),
            says: "the low-rank path was not scaled",
        },
        Wrong {
            id: "llm/lora-forward",
            what: "scales the adapter by alpha alone",
            grade: |g| checks::llm::lora_forward(g, forward_alpha_only),
            says: "scaled by alpha alone",
        },
        Wrong {
            id: "llm/lora-forward",
            what: "scales the frozen output too",
            grade: |g| checks::llm::lora_forward(g, forward_all_scaled),
            says: "the whole output was scaled",
        },
        Wrong {
            id: "llm/lora-forward",
            what: "multiplies by A and B untransposed",
            grade: |g| checks::llm::lora_forward(g, forward_untransposed_factors),
            says: "the factors are in the wrong order",
        },
        Wrong {
            id: "llm/lora-forward",
            what: "uses x W for the base",
            grade: |g| checks::llm::lora_forward(g, forward_base_untransposed),
            says: "the base is x Wᵀ: W is [out, in]",
        },
        Wrong {
            id: "llm/lora-forward",
            what: "returns the adapter's path alone",
            grade: |g| checks::llm::lora_forward(g, forward_no_base),
            says: "the frozen base x Wᵀ is missing",
        },
        Wrong {
            id: "llm/lora-merge",
            what: "scales the update by r / alpha",
            grade: |g| checks::llm::lora_merge(g, merge_r_over_alpha),
            says: "the update was scaled by r / alpha",
        },
        Wrong {
            id: "llm/lora-merge",
            what: "does not scale the update",
            grade: |g| checks::llm::lora_merge(g, merge_unscaled),
            says: "the update B A was not scaled",
        },
        Wrong {
            id: "llm/lora-merge",
            what: "scales the update by alpha alone",
            grade: |g| checks::llm::lora_merge(g, merge_alpha_only),
            says: "not divided by the rank",
        },
        Wrong {
            id: "llm/lora-merge",
            what: "adds Aᵀ Bᵀ",
            grade: |g| checks::llm::lora_merge(g, merge_transposed),
            says: "Aᵀ Bᵀ is its transpose",
        },
        Wrong {
            id: "llm/lora-merge",
            what: "returns the update without W",
            grade: |g| checks::llm::lora_merge(g, merge_update_only),
            says: "this is the update alone",
        },
        Wrong {
            id: "llm/distillation-loss",
            what: "leaves out T²",
            grade: |g| checks::llm::distillation_loss(g, distil_no_t_squared),
            says: "the T² factor is missing",
        },
        Wrong {
            id: "llm/distillation-loss",
            what: "computes KL(student ‖ teacher)",
            grade: |g| checks::llm::distillation_loss(g, distil_reversed),
            says: "the KL divergence runs the other way",
        },
        Wrong {
            id: "llm/distillation-loss",
            what: "softens the student only",
            grade: |g| checks::llm::distillation_loss(g, distil_student_softened_only),
            says: "only one side was softened",
        },
        Wrong {
            id: "llm/distillation-loss",
            what: "uses the soft cross-entropy",
            grade: |g| checks::llm::distillation_loss(g, distil_cross_entropy),
            says: "this is the cross-entropy",
        },
        Wrong {
            id: "llm/distillation-loss",
            what: "uses kl_div with the mean reduction",
            grade: |g| checks::llm::distillation_loss(g, distil_kl_div_mean),
            says: "the mean also ran over the vocabulary",
        },
        Wrong {
            id: "llm/distillation-loss",
            what: "sums over the positions",
            grade: |g| checks::llm::distillation_loss(g, distil_summed),
            says: "the positions were summed",
        },
        Wrong {
            id: "llm/distillation-loss",
            what: "computes the loss outside the graph",
            grade: |g| checks::llm::distillation_loss(g, distil_detached),
            says: "cut off from the student's graph",
        },
    ]
}

fn rank(a: &Tensor) -> f64 {
    a.size()[0] as f64
}

fn low_rank(x: &Tensor, a: &Tensor, b: &Tensor) -> Tensor {
    x.matmul(&a.tr()).matmul(&b.tr())
}

pub fn forward_r_over_alpha(x: &Tensor, w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    x.matmul(&w.tr()) + low_rank(x, a, b) * (rank(a) / alpha)
}

pub fn forward_unscaled(x: &Tensor, w: &Tensor, a: &Tensor, b: &Tensor, _alpha: f64) -> Tensor {
    x.matmul(&w.tr()) + low_rank(x, a, b)
}

pub fn forward_alpha_only(x: &Tensor, w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    x.matmul(&w.tr()) + low_rank(x, a, b) * alpha
}

pub fn forward_all_scaled(x: &Tensor, w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    (x.matmul(&w.tr()) + low_rank(x, a, b)) * (alpha / rank(a))
}

/// Runs only where in = out = r; the check's first case is such a layer.
pub fn forward_untransposed_factors(
    x: &Tensor,
    w: &Tensor,
    a: &Tensor,
    b: &Tensor,
    alpha: f64,
) -> Tensor {
    x.matmul(&w.tr()) + x.matmul(a).matmul(b) * (alpha / rank(a))
}

pub fn forward_base_untransposed(
    x: &Tensor,
    w: &Tensor,
    a: &Tensor,
    b: &Tensor,
    alpha: f64,
) -> Tensor {
    x.matmul(w) + low_rank(x, a, b) * (alpha / rank(a))
}

pub fn forward_no_base(x: &Tensor, _w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    low_rank(x, a, b) * (alpha / rank(a))
}

pub fn merge_r_over_alpha(w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    w + b.matmul(a) * (rank(a) / alpha)
}

pub fn merge_unscaled(w: &Tensor, a: &Tensor, b: &Tensor, _alpha: f64) -> Tensor {
    w + b.matmul(a)
}

pub fn merge_alpha_only(w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    w + b.matmul(a) * alpha
}

/// Runs only where in = out; the check's first case is such a weight.
pub fn merge_transposed(w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    w + a.tr().matmul(&b.tr()) * (alpha / rank(a))
}

pub fn merge_update_only(_w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    b.matmul(a) * (alpha / rank(a))
}

/// KL(p ‖ q) per row from log-probabilities, averaged over the rows.
fn kl_rows(log_p: &Tensor, log_q: &Tensor) -> Tensor {
    (log_p.exp() * (log_p - log_q))
        .sum_dim_intlist(-1, false, Kind::Float)
        .mean(Kind::Float)
}

fn log_probs(logits: &Tensor, t: f64) -> Tensor {
    (logits / t).log_softmax(-1, Kind::Float)
}

pub fn distil_no_t_squared(student: &Tensor, teacher: &Tensor, t: f64) -> Tensor {
    kl_rows(&log_probs(teacher, t), &log_probs(student, t))
}

pub fn distil_reversed(student: &Tensor, teacher: &Tensor, t: f64) -> Tensor {
    kl_rows(&log_probs(student, t), &log_probs(teacher, t)) * (t * t)
}

pub fn distil_student_softened_only(student: &Tensor, teacher: &Tensor, t: f64) -> Tensor {
    kl_rows(&log_probs(teacher, 1.0), &log_probs(student, t)) * (t * t)
}

pub fn distil_cross_entropy(student: &Tensor, teacher: &Tensor, t: f64) -> Tensor {
    let soft_targets = log_probs(teacher, t).exp();
    let ce = -(soft_targets * log_probs(student, t)).sum_dim_intlist(-1, false, Kind::Float);
    ce.mean(Kind::Float) * (t * t)
}

/// PyTorch's `F.kl_div(log_q, log_p, reduction="mean", log_target=True)`: the mean over every
/// element, not over rows.
pub fn distil_kl_div_mean(student: &Tensor, teacher: &Tensor, t: f64) -> Tensor {
    log_probs(student, t).kl_div(&log_probs(teacher, t), tch::Reduction::Mean, true) * (t * t)
}

pub fn distil_summed(student: &Tensor, teacher: &Tensor, t: f64) -> Tensor {
    let (lt, ls) = (log_probs(teacher, t), log_probs(student, t));
    (lt.exp() * (&lt - ls)).sum(Kind::Float) * (t * t)
}

pub fn distil_detached(student: &Tensor, teacher: &Tensor, t: f64) -> Tensor {
    kl_rows(&log_probs(teacher, t), &log_probs(&student.detach(), t)) * (t * t)
}
