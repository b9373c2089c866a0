//! A progress bar for loops, like Python's tqdm: items done, rate, time left and the
//! metrics you report (loss, accuracy), redrawn in place while the cell runs.
//!
//! ```
//! use ferrolab::prelude::*;
//! let mut total = 0.0;
//! for x in (0..1000).progress("summing") {
//!     total += x as f64;
//! }
//! ```
//!
//! In a notebook the bar is one output updated at most ten times a second (a
//! 100,000-step loop sends about as many messages as it runs tenths of a second); in
//! the terminal it is a `\r` line on stderr. Checking whether a redraw is due costs one
//! clock read per step.

use super::live::{live_frontend, Live};
use super::{escape_html, Frontend, Rich};
use std::io::Write;
use std::time::{Duration, Instant};

/// How often a bar redraws at most.
const REDRAW_EVERY: Duration = Duration::from_millis(100);
/// Characters of the text bar.
const BAR_WIDTH: usize = 24;

/// Progress through `total` steps (or an unknown number), with metrics.
#[derive(Debug)]
pub struct Progress {
    label: String,
    total: Option<u64>,
    done: u64,
    started: Instant,
    metrics: Vec<(String, f64)>,
    live: Live,
    finished: bool,
}

impl Progress {
    /// A bar for `total` steps; `label` says what is counted ("epoch", "batch").
    pub fn new(label: impl Into<String>, total: u64) -> Progress {
        Progress::with_total(label.into(), Some(total))
    }

    /// A bar for a loop of unknown length: it counts and shows the rate.
    pub fn unbounded(label: impl Into<String>) -> Progress {
        Progress::with_total(label.into(), None)
    }

    fn with_total(label: String, total: Option<u64>) -> Progress {
        // A restarted session has not run the kernel's start-up code: catch ■ from here.
        crate::interrupt::install();
        Progress {
            label,
            total,
            done: 0,
            started: Instant::now(),
            metrics: Vec::new(),
            live: Live::new(REDRAW_EVERY),
            finished: false,
        }
    }

    /// `steps` more are done; redraws if it is time. After ■ it ends the cell (see
    /// [`crate::interrupt`]), keeping the notebook's variables.
    pub fn inc(&mut self, steps: u64) {
        crate::interrupt::check();
        self.done += steps;
        if self.live.due() {
            self.redraw();
        }
    }

