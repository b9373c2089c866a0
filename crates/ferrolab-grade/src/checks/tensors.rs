//! Reading a learner's tch tensor back, and building inputs, for the stages that use
//! libtorch (`dl` and `llm`). Everything here runs on the grading thread, so a tch error
//! inside the learner's code or in reading its result is a caught panic, not a crash.

use crate::compare::Tolerance;
use crate::Verdict;
use tch::{Kind, Tensor};

/// A learner's tensor, read back as kind, shape and values (in `f64`).
#[derive(Debug, Clone)]
pub(super) struct Output {
    pub kind: Kind,
    pub shape: Vec<i64>,
    pub values: Vec<f64>,
}

/// Read a tensor of any float or integer kind; panics (caught by the sandbox) when it
/// cannot be read, e.g. a complex or undefined tensor.
pub(super) fn read(tensor: &Tensor) -> Output {
    let flat = tensor.to_kind(Kind::Double).reshape([-1]);
    let values = Vec::<f64>::try_from(&flat)
        .unwrap_or_else(|e| panic!("could not read the result tensor: {e}"));
    Output {
        kind: tensor.kind(),
        shape: tensor.size(),
        values,
    }
}

/// `[2, 3]`, the way a learner prints `tensor.size()`.
pub(super) fn shape_text(shape: &[i64]) -> String {
    let dims: Vec<String> = shape.iter().map(i64::to_string).collect();
    format!("[{}]", dims.join(", "))
}

/// Dimensions as tch wants them.
pub(super) fn dims_i64(dims: &[usize]) -> Vec<i64> {
    dims.iter().map(|&d| d as i64).collect()
}

/// A row-major `f32` tensor of the given shape.
pub(super) fn f32_tensor(values: &[f32], dims: &[usize]) -> Tensor {
    Tensor::from_slice(values).reshape(dims_i64(dims))
}

/// Equal within f32 rounding ([`Tolerance::SINGLE`]); an infinity matches only itself and
/// NaN matches NaN, so a variant that divides 0 by 0 where the learner's answer does is
/// still recognised.
pub(super) fn values_match(expected: &[f64], got: &[f64]) -> bool {
    expected.len() == got.len()
        && expected
            .iter()
            .zip(got)
            .all(|(e, g)| (e.is_nan() && g.is_nan()) || Tolerance::SINGLE.close(*e, *g))
}

/// The verdict for right values in a tensor of the wrong kind (`Kind::Double` where the
/// exercise asks for `Kind::Float`), with `hint` saying which kind and why; `None` when the
/// kind is right.
pub(super) fn wrong_kind(
    input: &str,
    got: Kind,
    expected: Kind,
    hint: impl Into<String>,
) -> Option<Verdict> {
    (got != expected).then(|| Verdict::Incorrect {
        message: format!(
            "for input {input} the values are right but the tensor is {got:?}: {}",
            hint.into()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_shape_kind_and_values() {
        let t = f32_tensor(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
        let out = read(&t);
        assert_eq!(out.kind, Kind::Float);
        assert_eq!(shape_text(&out.shape), "[2, 3]");
        assert_eq!(out.values, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    }

    #[test]
    fn matching_treats_nan_and_infinity_exactly() {
        let inf = f64::INFINITY;
        assert!(values_match(
            &[f64::NAN, -inf, 1.0],
            &[f64::NAN, -inf, 1.0 + 1e-9]
        ));
        assert!(!values_match(&[-inf], &[inf]));
        assert!(!values_match(&[1.0], &[f64::NAN]));
        assert!(!values_match(&[1.0], &[1.0, 2.0]));
        assert!(!values_match(&[1.0], &[1.01]));
    }

    #[test]
    fn a_wrong_kind_names_the_kind_and_the_hint() {
        assert!(wrong_kind("x", Kind::Float, Kind::Float, "keep f32").is_none());
        let Some(Verdict::Incorrect { message }) =
            wrong_kind("x", Kind::Double, Kind::Float, "keep f32")
        else {
            panic!("a Double result must be incorrect");
        };
        assert_eq!(
            message,
            "for input x the values are right but the tensor is Double: keep f32"
        );
    }
}
