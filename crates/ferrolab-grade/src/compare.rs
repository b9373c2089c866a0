//! Comparing numbers the way numerical code needs, and writing them the way people read them.
//!
//! Two floating-point answers computed in a different order differ in the last
//! bits, so checks compare with a [`Tolerance`] rather than `==`. Messages show
//! numbers short (`32`, `0.2447`, `[1, 2, 3]`), long lists cut in the middle.

use ndarray::{Array1, Array2};

/// How far an answer may be from the expected value: `|got − expected| ≤ absolute + relative·|expected|`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// Slack that matters near zero.
    pub absolute: f64,
    /// Slack proportional to the expected value's size.
    pub relative: f64,
}

impl Tolerance {
    /// For sums and products of a few hundred `f64`s in any order.
    pub const TIGHT: Tolerance = Tolerance {
        absolute: 1e-9,
        relative: 1e-9,
    };
    /// For `f32` tensors (libtorch's default element type).
    pub const SINGLE: Tolerance = Tolerance {
        absolute: 1e-5,
        relative: 1e-4,
    };

    /// Whether `got` is close enough to `expected`. NaN is never close, infinities only to themselves.
    pub fn close(&self, expected: f64, got: f64) -> bool {
        if expected.is_infinite() || got.is_infinite() {
            return expected == got;
        }
        (got - expected).abs() <= self.absolute + self.relative * expected.abs()
    }

    /// Whether two lists have the same length and close elements.
    pub fn all_close(&self, expected: &[f64], got: &[f64]) -> bool {
        expected.len() == got.len() && expected.iter().zip(got).all(|(e, g)| self.close(*e, *g))
    }

    /// Whether two matrices have the same shape and close elements.
    pub fn matrices_close(&self, expected: &Array2<f64>, got: &Array2<f64>) -> bool {
        expected.shape() == got.shape()
            && expected
                .iter()
                .zip(got.iter())
                .all(|(e, g)| self.close(*e, *g))
    }
}

/// A number as short as it can be written without hiding what matters: `32`, `-4.5`, `0.2447`, `1.2e-7`.
pub fn number(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    if x.abs() >= 1e-3 && x.abs() < 1e6 {
        let text = format!("{x:.4}");
        return text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    format!("{x:.3e}")
}

/// `[1, 2, 3]`; more than eight elements are cut to the first and last few.
pub fn list(values: &[f64]) -> String {
    let shown: Vec<String> = if values.len() > 8 {
        let mut shown: Vec<String> = values[..3].iter().map(|v| number(*v)).collect();
        shown.push(format!("… {} more …", values.len() - 5));
        shown.extend(values[values.len() - 2..].iter().map(|v| number(*v)));
        shown
    } else {
        values.iter().map(|v| number(*v)).collect()
    };
    format!("[{}]", shown.join(", "))
}

/// A vector as a list.
pub fn vector(values: &Array1<f64>) -> String {
    list(&values.to_vec())
}

/// `[[1, 2], [3, 4]]`, or the shape alone when the matrix is too big to read.
pub fn matrix(values: &Array2<f64>) -> String {
    if values.len() > 16 {
        return format!("a {} matrix", shape(values.shape()));
    }
    let rows: Vec<String> = values
        .rows()
        .into_iter()
        .map(|r| list(&r.to_vec()))
        .collect();
    format!("[{}]", rows.join(", "))
}

/// `2×3`.
pub fn shape(dims: &[usize]) -> String {
    dims.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("×")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn tolerance_is_absolute_plus_relative() {
        let t = Tolerance {
            absolute: 1e-3,
            relative: 1e-2,
        };
        assert!(t.close(100.0, 101.0));
        assert!(!t.close(100.0, 101.1));
        assert!(t.close(0.0, 0.0009));
        assert!(!t.close(1.0, f64::NAN));
        assert!(!t.close(1.0, f64::INFINITY));
        assert!(t.close(f64::INFINITY, f64::INFINITY));
        assert!(!Tolerance::TIGHT.all_close(&[1.0], &[1.0, 2.0]));
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(32.0), "32");
        assert_eq!(number(-4.5), "-4.5");
        assert_eq!(number(0.244728), "0.2447");
        assert_eq!(number(1.2e-7), "1.200e-7");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(list(&[1.0, 2.0, 3.0]), "[1, 2, 3]");
        assert_eq!(
            list(&(0..10).map(f64::from).collect::<Vec<_>>()),
            "[0, 1, 2, … 5 more …, 8, 9]"
        );
        assert_eq!(matrix(&array![[1.0, 2.0], [3.0, 4.0]]), "[[1, 2], [3, 4]]");
        assert_eq!(shape(&[2, 3]), "2×3");
    }
}
