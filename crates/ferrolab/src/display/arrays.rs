//! ndarray arrays shown with their shape and element type before the values.

use super::Rich;
use ndarray::{ArrayBase, Data, Dimension};
use std::any::Any;
use std::fmt::Display;

/// Header + values for the array types lessons use, `None` for anything else.
pub fn describe(value: &dyn Any) -> Option<Rich> {
    macro_rules! try_types {
        ($($elem:ty),*) => {$(
            if let Some(a) = value.downcast_ref::<ndarray::Array1<$elem>>() { return Some(array_rich(a, stringify!($elem))); }
            if let Some(a) = value.downcast_ref::<ndarray::Array2<$elem>>() { return Some(array_rich(a, stringify!($elem))); }
            if let Some(a) = value.downcast_ref::<ndarray::Array3<$elem>>() { return Some(array_rich(a, stringify!($elem))); }
            if let Some(a) = value.downcast_ref::<ndarray::ArrayD<$elem>>() { return Some(array_rich(a, stringify!($elem))); }
        )*};
    }
    try_types!(f64, f32, i64, i32, usize, u8, bool);
    None
}

/// `Array2<f64> [3, 4]` followed by ndarray's own (abbreviating) display of the values.
pub fn array_rich<S, D>(array: &ArrayBase<S, D>, elem: &str) -> Rich
where
    S: Data,
    S::Elem: Display,
    D: Dimension,
{
    let kind = match array.ndim() {
        1 => "Array1".to_string(),
        2 => "Array2".to_string(),
        3 => "Array3".to_string(),
        n => format!("Array{n}"),
    };
    let text = format!("{kind}<{elem}> shape {:?}\n{array}", array.shape());
    Rich {
        text,
        name: "array".into(),
        ..Rich::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn arrays_show_shape_and_type() {
        let a = array![[1.0, 2.0], [3.0, 4.0]];
        let rich = describe(&a).unwrap();
        assert!(
            rich.text.starts_with("Array2<f64> shape [2, 2]\n[[1, 2],"),
            "{}",
            rich.text
        );
    }

    #[test]
    fn other_values_are_left_to_debug() {
        assert!(describe(&5_i32).is_none());
    }
}
