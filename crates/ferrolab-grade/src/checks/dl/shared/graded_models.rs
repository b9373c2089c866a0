//! Model-level checks, in Kaggle's spirit: the learner's function trains a model on
//! training images the check hands it, and the check scores what comes back on the
//! test images, which the function never receives.
//!
//! The check keeps a second held-out part of the *training* split to itself. A model
//! that learned the digits in general scores about the same on both; one trained on the
//! test split (which a notebook can load) scores far better on the test images than on
//! the private ones, and is told so.

use crate::checks::known_mistake;
use crate::sandbox::run_cases;
use crate::{Grader, Verdict};
use rand::seq::SliceRandom;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tch::{Kind, Tensor};

/// A model-level task: which set, how many training images the learner gets, the target.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ModelTask {
    /// The image set, as `ImageSource::images` names it.
    pub set: &'static str,
    /// Training images handed to the learner; the rest of the training split is private.
    pub train: usize,
    /// Test accuracy that passes.
    pub target: f64,
    /// Shape each image is given in: `[784]` for an MLP, `[1, 28, 28]` for a CNN.
    pub image_shape: &'static [i64],
    /// Training may take this long on a 2-core machine (scaled by the grader).
    pub limit: Duration,
}

/// Test accuracy this far above the private held-out accuracy means the test set leaked.
const LEAK_GAP: f64 = 0.03;

/// At most this many private training images are scored: enough to measure accuracy
/// within about a point, and one forward pass over them stays small (50,000 Fashion-MNIST
/// images through a CNN would hold gigabytes of activations at once).
const PRIVATE_MAX: usize = 5_000;

/// What the check measured of one model.
#[derive(Debug, Clone)]
struct Scores {
    test: f64,
    private: f64,
    /// `(truth, predicted, count)` of the most frequent confusions on the test images.
    confusions: Vec<(usize, usize, usize)>,
    shape: Vec<i64>,
}

/// Held while a model trains: libtorch has one global random generator, so two trainings
/// at once (parallel tests, or `check!` beside `cargo test`'s threads) would interleave
/// their draws and neither would get the initial weights and batch order its seed fixes.
/// Taken on the calling thread around the sandboxed run, so waiting does not count against
/// the time limit and a timed-out run does not keep it.
static TRAINING: Mutex<()> = Mutex::new(());

/// Train with `train_model` and score what it returns; `None` means it passed.
pub(crate) fn grade_model<M: 'static>(
    grader: &Grader,
    task: ModelTask,
    train_model: impl Fn(&Tensor, &Tensor) -> M + Send + 'static,
    forward: impl Fn(&M, &Tensor) -> Tensor + Send + 'static,
) -> Verdict {
    let (train, test) = match grader.images() {
        Ok(source) => match source.images(task.set) {
            Ok(split) => split,
            Err(reason) => return Verdict::CannotGrade { reason },
        },
        Err(verdict) => return verdict,
    };
    let mut rows: Vec<usize> = (0..train.len()).collect();
    rows.shuffle(&mut grader.rng(90));
    let (given, private) = rows.split_at(task.train.min(rows.len()));
    let private = &private[..private.len().min(PRIVATE_MAX)];
    let (given, private) = (given.to_vec(), private.to_vec());
    let test_rows: Vec<usize> = (0..test.len()).collect();
    let classes = test.classes.clone();
    let input = format!(
        "{} training images of `{}` (labels {}), each of shape {:?}",
        given.len(),
        task.set,
        classes.len(),
        task.image_shape
    );
    let shape = task.image_shape;
    let one_at_a_time = TRAINING.lock().unwrap_or_else(PoisonError::into_inner);
    let run = run_cases(
        grader.limit(task.limit),
        vec![()],
        |_| input.clone(),
        move |_| {
            let reshape = |x: Tensor| x.reshape([&[-1i64][..], shape].concat());
            let (x, y) = train.tensors(&given);
            let model = train_model(&reshape(x), &y);
            tch::no_grad(|| {
                let (xt, yt) = test.tensors(&test_rows);
                let logits = forward(&model, &reshape(xt));
                let (xp, yp) = train.tensors(&private);
                let private = accuracy(&forward(&model, &reshape(xp)), &yp);
                score(&logits, &yt, private)
            })
        },
    );
    drop(one_at_a_time);
    if let Some(failure) = run.failure {
        return failure;
    }
    let Some(scores) = run.outputs.into_iter().next() else {
        return Verdict::CannotGrade {
            reason: "the model produced no result".into(),
        };
    };
    judge(&scores, task, &classes)
}

