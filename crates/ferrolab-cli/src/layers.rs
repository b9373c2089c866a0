//! The CLI's modules in layers: a module may use modules of lower layers only, so no two
//! modules import each other (directly or round a loop) and nothing low reaches up.
//!
//! The test reads the sources and fails on a `crate::` path that points sideways or up,
//! or on a module missing from [`LAYERS`]: moving a helper to where it belongs is the fix.

/// From the ground up. Within a layer modules are independent of each other.
const LAYERS: &[&[&str]] = &[
    // Helpers with no CLI imports: running programs, progress lines, files, flavours,
    // where the course and its tools live, the error coach's cards.
    &["process", "steps", "files", "flavors", "project", "coach"],
    // The command line's types; building evcxr.
    &["cli", "evcxr_build"],
    // The kernels, the data verbs, the exercise loop.
    &["kernel", "data_cmd", "exercise_cmds"],
    // Downloading crates and checking kernels resolve at the lock's versions.
    &["crates"],
    // Pre-building kernels (each checked against the lock).
    &["prebuild"],
    // Whole-course verbs built on the above.
    &["setup", "doctor"],
    // Verbs that run setup, and the maintainers' verbs.
    &["lab", "test_cmd", "maintainer"],
    // Parsing the command line and dispatching.
    &["main"],
];

use std::path::{Path, PathBuf};

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to
/// (`maintainer/bench.rs` belongs to `maintainer`).
fn sources(dir: &Path, top: Option<&str>, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("reading src/")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name")
            .to_string();
        let module = top.map_or(stem.clone(), str::to_string);
        if path.is_dir() {
            sources(&path, Some(&module), out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((module, path));
        }
    }
}

/// The modules a source names as `crate::<module>`.
fn uses(text: &str) -> Vec<String> {
    text.match_indices("crate::")
        .map(|(at, prefix)| {
            text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn modules_use_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, None, &mut files);
    let mut wrong = Vec::new();
    for (module, path) in &files {
        if module == "layers" {
            continue;
        }
        let Some(own) = layer_of(module) else {
            wrong.push(format!("{module} is in no layer of LAYERS"));
            continue;
        };
        let text = std::fs::read_to_string(path).expect("reading a source");
        for used in uses(&text) {
            if used == *module {
                continue;
            }
            match layer_of(&used) {
                Some(theirs) if theirs < own => {}
                _ => wrong.push(format!(
                    "src/{} uses crate::{used}, which is not in a lower layer",
                    path.strip_prefix(&src).unwrap_or(path).display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
