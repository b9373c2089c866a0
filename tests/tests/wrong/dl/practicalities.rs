//! Wrong answers to dl lesson 8, practicalities: notebooks/04-dl/08-practicalities.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;
use std::path::Path;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "dl/restore-weights",
            what: "loads before building the model",
            grade: |g| checks::dl::restore_weights(g, restore_before_build),
            says: "build the model with build(&vs.root()) first, then load",
        },
        Wrong {
            id: "dl/restore-weights",
            what: "builds a fresh model and forgets to load",
            grade: |g| checks::dl::restore_weights(g, restore_without_loading),
            says: "does not compute what the saved one did",
        },
        Wrong {
            id: "dl/bf16-round",
            what: "truncates",
            grade: |g| checks::dl::bf16_round(g, bf16_truncated),
            says: "that is truncation",
        },
        Wrong {
            id: "dl/bf16-round",
            what: "rounds ties up",
            grade: |g| checks::dl::bf16_round(g, bf16_ties_up),
            says: "a tie was rounded up",
        },
        Wrong {
            id: "dl/trace-model",
            what: "traces a copy of the example and runs the model on the original",
            grade: |g| checks::dl::trace_model(g, trace_captured_example),
            says: "the traced module ignores its input",
        },
        Wrong {
            id: "dl/trace-model",
            what: "traces without freezing the weights",
            grade: |g| checks::dl::trace_model(g, trace_unfrozen),
            says: "freeze the VarStore first",
        },
        Wrong {
            id: "dl/trace-model",
            what: "traces but never saves",
            grade: |g| checks::dl::trace_model(g, trace_without_saving),
            says: "not a TorchScript module CModule::load can read",
        },
    ]
}

type Restored = Result<(nn::VarStore, nn::Sequential), TchError>;

pub fn restore_before_build(path: &Path, build: fn(&nn::Path) -> nn::Sequential) -> Restored {
    let mut vs = nn::VarStore::new(Device::Cpu);
    vs.load(path)?;
    let model = build(&vs.root());
    Ok((vs, model))
}

pub fn restore_without_loading(_path: &Path, build: fn(&nn::Path) -> nn::Sequential) -> Restored {
    let vs = nn::VarStore::new(Device::Cpu);
    let model = build(&vs.root());
    Ok((vs, model))
}

pub fn bf16_truncated(x: f32) -> f32 {
    f32::from_bits(x.to_bits() & 0xFFFF_0000)
}

pub fn bf16_ties_up(x: f32) -> f32 {
    f32::from_bits(x.to_bits().wrapping_add(0x8000) & 0xFFFF_0000)
}

pub fn trace_captured_example(
    vs: &mut nn::VarStore,
    model: &nn::Sequential,
    example: &Tensor,
    path: &Path,
) -> Result<(), TchError> {
    vs.freeze();
    let mut forward = |_inputs: &[Tensor]| vec![model.forward(example)];
    let traced =
        tch::CModule::create_by_tracing("classifier", "forward", &[example.copy()], &mut forward)?;
    traced.save(path)
}

pub fn trace_without_saving(
    vs: &mut nn::VarStore,
    model: &nn::Sequential,
    example: &Tensor,
    _path: &Path,
) -> Result<(), TchError> {
    vs.freeze();
    let mut forward = |inputs: &[Tensor]| vec![model.forward(&inputs[0])];
    tch::CModule::create_by_tracing(
        "classifier",
        "forward",
        &[example.shallow_clone()],
        &mut forward,
    )?;
    Ok(())
}

pub fn trace_unfrozen(
    _vs: &mut nn::VarStore,
    model: &nn::Sequential,
    example: &Tensor,
    path: &Path,
) -> Result<(), TchError> {
    let mut forward = |inputs: &[Tensor]| vec![model.forward(&inputs[0])];
    let traced = tch::CModule::create_by_tracing(
        "classifier",
        "forward",
        &[example.shallow_clone()],
        &mut forward,
    )?;
    traced.save(path)
}
