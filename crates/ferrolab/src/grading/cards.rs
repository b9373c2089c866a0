//! Rendering what the doors show: verdict cards, hints, solutions and problems, as HTML
//! for Jupyter and as text (ANSI colours when wanted) for the REPL and the terminal.
//!
//! The words come from `ferrolab-grade` (a verdict's headline and explanation) and
//! `ferrolab_course::render` (hints, solutions, what to do next), shared with the CLI;
//! this file only decides how they look, next to ferrolab's other display code.

use crate::display::{escape_html, Frontend, Rich};
use ferrolab_course::render::{self, Hints, Solution};
use ferrolab_course::{env, Door, Exercise};
use ferrolab_grade::{Report, Verdict};
use std::io::IsTerminal as _;

/// What a card needs besides the report (gathered while recording it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CardContext {
    /// The exercise's title, when the compiled-in course knows it.
    pub title: Option<String>,
    /// How many hint tiers the exercise has.
    pub hints: usize,
    /// How many the learner has seen.
    pub hints_revealed: usize,
    /// After a pass: the next unsolved exercise (id, title).
    pub next: Option<(String, String)>,
}

/// Whether terminal text is coloured: [`env::FERROLAB_COLOR`], else a terminal without `NO_COLOR`.
pub(super) fn use_color() -> bool {
    match std::env::var(env::FERROLAB_COLOR).as_deref() {
        Ok("always") => true,
        Ok("never") => false,
        _ => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    }
}

/// A panic location as the learner knows it: evcxr compiles cells into a generated
/// `src/lib.rs` whose line numbers mean nothing to them.
fn readable_location(location: &str) -> String {
    if location.starts_with("src/lib.rs") || location.contains("evcxr") {
        "your notebook code".to_string()
    } else {
        location.to_string()
    }
}

fn readable(verdict: &Verdict) -> Verdict {
    match verdict {
        Verdict::Panicked {
            message,
            location,
            input,
        } => Verdict::Panicked {
            message: message.clone(),
            location: location.as_deref().map(readable_location),
            input: input.clone(),
        },
        other => other.clone(),
    }
}

/// (symbol, colour as an ANSI code, colour as CSS) per verdict.
fn style(verdict: &Verdict) -> (&'static str, &'static str, &'static str) {
    match verdict {
        Verdict::Passed { .. } => ("✓", "32", "#2e7d32"),
        Verdict::Incorrect { .. } => ("✗", "31", "#c62828"),
        Verdict::NotAttempted => ("…", "34", "#1565c0"),
        Verdict::Panicked { .. } => ("!", "31", "#c62828"),
        Verdict::TimedOut { .. } => ("⏱", "35", "#6a1b9a"),
        Verdict::CannotGrade { .. } => ("?", "33", "#9e6a00"),
    }
}

/// The line that says what to do next: the next exercise after a pass, the next hint
/// (or the solution) otherwise, nothing when grading itself failed.
fn advice(report: &Report, context: &CardContext, door: Door) -> Option<String> {
    if report.passed() {
        return context
            .next
            .as_ref()
            .map(|(next, title)| format!("Next: `{next}`, {title}."));
    }
    if matches!(report.verdict, Verdict::CannotGrade { .. }) {
        return None;
    }
    Some(render::stuck_advice(
        report.exercise,
        context.hints_revealed,
        context.hints,
        door,
    ))
}

/// The card as text, for terminals (ANSI colours when `color`).
pub(super) fn card_text(report: &Report, context: &CardContext, door: Door, color: bool) -> String {
    let verdict = readable(&report.verdict);
    let (symbol, ansi, _) = style(&verdict);
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let title = context
        .title
        .as_deref()
        .map(|t| format!(" · {t}"))
        .unwrap_or_default();
    let mut text = format!(
        "{} {}{}",
        paint(
            &format!("1;{ansi}"),
            &format!("{symbol} {}:", verdict.headline())
        ),
        paint("1", report.exercise),
        title
    );
    text.push_str(&format!("\n  {}", verdict.explanation()));
    if let Some(advice) = advice(report, context, door) {
        text.push_str(&format!("\n  {}", paint("2", &advice)));
    }
    text
}

