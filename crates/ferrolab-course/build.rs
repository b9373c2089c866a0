//! Embed `exercises/course.toml` and every solution file into the crate.
//!
//! Notebook kernels run far from the repository's working directory, yet
//! `hint!` and `solution!` need the hints and reference answers: compiling them
//! in means a kernel never has to find the course on disk.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir.join("../..");
    let course = root.join("exercises/course.toml");
    let solutions = root.join("solutions/src");
    println!("cargo:rerun-if-changed={}", course.display());
    println!("cargo:rerun-if-changed={}", solutions.display());

    let mut files = Vec::new();
    collect_rust_files(&solutions, &solutions, &mut files);
    files.sort();

    let course = absolute(&course);
    let mut code = String::new();
    code.push_str("/// `exercises/course.toml`, as it was when this crate was compiled.\n");
    code += &format!(
        "pub(crate) const COURSE_TOML: &str = include_str!({:?});\n",
        course.display().to_string()
    );
    code.push_str(
        "/// Every file under `solutions/src/<stage>/`, keyed by its path below `src/`.\n",
    );
    code.push_str("pub(crate) const SOLUTION_FILES: &[(&str, &str)] = &[\n");
    for (relative, path) in &files {
        code += &format!(
            "    ({relative:?}, include_str!({:?})),\n",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}

/// Solution files live one folder down (`src/math/dot_product.rs`); `src/lib.rs` is generated and skipped.
fn collect_rust_files(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| {
        panic!(
            "reading {}: {e} (is this a full ferrolab checkout?)",
            dir.display()
        )
    });
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rust_files(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && path.parent() != Some(base) {
            let relative = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, absolute(&path)));
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    path.canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
