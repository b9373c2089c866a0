//! # ferrolab-grade
//!
//! Exercise checks written once and run from every front door: the notebook's
//! `check!`, `cargo test -p exercises`, and `ferrolab check`/`watch`.
//!
//! - [`checks`]: one function per exercise, at the path its id names
//!   (`math/dot-product` → [`checks::math::dot_product`]), generic over the learner's
//!   implementation: a function, a type implementing a [`traits`] trait, or a trained
//!   model judged by a metric threshold.
//! - [`Verdict`] / [`Report`]: Passed, Incorrect (with a targeted message),
//!   NotAttempted (`todo!()`), Panicked, TimedOut, CannotGrade.
//! - [`sandbox`]: learner code runs on its own thread with a time limit, so a panic or
//!   an endless loop cannot take a kernel or a test run down.
//! - [`compare`]: float tolerances and short number formatting for messages.
//! - [`Grader`]: seeds (every random input and split is reproducible), time limits and,
//!   with feature `data`, the [`DataSource`] the data and ml checks read.
//!
//! Rendering a verdict (HTML card, ANSI text) lives in `ferrolab::grading`, next to
//! ferrolab's other display code.

pub mod checks;
pub mod compare;
#[cfg(feature = "data")]
mod data_source;
mod grader;
#[cfg(feature = "dl")]
mod image_source;
pub mod sandbox;
pub mod traits;
mod verdict;

#[cfg(feature = "data")]
pub use data_source::{DataSource, Labelled};
pub use ferrolab_course::VerdictKind;
pub use grader::{Grader, SEED};
#[cfg(feature = "dl")]
pub use image_source::{ImageSource, Images};
pub use traits::Classifier;
pub use verdict::{Report, Verdict};
