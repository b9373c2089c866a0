//! Exercise `dl/inverted-dropout`: the regulariser that switches off random units.

use ferrolab::prelude::*;

/// Dropout as `nn`'s `dropout` does it ("inverted" dropout). In training (`train` true),
/// each value of `x` is set to 0 with probability `p`, independently and afresh on every
/// call, and each value that survives is divided by `1 − p`, so the expected output is `x`
/// itself; in evaluation (`train` false) `x` comes back unchanged. Draw the mask with
/// tch's random numbers (`Tensor::rand_like`), so `tch::manual_seed` makes it repeatable.
pub fn inverted_dropout(x: &Tensor, p: f64, train: bool) -> Tensor {
    // BEGIN SOLUTION
    if !train {
        return x.shallow_clone();
    }
    let keep = x.rand_like().ge(p).to_kind(x.kind());
    x * keep / (1.0 - p)
    // END SOLUTION
}
