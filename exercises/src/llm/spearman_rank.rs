//! Exercise `llm/spearman-rank`: Spearman's rank correlation, how word vectors are scored
//! against people's similarity judgements.

/// Spearman's rank correlation of `x` and `y`: the Pearson correlation of their ranks.
/// The smallest value has rank 1; values that are tied share the mean of the ranks they
/// span (two values tied for 2nd and 3rd place both get 2.5). `x` and `y` have the same
/// length, at least 2, and neither is constant. The result is in −1..=1.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    todo!()
}
