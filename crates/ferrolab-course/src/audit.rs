//! Everything that must hold for the course on disk, checked in one place:
//! `ferrolab dev check` prints it, `tests/tests/course.rs` asserts it is empty.
//! That covers the notebook conventions of `notebooks/README.md` (the opening cell,
//! line and cell lengths, no notebook-wide timer) for the cells written by hand, and
//! the relative links of the READMEs.
//!
//! (That every check fails on its stub and passes on its solution needs the code
//! compiled and run: `tests/tests/exercises.rs` proves that part.)

use crate::generate::{self, Freshness};
use crate::manifest::Course;
use crate::notebook::Notebook;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// The first code cell of every notebook: the same in every lesson and every kernel.
pub const OPENING_CELL: &str = "ferrolab::init()";
/// The longest code line a notebook cell written by hand may have.
pub const MAX_LINE: usize = 100;
/// A hand-written code cell this long is too long to read at once: split it (the model
/// from its training loop, given code from the exercise).
pub const MAX_CELL_LINES: usize = 70;

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
    problems.extend(link_problems(root));
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
        if let Ok(json) = serde_json::from_str::<Value>(&text) {
            problems.extend(convention_problems(&relative, &json));
        }
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

/// The conventions of notebooks/README.md that a program can check. Generated cells
/// (an exercise's cells, from `solutions/`) follow the same limits; their fix is made
/// in the solution file.
fn convention_problems(relative: &str, notebook: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let code: Vec<(usize, &Value, String)> = notebook
        .get("cells")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, cell)| cell.get("cell_type").and_then(Value::as_str) == Some("code"))
        .map(|(index, cell)| (index, cell, source_text(cell)))
        .collect();
    if code
        .first()
        .is_none_or(|(_, _, source)| source.trim() != OPENING_CELL)
    {
        problems.push(format!(
            "{relative}: the first code cell must be `{OPENING_CELL}`, as in every lesson"
        ));
    }
    let by_hand = || {
        code.iter()
            .filter(|(_, cell, _)| cell.pointer("/metadata/ferrolab/exercise").is_none())
    };
    for (index, cell_json, source) in &code {
        let cell = index + 1;
        let generated = cell_json.pointer("/metadata/ferrolab/exercise");
        let (fix_in, split_with) = match generated {
            Some(Value::String(id)) => (
                format!(
                    " (a generated cell: change the solution of `{id}`, then run \
                     `./ferrolab dev generate`)"
                ),
                format!(" with `{}` lines", crate::source::NEXT_CELL),
            ),
            _ => (String::new(), String::new()),
        };
        for (number, line) in source.lines().enumerate() {
            let length = line.chars().count();
            if length > MAX_LINE {
                problems.push(format!(
                    "{relative} cell {cell} line {}: {length} characters, more than {MAX_LINE}: \
                     break it (rustfmt's layout; a long message with a `\\` continuation){fix_in}",
                    number + 1
                ));
            }
        }
        let lines = source.lines().count();
        if lines >= MAX_CELL_LINES {
            problems.push(format!(
                "{relative} cell {cell}: {lines} lines; split it below {MAX_CELL_LINES}\
                 {split_with} (the model apart from its training loop, given code apart from \
                 the exercise){fix_in}"
            ));
        }
    }
    // A timer read in a cell that did not start it spans cells: it times the notebook.
    for (later, _, source) in by_hand() {
        let own = timers(source);
        for (index, _, earlier) in by_hand() {
            for timer in timers(earlier) {
                if index != later
                    && !own.contains(&timer)
                    && source.contains(&format!("{timer}.elapsed()"))
                {
                    problems.push(format!(
                        "{relative} cell {}: `{timer}`, started in cell {}, times the notebook; \
                         remove both (`kernel/nbrun.py` reports a notebook's time)",
                        later + 1,
                        index + 1
                    ));
                }
            }
        }
    }
    problems
}

/// A cell's source, whether stored as one string or as a list of lines.
fn source_text(cell: &Value) -> String {
    match cell.get("source") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(lines)) => lines.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// The names bound to `Instant::now()` in a cell (`let t0 = std::time::Instant::now();`).
fn timers(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter(|line| line.contains("Instant::now()"))
        .filter_map(|line| line.trim_start().strip_prefix("let ")?.split_once('='))
        .map(|(name, _)| name.trim().trim_start_matches("mut ").trim())
        .filter(|name| name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .collect()
}

/// The Markdown files whose links must hold: `README.md` and every top-level folder's.
fn docs(root: &Path) -> Vec<PathBuf> {
    let mut found = vec![root.join("README.md")];
    if let Ok(entries) = std::fs::read_dir(root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !name.starts_with('.') && name != "target" {
                found.push(entry.path().join("README.md"));
            }
        }
    }
    found.retain(|path| path.is_file());
    found.sort();
    found
}

