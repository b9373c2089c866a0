//! Every notebook under `notebooks/` runs top to bottom through the real ferrolab
//! kernel named in its metadata, with the reference solutions in its exercise cells.
//! A cell that errors or panics fails the test, naming the notebook and the cell.
//! Needs `./ferrolab setup` (kernels installed and pre-built); `./ferrolab test` does it.

mod common;

use std::path::{Path, PathBuf};

const KERNELS: &[&str] = &["ferrolab", "ferrolab-math", "ferrolab-ml", "ferrolab-dl"];

fn notebooks(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            notebooks(&path, out);
        } else if name.ends_with(".ipynb") {
            out.push(path);
        }
    }
}

fn all_notebooks() -> Vec<PathBuf> {
    let mut out = Vec::new();
    notebooks(&common::root().join("notebooks"), &mut out);
    assert!(!out.is_empty(), "no notebooks found under notebooks/");
    out
}

#[test]
fn notebooks_are_stored_clean_and_name_a_ferrolab_kernel() {
    for path in all_notebooks() {
        let text = std::fs::read_to_string(&path).unwrap();
        let nb: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        assert_eq!(nb["nbformat"], 4, "{}: nbformat must be 4", path.display());
        let kernel = nb["metadata"]["kernelspec"]["name"]
            .as_str()
            .unwrap_or_default();
        assert!(
            KERNELS.contains(&kernel),
            "{}: kernelspec `{kernel}` is not one of {KERNELS:?}",
            path.display()
        );
        for (i, cell) in nb["cells"].as_array().expect("cells").iter().enumerate() {
            if cell["cell_type"] == "code" {
                let outputs = cell["outputs"].as_array().map_or(0, Vec::len);
                assert!(
                    outputs == 0 && cell["execution_count"].is_null(),
                    "{} cell {i}: outputs must be stripped before committing",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_notebook_runs_through_the_real_kernel() {
    let solutions = ferrolab_course::Course::load_embedded()
        .expect("course metadata")
        .solution_cells()
        .expect("solution cells");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("solutions.json");
    std::fs::write(&file, serde_json::to_string(&solutions).unwrap()).unwrap();
    let run = common::run_notebooks(&all_notebooks(), Some(&file));
    println!("{}", run.output);
    assert!(run.success, "some notebooks failed:\n{}", run.output);
}
