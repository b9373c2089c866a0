//! Exercise `dl/batch-norm-train`: batch normalisation's forward pass while training.

use ferrolab::prelude::*;

/// Batch norm in training mode for a batch `x` of shape `[n, features]`: each feature
/// (column) is normalised with the batch's own mean and variance (the biased one, divided
/// by n), `x̂ = (x − mean) / √(var + eps)`, then scaled and shifted by the learned
/// `gamma` and `beta` (both `[features]`): `gamma · x̂ + beta`. Returns `[n, features]`.
pub fn batch_norm_train(x: &Tensor, gamma: &Tensor, beta: &Tensor, eps: f64) -> Tensor {
    // BEGIN SOLUTION
    let mean = x.mean_dim(0, true, Kind::Float);
    let var = (x - &mean).square().mean_dim(0, true, Kind::Float);
    let x_hat = (x - &mean) / (var + eps).sqrt();
    x_hat * gamma + beta
    // END SOLUTION
}
