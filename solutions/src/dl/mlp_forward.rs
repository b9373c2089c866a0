//! Exercise `dl/mlp-forward`: a two-layer perceptron from bare tensors.

use ferrolab::prelude::*;

/// The logits of a multilayer perceptron with one hidden layer, for a batch `x`
/// (`[batch, inputs]`): a linear layer, ReLU, and a second linear layer.
///
/// `params` holds `[w1, b1, w2, b2]`, stored like `nn::Linear` stores them:
/// `w1` is `[hidden, inputs]`, `b1` `[hidden]`, `w2` `[classes, hidden]`, `b2` `[classes]`.
/// Returns `[batch, classes]` raw scores (no softmax: the loss applies it).
pub fn mlp_forward(x: &Tensor, params: &[Tensor]) -> Tensor {
    // BEGIN SOLUTION
    let hidden = (x.matmul(&params[0].tr()) + &params[1]).relu();
    hidden.matmul(&params[2].tr()) + &params[3]
    // END SOLUTION
}
