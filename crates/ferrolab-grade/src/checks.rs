//! The checks of every exercise: one public function per exercise, at the path its
//! id names (`math/dot-product` → [`math::dot_product`]).
//!
//! Each takes the [`Grader`](crate::Grader) and the learner's implementation (a
//! function, or the constructor of a type implementing one of [`crate::traits`]) and
//! returns a [`Report`](crate::Report). Checks run the learner's code through
//! [`crate::sandbox`], compare with tolerances, and when an answer is wrong they
//! look for the known mistake that explains it.

pub mod math;

#[cfg(feature = "data")]
pub mod data;

#[cfg(feature = "ml")]
pub mod ml;

#[cfg(feature = "dl")]
pub mod dl;

mod reference;

use crate::Verdict;

/// "for input X expected Y, got Z" plus, when a known mistake explains it, ": looks like ...".
pub(crate) fn incorrect(
    input: &str,
    expected: &str,
    got: &str,
    concept: Option<String>,
) -> Verdict {
    let mut message = format!("for input {input} expected {expected}, got {got}");
    if let Some(concept) = concept {
        message.push_str(": ");
        message.push_str(&concept);
    }
    Verdict::Incorrect { message }
}

/// The message of an Incorrect verdict, for unit tests that check what a mistake is told.
#[cfg(test)]
pub(crate) fn incorrect_message(report: crate::Report) -> String {
    match report.verdict {
        Verdict::Incorrect { message } => message,
        other => panic!("expected Incorrect, got {other:?}"),
    }
}
