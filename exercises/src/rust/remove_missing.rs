//! Exercise `rust/remove-missing`: change a vector you were lent mutably, in place.

/// Remove every missing value (NaN) from `values`, keeping the others in their order.
/// Nothing is returned: the caller's vector itself changes.
#[allow(clippy::ptr_arg)] // a `&mut Vec`, not a slice: removing needs the vector itself
pub fn remove_missing(values: &mut Vec<f64>) {
    todo!()
}
