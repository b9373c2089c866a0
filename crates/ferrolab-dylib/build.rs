//! Export libtorch's C shim from the prelude library.
//!
//! tch calls libtorch through C functions (`atg_randn`, `at_manual_seed`, ...) that
//! torch-sys compiles into a static library. Generic tch code is instantiated in each
//! notebook cell, so a cell's own `.so` calls those functions and needs them in the
//! prelude library's dynamic symbol table. rustc's version script hides everything
//! that is not Rust; mold's `--export-dynamic-symbol` puts them back (kernels link
//! with mold; see kernel/README.md).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Flavours without tch have no such symbols; the patterns then match nothing.
    for pattern in [
        "at_*",
        "atg_*",
        "ati_*",
        "atm_*",
        "ato_*",
        "atc_*",
        "ats_*",
        "get_and_reset_last_err",
    ] {
        println!("cargo:rustc-link-arg=-Wl,--export-dynamic-symbol={pattern}");
    }
}
