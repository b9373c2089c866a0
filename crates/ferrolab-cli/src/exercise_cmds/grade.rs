//! Grading one exercise from the terminal: its `#[test]` in the `exercises` crate.
//!
//! `cargo test -p exercises --no-default-features --features <stage> --lib -- --exact
//! grade::<stage>::<name>` builds only the stage's dependencies, runs the same checks
//! as the notebook, and the test leaves its verdict (and the rendered card) as a
//! [`VerdictFile`] where `FERROLAB_VERDICT_FILE` says. No verdict file means the code did
//! not compile, and then rustc's own messages are what the learner needs.

use super::learner_file;
use crate::project::Project;
use anyhow::{Context, Result};
use console::style;
use ferrolab_course::{env, Course, Exercise, VerdictFile, VerdictKind};
use std::io::IsTerminal as _;
use std::process::Command;
use std::time::{Duration, Instant};

/// How to grade.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Record the attempt in the learner's progress (off for benchmarks).
    pub record_progress: bool,
    /// Colour the card and rustc's messages.
    pub color: bool,
}

impl Options {
    /// What a learner's `check` and `watch` use.
    pub fn for_learner() -> Options {
        Options {
            record_progress: true,
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// The outcome of one grading.
#[derive(Debug, Clone)]
pub(crate) enum Graded {
    /// The checks ran and reached a verdict.
    Verdict {
        /// What the checks concluded.
        kind: VerdictKind,
        /// The card, as the test printed it.
        card: String,
        /// From the start of `cargo test` to the verdict.
        elapsed: Duration,
    },
    /// The learner's code did not compile (or the test binary died before a verdict).
    NoVerdict {
        /// The exercise.
        id: String,
        /// rustc's messages (or the test's output), cargo's progress lines removed.
        diagnostics: String,
        /// How long it took to find out.
        elapsed: Duration,
    },
}

impl Graded {
    /// Whether the exercise passed.
    pub fn passed(&self) -> bool {
        matches!(self, Graded::Verdict { kind, .. } if kind.passed())
    }

    /// Time from the start of grading to the verdict.
    pub fn elapsed(&self) -> Duration {
        match self {
            Graded::Verdict { elapsed, .. } | Graded::NoVerdict { elapsed, .. } => *elapsed,
        }
    }

    /// What to print.
    pub fn display(&self) -> String {
        match self {
            Graded::Verdict { card, .. } => card.clone(),
            Graded::NoVerdict { id, diagnostics, .. } => format!(
                "{}\n{}\n{}{}",
                style(format!("✗ {id} does not compile yet")).red().bold(),
                diagnostics.trim_end(),
                coach_cards(diagnostics),
                style("Fix the first error above (rustc names the file and line), then save or re-check.").dim()
            ),
        }
    }
}

/// The error coach's cards for the codes in rustc's messages, each after a blank line
/// (empty when none matches): rustc says where, the card says what it means in plain words.
fn coach_cards(diagnostics: &str) -> String {
    let Ok(coach) = crate::coach::Coach::embedded() else {
        return String::new();
    };
    let mut text = String::new();
    let plain: String = diagnostics
        .lines()
        .map(|line| strip_ansi(line) + "\n")
        .collect();
    for card in crate::coach::cards_for_cargo_output(&coach, &plain) {
        text.push('\n');
        for (i, line) in card.iter().enumerate() {
            let line = if i == 0 {
                style(line).cyan().bold().to_string()
            } else {
                line.clone()
            };
            text.push_str(&line);
            text.push('\n');
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// The cargo arguments that grade `exercise`: only its stage's feature, only its test.
pub(crate) fn cargo_args(course: &Course, exercise: &Exercise, color: bool) -> Vec<String> {
    let feature = course
        .stage(exercise.stage())
        .map_or(exercise.stage(), |s| s.feature())
        .to_string();
    let test = format!("grade::{}", exercise.module_path());
    [
        "test",
        "-p",
        "exercises",
        "--no-default-features",
        "--features",
        &feature,
        "--lib",
        "--color",
        if color { "always" } else { "never" },
        "--",
        "--exact",
        &test,
        "--nocapture",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Grade one exercise.
pub(crate) fn grade(
    project: &Project,
    course: &Course,
    exercise: &Exercise,
    options: &Options,
) -> Result<Graded> {
    let verdict_dir = tempfile::tempdir().context("creating a temporary folder for the verdict")?;
    let verdict_file = verdict_dir.path().join("verdict.json");
    let started = Instant::now();
    let mut command = Command::new("cargo");
    command
        .args(cargo_args(course, exercise, options.color))
        .current_dir(&project.root)
        .env(env::FERROLAB_VERDICT_FILE, &verdict_file)
        .env(
            env::FERROLAB_COLOR,
            if options.color { "always" } else { "never" },
        );
    if !options.record_progress {
        command.env(env::FERROLAB_PROGRESS, "off");
    }
    let output = command
        .output()
        .context("running `cargo test` (is cargo on PATH?)")?;
    let elapsed = started.elapsed();
    if let Some(verdict) = VerdictFile::read(&verdict_file)? {
        return Ok(Graded::Verdict {
            kind: verdict.kind,
            card: verdict.card,
            elapsed,
        });
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut diagnostics = without_progress_lines(&stderr);
    if !stderr.contains("could not compile") {
        // It compiled but died before a verdict (a stack overflow aborts the process).
        diagnostics.push_str(&String::from_utf8_lossy(&output.stdout));
    }
    if diagnostics.trim().is_empty() {
        diagnostics = format!(
            "`cargo {}` ended without a verdict and without a message; run it yourself to see why ({}).",
            cargo_args(course, exercise, false).join(" "),
            learner_file(project, exercise).display()
        );
    }
    Ok(Graded::NoVerdict {
        id: exercise.id.clone(),
        diagnostics,
        elapsed,
    })
}

/// cargo's `Compiling …` / `Finished …` lines say nothing about the learner's code.
fn without_progress_lines(stderr: &str) -> String {
    const PROGRESS: [&str; 7] = [
        "Compiling",
        "Finished",
        "Running",
        "Blocking",
        "Checking",
        "Doc-tests",
        "Locking",
    ];
    stderr
        .lines()
        .filter(|line| {
            let plain = strip_ansi(line);
            let first = plain.split_whitespace().next().unwrap_or("");
            !PROGRESS.contains(&first)
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_are_dropped_and_errors_kept() {
        let stderr = "   Compiling exercises v0.1.0\n\x1b[1m\x1b[32m    Finished\x1b[0m `test`\nerror[E0425]: cannot find value `x`\n --> exercises/src/math/dot_product.rs:3:5\n";
        assert_eq!(
            without_progress_lines(stderr),
            "error[E0425]: cannot find value `x`\n --> exercises/src/math/dot_product.rs:3:5\n"
        );
    }

    #[test]
    fn only_the_stage_feature_is_compiled() {
        let course = Course::parse(
            "[[stage]]\nname = \"math\"\ntitle = \"M\"\n[[exercise]]\nid = \"math/dot-product\"\ntitle = \"D\"\n\
             file = \"math/dot_product.rs\"\nitem = \"dot_product\"\nhints = [\"a\", \"b\"]\n",
            "t",
        )
        .unwrap();
        let args = cargo_args(&course, &course.exercises[0], false).join(" ");
        assert_eq!(
            args,
            "test -p exercises --no-default-features --features math --lib --color never -- --exact grade::math::dot_product --nocapture"
        );
    }
}
