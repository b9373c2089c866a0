//! What a chart shows: its series and labels. Drawing lives in `render.rs`.

use super::render::{self, PlotError};
use crate::display::Rich;
use ndarray::{ArrayBase, Data, Ix1, Ix2};

/// Numbers a chart can plot: slices, vectors and 1-D arrays of any numeric type.
pub trait Values {
    /// The numbers as `f64`.
    fn to_f64(&self) -> Vec<f64>;
}

/// A number that converts to `f64` for plotting.
pub trait PlotNumber: Copy {
    /// The value as `f64` (large integers lose precision, which a chart cannot show anyway).
    fn as_f64(self) -> f64;
}

macro_rules! plot_number {
    ($($t:ty),*) => {$(
        impl PlotNumber for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(self) -> f64 { self as f64 }
        }
    )*};
}
plot_number!(f64, f32, i64, i32, i16, i8, u64, u32, u16, u8, usize, isize);

impl<T: PlotNumber> Values for [T] {
    fn to_f64(&self) -> Vec<f64> {
        self.iter().map(|v| v.as_f64()).collect()
    }
}
impl<T: PlotNumber> Values for Vec<T> {
    fn to_f64(&self) -> Vec<f64> {
        self.as_slice().to_f64()
    }
}
impl<T: PlotNumber, const N: usize> Values for [T; N] {
    fn to_f64(&self) -> Vec<f64> {
        self.as_slice().to_f64()
    }
}
impl<S: Data> Values for ArrayBase<S, Ix1>
where
    S::Elem: PlotNumber,
{
    fn to_f64(&self) -> Vec<f64> {
        self.iter().map(|v| v.as_f64()).collect()
    }
}
impl<V: Values + ?Sized> Values for &V {
    fn to_f64(&self) -> Vec<f64> {
        (**self).to_f64()
    }
}

/// A table of numbers for heatmaps: 2-D arrays or vectors of rows.
pub trait Matrix {
    /// The rows, each as `f64`.
    fn rows_f64(&self) -> Vec<Vec<f64>>;
}
impl<S: Data> Matrix for ArrayBase<S, Ix2>
where
    S::Elem: PlotNumber,
{
    fn rows_f64(&self) -> Vec<Vec<f64>> {
        self.rows()
            .into_iter()
            .map(|r| r.iter().map(|v| v.as_f64()).collect())
            .collect()
    }
}
impl<T: PlotNumber> Matrix for Vec<Vec<T>> {
    fn rows_f64(&self) -> Vec<Vec<f64>> {
        self.iter().map(|r| r.to_f64()).collect()
    }
}
impl<M: Matrix + ?Sized> Matrix for &M {
    fn rows_f64(&self) -> Vec<Vec<f64>> {
        (**self).rows_f64()
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A line through the points.
    Line,
    /// A dot at each point.
    Points,
    /// Both.
    LineAndPoints,
}

/// One named set of points.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub(crate) name: String,
    pub(crate) xs: Vec<f64>,
    pub(crate) ys: Vec<f64>,
    pub(crate) marker: Marker,
}

/// What kind of picture a chart is.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Xy(Vec<Series>),
    Bars {
        labels: Vec<String>,
        values: Vec<f64>,
    },
    Histogram {
        values: Vec<f64>,
        bins: usize,
    },
    Heatmap {
        cells: Vec<Vec<f64>>,
        row_labels: Vec<String>,
        col_labels: Vec<String>,
        annotate: bool,
    },
}

/// A chart: build it with [`line`], [`scatter`], [`hist`], [`bar`], [`heatmap`],
/// [`confusion_matrix`] or [`loss_curves`], then adjust it with the methods below.
#[derive(Debug, Clone)]
pub struct Chart {
    pub(crate) title: String,
    pub(crate) x_label: String,
    pub(crate) y_label: String,
    pub(crate) size: (u32, u32),
    pub(crate) kind: Kind,
    pub(crate) x_range: Option<(f64, f64)>,
    pub(crate) y_range: Option<(f64, f64)>,
    /// A mistake found while building (e.g. labels that do not match the points), reported when drawing.
    pub(crate) problem: Option<String>,
}

