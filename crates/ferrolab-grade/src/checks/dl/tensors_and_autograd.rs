//! Lesson 1, tensors and autograd (notebooks/04-dl/01-tensors-and-autograd.ipynb):
//! the forward pass of a linear layer, cross-entropy from logits, and the linear layer's
//! backward pass by hand.

use super::{random_matrix, read, same, shape_text, tensor1, tensor2, to_f64, Output, LIMIT};
use crate::checks::known_mistake;
use crate::checks::{incorrect, reference};
use crate::compare::{list, number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2};
use rand::Rng;
use tch::Tensor;

/// `dl/linear-layer`.
pub const LINEAR_LAYER: &str = "dl/linear-layer";

/// One input to a linear layer.
#[derive(Debug, Clone)]
struct LinearCase {
    x: Array2<f32>,
    weight: Array2<f32>,
    bias: Array1<f32>,
}

/// `fn linear(x: &Tensor, weight: &Tensor, bias: &Tensor) -> Tensor`: x·Wᵀ + b, with
/// `weight` stored `[out_features, in_features]` as `nn::Linear` stores it.
pub fn linear_layer<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor) -> Tensor + Send + 'static,
{
    linear_layer_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type LinearLayerFn = dyn Fn(&Tensor, &Tensor, &Tensor) -> Tensor + Send;

/// The body of [`linear_layer`], compiled once here rather than in every learner's crate.
fn linear_layer_boxed(grader: &Grader, learner: Box<LinearLayerFn>) -> Report {
    let mut rng = grader.rng(20);
    let cases = vec![
        // Square and non-symmetric first: x·W (no transpose) then has the right shape
        // and a wrong value the check can name.
        LinearCase {
            x: array![[1.0, 2.0, 3.0], [0.0, -1.0, 2.0]],
            weight: array![[1.0, 0.0, 2.0], [0.0, 1.0, 0.0], [3.0, 0.0, 1.0]],
            bias: array![0.5, -1.0, 2.0],
        },
        LinearCase {
            x: random_matrix(&mut rng, 4, 3),
            weight: random_matrix(&mut rng, 2, 3),
            bias: array![0.25, -0.75],
        },
        LinearCase {
            x: random_matrix(&mut rng, 1, 5),
            weight: random_matrix(&mut rng, 4, 5),
            bias: array![1.0, 2.0, 3.0, 4.0],
        },
    ];
    let describe = |c: &LinearCase| {
        format!(
            "x of shape [{}, {}], weight of shape [{}, {}], bias of shape [{}]",
            c.x.nrows(),
            c.x.ncols(),
            c.weight.nrows(),
            c.weight.ncols(),
            c.bias.len()
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        read(&learner(
            &tensor2(&c.x),
            &tensor2(&c.weight),
            &tensor1(&c.bias),
        ))
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        let (x, w, b) = (
            to_f64(&case.x),
            to_f64(&case.weight),
            case.bias.mapv(f64::from),
        );
        let expected = x.dot(&w.t()) + &b;
        let expected_shape = [x.nrows() as i64, w.nrows() as i64];
        if got.shape != expected_shape {
            let message = format!(
                "for input {} expected shape {} (batch × out_features), got {}",
                describe(case),
                shape_text(&expected_shape),
                shape_text(&got.shape)
            );
            return Report::new(LINEAR_LAYER, Verdict::Incorrect { message });
        }
        let flat: Vec<f64> = expected.iter().copied().collect();
        if !same(&flat, &got) {
            let mistake = if w.is_square()
                && same(&(x.dot(&w) + &b).iter().copied().collect::<Vec<_>>(), &got)
            {
                Some(known_mistake("looks like you multiplied by weight, not by its transpose: weight is stored [out_features, in_features], so compute x.matmul(&weight.tr())"))
            } else if same(&x.dot(&w.t()).iter().copied().collect::<Vec<_>>(), &got) {
                Some(known_mistake("looks like you forgot to add the bias"))
            } else {
                None
            };
            let verdict = incorrect(&describe(case), &list(&flat), &list(&got.values), mistake);
            return Report::new(LINEAR_LAYER, verdict);
        }
    }
    match run.failure {
        Some(Verdict::Panicked {
            message,
            input: Some(input),
            ..
        }) if is_shape_error(&message) => {
            let message = format!(
                "for input {input} your code failed with a shape error (\"{message}\"): a layer's weight is stored \
                 [out_features, in_features], as in nn::Linear; multiply x by its transpose, weight.tr()"
            );
            return Report::new(LINEAR_LAYER, Verdict::Incorrect { message });
        }
        Some(verdict) => return Report::new(LINEAR_LAYER, verdict),
        None => {}
    }
    Report::new(
        LINEAR_LAYER,
        Verdict::Passed {
            summary: "3 batches: shapes and values match nn::Linear".into(),
        },
    )
}

fn is_shape_error(message: &str) -> bool {
    [
        "cannot be multiplied",
        "size mismatch",
        "must match the size",
        "mat1 and mat2",
        "shape",
    ]
    .iter()
    .any(|needle| message.contains(needle))
}

// ---------------------------------------------------------------------------------

/// `dl/cross-entropy`.
pub const CROSS_ENTROPY: &str = "dl/cross-entropy";

/// One batch of logits and target classes.
#[derive(Debug, Clone)]
struct LossCase {
    logits: Array2<f32>,
    targets: Vec<i64>,
}

/// `fn cross_entropy(logits: &Tensor, targets: &Tensor) -> Tensor`: the mean over the
/// batch of −log softmax(logits)[target], as a 0-dimensional tensor.
pub fn cross_entropy<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor) -> Tensor + Send + 'static,
{
    cross_entropy_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type CrossEntropyFn = dyn Fn(&Tensor, &Tensor) -> Tensor + Send;

/// The body of [`cross_entropy`], compiled once here rather than in every learner's crate.
fn cross_entropy_boxed(grader: &Grader, learner: Box<CrossEntropyFn>) -> Report {
    let mut rng = grader.rng(21);
    let cases = vec![
        LossCase {
            logits: array![[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]],
            targets: vec![0, 1],
        },
        LossCase {
            logits: random_matrix(&mut rng, 8, 5),
            targets: (0..8).map(|_| rng.gen_range(0..5)).collect(),
        },
        // Confidently wrong: the target's probability underflows f32, its log does not.
        LossCase {
            logits: array![[0.0, 200.0, 0.0], [3.0, 1.0, -2.0]],
            targets: vec![0, 0],
        },
    ];
    let describe = |c: &LossCase| {
        let rows: Vec<String> = c
            .logits
            .rows()
            .into_iter()
            .map(|r| list(&r.mapv(f64::from).to_vec()))
            .collect();
        let targets: Vec<String> = c.targets.iter().map(i64::to_string).collect();
        format!(
            "logits = [{}], targets = [{}]",
            rows.join(", "),
            targets.join(", ")
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        read(&learner(
            &tensor2(&c.logits),
            &Tensor::from_slice(&c.targets),
        ))
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        let per_example = losses(&to_f64(&case.logits), &case.targets);
        let expected = per_example.mean().unwrap_or(f64::NAN);
        if !got.shape.is_empty() {
            let message = format!(
                "for input {} expected a single number (a 0-dimensional tensor), got shape {}: average the \
                 per-example losses with .mean(Kind::Float)",
                describe(case),
                shape_text(&got.shape)
            );
            return Report::new(CROSS_ENTROPY, Verdict::Incorrect { message });
        }
        let value = got.values.first().copied().unwrap_or(f64::NAN);
        if !Tolerance::SINGLE.close(expected, value) {
            let mistake = cross_entropy_mistake(case, &per_example, value);
            return Report::new(
                CROSS_ENTROPY,
                incorrect(&describe(case), &number(expected), &number(value), mistake),
            );
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(CROSS_ENTROPY, verdict);
    }
    Report::new(
        CROSS_ENTROPY,
        Verdict::Passed {
            summary: "3 batches, including a confidently wrong one".into(),
        },
    )
}

/// −log softmax(row)[target] for each row, computed stably.
fn losses(logits: &Array2<f64>, targets: &[i64]) -> Array1<f64> {
    let log_probs = log_softmax(logits);
    targets
        .iter()
        .enumerate()
        .map(|(i, &t)| -log_probs[[i, t as usize]])
        .collect()
}

/// The grader's log-softmax of every row.
fn log_softmax(logits: &Array2<f64>) -> Array2<f64> {
    let mut out = logits.clone();
    for (mut row, logits) in out.rows_mut().into_iter().zip(logits.rows()) {
        row.assign(&reference::log_softmax(logits));
    }
    out
}

fn cross_entropy_mistake(case: &LossCase, per_example: &Array1<f64>, got: f64) -> Option<String> {
    let close = |candidate: f64| Tolerance::SINGLE.close(candidate, got);
    let logits = to_f64(&case.logits);
    let n = per_example.len() as f64;
    let log_probs = log_softmax(&logits);
    let probabilities = log_probs.mapv(f64::exp);
    let minus_p: f64 = case
        .targets
        .iter()
        .enumerate()
        .map(|(i, &t)| -probabilities[[i, t as usize]])
        .sum::<f64>()
        / n;
    if !got.is_finite() {
        Some(known_mistake("a logit far above the others makes softmax underflow to 0 (or exp overflow) in f32, and log(0) is -inf; use log_softmax, which computes log-probabilities stably"))
    } else if close(per_example.sum()) {
        Some(known_mistake(format!("looks like you summed over the batch instead of averaging: the sum is {n} times the mean")))
    } else if close(-per_example.mean().unwrap_or(0.0)) {
        Some(known_mistake(
            "the sign is flipped: the loss is the negative log-probability of the target",
        ))
    } else if close(minus_p) {
        Some(known_mistake("looks like you used probabilities, not log-probabilities: cross-entropy is −log p of the target"))
    } else if close(-log_probs.mean().unwrap_or(0.0)) {
        Some(known_mistake("looks like you averaged −log p over every class, not just each row's target: pick the target with gather or nll_loss"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `dl/linear-backward`.
pub const LINEAR_BACKWARD: &str = "dl/linear-backward";

/// One backward pass through a linear layer: its input, weight and upstream gradient.
#[derive(Debug, Clone)]
struct BackwardCase {
    x: Array2<f32>,
    weight: Array2<f32>,
    grad_out: Array2<f32>,
}

/// The three gradients a learner returns, read back.
#[derive(Debug, Clone)]
struct Gradients {
    x: Output,
    weight: Output,
    bias: Output,
}

/// `fn linear_backward(x: &Tensor, weight: &Tensor, grad_out: &Tensor) -> (Tensor, Tensor, Tensor)`:
/// the gradients of the loss with respect to x, weight and bias of `y = x·Wᵀ + b`, given
/// `grad_out` = dloss/dy.
pub fn linear_backward<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor) -> (Tensor, Tensor, Tensor) + Send + 'static,
{
    linear_backward_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type LinearBackwardFn = dyn Fn(&Tensor, &Tensor, &Tensor) -> (Tensor, Tensor, Tensor) + Send;

fn linear_backward_boxed(grader: &Grader, learner: Box<LinearBackwardFn>) -> Report {
    let mut rng = grader.rng(22);
    let cases = vec![
        // Square weight: a transposed gradient has the right shape and wrong values.
        BackwardCase {
            x: array![[1.0, 2.0, 3.0], [0.0, -1.0, 2.0]],
            weight: array![[1.0, 0.0, 2.0], [0.0, 1.0, 0.0], [3.0, 0.0, 1.0]],
            grad_out: array![[0.5, -1.0, 2.0], [1.0, 0.25, -0.5]],
        },
        BackwardCase {
            x: random_matrix(&mut rng, 4, 3),
            weight: random_matrix(&mut rng, 2, 3),
            grad_out: random_matrix(&mut rng, 4, 2),
        },
        BackwardCase {
            x: random_matrix(&mut rng, 5, 2),
            weight: random_matrix(&mut rng, 3, 2),
            grad_out: random_matrix(&mut rng, 5, 3),
        },
    ];
    let describe = |c: &BackwardCase| {
        format!(
            "x of shape [{}, {}], weight of shape [{}, {}], grad_out of shape [{}, {}]",
            c.x.nrows(),
            c.x.ncols(),
            c.weight.nrows(),
            c.weight.ncols(),
            c.grad_out.nrows(),
            c.grad_out.ncols()
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let (x, weight, bias) = learner(&tensor2(&c.x), &tensor2(&c.weight), &tensor2(&c.grad_out));
        Gradients {
            x: read(&x),
            weight: read(&weight),
            bias: read(&bias),
        }
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = backward_verdict(case, &got, &describe(case)) {
            return Report::new(LINEAR_BACKWARD, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(LINEAR_BACKWARD, verdict);
    }
    Report::new(
        LINEAR_BACKWARD,
        Verdict::Passed {
            summary: "3 layers: dx, dW and db match the chain rule (and autograd)".into(),
        },
    )
}

/// The first wrong gradient of one case, or `None` when all three are right.
fn backward_verdict(case: &BackwardCase, got: &Gradients, input: &str) -> Option<Verdict> {
    let (x, w, g) = (
        to_f64(&case.x),
        to_f64(&case.weight),
        to_f64(&case.grad_out),
    );
    let flat = |a: &Array2<f64>| a.iter().copied().collect::<Vec<f64>>();
    let shape = |a: &Array2<f64>| vec![a.nrows() as i64, a.ncols() as i64];
    let wrong_shape = |what: &str, expected: &[i64], got: &Output, hint: &str| {
        let message = format!(
            "for input {input} {what} should have shape {}, got {}: {hint}",
            shape_text(expected),
            shape_text(&got.shape)
        );
        Some(Verdict::Incorrect { message })
    };
    // dloss/dx = grad_out · W: [batch, out] · [out, in] = [batch, in].
    let grad_x = g.dot(&w);
    if got.x.shape != shape(&grad_x) {
        return wrong_shape(
            "grad_x",
            &shape(&grad_x),
            &got.x,
            "it has x's shape, [batch, in_features]",
        );
    }
    if !same(&flat(&grad_x), &got.x) {
        let mistake = (w.is_square() && same(&flat(&g.dot(&w.t())), &got.x)).then(|| {
            known_mistake("grad_x: looks like you multiplied grad_out by weight's transpose; y = x·Wᵀ, so dx = grad_out·W (no transpose)")
        });
        let what = format!("{input}, grad_x");
        return Some(incorrect(
            &what,
            &list(&flat(&grad_x)),
            &list(&got.x.values),
            mistake,
        ));
    }
    // dloss/dW = grad_outᵀ · x: [out, batch] · [batch, in] = [out, in], W's own shape.
    let grad_w = g.t().dot(&x);
    let transposed = flat(&grad_w.t().to_owned());
    let swapped = got.weight.shape == vec![grad_w.ncols() as i64, grad_w.nrows() as i64];
    if got.weight.shape != shape(&grad_w) || !same(&flat(&grad_w), &got.weight) {
        let is_transposed = (swapped || w.is_square()) && same(&transposed, &got.weight);
        if is_transposed {
            let message = format!(
                "for input {input}, grad_weight: {}",
                known_mistake("looks like you computed xᵀ·grad_out, the transpose: grad_weight must have weight's shape [out_features, in_features], so compute grad_out.tr().matmul(x)")
            );
            return Some(Verdict::Incorrect { message });
        }
        if got.weight.shape != shape(&grad_w) {
            return wrong_shape(
                "grad_weight",
                &shape(&grad_w),
                &got.weight,
                "it has weight's shape",
            );
        }
        let what = format!("{input}, grad_weight");
        return Some(incorrect(
            &what,
            &list(&flat(&grad_w)),
            &list(&got.weight.values),
            None,
        ));
    }
    // dloss/db = the sum of grad_out over the batch: b is added to every row.
    let grad_b = g.sum_axis(ndarray::Axis(0));
    if got.bias.shape != vec![grad_b.len() as i64] {
        let message = format!(
            "for input {input} grad_bias should have shape [{}] (one per output), got {}: sum grad_out over the \
             batch, grad_out.sum_dim_intlist(0, false, Kind::Float)",
            grad_b.len(),
            shape_text(&got.bias.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected_b = grad_b.to_vec();
    if !same(&expected_b, &got.bias) {
        let mean = (grad_b / g.nrows() as f64).to_vec();
        let mistake = same(&mean, &got.bias).then(|| {
            known_mistake("grad_bias: looks like you averaged grad_out over the batch; the bias is added to every row, so its gradient is the sum of the rows")
        });
        let what = format!("{input}, grad_bias");
        return Some(incorrect(
            &what,
            &list(&expected_b),
            &list(&got.bias.values),
            mistake,
        ));
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checks::incorrect_message as message;
    use tch::Kind;

    #[test]
    fn linear_layer_checks_the_transpose_and_the_bias() {
        let grader = Grader::new();
        let right = |x: &Tensor, w: &Tensor, b: &Tensor| x.matmul(&w.tr()) + b;
        assert!(linear_layer(&grader, right).passed());
        let untransposed = |x: &Tensor, w: &Tensor, b: &Tensor| x.matmul(w) + b;
        assert!(message(linear_layer(&grader, untransposed)).contains("not by its transpose"));
        let no_bias = |x: &Tensor, w: &Tensor, _: &Tensor| x.matmul(&w.tr());
        assert!(message(linear_layer(&grader, no_bias)).contains("forgot to add the bias"));
    }

    #[test]
    fn cross_entropy_wants_a_stable_mean() {
        let grader = Grader::new();
        let right = |l: &Tensor, t: &Tensor| l.log_softmax(-1, Kind::Float).nll_loss(t);
        assert!(
            cross_entropy(&grader, right).passed(),
            "{:?}",
            cross_entropy(&grader, right)
        );
        let unstable = |l: &Tensor, t: &Tensor| {
            let p = l.softmax(-1, Kind::Float).log();
            -p.gather(1, &t.unsqueeze(1), false).mean(Kind::Float)
        };
        assert!(message(cross_entropy(&grader, unstable)).contains("use log_softmax"));
        let summed = |l: &Tensor, t: &Tensor| {
            -l.log_softmax(-1, Kind::Float)
                .gather(1, &t.unsqueeze(1), false)
                .sum(Kind::Float)
        };
        assert!(message(cross_entropy(&grader, summed)).contains("summed over the batch"));
    }
}
