//! Exercise `math/gaussian-mle`: fitting a distribution is choosing the parameters that
//! make the data most probable.

/// The maximum-likelihood estimates `(mean, variance)` of a normal distribution for the
/// sample `x`.
///
/// Setting the derivatives of the log-likelihood to zero gives the sample mean, and the
/// average squared deviation from it dividing by n (not n − 1: the maximum-likelihood
/// estimate is slightly biased, and that is what it is). `x` is not empty.
///
/// Example: `[1, 2, 3, 6]` gives mean 3 and variance (4 + 1 + 0 + 9) / 4 = 3.5.
pub fn gaussian_mle(x: &[f64]) -> (f64, f64) {
    todo!()
}
