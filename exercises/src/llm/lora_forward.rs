//! Exercise `llm/lora-forward`: a frozen layer plus a small trainable correction.

use ferrolab::prelude::*;

/// A linear layer with a LoRA adapter, without bias: y = x Wᵀ + (alpha / r) · x Aᵀ Bᵀ.
///
/// - `x`: `[.., in]`, any number of leading axes (`[batch, seq, in]` in a GPT).
/// - `w`: the frozen weight, `[out, in]` as `nn::Linear` stores it.
/// - `a`: `[r, in]`, takes each input down to r numbers; `b`: `[out, r]`, brings them back
///   up to `out`. The rank r is `a`'s first size.
/// - `alpha`: the adapter's strength; dividing by r keeps an update of the same size
///   whatever rank is chosen.
///
/// Returns `[.., out]`, Float. The path through A and B never builds the `[out, in]`
/// product B A: two thin matrix products are cheaper.
pub fn lora_forward(x: &Tensor, w: &Tensor, a: &Tensor, b: &Tensor, alpha: f64) -> Tensor {
    todo!()
}
