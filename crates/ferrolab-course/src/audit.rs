//! Everything that must hold for the course on disk, checked in one place:
//! `ferrolab dev check` prints it, `tests/tests/course.rs` asserts it is empty.
//!
//! (That every check fails on its stub and passes on its solution needs the code
//! compiled and run: `tests/tests/exercises.rs` proves that part.)

use crate::generate::{self, Freshness};
use crate::manifest::Course;
use crate::notebook::Notebook;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every problem with the course checked out at `root`, one line each, saying how to fix it.
pub fn audit(root: &Path, course: &Course) -> Vec<String> {
    let mut problems = Vec::new();
    match generate::generate(root, course) {
        Ok(files) => {
            for file in &files {
                match generate::freshness(root, file) {
                    Freshness::UpToDate | Freshness::EditedSinceCommit => {}
                    Freshness::Stale => problems.push(format!(
                        "{} is not what `ferrolab dev generate` makes from solutions/ and course.toml: run it",
                        file.path
                    )),
                    Freshness::Missing => {
                        problems.push(format!("{} is missing: run `ferrolab dev generate`", file.path))
                    }
                }
            }
        }
        Err(error) => problems.push(error.to_string()),
    }
    let known: BTreeSet<String> = course.exercises.iter().map(|e| e.file.clone()).collect();
    for crate_dir in ["solutions", "exercises"] {
        for file in rust_files_below_stages(&root.join(crate_dir).join("src")) {
            if !known.contains(&file) {
                problems.push(format!(
                    "{crate_dir}/src/{file} is not an exercise in course.toml: add an [[exercise]] or delete the file"
                ));
            }
        }
    }
    problems.extend(notebook_problems(root, course));
    problems
}

/// `<stage>/<name>.rs` for every Rust file one folder below `src`.
fn rust_files_below_stages(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let Ok(stages) = std::fs::read_dir(src) else {
        return files;
    };
    for stage in stages.flatten().filter(|e| e.path().is_dir()) {
        let Ok(entries) = std::fs::read_dir(stage.path()) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push(format!(
                    "{}/{}",
                    stage.file_name().to_string_lossy(),
                    entry.file_name().to_string_lossy()
                ));
            }
        }
    }
    files.sort();
    files
}

/// Exercise cells in notebooks course.toml does not place there.
fn notebook_problems(root: &Path, course: &Course) -> Vec<String> {
    let mut problems = Vec::new();
    for path in notebooks_below(&root.join("notebooks")) {
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let notebook = match Notebook::parse(&text, &relative) {
            Ok(notebook) => notebook,
            Err(error) => {
                problems.push(error.to_string());
                continue;
            }
        };
        for cell in notebook.exercise_cells() {
            match course.exercise(&cell.exercise) {
                Err(_) => problems.push(format!(
                    "{relative} cell {} names exercise `{}`, which course.toml does not have",
                    cell.index + 1,
                    cell.exercise
                )),
                Ok(exercise) if cell.role == "stub" && exercise.notebook.as_deref() != Some(relative.as_str()) => {
                    problems.push(format!(
                        "{relative} has a stub cell for `{}`: set its `notebook = \"{relative}\"` in course.toml",
                        exercise.id
                    ))
                }
                Ok(_) => {}
            }
        }
    }
    problems
}

fn notebooks_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.ends_with(".ipynb_checkpoints") {
            found.extend(notebooks_below(&path));
        } else if path.extension().is_some_and(|e| e == "ipynb") {
            found.push(path);
        }
    }
    found.sort();
    found
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn stray_files_and_unknown_notebook_cells_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let course = Course::parse(
            "[[stage]]\nname = \"math\"\ntitle = \"M\"\n[[exercise]]\nid = \"math/a\"\ntitle = \"A\"\n\
             file = \"math/a.rs\"\nitem = \"a\"\nhints = [\"x\", \"y\"]\n",
            "t",
        )
        .unwrap();
        fs::create_dir_all(root.join("solutions/src/math")).unwrap();
        fs::create_dir_all(root.join("notebooks/01-math")).unwrap();
        fs::write(
            root.join("solutions/src/math/a.rs"),
            "pub fn a() -> u8 {\n    // BEGIN SOLUTION\n    1\n    // END SOLUTION\n}\n",
        )
        .unwrap();
        fs::write(root.join("solutions/src/math/old.rs"), "").unwrap();
        fs::write(
            root.join("notebooks/01-math/v.ipynb"),
            r#"{"cells": [{"cell_type": "code", "metadata": {"ferrolab": {"exercise": "math/zzz"}}, "source": "", "outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#,
        )
        .unwrap();
        let problems = audit(root, &course).join("\n");
        assert!(
            problems.contains("exercises/src/math/a.rs is missing"),
            "{problems}"
        );
        assert!(
            problems.contains("solutions/src/math/old.rs is not an exercise"),
            "{problems}"
        );
        assert!(problems.contains("names exercise `math/zzz`"), "{problems}");

        for file in generate::generate(root, &course).unwrap() {
            fs::create_dir_all(root.join(&file.path).parent().unwrap()).unwrap();
            fs::write(root.join(&file.path), &file.contents).unwrap();
        }
        fs::remove_file(root.join("solutions/src/math/old.rs")).unwrap();
        fs::remove_file(root.join("notebooks/01-math/v.ipynb")).unwrap();
        assert_eq!(audit(root, &course), Vec::<String>::new());
    }
}
