//! The learner files, derived from `solutions/` and `exercises/course.toml`.
//!
//! Generated: `exercises/src/<stage>/<name>.rs` (stubs), `exercises/src/lib.rs` and
//! `solutions/src/lib.rs` (module tree and the `cargo test` graders), and the
//! exercise cells of every notebook the course names. `ferrolab dev generate`
//! writes them; `ferrolab dev check` and the tests compare them with the
//! committed files, so stubs, solutions and notebooks cannot drift apart.

use crate::manifest::{Course, Exercise};
use crate::notebook::{ExerciseCell, Notebook, NotebookError};
use crate::source::{self, CellPlan, MarkerError};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use thiserror::Error;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Path from the repository root, with `/` separators.
    pub path: String,
    /// The full text it must have (for a notebook: regenerated from its current text).
    pub contents: String,
    /// For a notebook: each exercise's generated cell sources (given cells, then the
    /// stub cell), so any version of it can be regenerated.
    stub_cells: Option<BTreeMap<String, Vec<String>>>,
}

impl Generated {
    fn whole(path: impl Into<String>, contents: String) -> Generated {
        Generated {
            path: path.into(),
            contents,
            stub_cells: None,
        }
    }

    /// Whether `text` (a version of this file) is what the generator makes of it: equal
    /// for code; for a notebook, regenerating its exercise cells changes nothing (compared
    /// as JSON, so formatting does not matter). A learner's edits elsewhere in a notebook
    /// are theirs; only the exercise cells are the generator's.
    pub fn is_up_to_date(&self, text: &str) -> bool {
        let Some(cells) = &self.stub_cells else {
            return text == self.contents;
        };
        let Ok(mut notebook) = Notebook::parse(text, &self.path) else {
            return false;
        };
        let before: Result<serde_json::Value, _> = serde_json::from_str(text);
        notebook.set_stub_sources(cells);
        let after: Result<serde_json::Value, _> = serde_json::from_str(&notebook.to_text());
        matches!((before, after), (Ok(a), Ok(b)) if a == b)
    }
}

/// Where a generated file stands against the learner's working copy and the last commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// The working copy is what the generator makes.
    UpToDate,
    /// The working copy was edited (a learner's work), but the committed version is up to date.
    EditedSinceCommit,
    /// Neither the working copy nor the committed version is what the generator makes:
    /// someone changed a solution or course.toml and did not run `ferrolab dev generate`.
    Stale,
    /// The file does not exist yet.
    Missing,
}

/// Compare a generated file with the working copy and, in a git checkout, with `HEAD`.
///
/// Comparing with `HEAD` too is what lets a learner edit `exercises/` without failing
/// the course's own tests: their edits are in the working copy, the committed stub is
/// still the generator's.
pub fn freshness(root: &Path, generated: &Generated) -> Freshness {
    let Ok(working) = std::fs::read_to_string(root.join(&generated.path)) else {
        return Freshness::Missing;
    };
    if generated.is_up_to_date(&working) {
        return Freshness::UpToDate;
    }
    match committed_text(root, &generated.path) {
        Some(committed) if generated.is_up_to_date(&committed) => Freshness::EditedSinceCommit,
        _ => Freshness::Stale,
    }
}