/// The card for a notebook: HTML for Jupyter, plain text as the fallback and for the REPL.
pub(super) fn card(report: &Report, context: &CardContext, door: Door) -> Rich {
    let verdict = readable(&report.verdict);
    let (symbol, _, css) = style(&verdict);
    let title = context
        .title
        .as_deref()
        .map(|t| format!(" · {}", escape_html(t)))
        .unwrap_or_default();
    let advice = advice(report, context, door)
        .map(|a| {
            format!(
                "<div style=\"margin-top:4px;color:#555\">{}</div>",
                code_spans(&escape_html(&a))
            )
        })
        .unwrap_or_default();
    let html = format!(
        "<div style=\"border-left:4px solid {css};padding:6px 12px;margin:4px 0;font-family:system-ui,sans-serif\">\
         <div style=\"font-weight:600;color:{css}\">{symbol} {}: <span style=\"color:#333;font-weight:400\"><code>{}</code>{title}</span></div>\
         <div style=\"margin-top:4px\">{}</div>{advice}</div>",
        verdict.headline(),
        escape_html(report.exercise),
        code_spans(&escape_html(&verdict.explanation())),
    );
    let color = Frontend::current() == Frontend::Terminal && use_color();
    Rich {
        text: card_text(report, context, door, color),
        html: Some(html),
        ..Rich::default()
    }
}

