//! Exercise `rust/argmax`: one generic function for every type that can be compared.

/// The index of the largest value of `values` (the first one when several are equally
/// large), or `None` for an empty slice. Works for any `T` that can be compared with `<`
/// and `>` (`PartialOrd`): `f64` scores, `i32` counts, `&str` words.
pub fn argmax<T: PartialOrd>(values: &[T]) -> Option<usize> {
    // BEGIN SOLUTION
    let mut best: Option<usize> = None;
    for (i, value) in values.iter().enumerate() {
        if best.is_none_or(|b| value > &values[b]) {
            best = Some(i);
        }
    }
    best
    // END SOLUTION
}