/// The text of `path` at `HEAD`, or `None` outside git or for a file not committed yet.
pub fn committed_text(root: &Path, path: &str) -> Option<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("HEAD:{path}")])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Whether `path` is new maintainer work: inside a git checkout, but not tracked yet (a
/// notebook written for a new lesson). Outside git nothing is "new": a learner's copy
/// without history keeps its edits.
pub fn is_untracked(root: &Path, path: &str) -> bool {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-files", "--error-unmatch", "--", path])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .output();
    // `--error-unmatch` fails with "did not match any file(s) known to git" for an untracked
    // file, and with "not a git repository" outside a checkout.
    matches!(output, Ok(out) if !out.status.success()
        && String::from_utf8_lossy(&out.stderr).contains("did not match"))
}

/// Why the learner files could not be generated.
#[derive(Debug, Error)]
pub enum GenerateError {
    /// A solution file is missing or unreadable.
    #[error("could not read {path}: {source}; every exercise in course.toml needs its reference answer there")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A solution file's markers do not pair up.
    #[error("{path}: {source}")]
    Markers {
        /// The file.
        path: String,
        /// What is wrong.
        #[source]
        source: MarkerError,
    },
    /// A notebook that course.toml names cannot be used.
    #[error(transparent)]
    Notebook(#[from] NotebookError),
    /// A notebook and course.toml disagree.
    #[error("{path}: {problem}")]
    Mismatch {
        /// The notebook.
        path: String,
        /// What disagrees and how to fix it.
        problem: String,
    },
}

/// Which crate a `lib.rs` is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Exercises,
    Solutions,
}

/// Read the solution of `exercise` below `root`.
pub fn read_solution(root: &Path, exercise: &Exercise) -> Result<String, GenerateError> {
    let path = root.join("solutions/src").join(&exercise.file);
    std::fs::read_to_string(&path).map_err(|source| GenerateError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// The learner stub of one exercise from its solution text.
pub fn stub_of(exercise: &Exercise, solution: &str) -> Result<String, GenerateError> {
    source::stub(solution).map_err(|source| GenerateError::Markers {
        path: format!("solutions/src/{}", exercise.file),
        source,
    })
}

/// The notebook cells of one exercise from its solution text.
pub fn plan_of(exercise: &Exercise, solution: &str) -> Result<CellPlan, GenerateError> {
    source::plan_cells(solution).map_err(|source| GenerateError::Markers {
        path: format!("solutions/src/{}", exercise.file),
        source,
    })
}

/// Every generated file for the course checked out at `root`.
pub fn generate(root: &Path, course: &Course) -> Result<Vec<Generated>, GenerateError> {
    let mut files = Vec::new();
    let mut plans = BTreeMap::new();
    for exercise in &course.exercises {
        let solution = read_solution(root, exercise)?;
        let stub = stub_of(exercise, &solution)?;
        plans.insert(exercise.id.clone(), plan_of(exercise, &solution)?);
        files.push(Generated::whole(
            format!("exercises/src/{}", exercise.file),
            rustfmt(root, stub),
        ));
    }
    let stub_cells: BTreeMap<String, Vec<String>> = plans
        .iter()
        .map(|(id, plan)| (id.clone(), plan.stub.clone()))
        .collect();
    files.push(Generated::whole(
        "exercises/src/lib.rs",
        rustfmt(root, lib_rs(course, Flavour::Exercises)),
    ));
    files.push(Generated::whole(
        "solutions/src/lib.rs",
        rustfmt(root, lib_rs(course, Flavour::Solutions)),
    ));
    for (path, ids) in notebooks(course) {
        let full = root.join(&path);
        let text = std::fs::read_to_string(&full).map_err(|source| GenerateError::Read {
            path: full.display().to_string(),
            source,
        })?;
        let mut notebook = Notebook::parse(&text, &path)?;
        check_cells_match(&notebook, &ids, &plans)?;
        notebook.set_stub_sources(&stub_cells);
        let contents = notebook.to_text();
        files.push(Generated {
            path,
            contents,
            stub_cells: Some(stub_cells.clone()),
        });
    }
    Ok(files)
}

/// Format generated Rust the way `cargo fmt` would (the repository's `rustfmt.toml`
/// included), so generated files pass `cargo fmt --check`. Without rustfmt (or if it
/// fails) the text is returned as it is.
fn rustfmt(root: &Path, code: String) -> String {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut command = Command::new(program);
    command.args(["--edition", "2021", "--emit", "stdout"]);
    if let Some(config) = ["rustfmt.toml", ".rustfmt.toml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
    {
        command.arg("--config-path").arg(config);
    }
    let child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return code };
    if let Some(mut stdin) = child.stdin.take() {
        if stdin.write_all(code.as_bytes()).is_err() {
            return code;
        }
    }
    match child.wait_with_output() {
        Ok(output) if output.status.success() && !output.stdout.is_empty() => {
            String::from_utf8(output.stdout).unwrap_or(code)
        }
        _ => code,
    }
}

/// Notebook path → the exercise ids course.toml places in it.
fn notebooks(course: &Course) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for exercise in &course.exercises {
        if let Some(notebook) = &exercise.notebook {
            map.entry(notebook.clone())
                .or_default()
                .push(exercise.id.clone());
        }
    }
    map
}

/// Each exercise course.toml places in a notebook has exactly one stub cell there, with
/// a `given` cell for each given part of its solution, in the solution's order, and the
/// notebook has no cells for exercises course.toml places elsewhere.
fn check_cells_match(
    notebook: &Notebook,
    ids: &[String],
    plans: &BTreeMap<String, CellPlan>,
) -> Result<(), GenerateError> {
    let cells = notebook.exercise_cells();
    let stubs: Vec<&str> = cells
        .iter()
        .filter(|c| c.role == "stub")
        .map(|c| c.exercise.as_str())
        .collect();
    let mismatch = |problem: String| GenerateError::Mismatch {
        path: notebook.path().to_string(),
        problem,
    };
    for id in ids {
        match stubs.iter().filter(|s| **s == id).count() {
            1 => {}
            0 => {
                return Err(mismatch(format!(
                    "course.toml puts `{id}` here, but no code cell has the metadata \
                     {{\"ferrolab\": {{\"exercise\": \"{id}\", \"role\": \"stub\"}}}}; add one"
                )))
            }
            n => return Err(mismatch(format!("{n} stub cells for `{id}`; keep one"))),
        }
        let Some(plan) = plans.get(id) else { continue };
        let roles: Vec<&str> = cells
            .iter()
            .filter(|c| c.exercise == *id && (c.role == "stub" || c.role == "given"))
            .map(|c| c.role.as_str())
            .collect();
        let wanted: Vec<&str> = (0..plan.stub.len())
            .map(|i| if i == plan.exercise { "stub" } else { "given" })
            .collect();
        if roles != wanted {
            return Err(mismatch(format!(
                "the solution of `{id}` makes {} notebook cell(s) (split at `{}` lines) with the \
                 roles {}, in this order; the notebook's cells for `{id}` have the roles {}: add \
                 or move code cells with the metadata \
                 {{\"ferrolab\": {{\"exercise\": \"{id}\", \"role\": \"given\"}}}}",
                wanted.len(),
                source::NEXT_CELL,
                wanted.join(", "),
                roles.join(", ")
            )));
        }
    }
    let generated = |c: &&ExerciseCell| c.role == "stub" || c.role == "given";
    if let Some(stray) = cells
        .iter()
        .filter(generated)
        .find(|c| !ids.contains(&c.exercise))
    {
        return Err(mismatch(format!(
            "a {} cell for `{}`, but course.toml does not set `notebook` of `{}` to this file",
            stray.role, stray.exercise, stray.exercise
        )));
    }
    Ok(())
}

/// The reference answer of every exercise as notebook cell source, keyed by id:
/// what `kernel/nbrun.py run --solutions FILE.json` injects into stub cells.
pub fn solution_cells(
    course: &Course,
    solution_text: impl Fn(&Exercise) -> Result<String, GenerateError>,
) -> Result<BTreeMap<String, String>, GenerateError> {
    let mut cells = BTreeMap::new();
    for exercise in &course.exercises {
        let mut plan = plan_of(exercise, &solution_text(exercise)?)?;
        cells.insert(
            exercise.id.clone(),
            plan.solution.swap_remove(plan.exercise),
        );
    }
    Ok(cells)
}

/// The crate root of `exercises` or `solutions`: stage modules behind their cargo
/// features, and one `#[test]` per exercise that runs its checks.
fn lib_rs(course: &Course, flavour: Flavour) -> String {
    let mut out = String::new();
    let (about, record) = match flavour {
        Flavour::Exercises => (
            "//! Your exercises. Each file in `src/<stage>/` holds one task: replace its `todo!()`\n\
             //! with your answer, then grade it with `ferrolab check`, `ferrolab watch` or\n\
             //! `cargo test -p exercises` (the same checks as the notebooks' `check!` cells).\n",
            "Record::Progress",
        ),
        Flavour::Solutions => (
            "//! Reference answers, between `// BEGIN SOLUTION` and `// END SOLUTION` markers.\n\
             //! `cargo test -p solutions` proves every exercise's checks pass on them.\n",
            "Record::Nothing",
        ),
    };
    out.push_str(about);
    out.push_str(
        "//!\n//! This file is generated by `ferrolab dev generate` from `exercises/course.toml`; do not edit it.\n",
    );
    if flavour == Flavour::Exercises {
        out.push_str(
            "\n// Stubs leave arguments unused and imports idle until they are solved.\n\
             #![allow(unused_variables, unused_imports, unused_mut, dead_code)]\n",
        );
    }
    for stage in &course.stages {
        let exercises: Vec<&Exercise> = course.exercises_in(&stage.name).collect();
        if exercises.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n/// {}\n#[cfg(feature = \"{}\")]\npub mod {} {{\n",
            stage.title,
            stage.feature(),
            stage.name
        );
        for exercise in &exercises {
            let _ = writeln!(out, "    pub mod {};", exercise.module());
        }
        out.push_str("}\n");
    }
    out.push_str("\n/// One test per exercise: the checks the notebooks and the CLI run.\n#[cfg(test)]\nmod grade {\n");
    out.push_str("    use ferrolab::grade::checks;\n    use ferrolab::grading::{grader, run_test, Record};\n");
    for stage in &course.stages {
        let exercises: Vec<&Exercise> = course.exercises_in(&stage.name).collect();
        if exercises.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n    #[cfg(feature = \"{}\")]\n    mod {} {{\n        use super::*;\n",
            stage.feature(),
            stage.name
        );
        out.push_str("        #[allow(unused_imports)]\n        use ferrolab::grade::traits::*;\n");
        for exercise in &exercises {
            let _ = write!(
                out,
                "\n        #[test]\n        fn {module}() {{\n            \
                 let report = checks::{path}(&grader(), crate::{path}::{arg});\n            \
                 run_test(report, {record});\n        }}\n",
                module = exercise.module(),
                path = exercise.module_path(),
                arg = exercise.check_with(),
            );
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::fs;

    fn fixture() -> (tempfile::TempDir, Course) {
        let dir = tempfile::tempdir().unwrap();
        let course = Course::parse(
            r#"
[[stage]]
name = "math"
title = "Math"
[[exercise]]
id = "math/dot-product"
title = "Dot"
file = "math/dot_product.rs"
item = "dot_product"
notebook = "nb/v.ipynb"
hints = ["a", "b"]
"#,
            "t",
        )
        .unwrap();
        fs::create_dir_all(dir.path().join("solutions/src/math")).unwrap();
        fs::create_dir_all(dir.path().join("nb")).unwrap();
        fs::write(
            dir.path().join("solutions/src/math/dot_product.rs"),
            "use ferrolab::prelude::*;\n\npub fn dot_product() -> f64 {\n    // BEGIN SOLUTION\n    1.0\n    // END SOLUTION\n}\n",
        )
        .unwrap();
        (dir, course)
    }

    fn notebook(cells: &str) -> String {
        format!(r#"{{"cells": [{cells}], "metadata": {{}}, "nbformat": 4, "nbformat_minor": 5}}"#)
    }

    const STUB_CELL: &str = r#"{"cell_type": "code", "execution_count": null, "metadata": {"ferrolab": {"exercise": "math/dot-product", "role": "stub"}}, "outputs": [], "source": "old"}"#;

    #[test]
    fn generates_stubs_libs_and_notebook_cells() {
        let (dir, course) = fixture();
        fs::write(dir.path().join("nb/v.ipynb"), notebook(STUB_CELL)).unwrap();
        let files = generate(dir.path(), &course).unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "exercises/src/math/dot_product.rs",
                "exercises/src/lib.rs",
                "solutions/src/lib.rs",
                "nb/v.ipynb"
            ]
        );
        assert!(files[0].contents.contains("    todo!()\n"));
        assert!(files[1].contents.contains("pub mod dot_product;"));
        assert!(files[1].contents.contains(
            "checks::math::dot_product(&grader(), crate::math::dot_product::dot_product)"
        ));
        assert!(files[1].contents.contains("Record::Progress"));
        assert!(files[2].contents.contains("Record::Nothing"));
        assert!(files[3].contents.contains("todo!()"));
        let cells = solution_cells(&course, |e| read_solution(dir.path(), e)).unwrap();
        assert!(
            cells["math/dot-product"].contains("    1.0\n}"),
            "{cells:?}"
        );
    }

    #[test]
    fn freshness_tells_edits_from_staleness() {
        let (dir, course) = fixture();
        fs::write(dir.path().join("nb/v.ipynb"), notebook(STUB_CELL)).unwrap();
        let files = generate(dir.path(), &course).unwrap();
        let stub = &files[0];
        assert_eq!(freshness(dir.path(), stub), Freshness::Missing);
        fs::create_dir_all(dir.path().join("exercises/src/math")).unwrap();
        fs::write(dir.path().join(&stub.path), &stub.contents).unwrap();
        assert_eq!(freshness(dir.path(), stub), Freshness::UpToDate);
        // Not a git checkout: an edited file cannot be told from a stale one.
        fs::write(
            dir.path().join(&stub.path),
            "pub fn dot_product() -> f64 { 2.0 }\n",
        )
        .unwrap();
        assert_eq!(freshness(dir.path(), stub), Freshness::Stale);
        // A notebook is up to date when its exercise cells are, whatever else changed.
        let nb = &files[3];
        let edited = nb
            .contents
            .replace("\"metadata\": {}", "\"metadata\": {\"note\": \"mine\"}");
        assert!(nb.is_up_to_date(&edited));
        assert!(!nb.is_up_to_date(&notebook(STUB_CELL)));
    }

    fn git(dir: &Path, args: &[&str]) {
        let status = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args([
                "-c",
                "user.name=ferrolab",
                "-c",
                "user.email=ferrolab@example.org",
            ])
            .args(args)
            .status()
            .expect("these tests need git");
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn in_git_a_learner_edit_is_not_staleness_but_a_changed_solution_is() {
        let (dir, course) = fixture();
        fs::write(dir.path().join("nb/v.ipynb"), notebook(STUB_CELL)).unwrap();
        for file in generate(dir.path(), &course).unwrap() {
            fs::create_dir_all(dir.path().join(&file.path).parent().unwrap()).unwrap();
            fs::write(dir.path().join(&file.path), &file.contents).unwrap();
        }
        git(dir.path(), &["init", "-q"]);
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-q", "-m", "course"]);
        let stub = dir.path().join("exercises/src/math/dot_product.rs");
        fs::write(&stub, "pub fn dot_product() -> f64 {\n    2.0\n}\n").unwrap();
        let files = generate(dir.path(), &course).unwrap();
        assert_eq!(
            freshness(dir.path(), &files[0]),
            Freshness::EditedSinceCommit
        );
        let solution = dir.path().join("solutions/src/math/dot_product.rs");
        fs::write(
            &solution,
            fs::read_to_string(&solution)
                .unwrap()
                .replace("-> f64", "-> f32"),
        )
        .unwrap();
        let files = generate(dir.path(), &course).unwrap();
        assert_eq!(freshness(dir.path(), &files[0]), Freshness::Stale);
    }

    #[test]
    fn only_a_file_git_does_not_track_yet_is_new() {
        let (dir, _course) = fixture();
        let new = "nb/new.ipynb";
        fs::write(dir.path().join(new), "{}").unwrap();
        assert!(!is_untracked(dir.path(), new), "outside git nothing is new");
        git(dir.path(), &["init", "-q"]);
        assert!(is_untracked(dir.path(), new));
        git(dir.path(), &["add", new]);
        assert!(!is_untracked(dir.path(), new));
    }

    #[test]
    fn a_notebook_missing_its_exercise_cell_is_an_error() {
        let (dir, course) = fixture();
        fs::write(dir.path().join("nb/v.ipynb"), notebook("")).unwrap();
        let error = generate(dir.path(), &course).unwrap_err().to_string();
        assert!(error.contains("no code cell has the metadata"), "{error}");
    }

    #[test]
    fn a_missing_solution_names_the_file() {
        let (dir, course) = fixture();
        fs::remove_file(dir.path().join("solutions/src/math/dot_product.rs")).unwrap();
        let error = generate(dir.path(), &course).unwrap_err().to_string();
        assert!(
            error.contains("solutions/src/math/dot_product.rs"),
            "{error}"
        );
    }
}
