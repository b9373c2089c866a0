//! A chart that grows while a training loop runs: push points, and the notebook redraws
//! it in place at most every quarter second (the terminal saves the final chart).
//!
//! ```
//! use ferrolab::prelude::*;
//! # // Out of the notebook the final chart is saved; keep it out of the source tree.
//! # std::env::set_var(ferrolab::course::env::FERROLAB_PLOTS_DIR, std::env::temp_dir());
//! let mut curve = plot::LiveChart::new("Training loss").x_label("step").y_label("loss");
//! for step in 0..100 {
//!     let loss = 1.0 / (1.0 + step as f64);
//!     curve.push("train", step as f64, loss);
//! }
//! let chart: Chart = curve.finish();
//! ```

use super::chart::{line_xy, Chart};
use crate::display::live::{live_frontend, Live};
use crate::display::{Frontend, Rich};
use std::time::Duration;

/// How often the chart redraws at most: drawing an SVG takes about a millisecond per
/// thousand points, so this keeps a long loop's cost small.
const REDRAW_EVERY: Duration = Duration::from_millis(250);

/// Named series of (x, y) points, drawn as lines and redrawn in place.
#[derive(Debug)]
pub struct LiveChart {
    title: String,
    x_label: String,
    y_label: String,
    series: Vec<(String, Vec<f64>, Vec<f64>)>,
    live: Live,
    finished: bool,
}

impl LiveChart {
    /// An empty chart with a title.
    pub fn new(title: impl Into<String>) -> LiveChart {
        crate::interrupt::install();
        LiveChart {
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            series: Vec::new(),
            live: Live::new(REDRAW_EVERY),
            finished: false,
        }
    }

    /// Name the x axis.
    pub fn x_label(mut self, label: impl Into<String>) -> LiveChart {
        self.x_label = label.into();
        self
    }

    /// Name the y axis.
    pub fn y_label(mut self, label: impl Into<String>) -> LiveChart {
        self.y_label = label.into();
        self
    }

    /// Add the point (x, y) to the series `name` (created on first use); redraws if due.
    /// After ■ it ends the cell (see [`crate::interrupt`]).
    pub fn push(&mut self, name: &str, x: f64, y: f64) {
        crate::interrupt::check();
        let index = match self.series.iter().position(|(n, _, _)| n == name) {
            Some(index) => index,
            None => {
                self.series.push((name.to_string(), Vec::new(), Vec::new()));
                self.series.len() - 1
            }
        };
        self.series[index].1.push(x);
        self.series[index].2.push(y);
        // The clock first: reading the environment on every point would cost more.
        if self.live.due() && live_frontend() == Frontend::Jupyter {
            let rich = self.chart().rich();
            self.live.draw(|| rich);
        }
    }

    /// The chart as it stands.
    pub fn chart(&self) -> Chart {
        let mut series = self.series.iter();
        let mut chart = match series.next() {
            Some((name, xs, ys)) => line_xy(xs, ys).name(name.clone()),
            None => line_xy(Vec::<f64>::new(), Vec::<f64>::new()),
        };
        for (name, xs, ys) in series {
            chart = chart.add_line_xy(name.clone(), xs, ys);
        }
        chart
            .title(self.title.clone())
            .x_label(self.x_label.clone())
            .y_label(self.y_label.clone())
    }

    /// Draw the final chart in place (in the terminal: save it and print where) and
    /// return it, e.g. to keep or to save.
    pub fn finish(mut self) -> Chart {
        self.draw_final();
        self.chart()
    }

    fn draw_final(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        let rich: Rich = self.chart().rich();
        match live_frontend() {
            Frontend::Jupyter => self.live.finish(&rich),
            Frontend::Terminal => rich.show(),
        }
    }
}

impl Drop for LiveChart {
    fn drop(&mut self) {
        self.draw_final();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_go_to_their_named_series() {
        let mut curve = LiveChart::new("loss").x_label("step");
        curve.push("train", 0.0, 1.0);
        curve.push("valid", 0.0, 1.2);
        curve.push("train", 1.0, 0.5);
        assert_eq!(curve.series.len(), 2);
        assert_eq!(curve.series[0].2, vec![1.0, 0.5]);
        let summary = curve.chart().summary();
        assert!(
            summary.contains("train") && summary.contains("valid"),
            "{summary}"
        );
        curve.finished = true;
    }
}
