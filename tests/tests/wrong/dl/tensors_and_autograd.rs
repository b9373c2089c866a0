//! Wrong answers to dl lesson 1, tensors and autograd:
//! notebooks/04-dl/01-tensors-and-autograd.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "dl/linear-layer",
            what: "multiplies by weight, not its transpose",
            grade: |g| checks::dl::linear_layer(g, linear_untransposed),
            says: "looks like you multiplied by weight, not by its transpose",
        },
        Wrong {
            id: "dl/linear-layer",
            what: "forgets the bias",
            grade: |g| checks::dl::linear_layer(g, linear_without_bias),
            says: "looks like you forgot to add the bias",
        },
        Wrong {
            id: "dl/cross-entropy",
            what: "takes the log of softmax",
            grade: |g| checks::dl::cross_entropy(g, cross_entropy_log_of_softmax),
            says: "use log_softmax",
        },
        Wrong {
            id: "dl/cross-entropy",
            what: "sums over the batch",
            grade: |g| checks::dl::cross_entropy(g, cross_entropy_summed),
            says: "summed over the batch instead of averaging",
        },
        Wrong {
            id: "dl/cross-entropy",
            what: "leaves out the minus sign",
            grade: |g| checks::dl::cross_entropy(g, cross_entropy_without_minus),
            says: "the sign is flipped",
        },
        Wrong {
            id: "dl/cross-entropy",
            what: "averages -p instead of -log p",
            grade: |g| checks::dl::cross_entropy(g, cross_entropy_of_probabilities),
            says: "looks like you used probabilities, not log-probabilities",
        },
        Wrong {
            id: "dl/cross-entropy",
            what: "averages -log p over every class",
            grade: |g| checks::dl::cross_entropy(g, cross_entropy_over_every_class),
            says: "looks like you averaged −log p over every class",
        },
        Wrong {
            id: "dl/linear-backward",
            what: "computes xᵀ·grad_out for the weight",
            grade: |g| checks::dl::linear_backward(g, backward_weight_transposed),
            says: "looks like you computed xᵀ·grad_out, the transpose",
        },
        Wrong {
            id: "dl/linear-backward",
            what: "averages grad_out for the bias",
            grade: |g| checks::dl::linear_backward(g, backward_bias_mean),
            says: "looks like you averaged grad_out over the batch",
        },
        Wrong {
            id: "dl/linear-backward",
            what: "multiplies grad_out by weight's transpose for dx",
            grade: |g| checks::dl::linear_backward(g, backward_x_transposed),
            says: "looks like you multiplied grad_out by weight's transpose",
        },
    ]
}

fn backward_right(x: &Tensor, weight: &Tensor, grad_out: &Tensor) -> (Tensor, Tensor, Tensor) {
    let bias = grad_out.sum_dim_intlist(0, false, Kind::Float);
    (grad_out.matmul(weight), grad_out.tr().matmul(x), bias)
}

pub fn backward_weight_transposed(x: &Tensor, w: &Tensor, g: &Tensor) -> (Tensor, Tensor, Tensor) {
    let (dx, _, db) = backward_right(x, w, g);
    (dx, x.tr().matmul(g), db)
}

pub fn backward_bias_mean(x: &Tensor, w: &Tensor, g: &Tensor) -> (Tensor, Tensor, Tensor) {
    let (dx, dw, _) = backward_right(x, w, g);
    (dx, dw, g.mean_dim(0, false, Kind::Float))
}

pub fn backward_x_transposed(x: &Tensor, w: &Tensor, g: &Tensor) -> (Tensor, Tensor, Tensor) {
    let (_, dw, db) = backward_right(x, w, g);
    (g.matmul(&w.tr()), dw, db)
}

pub fn linear_untransposed(x: &Tensor, weight: &Tensor, bias: &Tensor) -> Tensor {
    x.matmul(weight) + bias
}

pub fn linear_without_bias(x: &Tensor, weight: &Tensor, _bias: &Tensor) -> Tensor {
    x.matmul(&weight.tr())
}

pub fn cross_entropy_without_minus(logits: &Tensor, targets: &Tensor) -> Tensor {
    let log_p = logits.log_softmax(-1, Kind::Float);
    log_p
        .gather(1, &targets.unsqueeze(1), false)
        .mean(Kind::Float)
}

pub fn cross_entropy_of_probabilities(logits: &Tensor, targets: &Tensor) -> Tensor {
    let p = logits.softmax(-1, Kind::Float);
    -p.gather(1, &targets.unsqueeze(1), false).mean(Kind::Float)
}

pub fn cross_entropy_over_every_class(logits: &Tensor, _targets: &Tensor) -> Tensor {
    -logits.log_softmax(-1, Kind::Float).mean(Kind::Float)
}

pub fn cross_entropy_log_of_softmax(logits: &Tensor, targets: &Tensor) -> Tensor {
    let log_p = logits.softmax(-1, Kind::Float).log();
    -log_p
        .gather(1, &targets.unsqueeze(1), false)
        .mean(Kind::Float)
}

pub fn cross_entropy_summed(logits: &Tensor, targets: &Tensor) -> Tensor {
    let log_p = logits.log_softmax(-1, Kind::Float);
    -log_p
        .gather(1, &targets.unsqueeze(1), false)
        .sum(Kind::Float)
}
