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
    ]
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
