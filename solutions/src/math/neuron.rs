//! Exercise `math/neuron`: the unit networks are built from, written against the
//! `Autodiff` trait so it runs on your `Value` engine (and on the grader's).

use ferrolab::grade::checks::math::Autodiff;

/// One neuron: `tanh(w₀·x₀ + w₁·x₁ + … + b)`.
///
/// Build it from `mul`, `add` and `tanh` on the values themselves (not on their `f64`
/// numbers), so `backward()` can find the gradient of every weight. `weights` and
/// `inputs` have the same length.
pub fn neuron<V: Autodiff>(weights: &[V], bias: &V, inputs: &[V]) -> V {
    // BEGIN SOLUTION
    let mut sum = bias.clone();
    for (w, x) in weights.iter().zip(inputs) {
        sum = sum.add(&w.mul(x));
    }
    sum.tanh()
    // END SOLUTION
}
