//! Build-script helper shared by every package whose tests or binaries link libtorch.
//!
//! torch-sys puts libtorch's directory into the rpath of its own C++ wrapper only,
//! and cargo does not add library directories outside the target dir to
//! `LD_LIBRARY_PATH` when it runs tests. Without help, a test binary that uses tch
//! fails at start-up with "libtorch_cpu.so: cannot open shared object file".
//! [`rpath_libtorch`] records libtorch's directory in the package's binaries instead.

use std::env;
use std::path::PathBuf;

/// Emit `-Wl,-rpath,<libtorch>/lib` for this package's tests, examples and binaries.
///
/// libtorch is found the way torch-sys finds it: `LIBTORCH` (set by the workspace's
/// `.cargo/config.toml` to the venv's wheel) or `LIBTORCH_LIB`. Does nothing when
/// neither is set, so packages still build where tch is not used.
pub fn rpath_libtorch() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    println!("cargo:rerun-if-env-changed=LIBTORCH_LIB");
    if let Some(dir) = libtorch_lib_dir() {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
    }
}

/// The directory holding `libtorch_cpu.so`, resolved through symbolic links.
pub fn libtorch_lib_dir() -> Option<PathBuf> {
    let dir = match env::var_os("LIBTORCH_LIB") {
        Some(lib) => PathBuf::from(lib).join("lib"),
        None => PathBuf::from(env::var_os("LIBTORCH")?).join("lib"),
    };
    dir.canonicalize().ok()
}

/// Emit `-Wl,-rpath,<sysroot>/lib/rustlib/<target>/lib`, for binaries run outside cargo.
///
/// The workspace builds with `-Cprefer-dynamic` (to share artifacts with the
/// notebook kernels), so binaries load Rust's standard library as a shared
/// object; cargo finds it for `cargo run` and `cargo test`, the rpath finds it
/// when `./ferrolab` or Jupyter starts the binary directly. (cargo's own
/// `rpath = true` is relative to where the binary was linked, the shared build
/// directory, so it does not hold for the copy in `target/`.)
pub fn rpath_std() {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(output) = std::process::Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
    else {
        return;
    };
    let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let target = env::var("TARGET").unwrap_or_else(|_| "x86_64-unknown-linux-gnu".into());
    if !sysroot.is_empty() {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{sysroot}/lib/rustlib/{target}/lib");
    }
}