/// `` `code` `` → `<code>code</code>` in already-escaped text.
fn code_spans(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{part}</code>"));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The first `tier` hints of `exercise`, as `hint!` shows them.
pub(super) fn hints(exercise: &Exercise, tier: usize) -> Rich {
    let hints = Hints::new(exercise, tier, Door::Notebook);
    let items: String = hints
        .shown
        .iter()
        .map(|hint| format!("<li>{}</li>", code_spans(&escape_html(hint))))
        .collect();
    let html = format!(
        "<div style=\"border-left:4px solid #f9a825;padding:6px 12px;margin:4px 0;font-family:system-ui,sans-serif\">\
         <div style=\"font-weight:600\">💡 Hints for <code>{}</code> {}</div><ol style=\"margin:4px 0\">{items}</ol>\
         <div style=\"color:#555\">{}</div></div>",
        escape_html(hints.id),
        hints.count(),
        code_spans(&escape_html(&hints.more)),
    );
    Rich {
        text: hints.text(),
        html: Some(html),
        ..Rich::default()
    }
}

/// The reference answer, as `solution!` shows it.
pub(super) fn solution(exercise: &Exercise, code: &str) -> Rich {
    let solution = Solution::new(exercise, code);
    let html = format!(
        "<div style=\"border-left:4px solid #546e7a;padding:6px 12px;margin:4px 0;font-family:system-ui,sans-serif\">\
         <div style=\"font-weight:600\">Reference solution for <code>{}</code> · {}</div>\
         <pre style=\"margin:6px 0\">{}</pre><div style=\"color:#555\">{}</div></div>",
        escape_html(&exercise.id),
        escape_html(&exercise.title),
        escape_html(solution.code),
        Solution::NOTE,
    );
    Rich {
        text: solution.text(),
        html: Some(html),
        ..Rich::default()
    }
}

/// Something went wrong before anything could be shown (an unknown id, a missing solution).
pub(super) fn problem(message: &str) -> Rich {
    let html = format!(
        "<div style=\"border-left:4px solid #9e6a00;padding:6px 12px;font-family:system-ui,sans-serif\">{}</div>",
        code_spans(&escape_html(message))
    );
    Rich {
        text: message.to_string(),
        html: Some(html),
        ..Rich::default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn context() -> CardContext {
        CardContext {
            title: Some("Dot product".into()),
            hints: 3,
            hints_revealed: 1,
            next: None,
        }
    }

    #[test]
    fn a_failed_card_names_the_mistake_and_the_next_hint() {
        let report = Report::new(
            "math/dot-product",
            Verdict::Incorrect {
                message: "for input a = [1] expected 1, got 2".into(),
            },
        );
        let text = card_text(&report, &context(), Door::Notebook, false);
        assert!(
            text.starts_with("✗ Not quite: math/dot-product · Dot product"),
            "{text}"
        );
        assert!(
            text.contains("for input a = [1] expected 1, got 2"),
            "{text}"
        );
        assert!(
            text.contains("`hint!(math::dot_product)` reveals hint 2 of 3"),
            "{text}"
        );
        let terminal = card_text(&report, &context(), Door::Terminal, false);
        assert!(
            terminal.contains("`ferrolab hint math/dot-product` reveals hint 2 of 3"),
            "{terminal}"
        );
    }

    #[test]
    fn colour_is_ansi_and_html_is_escaped() {
        let report = Report::new(
            "math/x",
            Verdict::Incorrect {
                message: "expected <b>`a`</b>".into(),
            },
        );
        assert!(card_text(&report, &context(), Door::Terminal, true).contains("\x1b[1;31m"));
        let html = card(&report, &context(), Door::Notebook).html.unwrap();
        assert!(
            html.contains("expected &lt;b&gt;<code>a</code>&lt;/b&gt;"),
            "{html}"
        );
    }

    #[test]
    fn notebook_panics_point_at_the_notebook_not_generated_code() {
        let verdict = Verdict::Panicked {
            message: "boom".into(),
            location: Some("src/lib.rs:412".into()),
            input: None,
        };
        let text = card_text(
            &Report::new("math/x", verdict),
            &context(),
            Door::Notebook,
            false,
        );
        assert!(text.contains("at your notebook code"), "{text}");
        let timed_out = Verdict::TimedOut {
            limit: Duration::from_secs(10),
            input: None,
        };
        let text = card_text(
            &Report::new("math/x", timed_out),
            &context(),
            Door::Notebook,
            false,
        );
        assert!(text.contains("keeps one CPU core busy"), "{text}");
    }

    #[test]
    fn every_hint_seen_points_to_the_solution() {
        let report = Report::new("math/dot-product", Verdict::NotAttempted);
        let all_seen = CardContext {
            hints_revealed: 3,
            ..context()
        };
        let text = card_text(&report, &all_seen, Door::Notebook, false);
        assert!(
            text.contains("`solution!(math::dot_product)` shows the reference answer"),
            "{text}"
        );
    }

    #[test]
    fn hints_and_solutions_keep_their_notebook_words() {
        let course = ferrolab_course::Course::parse(
            "[[stage]]\nname = \"math\"\ntitle = \"M\"\n[[exercise]]\nid = \"math/dot-product\"\ntitle = \"Dot\"\n\
             file = \"math/dot_product.rs\"\nitem = \"dot_product\"\nhints = [\"use `zip`\", \"sum\"]\n",
            "t",
        )
        .unwrap();
        let exercise = &course.exercises[0];
        let shown = hints(exercise, 1);
        assert_eq!(
            shown.text,
            "Hints for math/dot-product (1 of 2):\n  1. use `zip`\n  Run `hint!(math::dot_product)` again for hint 2 of 2."
        );
        let html = shown.html.unwrap();
        assert!(
            html.contains("💡 Hints for <code>math/dot-product</code> (1 of 2)"),
            "{html}"
        );
        assert!(html.contains("<li>use <code>zip</code></li>"), "{html}");
        let shown = solution(exercise, "a <b>\n");
        assert!(shown
            .text
            .starts_with("Reference solution for math/dot-product (Dot):\n\na <b>\n\n"));
        assert!(shown
            .html
            .unwrap()
            .contains("<pre style=\"margin:6px 0\">a &lt;b&gt;</pre>"));
    }
}
