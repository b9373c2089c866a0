//! Exercise `math/mean-variance-std`: the three numbers that describe a sample before
//! any model is fitted to it.

/// The mean, the sample variance and the standard deviation of `x`, in that order.
///
/// The sample variance divides the summed squared deviations from the mean by n − 1
/// (like pandas' `.var()` and R's `var`): a sample sits closer to its own mean than
/// to the population's, and n − 1 corrects for that. The standard deviation is the
/// variance's square root, back in the data's units. `x` has at least two values.
///
/// Example: `[2, 4, 4, 4, 5, 5, 7, 9]` gives mean 5, variance 32 / 7 ≈ 4.571 and
/// standard deviation ≈ 2.138.
pub fn mean_variance_std(x: &[f64]) -> (f64, f64, f64) {
    // BEGIN SOLUTION
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let variance = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, variance, variance.sqrt())
    // END SOLUTION
}
