//! Rules for the library code every kernel compiles.
//!
//! evcxr builds each dependency of a cell as a dylib with `--extern core=<libstd.so>`.
//! Under that flag a macro that expands to a `::core::` path fails with "only metadata
//! stub found for `dylib` dependency `core`", and the kernel dies before its first cell.
//! ndarray's `s![]` is such a macro, so the crates below slice with `slice_axis` and
//! `Slice::from` instead. (Notebook cells and `solutions/` are not compiled that way.)

use std::fs;
use std::path::{Path, PathBuf};

/// The crates the prelude dylib pulls into every kernel.
const KERNEL_CRATES: &[&str] = &[
    "crates/ferrolab",
    "crates/ferrolab-dylib",
    "crates/ferrolab-grade",
    "crates/ferrolab-course",
    "crates/ferrolab-data",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn kernel_crates_do_not_use_macros_that_expand_to_core_paths() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in KERNEL_CRATES {
        rust_files(&root.join(krate).join("src"), &mut files);
    }
    assert!(files.len() > 20, "found only {} source files", files.len());
    let mut offenders = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("s![") {
                offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "ndarray's s![] breaks the kernel build (see this file's doc); use slice_axis:\n{}",
        offenders.join("\n")
    );
}
