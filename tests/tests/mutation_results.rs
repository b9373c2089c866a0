//! The mutation-testing record holds the course to its target (issue 18).
//!
//! `./ferrolab dev mutants --write` grades every mutant of every solution and writes
//! `tests/mutants/results.toml`; running it takes a minute or two, too long for every CI
//! run, so CI checks the record instead:
//!
//! - every exercise in `course.toml` has an entry, made from its current solution (a
//!   changed solution, or a new exercise in a new stage, fails until it is re-run);
//! - every stage kills at least 95 % of its counted mutants (viable, graded, not
//!   declared equivalent in `tests/mutants/equivalent.toml`);
//! - every equivalent names a real exercise and says why.

#![allow(clippy::unwrap_used)]

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

const TARGET: f64 = 95.0;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn read_toml(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(root().join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}; run `./ferrolab dev mutants --write` to make it"));
    text.parse()
        .unwrap_or_else(|e| panic!("{path} is not valid TOML: {e}"))
}

fn entries(table: &toml::Table, key: &str) -> Vec<toml::Table> {
    table
        .get(key)
        .and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
        .unwrap_or_default()
}

fn count(entry: &toml::Table, key: &str) -> usize {
    entry
        .get(key)
        .and_then(toml::Value::as_integer)
        .unwrap_or(0) as usize
}

fn text<'a>(entry: &'a toml::Table, key: &str) -> &'a str {
    entry.get(key).and_then(toml::Value::as_str).unwrap_or("")
}

#[test]
fn every_exercise_is_mutation_tested_on_its_current_solution() {
    let course = ferrolab::course::Course::load_embedded().unwrap();
    let results = entries(&read_toml("tests/mutants/results.toml"), "exercise");
    let by_id: BTreeMap<&str, &toml::Table> = results.iter().map(|e| (text(e, "id"), e)).collect();
    let mut stale = Vec::new();
    for exercise in &course.exercises {
        let solution = std::fs::read(root().join("solutions/src").join(&exercise.file)).unwrap();
        let hash = hex::encode(Sha256::digest(&solution));
        match by_id.get(exercise.id.as_str()) {
            None => stale.push(format!("{}: no entry", exercise.id)),
            Some(entry) if text(entry, "solution_sha256") != hash => {
                stale.push(format!("{}: its solution changed since", exercise.id));
            }
            Some(_) => {}
        }
    }
    let unknown: Vec<&&str> = by_id
        .keys()
        .filter(|id| !course.exercises.iter().any(|e| e.id == **id))
        .collect();
    assert!(
        stale.is_empty() && unknown.is_empty(),
        "tests/mutants/results.toml is out of date; run `./ferrolab dev mutants --exercise <id> --write` for each:\n{}\nentries for exercises no longer in the course: {unknown:?}",
        stale.join("\n")
    );
}

#[test]
fn every_stage_kills_at_least_95_percent_of_its_mutants() {
    let results = entries(&read_toml("tests/mutants/results.toml"), "exercise");
    let mut stages: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for entry in &results {
        let stage = text(entry, "id").split('/').next().unwrap();
        let survivors = entry
            .get("survivors")
            .and_then(toml::Value::as_array)
            .map_or(0, Vec::len);
        let tally = stages.entry(stage).or_default();
        tally.0 += count(entry, "killed");
        tally.1 += count(entry, "killed") + survivors;
    }
    assert!(!stages.is_empty(), "results.toml has no entries");
    let below: Vec<String> = stages
        .iter()
        .filter(|(_, (killed, counted))| {
            *counted > 0 && 100.0 * (*killed as f64) / (*counted as f64) < TARGET
        })
        .map(|(stage, (killed, counted))| format!("{stage}: {killed} of {counted} killed"))
        .collect();
    assert!(
        below.is_empty(),
        "stages below {TARGET} % (see tests/mutants/RESULTS.md for the survivors): {below:?}"
    );
}

#[test]
fn every_equivalent_mutant_names_an_exercise_and_says_why() {
    let course = ferrolab::course::Course::load_embedded().unwrap();
    let equivalents = entries(&read_toml("tests/mutants/equivalent.toml"), "equivalent");
    for entry in &equivalents {
        let id = text(entry, "exercise");
        assert!(
            course.exercises.iter().any(|e| e.id == id),
            "equivalent.toml names {id:?}, which is not an exercise"
        );
        assert!(
            !text(entry, "mutant").is_empty(),
            "{id}: an equivalent without its mutant"
        );
        assert!(
            text(entry, "why").split_whitespace().count() >= 8,
            "{id}: `{}` needs a sentence saying why no input can tell it from the solution",
            text(entry, "mutant")
        );
    }
}
