//! Wrong answers to dl lesson 5, regularisation: notebooks/04-dl/05-regularisation.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "dl/inverted-dropout",
            what: "does not scale the kept values",
            grade: |g| checks::dl::inverted_dropout(g, dropout_unscaled),
            says: "the kept values are not scaled",
        },
        Wrong {
            id: "dl/inverted-dropout",
            what: "keeps each value with probability p",
            grade: |g| checks::dl::inverted_dropout(g, dropout_keeps_p),
            says: "p is the probability of dropping a value",
        },
        Wrong {
            id: "dl/inverted-dropout",
            what: "drops values in evaluation too",
            grade: |g| checks::dl::inverted_dropout(g, dropout_always),
            says: "values were dropped in evaluation",
        },
        Wrong {
            id: "dl/inverted-dropout",
            what: "scales by 1 − p at test time (the original dropout)",
            grade: |g| checks::dl::inverted_dropout(g, dropout_original),
            says: "the original, non-inverted dropout",
        },
        Wrong {
            id: "dl/inverted-dropout",
            what: "multiplies the kept values by the keep probability",
            grade: |g| checks::dl::inverted_dropout(g, dropout_times_keep),
            says: "the kept values were multiplied by 1 − p",
        },
        Wrong {
            id: "dl/inverted-dropout",
            what: "divides by p",
            grade: |g| checks::dl::inverted_dropout(g, dropout_over_p),
            says: "divided by p: divide by the keep probability",
        },
        Wrong {
            id: "dl/batch-norm-train",
            what: "leaves eps out",
            grade: |g| checks::dl::batch_norm_train(g, norm_without_eps),
            says: "eps is missing",
        },
        Wrong {
            id: "dl/batch-norm-train",
            what: "uses the unbiased variance",
            grade: |g| checks::dl::batch_norm_train(g, norm_unbiased),
            says: "the variance divides by n − 1",
        },
        Wrong {
            id: "dl/batch-norm-train",
            what: "normalises each row (layer norm)",
            grade: |g| checks::dl::batch_norm_train(g, norm_rows),
            says: "that is layer norm",
        },
        Wrong {
            id: "dl/batch-norm-train",
            what: "forgets gamma and beta",
            grade: |g| checks::dl::batch_norm_train(g, norm_without_affine),
            says: "gamma and beta are missing",
        },
        Wrong {
            id: "dl/batch-norm-train",
            what: "adds eps outside the square root",
            grade: |g| checks::dl::batch_norm_train(g, norm_eps_outside),
            says: "eps goes under the square root",
        },
        Wrong {
            id: "dl/early-stopping",
            what: "counts a tie as an improvement",
            grade: |g| checks::dl::early_stopping(g, stop_on_ties),
            says: "a tie counted as an improvement",
        },
        Wrong {
            id: "dl/early-stopping",
            what: "waits one epoch too many",
            grade: |g| checks::dl::early_stopping(g, stop_one_late),
            says: "one epoch too late",
        },
        Wrong {
            id: "dl/early-stopping",
            what: "stops at the first epoch that does not improve",
            grade: |g| checks::dl::early_stopping(g, stop_impatient),
            says: "wait `patience` epochs",
        },
        Wrong {
            id: "dl/early-stopping",
            what: "returns the stopping epoch as the best one",
            grade: |g| checks::dl::early_stopping(g, stop_last_as_best),
            says: "the first number is the best epoch",
        },
        Wrong {
            id: "dl/fashion-cnn",
            what: "returns an untrained network",
            grade: |g| checks::dl::fashion_cnn(g, fashion_untrained),
            says: "that is chance level",
        },
        Wrong {
            id: "dl/fashion-cnn",
            what: "stops after a few batches",
            grade: |g| checks::dl::fashion_cnn(g, fashion_undertrained),
            says: "below the target 0.84",
        },
    ]
}

pub fn dropout_unscaled(x: &Tensor, p: f64, train: bool) -> Tensor {
    if !train {
        return x.shallow_clone();
    }
    x * x.rand_like().ge(p).to_kind(x.kind())
}

pub fn dropout_keeps_p(x: &Tensor, p: f64, train: bool) -> Tensor {
    if !train || p == 0.0 {
        return x.shallow_clone();
    }
    x * x.rand_like().lt(p).to_kind(x.kind()) / p
}

pub fn dropout_always(x: &Tensor, p: f64, _train: bool) -> Tensor {
    x * x.rand_like().ge(p).to_kind(x.kind()) / (1.0 - p)
}

