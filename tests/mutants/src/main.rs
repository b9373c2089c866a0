//! Grades mutants of the reference solutions with their exercises' checks.
//!
//! `ferrolab dev mutants` writes each mutant (a copy of a solution file with one
//! operator changed inside its answer) into `generated/`, builds this binary once for
//! all of them, and runs it over a list of mutant numbers. For each it prints
//! `start <n>` before grading (so a mutant that aborts the process is known) and then
//! `done <n> <verdict kind> <first line of the message>`. A mutant whose check still
//! says Passed survived: the checks cannot tell it from the right answer.

#![allow(clippy::unwrap_used)]

use ferrolab::grade::{Grader, Report, Verdict};
use std::io::Write as _;

/// One generated mutant and how to grade it.
pub struct Mutant {
    /// Its number, as the driver named it.
    pub number: usize,
    /// The exercise whose solution it mutates.
    pub exercise: &'static str,
    /// Run the exercise's check on the mutant.
    pub grade: fn(&Grader) -> Report,
}

include!(concat!(env!("OUT_DIR"), "/table.rs"));

/// The verdict as one tab-free line: its kind, then the first line of its message.
fn summary(verdict: &Verdict) -> String {
    let kind = format!("{:?}", verdict.kind());
    let text = verdict.explanation();
    let first = text.lines().next().unwrap_or("").replace('\t', " ");
    format!("{kind}\t{first}")
}

fn main() {
    let wanted: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("mutant numbers"))
        .collect();
    let table = mutants();
    let grader = ferrolab::grading::grader();
    let stdout = std::io::stdout();
    for number in wanted {
        let Some(mutant) = table.iter().find(|m| m.number == number) else {
            println!("missing\t{number}");
            continue;
        };
        let mut out = stdout.lock();
        let _ = writeln!(out, "start\t{number}\t{}", mutant.exercise);
        let _ = out.flush();
        drop(out);
        let report = (mutant.grade)(&grader);
        let mut out = stdout.lock();
        let _ = writeln!(out, "done\t{number}\t{}", summary(&report.verdict));
        let _ = out.flush();
    }
}
