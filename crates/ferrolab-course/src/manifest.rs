//! `exercises/course.toml`: the one file that lists the course's stages and exercises.
//!
//! The CLI, the notebook macros, the generator and the tests all read this file
//! and nothing else, so an exercise exists exactly when it has an entry here.
//! Names are derived from the id by one convention, checked by [`Course::parse`]:
//! id `math/dot-product` → module `math::dot_product` → learner file
//! `exercises/src/math/dot_product.rs` → checks `ferrolab_grade::checks::math::dot_product`.

use crate::progress::Progress;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use thiserror::Error;

/// The whole course: stages in teaching order, then every exercise.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// The stages, in the order they are taught (`[[stage]]` tables).
    #[serde(rename = "stage")]
    pub stages: Vec<Stage>,
    /// Every exercise, in the order a learner should do them (`[[exercise]]` tables).
    /// `ferrolab list` and `ferrolab watch` follow this order to say what is next.
    #[serde(rename = "exercise")]
    pub exercises: Vec<Exercise>,
}

/// One stage of the course (math, data, ml, dl, ...).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Short name: the first part of its exercises' ids and their module in `exercises/src/`.
    pub name: String,
    /// What a learner sees in `ferrolab list`, e.g. "Math: vectors and matrices".
    pub title: String,
    /// The cargo feature of the `exercises` crate that compiles this stage, so grading a
    /// math exercise never builds polars or libtorch. Defaults to the stage's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

impl Stage {
    /// The cargo feature that compiles this stage.
    pub fn feature(&self) -> &str {
        self.feature.as_deref().unwrap_or(&self.name)
    }
}

/// One graded exercise.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// `<stage>/<slug>`, e.g. `math/dot-product`. Progress is keyed by it, so renaming
    /// an id loses learners' progress on that exercise: don't.
    pub id: String,
    /// One line saying what the learner builds, e.g. "Dot product of two vectors".
    pub title: String,
    /// The learner's file below `exercises/src/` (and the reference below `solutions/src/`),
    /// e.g. `math/dot_product.rs`: the id's slug with `_` for `-`.
    pub file: String,
    /// The function or type the learner writes, e.g. `dot_product` or `NearestCentroid`.
    pub item: String,
    /// What `check!` hands to the checks when it is not `item` itself: a trait exercise
    /// passes a constructor such as `NearestCentroid::fit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_with: Option<String>,
    /// The notebook (path from the repository root) whose exercise cell holds this task;
    /// unset until the stage's notebooks exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notebook: Option<String>,
    /// Hints from gentle to explicit; `hint!` and `ferrolab hint` reveal one tier at a time.
    pub hints: Vec<String>,
    /// Ids of exercises whose ideas this one builds on; they must come earlier in the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
}

impl Exercise {
    /// The stage name: the id up to the `/`.
    pub fn stage(&self) -> &str {
        self.id
            .split_once('/')
            .map_or(self.id.as_str(), |(stage, _)| stage)
    }

    /// The Rust module name inside the stage: `dot_product` for `math/dot-product`.
    pub fn module(&self) -> String {
        self.id
            .split_once('/')
            .map_or(self.id.as_str(), |(_, slug)| slug)
            .replace('-', "_")
    }

    /// The Rust path below a crate root: `math::dot_product`.
    pub fn module_path(&self) -> String {
        format!("{}::{}", self.stage(), self.module())
    }

    /// The expression `check!` passes to the checks (`item` unless `check_with` says otherwise).
    pub fn check_with(&self) -> &str {
        self.check_with.as_deref().unwrap_or(&self.item)
    }
}

/// What went wrong reading or validating the course file.
#[derive(Debug, Error)]
pub enum CourseError {
    /// The file could not be read.
    #[error("could not read the course file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown or missing fields.
    #[error("{origin} is not a valid course file: {message}")]
    Syntax {
        /// Where the text came from.
        origin: String,
        /// toml's description, with line and column.
        message: String,
    },
    /// The file parses but breaks the course's rules; every problem is listed.
    #[error("{origin} has {} problem(s):\n  - {}", problems.len(), problems.join("\n  - "))]
    Invalid {
        /// Where the text came from.
        origin: String,
        /// One line per problem, each saying how to fix it.
        problems: Vec<String>,
    },
    /// An id that is not in the course.
    #[error("there is no exercise `{id}`{}; `ferrolab list` shows them all", suggestion(.closest))]
    UnknownExercise {
        /// The id asked for.
        id: String,
        /// The closest known id, if one is close.
        closest: Option<String>,
    },
}

