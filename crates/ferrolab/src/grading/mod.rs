//! The front doors to the exercise checks: `check!`, `hint!` and `solution!` in notebook
//! cells, and [`run_test`] behind `cargo test -p exercises` and `ferrolab check`.
//!
//! ```text
//! check!(math::dot_product, dot_product)   // grade the cell's `dot_product`, show a card
//! hint!(math::dot_product)                 // the next hint tier (remembered)
//! solution!(math::dot_product)             // the reference answer (noted in progress)
//! ```
//!
//! The checks themselves live in `ferrolab-grade`, so every front door gives the same
//! verdict, and the words of hints and solutions live in `ferrolab_course::render`, so the
//! notebook and the `ferrolab` CLI say the same thing. This module is split by concern:
//!
//! - `doors`: what learners call (the macros and the functions behind them, and the
//!   verdict file [`run_test`] leaves for `ferrolab check`);
//! - `recording`: the learner's progress file (keyed by exercise id, so deleting or
//!   moving cells loses nothing);
//! - `cards`: rendering, an HTML card in Jupyter and text in the REPL and the terminal.
//!   The card is printed when the macro runs, so `check!(...);` with a semicolon shows it too.
//!
//! The environment variables they read are listed in `ferrolab_course::env`:
//! `FERROLAB_PROGRESS`, `FERROLAB_CHECKS_MUST_PASS`, `FERROLAB_COLOR`, `FERROLAB_VERDICT_FILE`.

mod cards;
#[cfg(feature = "data")]
mod course_data;
#[cfg(feature = "dl")]
mod course_images;
mod doors;
mod recording;

pub use doors::{grader, reveal_hint, run_test, show, show_solution, Checked, Shown};
pub use ferrolab_course::Door;
pub use recording::Record;