    /// Report a metric (shown beside the bar until it is set again): `set("loss", 0.31)`.
    pub fn set(&mut self, name: &str, value: f64) {
        match self.metrics.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.metrics.push((name.to_string(), value)),
        }
    }

    /// The final state, drawn whether or not a redraw was due. Dropping the bar does it too.
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        let rich = self.rich();
        match live_frontend() {
            Frontend::Jupyter => self.live.finish(&rich),
            Frontend::Terminal => {
                let mut err = std::io::stderr().lock();
                let _ = writeln!(err, "\r{}", rich.text);
            }
        }
    }

    /// Steps done so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    fn redraw(&mut self) {
        let rich = self.rich();
        match live_frontend() {
            Frontend::Jupyter => {
                self.live.draw(|| rich);
            }
            Frontend::Terminal => {
                self.live.touch();
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r{}", rich.text);
                let _ = err.flush();
            }
        }
    }

    /// The bar as text and HTML.
    pub fn rich(&self) -> Rich {
        let elapsed = self.started.elapsed().as_secs_f64();
        let rate = if elapsed > 0.0 {
            self.done as f64 / elapsed
        } else {
            0.0
        };
        let share = self.total.map(|t| {
            if t == 0 {
                1.0
            } else {
                (self.done as f64 / t as f64).min(1.0)
            }
        });
        let eta = match (self.total, rate > 0.0) {
            (Some(t), true) => Some(t.saturating_sub(self.done) as f64 / rate),
            _ => None,
        };
        let count = match self.total {
            Some(t) => format!("{}/{t}", self.done),
            None => self.done.to_string(),
        };
        let mut timing = format!("{} elapsed, {}/s", clock(elapsed), rate_text(rate));
        if let Some(eta) = eta.filter(|_| !self.finished) {
            timing.push_str(&format!(", {} left", clock(eta)));
        }
        let metrics: Vec<String> = self
            .metrics
            .iter()
            .map(|(name, value)| format!("{name} {}", metric_text(*value)))
            .collect();
        let metrics = metrics.join(" · ");
        let percent = share
            .map(|s| format!("{:>3.0}%", s * 100.0))
            .unwrap_or_default();
        let filled = share.map_or(0, |s| (s * BAR_WIDTH as f64).round() as usize);
        let bar = match share {
            Some(_) => format!("|{}{}|", "█".repeat(filled), " ".repeat(BAR_WIDTH - filled)),
            None => String::new(),
        };
        let mut text = format!("{} {percent} {bar} {count} [{timing}]", self.label);
        if !metrics.is_empty() {
            text.push_str(&format!(" {metrics}"));
        }
        let width = share.map_or(100.0, |s| s * 100.0);
        let html = format!(
            "<div style=\"font-family: monospace; display: flex; gap: 0.6em; align-items: center\">\
             <span>{label}</span>\
             <div style=\"width: 16em; height: 0.9em; background: #e5e7eb; border-radius: 3px\">\
             <div style=\"width: {width:.1}%; height: 100%; background: {colour}; \
             border-radius: 3px\"></div></div>\
             <span>{percent} {count} [{timing}]</span><span>{metrics}</span></div>",
            label = escape_html(&self.label),
            colour = if self.finished { "#16a34a" } else { "#2563eb" },
            metrics = escape_html(&metrics),
        );
        Rich {
            text,
            html: Some(html),
            name: self.label.clone(),
            ..Rich::default()
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `m:ss`, or `h:mm:ss` past an hour.
fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// A rate in steps per second, short.
fn rate_text(rate: f64) -> String {
    if rate >= 1000.0 {
        format!("{:.1}k", rate / 1000.0)
    } else if rate >= 10.0 {
        format!("{rate:.0}")
    } else {
        format!("{rate:.2}")
    }
}

/// A metric value with four significant digits.
fn metric_text(value: f64) -> String {
    if value == 0.0 || (1e-3..1e5).contains(&value.abs()) {
        format!("{:.4}", value)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        format!("{value:.3e}")
    }
}

/// An iterator that moves a [`Progress`] bar as it is consumed.
#[derive(Debug)]
pub struct ProgressIter<I> {
    inner: I,
    bar: Progress,
}

impl<I: Iterator> Iterator for ProgressIter<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let item = self.inner.next();
        match item {
            Some(_) => self.bar.inc(1),
            None => self.bar.finish(),
        }
        item
    }
}

/// `.progress("label")` on any iterator: `for batch in batches.progress("batch") { … }`.
pub trait ProgressExt: Iterator + Sized {
    /// Wrap the iterator in a progress bar (its length from `size_hint`, when known).
    fn progress(self, label: &str) -> ProgressIter<Self> {
        let total = match self.size_hint() {
            (low, Some(high)) if low == high => Some(high as u64),
            _ => None,
        };
        ProgressIter {
            inner: self,
            bar: Progress::with_total(label.to_string(), total),
        }
    }
}

impl<I: Iterator> ProgressExt for I {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_shows_share_count_and_metrics() {
        let mut bar = Progress::new("epoch", 10);
        bar.done = 4;
        bar.set("loss", 0.31234);
        bar.set("loss", 0.25);
        let text = bar.rich().text;
        assert!(text.starts_with("epoch  40% |"), "{text}");
        assert!(text.contains("4/10"), "{text}");
        assert!(text.contains("loss 0.25"), "{text}");
        assert_eq!(text.matches("loss").count(), 1, "{text}");
        bar.finished = true;
    }

    #[test]
    fn an_iterator_counts_its_items_and_knows_its_length() {
        let mut iter = (0..5).progress("x");
        assert_eq!(iter.bar.total, Some(5));
        assert_eq!(iter.by_ref().count(), 5);
        assert_eq!(iter.bar.done(), 5);
        assert!(iter.bar.finished);
    }

    #[test]
    fn clocks_and_metrics_read_well() {
        assert_eq!(clock(75.4), "1:15");
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(metric_text(0.5), "0.5");
        assert_eq!(metric_text(1.5e-6), "1.500e-6");
        assert_eq!(rate_text(12345.0), "12.3k");
    }
}
