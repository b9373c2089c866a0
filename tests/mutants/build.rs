//! Point the runner at the mutants `ferrolab dev mutants` wrote into `generated/`, or
//! at an empty table when there are none (the usual case: the workspace's builds, CI).

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    ferrolab_build::rpath_libtorch();
    let manifest =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let generated = manifest.join("generated");
    let table = generated.join("mutants.rs");
    println!("cargo:rerun-if-changed={}", generated.display());
    println!("cargo:rerun-if-changed={}", table.display());
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let code = if table.is_file() {
        format!("include!({:?});\n", table.display().to_string())
    } else {
        "/// No mutants generated.\npub fn mutants() -> Vec<Mutant> {\n    Vec::new()\n}\n"
            .to_string()
    };
    let target = out.join("table.rs");
    fs::write(&target, code).unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
}
