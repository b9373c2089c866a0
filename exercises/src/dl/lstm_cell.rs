//! Exercise `dl/lstm-cell`: one step of a long short-term memory cell, by hand.

use ferrolab::prelude::*;

/// One LSTM step for a batch: input `x` `[batch, input]`, previous hidden state `h` and
/// cell state `c` (both `[batch, hidden]`), weights in PyTorch's layout: `w_ih`
/// `[4·hidden, input]`, `w_hh` `[4·hidden, hidden]`, biases `b_ih` and `b_hh`
/// `[4·hidden]`. The pre-activations `x·w_ihᵀ + b_ih + h·w_hhᵀ + b_hh` hold four blocks of
/// `hidden` columns, in this order: input gate i, forget gate f, candidate g, output gate
/// o. With σ the sigmoid: `c_next = σ(f)·c + σ(i)·tanh(g)`, `h_next = σ(o)·tanh(c_next)`.
/// Returns `(h_next, c_next)`.
pub fn lstm_cell(
    x: &Tensor,
    h: &Tensor,
    c: &Tensor,
    w_ih: &Tensor,
    w_hh: &Tensor,
    b_ih: &Tensor,
    b_hh: &Tensor,
) -> (Tensor, Tensor) {
    todo!()
}
