//! Exercise `math/gradient-descent-step`: one step downhill on the loss of a linear
//! regression, the update every training loop repeats.

use ferrolab::prelude::*;

/// One gradient-descent step for the linear model `ŷ = x·w + b` on the mean squared
/// error `L = mean((ŷ − y)²)`; returns the new `(w, b)`.
///
/// With residuals `r = ŷ − y` over the `n` rows of `x`, the gradients are
/// `∂L/∂w = (2/n)·xᵀ·r` and `∂L/∂b = (2/n)·Σ r`. Step against them: `w − lr·∂L/∂w`
/// and `b − lr·∂L/∂b`.
pub fn gradient_descent_step(
    w: &Array1<f64>,
    b: f64,
    x: &Array2<f64>,
    y: &Array1<f64>,
    lr: f64,
) -> (Array1<f64>, f64) {
    todo!()
}
