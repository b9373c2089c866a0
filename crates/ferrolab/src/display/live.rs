//! Output that appears while a cell runs: `show` a value now, or keep one output and
//! redraw it in place (a progress bar, a loss curve).
//!
//! evcxr alone sends a cell's rich output when the cell ends, one block per MIME type.
//! ferrolab's kernel (kernel/evcxr/ferrolab.patch) also reads a stdout line
//! `EVCXR_FERROLAB_DISPLAY {json}` and sends it to the notebook at once as `display_data`, or
//! as `update_display_data` of an earlier output with the same `display_id`. In the
//! terminal the same calls print text and save pictures, so lesson code runs unchanged.

use super::{Frontend, Rich};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The prefix of a display line; the kernel reads one line of JSON after it.
pub const DISPLAY_MARKER: &str = "EVCXR_FERROLAB_DISPLAY ";

/// Whether this process runs notebook or REPL cells: evcxr marks the process that runs
/// them with `EVCXR_IS_RUNTIME`.
pub fn in_kernel() -> bool {
    std::env::var_os("EVCXR_IS_RUNTIME").is_some()
}

/// Where live output goes: the notebook only inside ferrolab's kernel; a `cargo run` or
/// `cargo test` program, and the terminal REPL, get the terminal form.
pub fn live_frontend() -> Frontend {
    if in_kernel() {
        Frontend::current()
    } else {
        Frontend::Terminal
    }
}

/// Show a value now, below the cell, before the cell ends: several `show`s in a cell
/// give several outputs, in order. Charts, tables, arrays and tensors get their rich
/// form; anything else its `Debug` text.
///
/// ```
/// # use ferrolab::prelude::*;
/// # use ferrolab::display::show;
/// show(&array![1.0, 2.0, 3.0]);
/// ```
pub fn show<T: std::fmt::Debug + std::any::Any>(value: &T) {
    super::rich_form(value)
        .unwrap_or_else(|| Rich::text(format!("{value:?}")))
        .show();
}

impl Rich {
    /// Show this value now as its own output (see [`show`]).
    pub fn show(&self) {
        self.send(None, false);
    }

    /// Write one display line (Jupyter) or the terminal form.
    fn send(&self, display_id: Option<&str>, update: bool) {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let _ = match live_frontend() {
            Frontend::Jupyter => writeln!(out, "{}", self.display_line(display_id, update)),
            Frontend::Terminal => self.write_terminal(&mut out),
        };
        let _ = out.flush();
    }

    /// The display line for this value: one line of JSON, whatever its text.
    pub fn display_line(&self, display_id: Option<&str>, update: bool) -> String {
        let mut data = serde_json::Map::new();
        data.insert("text/plain".into(), self.text.clone().into());
        if let Some(html) = &self.html {
            data.insert("text/html".into(), html.clone().into());
        }
        if let Some(svg) = &self.svg {
            data.insert("image/svg+xml".into(), svg.clone().into());
        }
        if let Some(png) = &self.png {
            use base64::Engine as _;
            let encoded = base64::engine::general_purpose::STANDARD.encode(png);
            data.insert("image/png".into(), encoded.into());
        }
        let message = serde_json::json!({
            "data": data,
            "metadata": {},
            "display_id": display_id,
            "update": update,
        });
        format!("{DISPLAY_MARKER}{message}")
    }
}

/// One output kept and redrawn in place, at most once per `every` (the last call of a
/// burst is not lost: [`Live::finish`] always draws).
#[derive(Debug)]
pub struct Live {
    id: String,
    shown: bool,
    last: Option<Instant>,
    every: Duration,
}

impl Live {
    /// A new output that redraws at most every `every`.
    pub fn new(every: Duration) -> Live {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = format!(
            "ferrolab-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Live {
            id,
            shown: false,
            last: None,
            every,
        }
    }

    /// Whether a redraw now would be on time (cheap: call it on every step).
    pub fn due(&self) -> bool {
        self.last.is_none_or(|t| t.elapsed() >= self.every)
    }

    /// Draw `rich` if a redraw is due; returns whether it drew.
    pub fn draw(&mut self, rich: impl FnOnce() -> Rich) -> bool {
        if !self.due() {
            return false;
        }
        self.force(&rich());
        true
    }

    /// Draw now, due or not (the final state).
    pub fn finish(&mut self, rich: &Rich) {
        self.force(rich);
    }

    /// Count a redraw the caller made itself (the terminal's `\r` line).
    pub fn touch(&mut self) {
        self.last = Some(Instant::now());
    }

    fn force(&mut self, rich: &Rich) {
        self.last = Some(Instant::now());
        if live_frontend() == Frontend::Terminal {
            // Terminal: the caller prints its own form (a `\r` line, a saved file).
            return;
        }
        rich.send(Some(&self.id), self.shown);
        self.shown = true;
    }

    /// The display id Jupyter knows this output by.
    pub fn id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_line_is_one_line_of_json_with_every_form() {
        let rich = Rich {
            text: "two\nlines".into(),
            html: Some("<b>\"x\"</b>".into()),
            ..Rich::default()
        };
        let line = rich.display_line(Some("p1"), true);
        assert!(!line.contains('\n'));
        let json: serde_json::Value =
            serde_json::from_str(line.strip_prefix(DISPLAY_MARKER).unwrap_or(""))
                .unwrap_or_default();
        assert_eq!(json["data"]["text/plain"], "two\nlines");
        assert_eq!(json["data"]["text/html"], "<b>\"x\"</b>");
        assert_eq!(json["display_id"], "p1");
        assert_eq!(json["update"], true);
    }

    #[test]
    fn live_outputs_have_their_own_ids_and_throttle() {
        let (a, b) = (
            Live::new(Duration::from_secs(60)),
            Live::new(Duration::ZERO),
        );
        assert_ne!(a.id(), b.id());
        let mut a = a;
        a.last = Some(Instant::now());
        assert!(!a.due(), "drawn a moment ago");
        assert!(b.due());
    }
}