/// Relative links in the READMEs that point at no file inside the repository, or at a
/// heading the file does not have.
fn link_problems(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for doc in docs(root) {
        let Ok(text) = std::fs::read_to_string(&doc) else {
            continue;
        };
        let name = doc
            .strip_prefix(root)
            .unwrap_or(&doc)
            .to_string_lossy()
            .replace('\\', "/");
        let dir = doc.parent().unwrap_or(root);
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((target.as_str(), ""));
            let file = if path.is_empty() {
                doc.clone()
            } else {
                dir.join(path)
            };
            let inside = normalise(&file)
                .is_some_and(|file| file.starts_with(normalise(root).unwrap_or_default()));
            if !inside || !file.exists() {
                problems.push(format!(
                    "{name} links to `{target}`, which is not a file in the repository: fix or remove the link"
                ));
            } else if !anchor.is_empty()
                && file.is_file()
                && !std::fs::read_to_string(&file)
                    .is_ok_and(|text| heading_anchors(&text).contains(anchor))
            {
                problems.push(format!(
                    "{name} links to `{target}`, but `{path}` has no heading with that anchor"
                ));
            }
        }
    }
    problems
}

/// The targets of inline Markdown links, `[text](target)`, outside code.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Inline code can hold `](` that is no link.
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join("``");
        let mut rest = prose.as_str();
        while let Some(start) = rest.find("](") {
            rest = &rest[start + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = rest[..end].split_whitespace().next().unwrap_or("");
            if !target.is_empty() {
                targets.push(target.trim_matches(['<', '>']).to_string());
            }
            rest = &rest[end..];
        }
    }
    targets
}

/// GitHub's anchors for a Markdown file's headings: lower case, punctuation dropped,
/// spaces as hyphens.
fn heading_anchors(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|line| line.starts_with('#'))
        .map(|line| {
            line.trim_start_matches('#')
                .trim()
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        })
        .collect()
}

/// `path` with `.` and `..` resolved lexically; `None` when `..` climbs above its start.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
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

    fn code(source: &str) -> Value {
        serde_json::json!({"cell_type": "code", "metadata": {}, "source": source})
    }

    #[test]
    fn notebook_conventions_hold_for_every_cell_and_say_where_to_fix_a_generated_one() {
        let long = format!("let x = {};", "1 + ".repeat(30) + "1");
        let tall = "let a = 1;\n".repeat(MAX_CELL_LINES);
        let notebook = serde_json::json!({"cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
            code("let t0 = std::time::Instant::now();"),
            code(&long),
            code(&tall),
            {"cell_type": "code", "metadata": {"ferrolab": {"exercise": "math/a"}}, "source": long},
            code("println!(\"{:.1} s\", t0.elapsed().as_secs_f64());"),
        ]});
        let problems = convention_problems("n.ipynb", &notebook);
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].contains("first code cell must be `ferrolab::init()`"));
        assert!(problems[1].starts_with("n.ipynb cell 3 line 1: 130 characters"));
        assert!(problems[2].starts_with("n.ipynb cell 4: 70 lines"));
        assert!(problems[3].starts_with("n.ipynb cell 5 line 1: 130 characters"));
        assert!(problems[3].contains("change the solution of `math/a`"));
        assert!(problems[4].contains("`t0`, started in cell 2"));

        let clean = serde_json::json!({"cells": [
            code(OPENING_CELL),
            code("let t = std::time::Instant::now();\nprintln!(\"{:?}\", t.elapsed());"),
        ]});
        assert_eq!(convention_problems("n.ipynb", &clean), Vec::<String>::new());
    }

    #[test]
    fn readme_links_must_resolve_inside_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("kernel")).unwrap();
        fs::write(
            root.join("kernel/README.md"),
            "# kernel/\n\n## Our patch: fast cells\n",
        )
        .unwrap();
        fs::write(
            root.join("README.md"),
            "[k](kernel/README.md), [p](kernel/README.md#our-patch-fast-cells), [w](https://x.org/a),\n\
             [gone](notes/x.md), [out](../shared/y.md), [h](kernel/README.md#nowhere)\n\
             `[not](a link)`\n```\n[nor](this)\n```\n",
        )
        .unwrap();
        let problems = link_problems(root);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("`notes/x.md`, which is not a file"));
        assert!(problems[1].contains("`../shared/y.md`, which is not a file"));
        assert!(problems[2].contains("no heading with that anchor"));
    }
}
