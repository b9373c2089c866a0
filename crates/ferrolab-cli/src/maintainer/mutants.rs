//! `ferrolab dev mutants`: mutation testing of the checks.
//!
//! A check is only as good as the wrong answers it rejects. This verb makes wrong
//! answers mechanically: every solution's answer is mutated one operator at a time
//! ([`operators`]), all mutants are compiled into one runner binary ([`schema`]), and
//! each is graded by its exercise's check ([`grading`]). A mutant the check passes
//! *survived*: either the checks have a gap (add a case that kills it) or the mutant
//! is equivalent to the solution (say why in `tests/mutants/equivalent.toml`).
//! `--write` records the run in `tests/mutants/` ([`results`]), which the tests crate
//! holds to the target: at least 95 % of the counted mutants killed in every stage.

mod grading;
mod operators;
mod results;
mod schema;

use crate::exercise_cmds::load_course;
use crate::project::Project;
use anyhow::{bail, Result};
use console::style;
use ferrolab_course::generate::read_solution;
use ferrolab_course::{Course, Exercise};
use grading::Outcome;
use operators::Mutant;
use results::{stage_of, Equivalents, ExerciseResult, Results};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::time::Instant;

/// The share of counted mutants every stage must kill, in percent.
const TARGET: f64 = 95.0;

/// A mutant with its number and exercise.
pub struct Numbered<'a> {
    /// Its number, unique within the run (the runner's module `m<number>`).
    pub number: usize,
    /// The exercise it belongs to.
    pub exercise: &'a Exercise,
    /// The change.
    pub mutant: Mutant,
}

/// What to mutate: everything, one stage, or one exercise.
#[derive(Debug, Default)]
pub struct Scope<'a> {
    /// A stage name (`ml`).
    pub stage: Option<&'a str>,
    /// An exercise id (`ml/kfold-indices`).
    pub exercise: Option<&'a str>,
}

/// Run the mutants in `scope`; with `write`, record the results in `tests/mutants/`.
pub fn run(project: &Project, scope: &Scope, write: bool) -> Result<()> {
    let started = Instant::now();
    let root = &project.root;
    let course = load_course(project)?;
    let exercises = select(&course, scope)?;
    let equivalents = Equivalents::load(root)?;
    let mut mutants = Vec::new();
    let mut hashes = BTreeMap::new();
    for exercise in &exercises {
        let text = read_solution(root, exercise)?;
        hashes.insert(
            exercise.id.as_str(),
            hex::encode(Sha256::digest(text.as_bytes())),
        );
        for mutant in operators::mutants_of(&text) {
            let number = mutants.len() + 1;
            mutants.push(Numbered {
                number,
                exercise,
                mutant,
            });
        }
    }
    println!(
        "{} mutants of {} exercise(s)' solutions",
        mutants.len(),
        exercises.len()
    );
    schema::write_modules(root, &mutants)?;
    let built = schema::build(root, &mutants);
    let outcomes = built.and_then(|(binary, unviable)| {
        let built_in = started.elapsed();
        println!("Built in {:.0} s; grading…", built_in.as_secs_f64());
        let groups: Vec<Vec<usize>> = exercises
            .iter()
            .map(|e| {
                mutants
                    .iter()
                    .filter(|m| m.exercise.id == e.id && !unviable.contains(&m.number))
                    .map(|m| m.number)
                    .collect()
            })
            .collect();
        let graded = grading::grade(&binary, groups, 2)?;
        Ok((unviable, graded))
    });
    schema::clean(root);
    let (unviable, graded) = outcomes?;

    let mut fresh = Vec::new();
    for exercise in &exercises {
        let own: Vec<&Numbered> = mutants
            .iter()
            .filter(|m| m.exercise.id == exercise.id)
            .collect();
        let mut result = ExerciseResult {
            id: exercise.id.clone(),
            solution_sha256: hashes[exercise.id.as_str()].clone(),
            generated: own.len(),
            unviable: 0,
            killed: 0,
            equivalent: 0,
            not_graded: 0,
            survivors: Vec::new(),
        };
        for m in &own {
            match graded.get(&m.number) {
                _ if unviable.contains(&m.number) => result.unviable += 1,
                Some(Outcome::Killed(_)) => result.killed += 1,
                Some(Outcome::NotGraded(why)) => {
                    result.not_graded += 1;
                    println!(
                        "  {} {}: not graded: {why}",
                        style("?").yellow(),
                        exercise.id
                    );
                }
                Some(Outcome::Survived) if equivalents.covers(&exercise.id, &m.mutant.mutated) => {
                    result.equivalent += 1;
                }
                Some(Outcome::Survived) | None => {
                    println!(
                        "  {} {} line {}: `{}` → `{}`",
                        style("survived").red(),
                        exercise.id,
                        m.mutant.line,
                        m.mutant.original,
                        m.mutant.mutated
                    );
                    result.survivors.push(m.mutant.mutated.clone());
                }
            }
        }
        fresh.push(result);
    }
    warn_stale(&equivalents, &exercises, &mutants, &graded);
    let failing = report(&fresh);
    println!("Done in {:.0} s.", started.elapsed().as_secs_f64());
    if write {
        let mut all = Results::load(root)?;
        let order: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
        all.merge(fresh, &order);
        all.write(root, &equivalents)?;
        println!(
            "{} tests/mutants/results.toml and RESULTS.md",
            style("wrote").green()
        );
    }
    if !failing.is_empty() {
        bail!(
            "stage(s) {} kill fewer than {TARGET} % of their mutants: add check cases that \
             kill the survivors above, or declare truly equivalent ones in \
             tests/mutants/equivalent.toml",
            failing.join(", ")
        );
    }
    Ok(())
}