impl Chart {
    fn new(kind: Kind) -> Chart {
        Chart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            size: (640, 400),
            kind,
            x_range: None,
            y_range: None,
            problem: None,
        }
    }

    /// The title above the chart.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The label under the x axis.
    pub fn x_label(mut self, label: impl Into<String>) -> Self {
        self.x_label = label.into();
        self
    }

    /// The label beside the y axis.
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.y_label = label.into();
        self
    }

    /// Size in pixels (default 640 × 400).
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.size = (width.max(100), height.max(80));
        self
    }

    /// Fix the x axis range instead of fitting it to the data.
    pub fn x_range(mut self, min: f64, max: f64) -> Self {
        self.x_range = Some((min, max));
        self
    }

    /// Fix the y axis range instead of fitting it to the data.
    pub fn y_range(mut self, min: f64, max: f64) -> Self {
        self.y_range = Some((min, max));
        self
    }

    /// Name the first series (shown in the legend).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        if let Kind::Xy(series) = &mut self.kind {
            if let Some(first) = series.first_mut() {
                first.name = name.into();
            }
        }
        self
    }

    fn push(mut self, series: Series) -> Self {
        match &mut self.kind {
            Kind::Xy(all) => all.push(series),
            _ => {
                self.problem =
                    Some("lines and points can only be added to a line or scatter chart".into())
            }
        }
        self
    }

    /// Add a line over 0, 1, 2, … (e.g. a second loss curve).
    pub fn add_line(self, name: impl Into<String>, ys: impl Values) -> Self {
        let ys = ys.to_f64();
        let xs = (0..ys.len()).map(|i| i as f64).collect();
        self.push(Series {
            name: name.into(),
            xs,
            ys,
            marker: Marker::Line,
        })
    }

    /// Add a line through the points (xs[i], ys[i]).
    pub fn add_line_xy(self, name: impl Into<String>, xs: impl Values, ys: impl Values) -> Self {
        self.push(Series {
            name: name.into(),
            xs: xs.to_f64(),
            ys: ys.to_f64(),
            marker: Marker::Line,
        })
    }

    /// Add dots at the points (xs[i], ys[i]).
    pub fn add_scatter(self, name: impl Into<String>, xs: impl Values, ys: impl Values) -> Self {
        self.push(Series {
            name: name.into(),
            xs: xs.to_f64(),
            ys: ys.to_f64(),
            marker: Marker::Points,
        })
    }

    /// Draw every series with this marker.
    pub fn marker(mut self, marker: Marker) -> Self {
        if let Kind::Xy(series) = &mut self.kind {
            for s in series {
                s.marker = marker;
            }
        }
        self
    }

    /// Colour the points of the first series by class: one legend entry per distinct label.
    ///
    /// `labels` must have one entry per point; a length mismatch is reported when drawing.
    pub fn groups<L: ToString>(mut self, labels: &[L]) -> Self {
        if let Kind::Xy(series) = &mut self.kind {
            if let Some(first) = series.first() {
                if first.xs.len() != labels.len() {
                    self.problem = Some(format!(
                        "groups() got {} labels for {} points: give one label per point",
                        labels.len(),
                        first.xs.len()
                    ));
                    return self;
                }
                let first = series.remove(0);
                let mut names: Vec<String> = Vec::new();
                let mut grouped: Vec<Series> = Vec::new();
                for (i, label) in labels.iter().enumerate() {
                    let label = label.to_string();
                    let index = match names.iter().position(|n| *n == label) {
                        Some(index) => index,
                        None => {
                            names.push(label.clone());
                            grouped.push(Series {
                                name: label,
                                xs: vec![],
                                ys: vec![],
                                marker: first.marker,
                            });
                            names.len() - 1
                        }
                    };
                    grouped[index].xs.push(first.xs[i]);
                    grouped[index].ys.push(first.ys[i]);
                }
                grouped.sort_by(|a, b| natural_order(&a.name, &b.name));
                series.splice(0..0, grouped);
            }
        }
        self
    }

    /// Write cell values on a heatmap (on by default for confusion matrices).
    pub fn annotate(mut self, on: bool) -> Self {
        if let Kind::Heatmap { annotate, .. } = &mut self.kind {
            *annotate = on;
        }
        self
    }

    /// Labels for a heatmap's rows (top to bottom) and columns (left to right), or a bar chart's bars.
    pub fn labels<R: ToString, C: ToString>(mut self, rows: &[R], columns: &[C]) -> Self {
        if let Kind::Heatmap {
            row_labels,
            col_labels,
            ..
        } = &mut self.kind
        {
            *row_labels = rows.iter().map(ToString::to_string).collect();
            *col_labels = columns.iter().map(ToString::to_string).collect();
        }
        self
    }

    /// The chart as an SVG document; errors say what is wrong with the data.
    pub fn to_svg(&self) -> Result<String, PlotError> {
        render::chart_svg(self)
    }

    /// The chart as a PNG (what JupyterLab shows in an untrusted notebook, where it hides
    /// SVG), or `None` on a machine without the chart font (`./ferrolab data fetch dejavu-fonts`).
    pub fn to_png(&self) -> Option<Result<Vec<u8>, PlotError>> {
        render::chart_png(self)
    }

    /// Write the SVG to `path`.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> Result<(), PlotError> {
        render::save(path.as_ref(), &self.to_svg()?)
    }

    /// Shown by evcxr when a chart is a cell's last expression.
    pub fn evcxr_display(&self) {
        self.rich().emit();
    }

    /// Show the chart now, while the cell runs: a cell can show several.
    pub fn show(&self) {
        self.rich().show();
    }

    /// The chart in every form the front ends use: SVG, PNG when a font is installed, and a
    /// one-line text summary.
    pub fn rich(&self) -> Rich {
        let name = if self.title.is_empty() {
            "chart".to_string()
        } else {
            self.title.clone()
        };
        match self.to_svg() {
            Ok(svg) => Rich {
                text: self.summary(),
                svg: Some(svg),
                png: self.to_png().and_then(Result::ok),
                name,
                ..Rich::default()
            },
            Err(error) => Rich::text(format!("could not draw the chart \"{name}\": {error}")),
        }
    }

    /// One line describing the chart, for the terminal.
    pub fn summary(&self) -> String {
        let title = if self.title.is_empty() {
            "untitled".to_string()
        } else {
            self.title.clone()
        };
        let what = match &self.kind {
            Kind::Xy(series) => {
                let parts: Vec<String> = series
                    .iter()
                    .map(|s| {
                        let (lo, hi) = min_max(&s.ys);
                        let name = if s.name.is_empty() { "series" } else { &s.name };
                        format!("{name}: {} points, y {lo:.4}..{hi:.4}", s.ys.len())
                    })
                    .collect();
                parts.join("; ")
            }
            Kind::Bars { labels, .. } => format!("{} bars", labels.len()),
            Kind::Histogram { values, bins } => {
                format!("histogram of {} values in {bins} bins", values.len())
            }
            Kind::Heatmap { cells, .. } => {
                format!(
                    "heatmap {} × {}",
                    cells.len(),
                    cells.first().map_or(0, Vec::len)
                )
            }
        };
        format!("Chart \"{title}\": {what}")
    }
}

