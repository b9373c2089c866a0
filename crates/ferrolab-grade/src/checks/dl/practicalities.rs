//! Lesson 8, practicalities (notebooks/04-dl/08-practicalities.ipynb): restoring saved
//! weights, rounding to bfloat16, and tracing a model to TorchScript.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tch::{nn, nn::Module, Device, Kind, TchError, Tensor};

/// Model files take a few milliseconds; libtorch's first call and tracing take longer.
const FILES: Duration = Duration::from_secs(60);

/// A file name in the temporary folder that no other check (or test thread) uses, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        Scratch(
            std::env::temp_dir().join(format!("ferrolab-check-{}-{n}-{name}", std::process::id())),
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The grader's small classifier: 784 → 32 → 10. Its variable names are what the saved
/// file holds.
fn classifier(p: &nn::Path) -> nn::Sequential {
    nn::seq()
        .add(nn::linear(p / "hidden", 784, 32, Default::default()))
        .add_fn(|t| t.relu())
        .add(nn::linear(p / "out", 32, 10, Default::default()))
}

/// A batch of `n` inputs in 0..1 that is the same on every machine.
fn inputs(n: i64) -> Tensor {
    Tensor::linspace(0.0, 1.0, n * 784, (Kind::Float, Device::Cpu))
        .reshape([n, 784])
        .sin()
        .abs()
}

fn values(t: &Tensor) -> Vec<f64> {
    Vec::<f64>::try_from(&t.to_kind(Kind::Double).reshape([-1])).unwrap_or_default()
}

// ---------------------------------------------------------------------------------

/// `dl/restore-weights`.
pub const RESTORE_WEIGHTS: &str = "dl/restore-weights";

type Builder = fn(&nn::Path) -> nn::Sequential;

