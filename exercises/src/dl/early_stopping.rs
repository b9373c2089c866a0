//! Exercise `dl/early-stopping`: when to stop training, read off the validation loss.

/// Early stopping over the validation losses of a run, one per epoch (epoch 0 first).
/// An epoch *improves* when its loss is strictly below the best so far. Training stops
/// after the epoch that makes `patience` epochs in a row without improvement since the
/// best one (`patience` is at least 1); if that never happens, after the last epoch.
///
/// Returns `(best, stop)`: the epoch with the lowest loss up to the stop (the weights
/// you keep) and the epoch training stopped after. Example: losses `[1.0, 0.8, 0.7,
/// 0.72, 0.71]` with patience 2 give `(2, 4)`.
pub fn early_stopping(val_loss: &[f64], patience: usize) -> (usize, usize) {
    todo!()
}
