//! Exercise `ml/gini-impurity`: how mixed a group of labels is.

/// The Gini impurity of a node holding rows with these class `labels`:
/// 1 − Σₖ pₖ², where pₖ is the share of the labels equal to class k.
///
/// It is the chance that two labels drawn at random (with replacement) differ: 0 for a
/// pure node, 0.5 for a 50/50 mix of two classes. An empty node has impurity 0.
pub fn gini_impurity(labels: &[usize]) -> f64 {
    todo!()
}
