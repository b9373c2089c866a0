//! Exercise `math/softmax`: scores to probabilities, the last step of every classifier.

use ferrolab::prelude::*;

/// Softmax: `exp(x[i]) / Σ exp(x[j])`, a probability per input that adds up to 1.
///
/// It must work for large inputs too: `[1000.0, 1001.0, 1002.0]` gives the same answer
/// as `[1.0, 2.0, 3.0]`, about `[0.09, 0.24, 0.67]`, even though `exp(1000.0)` is
/// infinite in `f64`.
pub fn softmax(x: &Array1<f64>) -> Array1<f64> {
    todo!()
}