/// `fn restore_weights(path, build) -> Result<(nn::VarStore, nn::Sequential), TchError>`:
/// a model built with `build` holding the weights saved at `path`.
pub fn restore_weights<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Path, Builder) -> Result<(nn::VarStore, nn::Sequential), TchError> + Send + 'static,
{
    let seed = grader.seed() as i64;
    // .safetensors and .ot: tch picks the format from the extension.
    let cases = vec!["weights.safetensors", "weights.ot"];
    let describe =
        |name: &&str| format!("a 784 → 32 → 10 classifier saved with vs.save(\"{name}\")");
    let run = run_cases(grader.limit(FILES), cases.clone(), describe, move |name| {
        let file = Scratch::new(name);
        tch::manual_seed(seed);
        let vs = nn::VarStore::new(Device::Cpu);
        let model = classifier(&vs.root());
        vs.save(&file.0).map_err(|e| e.to_string())?;
        let expected = tch::no_grad(|| values(&model.forward(&inputs(4))));
        // The learner's model must not match by starting from the same seed.
        tch::manual_seed(seed + 1);
        let (restored_vs, restored) = learner(&file.0, classifier).map_err(|e| e.to_string())?;
        let got = tch::no_grad(|| values(&restored.forward(&inputs(4))));
        Ok::<_, String>((expected, got, restored_vs.variables().len()))
    });
    for (name, outcome) in cases.iter().zip(run.outputs) {
        let input = describe(name);
        let (expected, got, variables) = match outcome {
            Ok(result) => result,
            Err(error) => {
                let message =
                    format!("for input {input} restore_weights returned an error: {error}");
                return Report::new(RESTORE_WEIGHTS, Verdict::Incorrect { message });
            }
        };
        if variables != 4 {
            let message = format!(
                "for input {input} the returned VarStore holds {variables} variables, expected the model's 4 (two weights, two biases): build the model in the store you return"
            );
            return Report::new(RESTORE_WEIGHTS, Verdict::Incorrect { message });
        }
        if !Tolerance::SINGLE.all_close(&expected, &got) {
            let mistake = known_mistake("the restored model does not compute what the saved one did: vs.load only fills the variables that exist when it is called, so build the model with build(&vs.root()) first, then load");
            let verdict = incorrect(
                &format!("{input}, outputs for 4 inputs"),
                &list(&expected[..10]),
                &list(&got[..got.len().min(10)]),
                Some(mistake),
            );
            return Report::new(RESTORE_WEIGHTS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(RESTORE_WEIGHTS, verdict);
    }
    Report::new(
        RESTORE_WEIGHTS,
        Verdict::Passed {
            summary:
                "safetensors and .ot: the restored model computes exactly what the saved one did"
                    .into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `dl/bf16-round`.
pub const BF16_ROUND: &str = "dl/bf16-round";

/// `fn to_bf16(x: f32) -> f32`: `x` rounded to the nearest bfloat16, ties to even.
pub fn bf16_round<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(f32) -> f32 + Send + 'static,
{
    // Exact ties both ways (1 + 2⁻⁸ rounds down to even, 1 + 3·2⁻⁸ up to even), values
    // just above a tie, negatives, the extremes of the range, zero and −0, and plain numbers.
    let tie = 2f32.powi(-8);
    let mut cases = vec![
        1.0 + tie,
        1.0 + 3.0 * tie,
        -(1.0 + 3.0 * tie),
        1.0 + tie + 2f32.powi(-20),
        1.0 / 3.0,
        -std::f32::consts::PI,
        0.1,
        65504.0,
        1e-30,
        3.0e38,
        0.0,
        -0.0,
    ];
    let mut rng = grader.rng(81);
    cases.extend((0..8).map(|_| rand::Rng::gen_range(&mut rng, -1000.0f32..1000.0)));
    let describe = |x: &f32| format!("x = {x:e} (bits {:#010x})", x.to_bits());
    let reference = tch_bf16(&cases);
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |&x| {
        learner(x)
    });
    for ((x, got), expected) in cases.iter().zip(run.outputs).zip(reference) {
        if got.to_bits() == expected.to_bits() {
            continue;
        }
        let bits = x.to_bits();
        let mistake = if got.to_bits() == bits & 0xFFFF_0000 {
            Some(known_mistake("that is truncation: bf16 keeps the top 16 bits of a float32 *rounded* to the nearest value, with ties going to the even one"))
        } else if got.to_bits() == (bits.wrapping_add(0x8000) & 0xFFFF_0000) {
            Some(known_mistake("a tie was rounded up: exactly half-way values go to the neighbour whose last kept bit is 0 (ties to even), as in IEEE arithmetic"))
        } else {
            None
        };
        let show = |v: f32| format!("{v:e} (bits {:#010x})", v.to_bits());
        let verdict = incorrect(&describe(x), &show(expected), &show(got), mistake);
        return Report::new(BF16_ROUND, verdict);
    }
    if let Some(verdict) = run.failure {
        return Report::new(BF16_ROUND, verdict);
    }
    Report::new(
        BF16_ROUND,
        Verdict::Passed {
            summary:
                "20 values, ties and extremes included: bit for bit what libtorch's bfloat16 gives"
                    .into(),
        },
    )
}

/// libtorch's own float32 → bfloat16 → float32, the reference.
fn tch_bf16(xs: &[f32]) -> Vec<f32> {
    let t = Tensor::from_slice(xs)
        .to_kind(Kind::BFloat16)
        .to_kind(Kind::Float);
    Vec::<f32>::try_from(&t).unwrap_or_default()
}

// ---------------------------------------------------------------------------------

/// `dl/trace-model`.
pub const TRACE_MODEL: &str = "dl/trace-model";

/// `fn trace_and_save(vs, model, example, path) -> Result<(), TchError>`: the model traced to
/// TorchScript and saved, loadable by `CModule::load` and by Python.
pub fn trace_model<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&mut nn::VarStore, &nn::Sequential, &Tensor, &Path) -> Result<(), TchError>
        + Send
        + 'static,
{
    let seed = grader.seed() as i64;
    let describe = |_: &()| {
        "a 784 → 32 → 10 classifier traced on a batch of 2 inputs, loaded back and run on 5 others"
            .to_string()
    };
    let run = run_cases(grader.limit(FILES), vec![()], describe, move |_| {
        let file = Scratch::new("model.pt");
        tch::manual_seed(seed);
        let mut vs = nn::VarStore::new(Device::Cpu);
        let model = classifier(&vs.root());
        learner(&mut vs, &model, &inputs(2), &file.0).map_err(|e| {
            let mut message = format!("trace_and_save returned an error: {e}");
            if e.to_string().contains("requires grad as a constant") {
                message.push_str(": freeze the VarStore first (vs.freeze())");
            }
            message
        })?;
        let loaded = tch::CModule::load(&file.0).map_err(|e| {
            format!("the saved file is not a TorchScript module CModule::load can read ({e})")
        })?;
        let others = inputs(7).narrow(0, 2, 5);
        let expected = tch::no_grad(|| values(&model.forward(&others)));
        let got = tch::no_grad(|| loaded.forward_ts(&[&others]))
            .map_err(|e| format!("the loaded module failed on 5 new inputs ({e})"))?;
        Ok::<_, String>((expected, values(&got)))
    });
    let input = describe(&());
    let freeze = known_mistake("freeze the VarStore first (vs.freeze()): the tracer stores the weights in the file as constants, and a weight that still takes part in training (requires a gradient) cannot be one");
    // libtorch's complaint arrives as a panic inside the model's forward pass.
    if let Some(Verdict::Panicked { message, .. }) = &run.failure {
        if message.contains("requires grad as a constant") {
            let message = format!("for input {input} tracing failed ({message}): {freeze}");
            return Report::new(TRACE_MODEL, Verdict::Incorrect { message });
        }
    }
    if let Some(outcome) = run.outputs.into_iter().next() {
        let (expected, got) = match outcome {
            Ok(result) => result,
            Err(message) => {
                let message = format!("for input {input}: {message}");
                return Report::new(TRACE_MODEL, Verdict::Incorrect { message });
            }
        };
        if !Tolerance::SINGLE.all_close(&expected, &got) {
            let mistake = (got.len() == 20).then(|| known_mistake("the traced module ignores its input: the tracer records only what happens to the tensors it passed in, so call the model on inputs[0] inside the closure (a copy of the example is another tensor, recorded as a constant)"));
            let verdict = incorrect(
                &format!("{input}, outputs"),
                &list(&expected[..10]),
                &list(&got[..got.len().min(10)]),
                mistake,
            );
            return Report::new(TRACE_MODEL, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(TRACE_MODEL, verdict);
    }
    Report::new(
        TRACE_MODEL,
        Verdict::Passed {
            summary: "the saved TorchScript module computes what the model does, on a batch size it was not traced with".into(),
        },
    )
}
