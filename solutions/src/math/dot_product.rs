//! Exercise `math/dot-product`: the operation under every neural network layer.

/// The dot product of two vectors of the same length: multiply matching elements and
/// add up the products, a·b = a[0]·b[0] + a[1]·b[1] + … .
///
/// Example: `dot_product(&[1.0, 2.0, 3.0], &[4.0, -5.0, 6.0])` is `4 - 10 + 18 = 12`.
/// Two empty vectors have a dot product of `0`.
pub fn dot_product(a: &[f64], b: &[f64]) -> f64 {
    // BEGIN SOLUTION
    a.iter().zip(b).map(|(x, y)| x * y).sum()
    // END SOLUTION
}