fn suggestion(closest: &Option<String>) -> String {
    closest
        .as_ref()
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

impl Course {
    /// Read and validate a course file.
    pub fn load(path: &Path) -> Result<Course, CourseError> {
        let text = std::fs::read_to_string(path).map_err(|source| CourseError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Course::parse(&text, &path.display().to_string())
    }

    /// Parse and validate course text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Course, CourseError> {
        let course: Course = toml::from_str(text).map_err(|e| CourseError::Syntax {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        let problems = course.problems();
        if problems.is_empty() {
            Ok(course)
        } else {
            Err(CourseError::Invalid {
                origin: origin.to_string(),
                problems,
            })
        }
    }

    /// The exercise with this id, or an error suggesting the closest one.
    pub fn exercise(&self, id: &str) -> Result<&Exercise, CourseError> {
        self.exercises
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| CourseError::UnknownExercise {
                id: id.to_string(),
                closest: self.closest_id(id),
            })
    }

    /// Where to continue: the first unsolved exercise after the furthest one passed (in
    /// course order, wrapping round), or the very first for a learner who passed none. A
    /// Rust programmer who skipped stage 0 is not sent back to it.
    pub fn next_unsolved(&self, progress: &Progress) -> Option<&Exercise> {
        match self.exercises.iter().rev().find(|e| progress.passed(&e.id)) {
            Some(furthest) => self.next_unsolved_after(&furthest.id, progress),
            None => self.exercises.first(),
        }
    }

    /// After passing `id`: the first unsolved exercise that comes later in course order,
    /// else the first unsolved one before it. A learner who starts at stage 1 (skipping
    /// stage 0, as a Rust programmer should) is sent onward, not back to the beginning.
    pub fn next_unsolved_after(&self, id: &str, progress: &Progress) -> Option<&Exercise> {
        let at = self
            .exercises
            .iter()
            .position(|e| e.id == id)
            .map_or(0, |i| i + 1);
        let (before, after) = self.exercises.split_at(at.min(self.exercises.len()));
        after
            .iter()
            .chain(before)
            .find(|e| e.id != id && !progress.passed(&e.id))
    }

    /// A stage by name.
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.name == name)
    }

    /// The exercises of one stage, in course order.
    pub fn exercises_in<'a>(&'a self, stage: &'a str) -> impl Iterator<Item = &'a Exercise> + 'a {
        self.exercises.iter().filter(move |e| e.stage() == stage)
    }

    fn closest_id(&self, id: &str) -> Option<String> {
        let wanted = id_from_path(id);
        self.exercises
            .iter()
            .map(|e| (edit_distance(&e.id, &wanted), &e.id))
            .filter(|(distance, _)| *distance <= 3)
            .min()
            .map(|(_, id)| id.clone())
    }

    /// Every rule the course must follow, as one readable line per broken rule.
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.stages.is_empty() {
            problems.push("no [[stage]] tables: declare the stages first".to_string());
        }
        let mut stage_names = BTreeSet::new();
        for stage in &self.stages {
            if !is_identifier(&stage.name) {
                problems.push(format!(
                    "stage name `{}` must be a lowercase Rust identifier (it is a module)",
                    stage.name
                ));
            }
            if !stage_names.insert(stage.name.as_str()) {
                problems.push(format!("stage `{}` is declared twice", stage.name));
            }
        }
        let mut seen = BTreeSet::new();
        for exercise in &self.exercises {
            let id = &exercise.id;
            problems.extend(
                exercise_problems(exercise, &stage_names)
                    .into_iter()
                    .map(|p| format!("`{id}`: {p}")),
            );
            for dependency in &exercise.depends_on {
                if !seen.contains(dependency.as_str()) {
                    problems.push(format!(
                        "`{id}`: depends_on `{dependency}`, which is not an exercise listed before it"
                    ));
                }
            }
            if !seen.insert(id.as_str()) {
                problems.push(format!("`{id}` is listed twice; ids must be unique"));
            }
        }
        problems
    }
}

fn exercise_problems(exercise: &Exercise, stages: &BTreeSet<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    let Some((stage, slug)) = exercise.id.split_once('/') else {
        return vec!["the id must look like `<stage>/<slug>`, e.g. `math/dot-product`".to_string()];
    };
    if !stages.contains(stage) {
        problems.push(format!(
            "stage `{stage}` is not declared in a [[stage]] table"
        ));
    }
    let slug_ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && slug.starts_with(|c: char| c.is_ascii_lowercase());
    if !slug_ok {
        problems.push(format!(
            "`{slug}` must be lowercase letters, digits and `-`, starting with a letter"
        ));
    }
    let expected_file = format!("{stage}/{}.rs", exercise.module());
    if exercise.file != expected_file {
        problems.push(format!(
            "file is `{}`, but the id says it must be `{expected_file}`",
            exercise.file
        ));
    }
    if exercise.title.trim().is_empty() {
        problems.push("the title is empty".to_string());
    }
    if !is_path(&exercise.item) {
        problems.push(format!(
            "item `{}` must be the name of the function or type the learner writes",
            exercise.item
        ));
    }
    if let Some(with) = &exercise.check_with {
        if !is_path(with) {
            problems.push(format!(
                "check_with `{with}` must be a path such as `NearestCentroid::fit`"
            ));
        }
    }
    if exercise.hints.len() < 2 {
        problems.push(format!(
            "has {} hint(s); give at least two tiers, gentle then explicit",
            exercise.hints.len()
        ));
    }
    if exercise.hints.iter().any(|h| h.trim().is_empty()) {
        problems.push("has an empty hint".to_string());
    }
    if let Some(notebook) = &exercise.notebook {
        if !notebook.ends_with(".ipynb") {
            problems.push(format!(
                "notebook `{notebook}` must be a path to an .ipynb file"
            ));
        }
    }
    problems
}

fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_path(text: &str) -> bool {
    !text.is_empty() && text.split("::").all(is_identifier)
}

/// The exercise id a Rust path names: `math::dot_product` and `math :: dot_product`
/// (as `stringify!` writes it) become `math/dot-product`; an id stays as it is.
pub fn id_from_path(path: &str) -> String {
    let compact: String = path
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect();
    compact.replace("::", "/").replace('_', "-")
}

/// Levenshtein distance, for "did you mean" suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[stage]]
name = "math"
title = "Math"

[[exercise]]
id = "math/dot-product"
title = "Dot product"
file = "math/dot_product.rs"
item = "dot_product"
hints = ["multiply pairs", "then add them up"]

[[exercise]]
id = "math/cosine-similarity"
title = "Cosine similarity"
file = "math/cosine_similarity.rs"
item = "cosine_similarity"
hints = ["dot product over lengths", "sqrt of the dot with itself"]
depends_on = ["math/dot-product"]
"#;

    #[test]
    fn a_good_course_parses_and_names_follow_the_id() {
        let course = Course::parse(GOOD, "test").unwrap();
        let exercise = course.exercise("math/cosine-similarity").unwrap();
        assert_eq!(exercise.stage(), "math");
        assert_eq!(exercise.module_path(), "math::cosine_similarity");
        assert_eq!(exercise.check_with(), "cosine_similarity");
        assert_eq!(course.stage("math").unwrap().feature(), "math");
    }

    #[test]
    fn the_next_exercise_after_a_pass_comes_later_in_the_course_then_wraps() {
        let course = Course::parse(GOOD, "test").unwrap();
        let mut progress = Progress::default();
        let next = |p: &Progress, id: &str| course.next_unsolved_after(id, p).map(|e| e.id.clone());
        assert_eq!(
            next(&progress, "math/dot-product").as_deref(),
            Some("math/cosine-similarity")
        );
        assert_eq!(
            next(&progress, "math/cosine-similarity").as_deref(),
            Some("math/dot-product")
        );
        progress
            .entry("math/dot-product")
            .record_attempt(crate::verdict::VerdictKind::Passed);
        assert_eq!(next(&progress, "math/cosine-similarity"), None);
    }

    #[test]
    fn every_broken_rule_is_reported_at_once() {
        let bad = GOOD
            .replace("math/dot_product.rs", "math/dot.rs")
            .replace(
                r#"hints = ["multiply pairs", "then add them up"]"#,
                r#"hints = ["only one"]"#,
            )
            .replace(
                r#"depends_on = ["math/dot-product"]"#,
                r#"depends_on = ["math/nope"]"#,
            );
        let error = Course::parse(&bad, "course.toml").unwrap_err().to_string();
        assert!(error.contains("3 problem(s)"), "{error}");
        assert!(error.contains("must be `math/dot_product.rs`"), "{error}");
        assert!(error.contains("at least two tiers"), "{error}");
        assert!(error.contains("depends_on `math/nope`"), "{error}");
    }

    #[test]
    fn dependencies_must_come_first() {
        let swapped = r#"
[[stage]]
name = "math"
title = "Math"
[[exercise]]
id = "math/b"
title = "B"
file = "math/b.rs"
item = "b"
hints = ["one", "two"]
depends_on = ["math/b"]
"#;
        let error = Course::parse(swapped, "x").unwrap_err().to_string();
        assert!(
            error.contains("not an exercise listed before it"),
            "{error}"
        );
    }

    #[test]
    fn unknown_fields_and_typos_are_caught() {
        let error = Course::parse(&GOOD.replace("hints =", "hintz ="), "course.toml")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("course.toml is not a valid course file"),
            "{error}"
        );
        let course = Course::parse(GOOD, "x").unwrap();
        let error = course.exercise("math/dot-prodcut").unwrap_err().to_string();
        assert!(error.contains("did you mean `math/dot-product`"), "{error}");
    }

    #[test]
    fn paths_become_ids() {
        assert_eq!(id_from_path("math :: dot_product"), "math/dot-product");
        assert_eq!(id_from_path("math/dot-product"), "math/dot-product");
        assert_eq!(
            id_from_path("\"ml/logistic-regression\""),
            "ml/logistic-regression"
        );
    }
}