/// The exercises in scope, in course order.
fn select<'a>(course: &'a Course, scope: &Scope) -> Result<Vec<&'a Exercise>> {
    let chosen: Vec<&Exercise> = course
        .exercises
        .iter()
        .filter(|e| scope.exercise.is_none_or(|id| e.id == id))
        .filter(|e| scope.stage.is_none_or(|s| e.stage() == s))
        .collect();
    if chosen.is_empty() {
        let stages: Vec<&str> = course.stages.iter().map(|s| s.name.as_str()).collect();
        bail!(
            "no exercise matches: give an id from `ferrolab list` or a stage ({})",
            stages.join(", ")
        );
    }
    Ok(chosen)
}

/// Equivalents of the exercises in scope that no longer name a surviving mutant.
fn warn_stale(
    equivalents: &Equivalents,
    exercises: &[&Exercise],
    mutants: &[Numbered],
    graded: &BTreeMap<usize, Outcome>,
) {
    for e in &equivalents.equivalent {
        if !exercises.iter().any(|x| x.id == e.exercise) {
            continue;
        }
        let survives = mutants.iter().any(|m| {
            m.exercise.id == e.exercise
                && m.mutant.mutated == e.mutant
                && graded.get(&m.number) == Some(&Outcome::Survived)
        });
        if !survives {
            println!(
                "  {} equivalent.toml names `{}` of {}, which no longer survives: remove it",
                style("!").yellow(),
                e.mutant,
                e.exercise
            );
        }
    }
}

/// Print a line per stage; return the stages below the target.
fn report(results: &[ExerciseResult]) -> Vec<String> {
    let mut stages: Vec<&str> = results.iter().map(|r| stage_of(&r.id)).collect();
    stages.dedup();
    let mut failing = Vec::new();
    for stage in stages {
        let rows: Vec<&ExerciseResult> = results
            .iter()
            .filter(|r| stage_of(&r.id) == stage)
            .collect();
        let killed: usize = rows.iter().map(|r| r.killed).sum();
        let counted: usize = rows.iter().map(|r| r.counted()).sum();
        let sum = |f: fn(&ExerciseResult) -> usize| rows.iter().map(|r| f(r)).sum::<usize>();
        let score = if counted == 0 {
            100.0
        } else {
            100.0 * killed as f64 / counted as f64
        };
        println!(
            "{stage}: {} mutants, {} unviable, {killed} killed, {} equivalent, {} survived: {score:.1} % killed",
            sum(|r| r.generated),
            sum(|r| r.unviable),
            sum(|r| r.equivalent),
            sum(|r| r.survivors.len()),
        );
        if score < TARGET {
            failing.push(stage.to_string());
        }
    }
    failing
}
