//! The checks of every exercise: one public function per exercise, at the path its id
//! names (`math/dot-product` → [`math::dot_product`]).
//!
//! Each takes the [`Grader`](crate::Grader) and the learner's implementation (a
//! function, or the constructor of a type implementing one of [`crate::traits`]) and
//! returns a [`Report`](crate::Report). Checks run the learner's code through
//! [`crate::sandbox`], compare with tolerances, and when an answer is wrong they
//! look for the known mistake that explains it.
//! How cases and hints are chosen: the "Check design rules" in `tests/README.md`.
//!
//! # Layout: one file per lesson, named after its notebook
//!
//! `checks/<stage>/<lesson>.rs`, where `<lesson>` is the notebook's file name without
//! its number and extension, dashes as underscores
//! (`notebooks/01-math/02-eigen-and-svd.ipynb` → `checks/math/eigen_and_svd.rs`); the
//! two project notebooks of ml lesson 8 are two files. Exercises with no notebook yet
//! go in the file of the lesson they are planned for (dl's `tensors_and_autograd.rs`).
//! The wrong answers in `tests/tests/wrong/<stage>/<lesson>.rs` follow the same names.
//! A lesson file that outgrows ~650 lines keeps an exercise's check in
//! `<lesson>/<exercise>.rs`.
//!
//! # Visibility: one public path per check
//!
//! - A stage root (`math.rs`, ...) holds only the helpers its lessons share, private
//!   `mod <lesson>;` lines and `pub use <lesson>::*;`, so every check is reached as
//!   `checks::<stage>::<name>`, the path `check!`, the generated tests and the proof use.
//! - `pub` marks only what learners, generated code and tests name: check functions, id
//!   and target constants, and the traits and types in check signatures.
//! - Everything else is private: a child module sees its ancestors' private items, so a
//!   helper shared by a stage's lessons is a private item of the stage root, and one
//!   shared by every stage a private item here. The grader's references live in
//!   `reference.rs` (its items `pub(super)`, visible to every check), written a different
//!   way from the solutions they judge.

/// Stage 0, Rust: compiled with `math`, the lightest kernel's features.
pub mod rust;

pub mod math;

#[cfg(feature = "data")]
pub mod data;

#[cfg(feature = "ml")]
pub mod ml;

#[cfg(feature = "dl")]
pub mod dl;

/// Stage 5, LLMs: compiled with `dl` (its attention checks use tch).
#[cfg(feature = "dl")]
pub mod llm;

/// Tensor helpers shared by the two stages that use tch.
#[cfg(feature = "dl")]
mod tensors;

/// The grader's own implementations of algorithms that checks compare against.
mod reference;

use crate::Verdict;

/// A hint that names a known mistake. Every one is proven: a wrong answer in
/// `tests/tests/wrong/<stage>/<lesson>.rs` gets a verdict containing it
/// (`tests/tests/known_mistakes.rs` reads these calls). Pass a literal, or `format!`
/// with one, so the test can read the message.
fn known_mistake(hint: impl Into<String>) -> String {
    hint.into()
}

/// "for input X expected Y, got Z" plus, when a known mistake explains it, ": looks like ...".
fn incorrect(input: &str, expected: &str, got: &str, concept: Option<String>) -> Verdict {
    let mut message = format!("for input {input} expected {expected}, got {got}");
    if let Some(concept) = concept {
        message.push_str(": ");
        message.push_str(&concept);
    }
    Verdict::Incorrect { message }
}

/// The message of an Incorrect verdict, for unit tests that check what a mistake is told.
#[cfg(test)]
fn incorrect_message(report: crate::Report) -> String {
    match report.verdict {
        Verdict::Incorrect { message } => message,
        other => panic!("expected Incorrect, got {other:?}"),
    }
}
