//! Exercise `math/cosine-similarity`: how alike two vectors point, whatever their lengths
//! (the measure behind embedding search).

use ferrolab::prelude::*;

/// The cosine of the angle between `a` and `b`: a·b / (‖a‖·‖b‖), between -1 (opposite)
/// and 1 (same direction); 0 means perpendicular.
///
/// Example: `[3, 4]` and `[4, 3]` give `24 / (5 · 5) = 0.96`. Neither vector is all zeros.
pub fn cosine_similarity(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
    // BEGIN SOLUTION
    a.dot(b) / (a.dot(a).sqrt() * b.dot(b).sqrt())
    // END SOLUTION
}