pub fn dropout_original(x: &Tensor, p: f64, train: bool) -> Tensor {
    if !train {
        return x * (1.0 - p);
    }
    x * x.rand_like().ge(p).to_kind(x.kind())
}

pub fn dropout_times_keep(x: &Tensor, p: f64, train: bool) -> Tensor {
    if !train {
        return x.shallow_clone();
    }
    x * x.rand_like().ge(p).to_kind(x.kind()) * (1.0 - p)
}

pub fn dropout_over_p(x: &Tensor, p: f64, train: bool) -> Tensor {
    if !train {
        return x.shallow_clone();
    }
    x * x.rand_like().ge(p).to_kind(x.kind()) / p
}

pub fn norm_without_eps(x: &Tensor, gamma: &Tensor, beta: &Tensor, _eps: f64) -> Tensor {
    normalised(x, 0, false, 0.0, false) * gamma + beta
}

fn normalised(x: &Tensor, dim: i64, unbiased: bool, eps: f64, eps_outside: bool) -> Tensor {
    let mean = x.mean_dim(dim, true, Kind::Float);
    let var = x.var_dim(dim, unbiased, true);
    let scale = if eps_outside {
        var.sqrt() + eps
    } else {
        (var + eps).sqrt()
    };
    (x - mean) / scale
}

pub fn norm_unbiased(x: &Tensor, gamma: &Tensor, beta: &Tensor, eps: f64) -> Tensor {
    normalised(x, 0, true, eps, false) * gamma + beta
}

pub fn norm_rows(x: &Tensor, gamma: &Tensor, beta: &Tensor, eps: f64) -> Tensor {
    normalised(x, 1, false, eps, false) * gamma + beta
}

pub fn norm_without_affine(x: &Tensor, _gamma: &Tensor, _beta: &Tensor, eps: f64) -> Tensor {
    normalised(x, 0, false, eps, false)
}

pub fn norm_eps_outside(x: &Tensor, gamma: &Tensor, beta: &Tensor, eps: f64) -> Tensor {
    normalised(x, 0, false, eps, true) * gamma + beta
}

fn stop_with(val_loss: &[f64], patience: usize, improves: fn(f64, f64) -> bool) -> (usize, usize) {
    let mut best = 0;
    for (epoch, &loss) in val_loss.iter().enumerate().skip(1) {
        if improves(loss, val_loss[best]) {
            best = epoch;
        } else if epoch - best >= patience {
            return (best, epoch);
        }
    }
    (best, val_loss.len() - 1)
}

pub fn stop_on_ties(val_loss: &[f64], patience: usize) -> (usize, usize) {
    stop_with(val_loss, patience, |loss, best| loss <= best)
}

pub fn stop_one_late(val_loss: &[f64], patience: usize) -> (usize, usize) {
    stop_with(val_loss, patience + 1, |loss, best| loss < best)
}

pub fn stop_impatient(val_loss: &[f64], _patience: usize) -> (usize, usize) {
    stop_with(val_loss, 1, |loss, best| loss < best)
}

pub fn stop_last_as_best(val_loss: &[f64], patience: usize) -> (usize, usize) {
    let (_, stop) = stop_with(val_loss, patience, |loss, best| loss < best);
    (stop, stop)
}

fn small_cnn(p: &nn::Path) -> nn::SequentialT {
    nn::seq_t()
        .add(nn::conv2d(p / "conv", 1, 8, 5, Default::default()))
        .add_fn(|t| t.relu().max_pool2d_default(2).flatten(1, -1))
        .add(nn::linear(p / "out", 8 * 12 * 12, 10, Default::default()))
}

pub fn fashion_untrained(_x: &Tensor, _y: &Tensor) -> nn::SequentialT {
    let vs = nn::VarStore::new(Device::Cpu);
    small_cnn(&vs.root())
}

pub fn fashion_undertrained(x: &Tensor, y: &Tensor) -> nn::SequentialT {
    tch::manual_seed(0);
    let vs = nn::VarStore::new(Device::Cpu);
    let model = small_cnn(&vs.root());
    let mut opt = nn::Adam::default()
        .build(&vs, 1e-3)
        .expect("Adam takes these parameters");
    for (xb, yb) in tch::data::Iter2::new(x, y, 64).take(20) {
        opt.backward_step(&model.forward_t(&xb, true).cross_entropy_for_logits(&yb));
    }
    model
}