/// [`grade_model`] for a CNN on 28×28 grey images (`[n, 1, 28, 28]`) that returns any
/// `nn::ModuleT`, called in evaluation mode (`forward_t(x, false)`), so its dropout and
/// batch norm behave as at test time.
pub(crate) fn grade_cnn<M: tch::nn::ModuleT + 'static>(
    grader: &Grader,
    set: &'static str,
    train: usize,
    target: f64,
    train_model: impl Fn(&Tensor, &Tensor) -> M + Send + 'static,
) -> Verdict {
    let task = ModelTask {
        set,
        train,
        target,
        image_shape: &[1, 28, 28],
        limit: Duration::from_secs(300),
    };
    grade_model(grader, task, train_model, |model, x| {
        model.forward_t(x, false)
    })
}

fn accuracy(logits: &Tensor, y: &Tensor) -> f64 {
    if logits.dim() != 2 || logits.size()[0] != y.size()[0] {
        return f64::NAN;
    }
    logits
        .argmax(-1, false)
        .eq_tensor(y)
        .to_kind(Kind::Double)
        .mean(Kind::Double)
        .double_value(&[])
}

fn score(logits: &Tensor, y: &Tensor, private: f64) -> Scores {
    let shape = logits.size();
    let test = accuracy(logits, y);
    let mut confusions = Vec::new();
    if test.is_finite() {
        let predicted = Vec::<i64>::try_from(&logits.argmax(-1, false)).unwrap_or_default();
        let truth = Vec::<i64>::try_from(y).unwrap_or_default();
        let mut counts = std::collections::BTreeMap::new();
        for (&t, &p) in truth.iter().zip(&predicted) {
            if t != p {
                *counts.entry((t as usize, p as usize)).or_insert(0usize) += 1;
            }
        }
        confusions = counts.into_iter().map(|((t, p), n)| (t, p, n)).collect();
        confusions.sort_by(|a, b| b.2.cmp(&a.2).then(a.cmp(b)));
        confusions.truncate(3);
    }
    Scores {
        test,
        private,
        confusions,
        shape,
    }
}

fn judge(scores: &Scores, task: ModelTask, classes: &[String]) -> Verdict {
    let n_classes = classes.len() as i64;
    if scores.shape.len() != 2 || scores.shape[1] != n_classes {
        let message = format!(
            "the model's output for a batch of test images has shape {:?}; expected [batch, {n_classes}], one score per class",
            scores.shape
        );
        return Verdict::Incorrect { message };
    }
    let name = |c: usize| classes.get(c).cloned().unwrap_or_else(|| c.to_string());
    if scores.test < task.target {
        let worst: Vec<String> = scores
            .confusions
            .iter()
            .map(|(t, p, n)| format!("{} read as {} ({n} times)", name(*t), name(*p)))
            .collect();
        let chance = 1.0 / n_classes as f64;
        let advice = if scores.test < chance + 0.05 {
            known_mistake("that is chance level: the model looks untrained (is the training loop running, and does it step the optimiser?)")
        } else {
            "train longer (more epochs), or check the learning rate and the hidden width"
                .to_string()
        };
        let message = format!(
            "your model classifies {:.3} of the {} held-out test images correctly, below the target {:.2} by {:.1} points; \
             most confused: {}; {advice}",
            scores.test,
            task.set,
            task.target,
            (task.target - scores.test) * 100.0,
            if worst.is_empty() { "none".to_string() } else { worst.join(", ") },
        );
        return Verdict::Incorrect { message };
    }
    if scores.test > scores.private + LEAK_GAP {
        let message = format!(
            "your model scores {:.3} on the test images but only {:.3} on training images it was not given: {}",
            scores.test,
            scores.private,
            known_mistake("it looks trained on the test split; train only on the images the function receives")
        );
        return Verdict::Incorrect { message };
    }
    Verdict::Passed {
        summary: format!(
            "accuracy {:.3} on the held-out test images (target {:.2}), {:.3} on training images it never saw",
            scores.test, task.target, scores.private
        ),
    }
}
