//! Exercise `llm/lora-merge`: folding a trained adapter back into the weight.

use ferrolab::prelude::*;

/// The merged weight W' = W + (alpha / r) · B A, `[out, in]` like `w`, so that
/// x W'ᵀ equals `lora_forward(x, w, a, b, alpha)`: after training, the adapter costs
/// nothing at inference time.
///
/// - `w`: `[out, in]`; `a`: `[r, in]`; `b`: `[out, r]`; r is `a`'s first size.
///
/// `w` itself is left unchanged (a new tensor is returned).
pub fn lora_merge(w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    // BEGIN SOLUTION
    let r = a.size()[0] as f64;
    w + b.matmul(a) * (alpha / r)
    // END SOLUTION
}
