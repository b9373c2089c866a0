//! The ferrolab prelude crate, built as a Rust `dylib` for the notebook kernels.
//!
//! evcxr compiles every cell into a shared object. Linked against the prelude's
//! ~500 rlibs (polars, linfa, tch, ...), the linker alone took 1.6 s of a trivial
//! cell's 2.2 s compile; linked against this one library, the whole compile takes
//! 0.5 s. The kernels load it under the name `ferrolab`
//! (`:dep ferrolab = { package = "ferrolab-dylib", ... }` in `kernel/init.evcxr`),
//! so notebook code reads exactly like code that uses the `ferrolab` crate.
//! Bevy's `dynamic_linking` feature uses the same arrangement.

pub use ferrolab::*;
