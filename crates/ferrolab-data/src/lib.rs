//! The data catalogue: which registry package ships each data set, where it is
//! installed, and the checksums that prove it arrived whole.
//!
//! - [`dirs`]: where things live on the learner's machine.
//! - [`catalogue`]: the committed manifest (`catalogue.toml` + `checksums.txt`), compiled in.
//! - [`receipt`]: what an installed set records about itself.
//! - [`check`]: size and sha256 checks, for loaders ([`installed_file`]) and `verify`.
//! - [`DataError`]: every failure says which command repairs it.
//! - `provision` (feature `provision`, CLI only): download with the registry
//!   clients, unpack, convert, record.

// Tests unwrap freely: a panic there is a failed test, not a learner's crash.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod catalogue;
pub mod check;
pub mod checksums;
pub mod dirs;
mod error;
#[cfg(feature = "provision")]
pub mod provision;
pub mod receipt;
pub mod splitmix;

pub use catalogue::{catalogue, set, Catalogue, Package, Registry, SetSpec, Step};
pub use check::{installed, installed_file, sha256_file, verify_set, Problem};
pub use error::{repair_command, DataError};
pub use receipt::{FileRecord, Receipt};
