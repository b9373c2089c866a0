//! Stage `rust`: Rust for programmers who come from Python (stage 0).
//!
//! The exercises are small functions and types on real text and tables; each check feeds
//! hand-picked inputs (chosen so that each classic mistake gives a different wrong answer)
//! and names the mistake when it recognises one.
//!
//! One file per lesson, named after its notebook
//! (`notebooks/00-rust/01-values-types-and-ownership.ipynb` → [`values_types_and_ownership`]);
//! this root re-exports every lesson's public items so each id maps to `checks::rust::<name>`.

use std::time::Duration;

mod a_real_program;
mod algorithms_and_complexity;
mod functions_closures_and_iterators;
mod traits_and_generics;
mod values_types_and_ownership;

pub use a_real_program::*;
pub use algorithms_and_complexity::*;
pub use functions_closures_and_iterators::*;
pub use traits_and_generics::*;
pub use values_types_and_ownership::*;

/// Small inputs finish in microseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(10);