/// Sort "2" before "10" and words alphabetically.
fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.cmp(b),
    }
}

pub(crate) fn min_max(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// A line over 0, 1, 2, … — a loss curve, a time series.
pub fn line(ys: impl Values) -> Chart {
    Chart::new(Kind::Xy(vec![])).add_line("", ys)
}

/// A line through the points (xs[i], ys[i]).
pub fn line_xy(xs: impl Values, ys: impl Values) -> Chart {
    Chart::new(Kind::Xy(vec![])).add_line_xy("", xs, ys)
}

/// Dots at the points (xs[i], ys[i]); colour them by class with [`Chart::groups`].
pub fn scatter(xs: impl Values, ys: impl Values) -> Chart {
    Chart::new(Kind::Xy(vec![])).add_scatter("", xs, ys)
}

/// A histogram of `values` in `bins` equal-width bins.
pub fn hist(values: impl Values, bins: usize) -> Chart {
    Chart::new(Kind::Histogram {
        values: values.to_f64(),
        bins: bins.max(1),
    })
    .y_label("count")
}

/// One bar per label.
pub fn bar<L: ToString>(labels: &[L], values: impl Values) -> Chart {
    Chart::new(Kind::Bars {
        labels: labels.iter().map(ToString::to_string).collect(),
        values: values.to_f64(),
    })
}

/// A colour map of a matrix (row 0 at the top), e.g. a correlation matrix.
pub fn heatmap(matrix: impl Matrix) -> Chart {
    Chart::new(Kind::Heatmap {
        cells: matrix.rows_f64(),
        row_labels: vec![],
        col_labels: vec![],
        annotate: false,
    })
}

/// A confusion matrix: rows are the true classes, columns the predicted ones, counts written in.
pub fn confusion_matrix<C: ToString>(counts: impl Matrix, classes: &[C]) -> Chart {
    heatmap(counts)
        .labels(classes, classes)
        .annotate(true)
        .title("Confusion matrix")
        .x_label("predicted")
        .y_label("actual")
        .size(480, 440)
}

/// Loss curves of a training run: one line per named series, e.g. `[("train", &train), ("test", &test)]`.
pub fn loss_curves<N: ToString, V: Values>(curves: &[(N, V)]) -> Chart {
    let mut chart = Chart::new(Kind::Xy(vec![]))
        .title("Loss")
        .x_label("epoch")
        .y_label("loss");
    for (name, values) in curves {
        chart = chart.add_line(name.to_string(), values);
    }
    chart
}
