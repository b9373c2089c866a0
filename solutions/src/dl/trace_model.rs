//! Exercise `dl/trace-model`: a model as a TorchScript file, for Python and C++.

use ferrolab::prelude::*;

/// Trace `model` (whose weights live in `vs`) to TorchScript with
/// `tch::CModule::create_by_tracing` (module name "classifier", method "forward",
/// `example` as the input to trace with) and save the result at `path`.
///
/// The tracer runs your closure once on the tensors it passes in and records every
/// operation done to them; the weights go into the file as constants, so they must stop
/// requiring gradients first (`vs.freeze()`). The file then runs in Rust
/// (`CModule::load`), C++ and Python (`torch.jit.load`) without your code.
pub fn trace_and_save(
    vs: &mut nn::VarStore,
    model: &nn::Sequential,
    example: &Tensor,
    path: &std::path::Path,
) -> Result<(), TchError> {
    // BEGIN SOLUTION
    vs.freeze();
    let mut forward = |inputs: &[Tensor]| vec![model.forward(&inputs[0])];
    let traced = tch::CModule::create_by_tracing(
        "classifier",
        "forward",
        &[example.shallow_clone()],
        &mut forward,
    )?;
    traced.save(path)
    // END SOLUTION
}
