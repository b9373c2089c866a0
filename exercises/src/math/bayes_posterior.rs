//! Exercise `math/bayes-posterior`: what a positive test result really tells you.

/// The probability of having the disease given a positive test, P(disease | positive),
/// by Bayes' theorem.
///
/// - `prior`: P(disease), how common the disease is among the people tested;
/// - `sensitivity`: P(positive | disease), the share of sick people the test catches;
/// - `specificity`: P(negative | healthy), the share of healthy people it clears.
///
/// P(positive) counts both ways to test positive: sick and caught, or healthy and
/// wrongly flagged. Example: prior 0.01, sensitivity 0.9, specificity 0.95 gives
/// 0.009 / (0.009 + 0.0495) ≈ 0.154.
pub fn bayes_posterior(prior: f64, sensitivity: f64, specificity: f64) -> f64 {
    todo!()
}
