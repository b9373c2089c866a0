//! What a check concludes about a learner's answer.
//!
//! The kinds' stable names live in `ferrolab-course` ([`VerdictKind`]), because the CLI and
//! the progress file name them without depending on the checks.

use ferrolab_course::VerdictKind;
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// The outcome of one exercise's checks.
///
/// "Not attempted" is kept apart from "incorrect" (as Kaggle Learn does): a stub
/// that still says `todo!()` deserves "start here", not "wrong".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Verdict {
    /// Every check held.
    Passed {
        /// What was checked, e.g. "5 inputs" or "accuracy 0.96 (target ≥ 0.93)".
        summary: String,
    },
    /// An answer was wrong. The message names the input, what was expected and what
    /// came back, and, when the mistake is a known one, the concept behind it.
    Incorrect {
        /// "for input X expected Y, got Z: looks like ...".
        message: String,
    },
    /// The stub's `todo!()` is still there.
    NotAttempted,
    /// The learner's code panicked.
    Panicked {
        /// The panic message.
        message: String,
        /// `file:line` of the panic, when known.
        location: Option<String>,
        /// The input being computed when it panicked.
        input: Option<String>,
    },
    /// The learner's code did not finish in time (an endless loop, usually).
    TimedOut {
        /// How long it was given.
        #[serde(serialize_with = "seconds")]
        limit: Duration,
        /// The input being computed when time ran out.
        input: Option<String>,
    },
    /// The check could not run at all (a data set is not installed, say): not the
    /// learner's fault, and not a pass either.
    CannotGrade {
        /// What is missing and how to get it.
        reason: String,
    },
}

fn seconds<S: serde::Serializer>(limit: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(limit.as_secs_f64())
}

impl Verdict {
    /// Whether the exercise is solved.
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed { .. })
    }

    /// The kind, whose stable name (`passed`, `incorrect`, ...) progress files and the
    /// CLI use.
    pub fn kind(&self) -> VerdictKind {
        match self {
            Verdict::Passed { .. } => VerdictKind::Passed,
            Verdict::Incorrect { .. } => VerdictKind::Incorrect,
            Verdict::NotAttempted => VerdictKind::NotAttempted,
            Verdict::Panicked { .. } => VerdictKind::Panicked,
            Verdict::TimedOut { .. } => VerdictKind::TimedOut,
            Verdict::CannotGrade { .. } => VerdictKind::CannotGrade,
        }
    }

    /// The card's title line.
    pub fn headline(&self) -> &'static str {
        match self {
            Verdict::Passed { .. } => "Correct",
            Verdict::Incorrect { .. } => "Not quite",
            Verdict::NotAttempted => "Not attempted yet",
            Verdict::Panicked { .. } => "Your code panicked",
            Verdict::TimedOut { .. } => "Timed out",
            Verdict::CannotGrade { .. } => "Could not grade",
        }
    }

    /// The card's body: what happened and what to do next.
    pub fn explanation(&self) -> String {
        match self {
            Verdict::Passed { summary } => format!("All checks passed ({summary})."),
            Verdict::Incorrect { message } => message.clone(),
            Verdict::NotAttempted => "The function still contains `todo!()`: replace it with your answer.".to_string(),
            Verdict::Panicked { message, location, input } => {
                let mut text = format!("It panicked with \"{message}\"");
                if let Some(input) = input {
                    text.push_str(&format!(" for input {input}"));
                }
                if let Some(location) = location {
                    text.push_str(&format!(" at {location}"));
                }
                text.push('.');
                text
            }
            Verdict::TimedOut { limit, input } => format!(
                "No answer after {:.0} s{}: look for a loop that never ends. The runaway computation \
                 keeps one CPU core busy until the kernel (or `cargo test`) restarts.",
                limit.as_secs_f64(),
                input.as_ref().map(|i| format!(" for input {i}")).unwrap_or_default()
            ),
            Verdict::CannotGrade { reason } => reason.clone(),
        }
    }
}

/// One exercise's verdict, with the exercise it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The exercise id, e.g. `math/dot-product`.
    pub exercise: &'static str,
    /// What the checks concluded.
    pub verdict: Verdict,
}

impl Report {
    /// A report for `exercise`.
    pub fn new(exercise: &'static str, verdict: Verdict) -> Report {
        Report { exercise, verdict }
    }

    /// Whether the exercise is solved.
    pub fn passed(&self) -> bool {
        self.verdict.passed()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}. {}",
            self.exercise,
            self.verdict.headline(),
            self.verdict.explanation()
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_texts() {
        let report = Report::new(
            "math/x",
            Verdict::Incorrect {
                message: "for input [1] expected 1, got 2".into(),
            },
        );
        assert_eq!(report.verdict.kind(), "incorrect");
        assert_eq!(
            report.to_string(),
            "math/x: Not quite. for input [1] expected 1, got 2"
        );
        let timed_out = Verdict::TimedOut {
            limit: Duration::from_secs(5),
            input: None,
        };
        assert!(timed_out
            .explanation()
            .contains("keeps one CPU core busy until the kernel"));
        assert!(Verdict::NotAttempted.explanation().contains("todo!()"));
    }

    /// The card's JSON tag and the kind the CLI and progress file read are one name.
    #[test]
    fn the_serde_tag_is_the_kind_name() {
        let verdicts = [
            Verdict::Passed {
                summary: String::new(),
            },
            Verdict::Incorrect {
                message: String::new(),
            },
            Verdict::NotAttempted,
            Verdict::Panicked {
                message: String::new(),
                location: None,
                input: None,
            },
            Verdict::TimedOut {
                limit: Duration::from_secs(1),
                input: None,
            },
            Verdict::CannotGrade {
                reason: String::new(),
            },
        ];
        for verdict in verdicts {
            let json = serde_json::to_value(&verdict).unwrap();
            assert_eq!(json["kind"], verdict.kind().as_str());
            assert_eq!(verdict.passed(), verdict.kind().passed());
        }
    }

    #[test]
    fn verdicts_serialise_with_their_kind() {
        let verdict = Verdict::TimedOut {
            limit: Duration::from_millis(1500),
            input: None,
        };
        let json = serde_json::to_string(&Report::new("math/x", verdict)).unwrap();
        assert_eq!(
            json,
            r#"{"exercise":"math/x","verdict":{"kind":"timed-out","limit":1.5,"input":null}}"#
        );
    }
}
