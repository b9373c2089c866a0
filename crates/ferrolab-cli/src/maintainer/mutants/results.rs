//! The record of a mutation run: `tests/mutants/results.toml` (one entry per exercise,
//! merged across scoped runs, read by the tests crate), `tests/mutants/RESULTS.md` (the
//! same for people), and the hand-written `tests/mutants/equivalent.toml`, where every
//! surviving mutant that no check could ever kill says why.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;

/// `tests/mutants/equivalent.toml`.
#[derive(Debug, Default, Deserialize)]
pub struct Equivalents {
    /// Every mutant declared equivalent.
    #[serde(default)]
    pub equivalent: Vec<Equivalent>,
}

/// A mutant that behaves exactly as the solution does, and why.
#[derive(Debug, Deserialize)]
pub struct Equivalent {
    /// The exercise id.
    pub exercise: String,
    /// The mutated line, trimmed, as the run prints it.
    pub mutant: String,
    /// Why no input can tell it from the solution.
    pub why: String,
}

impl Equivalents {
    /// Read the file; a missing file declares nothing.
    pub fn load(root: &Path) -> Result<Equivalents> {
        let path = root.join("tests/mutants/equivalent.toml");
        if !path.exists() {
            return Ok(Equivalents::default());
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))
    }

    /// Whether `mutant` of `exercise` is declared equivalent.
    pub fn covers(&self, exercise: &str, mutant: &str) -> bool {
        self.equivalent
            .iter()
            .any(|e| e.exercise == exercise && e.mutant == mutant)
    }
}

/// `tests/mutants/results.toml`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Results {
    /// One entry per exercise, in course order.
    #[serde(default)]
    pub exercise: Vec<ExerciseResult>,
}

/// One exercise's mutation run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExerciseResult {
    /// The exercise id.
    pub id: String,
    /// SHA-256 of the solution file the mutants came from: the tests crate fails when
    /// the solution changed since (rerun `./ferrolab dev mutants --exercise <id> --write`).
    pub solution_sha256: String,
    /// Mutants generated.
    pub generated: usize,
    /// Mutants that do not compile.
    pub unviable: usize,
    /// Mutants the checks reject.
    pub killed: usize,
    /// Surviving mutants declared equivalent in `equivalent.toml`.
    pub equivalent: usize,
    /// Mutants that could not be graded (missing data).
    pub not_graded: usize,
    /// The other survivors' mutated lines: each is a gap in the checks.
    pub survivors: Vec<String>,
}

impl ExerciseResult {
    /// Mutants that count: viable, graded and not equivalent.
    pub fn counted(&self) -> usize {
        self.killed + self.survivors.len()
    }
}

