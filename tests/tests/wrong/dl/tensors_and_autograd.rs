//! Wrong answers to dl lesson 1, tensors and autograd:
//! notebooks/04-dl/01-tensors-and-autograd.ipynb (not yet written).

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
    ]
}

pub fn linear_untransposed(x: &Tensor, weight: &Tensor, bias: &Tensor) -> Tensor {
    x.matmul(weight) + bias
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
