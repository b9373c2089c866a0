//! Exercise `math/numerical-gradient`: derivatives from nothing but function values, the
//! way every autodiff engine's answers are checked.

use ferrolab::prelude::*;

/// The gradient of `f` at `x` by central differences: component `i` is
/// `(f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h)`, where `eᵢ` is 1 in position `i` and 0 elsewhere.
///
/// Nudge one coordinate at a time, both ways, and keep the others where they are. The
/// central difference's error shrinks like h², the one-sided `(f(x + h·eᵢ) − f(x)) / h`
/// only like h.
///
/// Example: for `f(x) = x₀² + 3·x₁` at `x = [1, 2]` the gradient is `[2, 3]`.
pub fn numerical_gradient(f: &dyn Fn(&Array1<f64>) -> f64, x: &Array1<f64>, h: f64) -> Array1<f64> {
    todo!()
}