impl Results {
    /// Read the file; a missing file has no entries.
    pub fn load(root: &Path) -> Result<Results> {
        let path = root.join("tests/mutants/results.toml");
        if !path.exists() {
            return Ok(Results::default());
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))
    }

    /// Replace the entries of the exercises in `fresh`, keeping `order` (course order).
    pub fn merge(&mut self, fresh: Vec<ExerciseResult>, order: &[&str]) {
        self.exercise
            .retain(|old| !fresh.iter().any(|f| f.id == old.id));
        self.exercise.extend(fresh);
        self.exercise.sort_by_key(|e| {
            order
                .iter()
                .position(|id| *id == e.id)
                .unwrap_or(usize::MAX)
        });
    }

    /// Write `results.toml` and `RESULTS.md`.
    pub fn write(&self, root: &Path, equivalents: &Equivalents) -> Result<()> {
        let toml_path = root.join("tests/mutants/results.toml");
        let text = format!(
            "# Written by `./ferrolab dev mutants --write` (see RESULTS.md); do not edit.\n\n{}",
            toml::to_string(self)?
        );
        std::fs::write(&toml_path, text)
            .with_context(|| format!("writing {}", toml_path.display()))?;
        let md_path = root.join("tests/mutants/RESULTS.md");
        std::fs::write(&md_path, self.markdown(equivalents))
            .with_context(|| format!("writing {}", md_path.display()))
    }

    /// The results for people: a table per stage, then every equivalent and survivor.
    fn markdown(&self, equivalents: &Equivalents) -> String {
        let mut md = String::from(
            "# Mutation testing of the checks\n\n\
             Written by `./ferrolab dev mutants --write` from `results.toml` and\n\
             `equivalent.toml`; see tests/README.md for what a mutant is and how to run it.\n\
             Score = killed / (generated − unviable − equivalent − not graded).\n",
        );
        let mut stages: Vec<&str> = self.exercise.iter().map(|e| stage_of(&e.id)).collect();
        stages.dedup();
        let _ = writeln!(
            md,
            "\n| stage | mutants | unviable | killed | equivalent | survived | score |\n|---|---|---|---|---|---|---|"
        );
        for stage in &stages {
            let rows: Vec<&ExerciseResult> = self.in_stage(stage).collect();
            let _ = writeln!(md, "{}", row(stage, &total(&rows)));
        }
        let all: Vec<&ExerciseResult> = self.exercise.iter().collect();
        let _ = writeln!(md, "{}", row("**all**", &total(&all)));
        for stage in &stages {
            let _ = writeln!(
                md,
                "\n## {stage}\n\n| exercise | mutants | unviable | killed | equivalent | survived | score |\n|---|---|---|---|---|---|---|"
            );
            for e in self.in_stage(stage) {
                let _ = writeln!(md, "{}", row(&format!("`{}`", e.id), e));
            }
        }
        md.push_str("\n## Equivalent mutants\n\nNo input can tell these from the solution:\n\n");
        for e in &equivalents.equivalent {
            let _ = writeln!(md, "- `{}`: `{}`: {}", e.exercise, e.mutant, e.why);
        }
        let survivors: Vec<(&str, &String)> = self
            .exercise
            .iter()
            .flat_map(|e| e.survivors.iter().map(move |s| (e.id.as_str(), s)))
            .collect();
        md.push_str("\n## Surviving mutants\n\n");
        if survivors.is_empty() {
            md.push_str("None: every viable, non-equivalent mutant is killed.\n");
        }
        for (id, s) in survivors {
            let _ = writeln!(md, "- `{id}`: `{s}`");
        }
        md
    }

    fn in_stage<'a>(&'a self, stage: &'a str) -> impl Iterator<Item = &'a ExerciseResult> + 'a {
        self.exercise
            .iter()
            .filter(move |e| stage_of(&e.id) == stage)
    }
}

/// `ml` for `ml/kfold-indices`.
pub fn stage_of(id: &str) -> &str {
    id.split_once('/').map_or(id, |(stage, _)| stage)
}

/// The sum of several exercises' results.
fn total(rows: &[&ExerciseResult]) -> ExerciseResult {
    let mut sum = ExerciseResult {
        id: String::new(),
        solution_sha256: String::new(),
        generated: 0,
        unviable: 0,
        killed: 0,
        equivalent: 0,
        not_graded: 0,
        survivors: Vec::new(),
    };
    for r in rows {
        sum.generated += r.generated;
        sum.unviable += r.unviable;
        sum.killed += r.killed;
        sum.equivalent += r.equivalent;
        sum.not_graded += r.not_graded;
        sum.survivors.extend(r.survivors.iter().cloned());
    }
    sum
}

/// Killed as a percentage of the mutants that count.
pub fn score(r: &ExerciseResult) -> f64 {
    if r.counted() == 0 {
        100.0
    } else {
        100.0 * r.killed as f64 / r.counted() as f64
    }
}

fn row(name: &str, r: &ExerciseResult) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} | {:.1} % |",
        r.generated,
        r.unviable,
        r.killed,
        r.equivalent,
        r.survivors.len(),
        score(r)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &str, killed: usize, survivors: usize) -> ExerciseResult {
        ExerciseResult {
            id: id.into(),
            solution_sha256: String::new(),
            generated: killed + survivors + 2,
            unviable: 1,
            killed,
            equivalent: 1,
            not_graded: 0,
            survivors: vec!["x".into(); survivors],
        }
    }

    #[test]
    fn a_scoped_run_replaces_only_its_exercises_and_keeps_course_order() {
        let mut results = Results {
            exercise: vec![result("math/a", 9, 1), result("ml/b", 5, 0)],
        };
        results.merge(vec![result("math/a", 10, 0)], &["math/a", "ml/b"]);
        assert_eq!(results.exercise[0].id, "math/a");
        assert_eq!(results.exercise[0].killed, 10);
        assert_eq!(results.exercise.len(), 2);
    }

    #[test]
    fn the_score_leaves_out_unviable_and_equivalent_mutants() {
        assert!((score(&result("math/a", 19, 1)) - 95.0).abs() < 1e-9);
        let md = Results {
            exercise: vec![result("math/a", 19, 1)],
        }
        .markdown(&Equivalents::default());
        assert!(
            md.contains("| math | 22 | 1 | 19 | 1 | 1 | 95.0 % |"),
            "{md}"
        );
    }
}
