//! # ferrolab
//!
//! The prelude crate of the ferrolab course. `use ferrolab::prelude::*;` gives a
//! lesson everything it needs: ndarray, random numbers, charts, and, with the
//! matching cargo features, polars (`data`), linfa (`ml`) and tch (`dl`).
//!
//! The Jupyter kernel and the terminal REPL load this crate at start-up, so the
//! lean feature sets matter: every crate in the graph costs each notebook cell
//! compile time (see `kernel/README.md`).
//!
//! Public API, one line each:
//! - [`prelude`]: the one `use` a lesson starts with.
//! - [`plot`]: charts in one to three lines ([`plot::Chart`], [`plot::Figure`], [`plot::Image`]).
//! - [`display`]: how values show up inline in Jupyter and as text/files in the REPL.
//! - [`convert`]: ndarray ⇄ tch and DataFrame → ndarray/linfa, with typed errors.
//! - [`data`]: loaders for the data sets `ferrolab data fetch` provisions.
//! - [`device`] (feature `dl`): CUDA when present, else CPU, and which one it picked.
//! - [`models`] (feature `dl`): MiniLM and SmolLM2, ready to embed and to generate.
//! - [`random`]: seeded random number generators, so lessons are reproducible.
//! - [`friendly_panic`]: short, readable panic messages in notebooks.
//! - [`grade`], [`check!`], [`hint!`], [`solution!`]: the exercise checks.

pub mod convert;
pub mod data;
#[cfg(feature = "dl")]
pub mod device;
pub mod display;
pub mod friendly_panic;
pub mod grading;
pub mod interrupt;
#[cfg(feature = "dl")]
pub mod models;
pub mod plot;
pub mod prelude;
pub mod random;

pub use convert::ConvertError;
#[cfg(feature = "dl")]
pub use device::{device, DeviceInfo};
pub use ferrolab_course as course;
pub use ferrolab_grade as grade;

/// Called once by the kernel's start-up file: installs the readable panic hook.
///
/// Returns a one-line banner saying which parts of the prelude this kernel has.
pub fn init() -> String {
    friendly_panic::install();
    interrupt::install();
    let mut parts = vec!["ndarray", "plotters"];
    if cfg!(feature = "data") {
        parts.push("polars");
    }
    if cfg!(feature = "ml") {
        parts.push("linfa");
    }
    if cfg!(feature = "dl") {
        parts.push("tch");
    }
    format!(
        "ferrolab {} ready: {}",
        env!("CARGO_PKG_VERSION"),
        parts.join(", ")
    )
}
