//! Exercise cells inside notebooks (nbformat 4 JSON).
//!
//! An exercise cell is a code cell whose metadata says
//! `{"ferrolab": {"exercise": "<id>", "role": "stub"}}`; an exercise built on given
//! code also has cells with role `given` (`source::NEXT_CELL` splits its solution). The generator rewrites their
//! sources from the solution (outputs stripped) and leaves every other byte of
//! meaning alone; the notebook runner swaps in the reference answer when a test
//! asks for it. The file is written the way nbformat writes it (keys sorted,
//! one-space indent), so a regenerated notebook diffs cleanly.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// A notebook that cannot be read or updated.
#[derive(Debug, Error)]
pub enum NotebookError {
    /// Not JSON at all.
    #[error("{path} is not valid JSON ({source}); restore it with `git checkout -- {path}`")]
    Json {
        /// The notebook.
        path: String,
        /// serde_json's description, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// JSON, but not an nbformat 4 notebook.
    #[error("{path} is not an nbformat 4 notebook: {problem}")]
    Format {
        /// The notebook.
        path: String,
        /// What is missing.
        problem: String,
    },
}

/// One exercise cell found in a notebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseCell {
    /// Position among all cells (0-based).
    pub index: usize,
    /// The exercise id in its metadata.
    pub exercise: String,
    /// `stub` (the learner writes here) or another role a lesson gives it.
    pub role: String,
    /// The cell's source text.
    pub source: String,
}

/// A parsed notebook.
#[derive(Debug, Clone)]
pub struct Notebook {
    path: String,
    json: Value,
}

impl Notebook {
    /// Parse notebook text; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Notebook, NotebookError> {
        let json: Value = serde_json::from_str(text).map_err(|source| NotebookError::Json {
            path: path.to_string(),
            source,
        })?;
        let format = |problem: &str| NotebookError::Format {
            path: path.to_string(),
            problem: problem.to_string(),
        };
        if json.get("nbformat").and_then(Value::as_u64) != Some(4) {
            return Err(format("`nbformat` must be 4"));
        }
        if !json.get("cells").is_some_and(Value::is_array) {
            return Err(format("there is no `cells` list"));
        }
        Ok(Notebook {
            path: path.to_string(),
            json,
        })
    }

    /// Every cell with `ferrolab.exercise` metadata.
    pub fn exercise_cells(&self) -> Vec<ExerciseCell> {
        self.cells()
            .iter()
            .enumerate()
            .filter_map(|(index, cell)| {
                let meta = cell.get("metadata")?.get("ferrolab")?;
                let exercise = meta.get("exercise")?.as_str()?.to_string();
                let role = meta
                    .get("role")
                    .and_then(Value::as_str)
                    .unwrap_or("stub")
                    .to_string();
                Some(ExerciseCell {
                    index,
                    exercise,
                    role,
                    source: source_text(cell.get("source")),
                })
            })
            .collect()
    }

    /// Set the source of every generated cell from `sources[id]`, an exercise's cells in
    /// order (its given cells and its stub cell, as the solution file lays them out),
    /// clearing outputs: the n-th cell with that exercise id gets the n-th part. Returns
    /// the ids of exercise cells with no entry in `sources` (left untouched).
    pub fn set_stub_sources(&mut self, sources: &BTreeMap<String, Vec<String>>) -> Vec<String> {
        let mut targets: Vec<(usize, &str)> = Vec::new();
        let mut missing = Vec::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let cells = self.exercise_cells();
        for cell in cells
            .iter()
            .filter(|c| c.role == "stub" || c.role == "given")
        {
            let Some(parts) = sources.get(&cell.exercise) else {
                if !missing.contains(&cell.exercise) {
                    missing.push(cell.exercise.clone());
                }
                continue;
            };
            let nth = seen.entry(cell.exercise.clone()).or_default();
            if let Some(part) = parts.get(*nth) {
                targets.push((cell.index, part.as_str()));
            }
            *nth += 1;
        }
        let Some(json_cells) = self.json.get_mut("cells").and_then(Value::as_array_mut) else {
            return missing;
        };
        for (index, source) in targets {
            if let Some(Value::Object(cell)) = json_cells.get_mut(index) {
                cell.insert("source".into(), source_lines(source));
                cell.insert("outputs".into(), Value::Array(Vec::new()));
                cell.insert("execution_count".into(), Value::Null);
            }
        }
        missing
    }

    /// The notebook as nbformat writes it: sorted keys, one-space indent, final newline.
    pub fn to_text(&self) -> String {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        // Serialising a `Value` into memory cannot fail.
        let _ = serde::Serialize::serialize(&sorted(&self.json), &mut serializer);
        let mut text = String::from_utf8_lossy(&out).into_owned();
        text.push('\n');
        text
    }

    /// Where this notebook came from.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn cells(&self) -> &[Value] {
        self.json
            .get("cells")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// nbformat stores source as a string or a list of lines; either way, the text.
