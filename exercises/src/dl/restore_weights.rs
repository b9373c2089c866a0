//! Exercise `dl/restore-weights`: load saved weights back into a model.

use ferrolab::prelude::*;

/// Rebuild a model whose weights were saved with `vs.save(path)` (a `.safetensors` or
/// `.ot` file): make a fresh `VarStore`, build the architecture in it with `build`, then
/// load the saved values. Returns the store and the model; the model must compute
/// exactly what the saved one did.
pub fn restore_weights(
    path: &std::path::Path,
    build: fn(&nn::Path) -> nn::Sequential,
) -> Result<(nn::VarStore, nn::Sequential), TchError> {
    todo!()
}