fn source_text(source: Option<&Value>) -> String {
    match source {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(lines)) => lines.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// nbformat's list-of-lines form: every line keeps its `\n` except the last.
fn source_lines(text: &str) -> Value {
    Value::Array(
        text.split_inclusive('\n')
            .map(|l| Value::String(l.to_string()))
            .collect(),
    )
}

/// A copy with object keys in sorted order (what Python's `json.dump(sort_keys=True)` writes).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let ordered: BTreeMap<&String, Value> =
                map.iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(
                ordered
                    .into_iter()
                    .map(|(k, v)| (k.clone(), v))
                    .collect::<Map<String, Value>>(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const NB: &str = r##"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Vectors\n", "Some *prose*."]},
  {"cell_type": "code", "execution_count": 3, "metadata": {"ferrolab": {"exercise": "math/dot-product", "role": "stub"}},
   "outputs": [{"output_type": "stream", "name": "stdout", "text": ["old\n"]}], "source": "fn dot_product() {}"},
  {"cell_type": "code", "execution_count": null, "metadata": {"tags": ["keep"]}, "outputs": [], "source": ["check!(math::dot_product, dot_product)"]}
 ],
 "metadata": {"kernelspec": {"name": "ferrolab-math", "display_name": "Rust", "language": "rust"}},
 "nbformat": 4,
 "nbformat_minor": 5
}"##;

    #[test]
    fn finds_exercise_cells() {
        let nb = Notebook::parse(NB, "a.ipynb").unwrap();
        let cells = nb.exercise_cells();
        assert_eq!(cells.len(), 1);
        assert_eq!(cells[0].index, 1);
        assert_eq!(cells[0].exercise, "math/dot-product");
        assert_eq!(cells[0].source, "fn dot_product() {}");
    }

    #[test]
    fn rewrites_stub_cells_and_keeps_everything_else() {
        let mut nb = Notebook::parse(NB, "a.ipynb").unwrap();
        let sources = BTreeMap::from([(
            "math/dot-product".to_string(),
            vec!["fn a() {\n    todo!()\n}".to_string()],
        )]);
        assert!(nb.set_stub_sources(&sources).is_empty());
        let text = nb.to_text();
        let again = Notebook::parse(&text, "a.ipynb").unwrap();
        assert_eq!(again.exercise_cells()[0].source, "fn a() {\n    todo!()\n}");
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["cells"][1]["outputs"], Value::Array(vec![]));
        assert_eq!(json["cells"][1]["execution_count"], Value::Null);
        assert_eq!(json["cells"][1]["source"][0], "fn a() {\n");
        assert_eq!(json["cells"][0]["source"][1], "Some *prose*.");
        assert_eq!(json["cells"][2]["metadata"]["tags"][0], "keep");
        assert_eq!(json["metadata"]["kernelspec"]["name"], "ferrolab-math");
        // Writing twice gives the same bytes: regeneration is stable.
        let mut twice = Notebook::parse(&text, "a.ipynb").unwrap();
        twice.set_stub_sources(&sources);
        assert_eq!(twice.to_text(), text);
    }

    #[test]
    fn an_exercise_cells_take_its_parts_in_order() {
        let given = r#"{"cell_type": "code", "execution_count": 1, "metadata": {"ferrolab": {"exercise": "math/dot-product", "role": "given"}}, "outputs": [], "source": "old given"},"#;
        let text = NB.replace(
            r#"  {"cell_type": "code", "execution_count": 3"#,
            &format!("  {given}\n  {{\"cell_type\": \"code\", \"execution_count\": 3"),
        );
        let mut nb = Notebook::parse(&text, "a.ipynb").unwrap();
        let parts = vec!["struct Engine;".to_string(), "fn a() {}".to_string()];
        let sources = BTreeMap::from([("math/dot-product".to_string(), parts)]);
        assert!(nb.set_stub_sources(&sources).is_empty());
        let cells = nb.exercise_cells();
        assert_eq!(
            (cells[0].role.as_str(), cells[0].source.as_str()),
            ("given", "struct Engine;")
        );
        assert_eq!(
            (cells[1].role.as_str(), cells[1].source.as_str()),
            ("stub", "fn a() {}")
        );
    }

    #[test]
    fn stub_cells_without_a_solution_are_reported() {
        let mut nb = Notebook::parse(NB, "a.ipynb").unwrap();
        assert_eq!(
            nb.set_stub_sources(&BTreeMap::new()),
            vec!["math/dot-product".to_string()]
        );
    }

    #[test]
    fn broken_notebooks_say_how_to_recover() {
        let error = Notebook::parse("{", "nb/x.ipynb").unwrap_err().to_string();
        assert!(error.contains("git checkout -- nb/x.ipynb"), "{error}");
        let error = Notebook::parse(r#"{"nbformat": 3, "cells": []}"#, "x.ipynb")
            .unwrap_err()
            .to_string();
        assert!(error.contains("nbformat 4"), "{error}");
    }
}
