//! Drawing charts with plotters: to SVG (the viewer draws the text, so no font is needed)
//! and, when a font is installed, to PNG through [`super::raster`] with the same code.

use super::chart::{min_max, Chart, Kind, Marker, Series};
use super::raster;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The data does not fit together, e.g. 10 x values and 9 y values.
    #[error("{0}")]
    Data(String),
    /// plotters failed while drawing.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// Writing the file failed.
    #[error("could not write {path}: {source}")]
    Io {
        /// The file we tried to write.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

type Area<DB> = DrawingArea<DB, Shift>;

fn draw_err<E: std::fmt::Debug>(error: E) -> PlotError {
    PlotError::Draw(format!("{error:?}"))
}

/// Ten distinguishable colours (matplotlib's "tab10"), so lessons look familiar.
pub(crate) const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

pub(crate) fn save(path: &Path, svg: &str) -> Result<(), PlotError> {
    std::fs::write(path, svg).map_err(|source| PlotError::Io {
        path: path.display().to_string(),
        source,
    })
}

pub(crate) fn chart_svg(chart: &Chart) -> Result<String, PlotError> {
    check(chart)?;
    let mut svg = String::new();
    paint_chart(
        SVGBackend::with_string(&mut svg, chart.size).into_drawing_area(),
        chart,
    )?;
    Ok(svg)
}

/// The chart as PNG, or `None` when no font is installed to draw its text.
pub(crate) fn chart_png(chart: &Chart) -> Option<Result<Vec<u8>, PlotError>> {
    if let Err(error) = check(chart) {
        return Some(Err(error));
    }
    let drawn = raster::png_with(chart.size, |root| {
        paint_chart(root, chart).map_err(|e| e.to_string())
    })?;
    Some(drawn.map_err(PlotError::Draw))
}

fn paint_chart<DB: DrawingBackend>(root: Area<DB>, chart: &Chart) -> Result<(), PlotError> {
    root.fill(&WHITE).map_err(draw_err)?;
    draw_chart(&root, chart)?;
    root.present().map_err(draw_err)
}

/// Panels of a figure: the charts, how many per row, the title and each panel's size.
pub(crate) struct Panels<'a> {
    pub charts: &'a [Chart],
    pub columns: usize,
    pub title: &'a str,
    pub panel: (u32, u32),
}

impl Panels<'_> {
    fn checked_size(&self) -> Result<(u32, u32), PlotError> {
        if self.charts.is_empty() {
            return Err(PlotError::Data("a figure needs at least one chart".into()));
        }
        for chart in self.charts {
            check(chart)?;
        }
        let rows = self.charts.len().div_ceil(self.columns);
        let title_height = if self.title.is_empty() { 0 } else { 36 };
        Ok((
            self.panel.0 * self.columns as u32,
            self.panel.1 * rows as u32 + title_height,
        ))
    }

    fn paint<DB: DrawingBackend>(&self, root: Area<DB>) -> Result<(), PlotError> {
        let rows = self.charts.len().div_ceil(self.columns);
        root.fill(&WHITE).map_err(draw_err)?;
        let body = if self.title.is_empty() {
            root.clone()
        } else {
            root.titled(self.title, ("sans-serif", 22))
                .map_err(draw_err)?
        };
        for (area, chart) in body
            .split_evenly((rows, self.columns))
            .iter()
            .zip(self.charts)
        {
            draw_chart(area, chart)?;
        }
        root.present().map_err(draw_err)
    }

    pub(crate) fn svg(&self) -> Result<String, PlotError> {
        let size = self.checked_size()?;
        let mut svg = String::new();
        self.paint(SVGBackend::with_string(&mut svg, size).into_drawing_area())?;
        Ok(svg)
    }

    /// The figure as PNG, or `None` when no font is installed to draw its text.
    pub(crate) fn png(&self) -> Option<Result<Vec<u8>, PlotError>> {
        let size = match self.checked_size() {
            Ok(size) => size,
            Err(error) => return Some(Err(error)),
        };
        let drawn = raster::png_with(size, |root| self.paint(root).map_err(|e| e.to_string()))?;
        Some(drawn.map_err(PlotError::Draw))
    }
}

/// Data problems a learner can fix, reported before any drawing starts.
fn check(chart: &Chart) -> Result<(), PlotError> {
    if let Some(problem) = &chart.problem {
        return Err(PlotError::Data(problem.clone()));
    }
    match &chart.kind {
        Kind::Xy(series) => {
            if series.is_empty() {
                return Err(PlotError::Data("the chart has no series".into()));
            }
            for s in series {
                if s.xs.len() != s.ys.len() {
                    return Err(PlotError::Data(format!(
                        "series \"{}\" has {} x values but {} y values: they must have the same length",
                        s.name,
                        s.xs.len(),
                        s.ys.len()
                    )));
                }
            }
            if series.iter().all(|s| s.ys.iter().all(|v| !v.is_finite())) {
                return Err(PlotError::Data(
                    "no finite values to plot (all empty, NaN or infinite)".into(),
                ));
            }
        }
        Kind::Bars { labels, values } if labels.len() != values.len() => {
            return Err(PlotError::Data(format!(
                "{} labels for {} bars",
                labels.len(),
                values.len()
            )));
        }
        Kind::Histogram { values, .. } if !values.iter().any(|v| v.is_finite()) => {
            return Err(PlotError::Data("no finite values for the histogram".into()));
        }
        Kind::Heatmap { cells, .. } => {
            let width = cells.first().map_or(0, Vec::len);
            if width == 0 {
                return Err(PlotError::Data("the heatmap has no cells".into()));
            }
            if let Some((row, r)) = cells.iter().enumerate().find(|(_, r)| r.len() != width) {
                return Err(PlotError::Data(format!(
                    "heatmap row {row} has {} cells, row 0 has {width}",
                    r.len()
                )));
            }
        }
        _ => {}
    }
    Ok(())
}

fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-12 {
        return (lo - 0.5, hi + 0.5);
    }
    let pad = (hi - lo) * 0.05;
    (lo - pad, hi + pad)
}

fn draw_chart<DB: DrawingBackend>(area: &Area<DB>, chart: &Chart) -> Result<(), PlotError> {
    match &chart.kind {
        Kind::Xy(series) => draw_xy(area, chart, series),
        Kind::Bars { labels, values } => draw_bars(area, chart, labels, values),
        Kind::Histogram { values, bins } => draw_histogram(area, chart, values, *bins),
        Kind::Heatmap {
            cells,
            row_labels,
            col_labels,
            annotate,
        } => draw_heatmap(area, chart, cells, row_labels, col_labels, *annotate),
    }
}

fn builder<'a, 'b, DB: DrawingBackend>(
    area: &'a Area<DB>,
    chart: &Chart,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    // Heatmap rows are labelled with words; leave room for the longest one.
    let longest = match &chart.kind {
        Kind::Heatmap { row_labels, .. } => row_labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(2),
        _ => 2,
    };
    builder
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(40 + 7 * longest as u32);
    if !chart.title.is_empty() {
        builder.caption(&chart.title, ("sans-serif", 18));
    }
    builder
}

fn draw_xy<DB: DrawingBackend>(
    area: &Area<DB>,
    chart: &Chart,
    series: &[Series],
) -> Result<(), PlotError> {
    let xs: Vec<f64> = series.iter().flat_map(|s| s.xs.iter().copied()).collect();
    let ys: Vec<f64> = series.iter().flat_map(|s| s.ys.iter().copied()).collect();
    let (x0, x1) = chart.x_range.unwrap_or_else(|| {
        let (lo, hi) = min_max(&xs);
        padded(lo, hi)
    });
    let (y0, y1) = chart.y_range.unwrap_or_else(|| {
        let (lo, hi) = min_max(&ys);
        padded(lo, hi)
    });
    let mut ctx = builder(area, chart)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(draw_err)?;
    ctx.configure_mesh()
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(draw_err)?;
    let mut named = false;
    for (i, s) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points: Vec<(f64, f64)> =
            s.xs.iter()
                .zip(&s.ys)
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|(&x, &y)| (x, y))
                .collect();
        if matches!(s.marker, Marker::Line | Marker::LineAndPoints) {
            let drawn = ctx
                .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                .map_err(draw_err)?;
            if !s.name.is_empty() {
                named = true;
                drawn.label(s.name.as_str()).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
            }
        }
        if matches!(s.marker, Marker::Points | Marker::LineAndPoints) {
            let radius = if points.len() > 2000 { 1 } else { 3 };
            let drawn = ctx
                .draw_series(
                    points
                        .iter()
                        .map(|&p| Circle::new(p, radius, color.mix(0.75).filled())),
                )
                .map_err(draw_err)?;
            if !s.name.is_empty() && s.marker == Marker::Points {
                named = true;
                drawn
                    .label(s.name.as_str())
                    .legend(move |(x, y)| Circle::new((x + 9, y), 4, color.filled()));
            }
        }
    }
    if named {
        ctx.configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(draw_err)?;
    }
    Ok(())
}

fn draw_bars<DB: DrawingBackend>(
    area: &Area<DB>,
    chart: &Chart,
    labels: &[String],
    values: &[f64],
) -> Result<(), PlotError> {
    let (lo, hi) = min_max(values);
    let (y0, y1) = chart
        .y_range
        .unwrap_or((lo.min(0.0), if hi > 0.0 { hi * 1.08 } else { 1.0 }));
    let n = labels.len().max(1);
    let mut ctx = builder(area, chart)
        .build_cartesian_2d(0.0..n as f64, y0..y1)
        .map_err(draw_err)?;
    let label_at = |x: &f64| {
        let i = x.floor() as usize;
        if (x - (i as f64 + 0.5)).abs() < 1e-9 {
            labels.get(i).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    ctx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_labels(n * 2 + 1)
        .x_label_formatter(&label_at)
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .draw()
        .map_err(draw_err)?;
    ctx.draw_series(values.iter().enumerate().map(|(i, &v)| {
        Rectangle::new(
            [(i as f64 + 0.1, 0.0), (i as f64 + 0.9, v)],
            PALETTE[0].filled(),
        )
    }))
    .map_err(draw_err)?;
    Ok(())
}

fn draw_histogram<DB: DrawingBackend>(
    area: &Area<DB>,
    chart: &Chart,
    values: &[f64],
    bins: usize,
) -> Result<(), PlotError> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let (lo, hi) = chart.x_range.unwrap_or_else(|| min_max(&finite));
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1.0
    };
    let mut counts = vec![0usize; bins];
    for v in &finite {
        if *v < lo || *v > hi {
            continue;
        }
        let i = (((v - lo) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.08;
    let mut ctx = builder(area, chart)
        .build_cartesian_2d(
            lo..(lo + width * bins as f64),
            0.0..chart.y_range.map_or(top, |r| r.1),
        )
        .map_err(draw_err)?;
    ctx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .draw()
        .map_err(draw_err)?;
    ctx.draw_series(counts.iter().enumerate().map(|(i, &c)| {
        let x0 = lo + width * i as f64;
        Rectangle::new(
            [(x0, 0.0), (x0 + width, c as f64)],
            PALETTE[0].mix(0.85).filled(),
        )
    }))
    .map_err(draw_err)?;
    Ok(())
}

fn draw_heatmap<DB: DrawingBackend>(
    area: &Area<DB>,
    chart: &Chart,
    cells: &[Vec<f64>],
    row_labels: &[String],
    col_labels: &[String],
    annotate: bool,
) -> Result<(), PlotError> {
    let rows = cells.len();
    let cols = cells[0].len();
    let flat: Vec<f64> = cells.iter().flatten().copied().collect();
    let (lo, hi) = min_max(&flat);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let mut ctx = builder(area, chart)
        .build_cartesian_2d(0.0..cols as f64, rows as f64..0.0)
        .map_err(draw_err)?;
    let col_at = |x: &f64| centre_label(*x, col_labels);
    let row_at = |y: &f64| centre_label(*y, row_labels);
    ctx.configure_mesh()
        .disable_mesh()
        .x_labels(cols * 2 + 1)
        .y_labels(rows * 2 + 1)
        .x_label_formatter(&col_at)
        .y_label_formatter(&row_at)
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .draw()
        .map_err(draw_err)?;
    ctx.draw_series(cells.iter().enumerate().flat_map(|(r, row)| {
        row.iter().enumerate().map(move |(c, &v)| {
            let t = if v.is_finite() {
                ((v - lo) / span) as f32
            } else {
                0.0
            };
            let color = ViridisRGB.get_color(t);
            Rectangle::new(
                [(c as f64, r as f64), (c as f64 + 1.0, r as f64 + 1.0)],
                color.filled(),
            )
        })
    }))
    .map_err(draw_err)?;
    if annotate && rows * cols <= 400 {
        let font_size = if rows.max(cols) > 12 { 10 } else { 14 };
        for (r, row) in cells.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                let t = if v.is_finite() { (v - lo) / span } else { 0.0 };
                let ink = if t > 0.6 { BLACK } else { WHITE };
                let style = TextStyle::from(("sans-serif", font_size).into_font())
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                ctx.draw_series(std::iter::once(Text::new(
                    format_cell(v),
                    (c as f64 + 0.5, r as f64 + 0.5),
                    style,
                )))
                .map_err(draw_err)?;
            }
        }
    }
    Ok(())
}

/// Axis labels at cell centres only (x.5), from `labels` or the index.
fn centre_label(x: f64, labels: &[String]) -> String {
    let i = x.floor();
    if (x - (i + 0.5)).abs() > 1e-9 || i < 0.0 {
        return String::new();
    }
    labels
        .get(i as usize)
        .cloned()
        .unwrap_or_else(|| format!("{i}"))
}

fn format_cell(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e9 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    fn assert_svg(svg: &str) {
        assert!(
            svg.starts_with("<svg"),
            "not an SVG: {}",
            &svg[..svg.len().min(80)]
        );
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(
            svg.len() > 1500,
            "suspiciously small SVG ({} bytes)",
            svg.len()
        );
    }

    #[test]
    fn every_chart_kind_renders_deterministically() {
        let charts = vec![
            line([3.0, 2.0, 1.5, 1.2])
                .title("Loss")
                .x_label("epoch")
                .y_label("loss"),
            scatter([1.0, 2.0, 3.0, 4.0], [1.0, 4.0, 9.0, 16.0]).groups(&["a", "b", "a", "b"]),
            hist([1.0, 2.0, 2.5, 3.0, 3.1, 9.0], 5).title("Fares"),
            bar(&["first", "second", "third"], [0.62, 0.43, 0.26]).title("Survival by class"),
            heatmap(ndarray::array![[1.0, 0.5], [0.5, 1.0]])
                .labels(&["x", "y"], &["x", "y"])
                .annotate(true),
            confusion_matrix(ndarray::array![[50usize, 2], [3, 45]], &["ham", "spam"]),
            loss_curves(&[
                ("train", vec![1.0, 0.5, 0.3]),
                ("test", vec![1.1, 0.7, 0.6]),
            ]),
        ];
        for chart in &charts {
            let svg = chart.to_svg().unwrap();
            assert_svg(&svg);
            assert_eq!(svg, chart.to_svg().unwrap(), "same input, same bytes");
        }
        assert!(charts[0].to_svg().unwrap().contains("Loss"));
        assert!(charts[5].to_svg().unwrap().contains("spam"));
        let pngs: Vec<Option<Vec<u8>>> = charts
            .iter()
            .map(|c| c.to_png().map(|png| png.unwrap()))
            .collect();
        let figure = grid(charts, 3).title("All kinds");
        assert_svg(&figure.to_svg().unwrap());
        if super::super::font::chart_font().is_some() {
            let figure_png = figure.to_png().unwrap().unwrap();
            for png in pngs.iter().flatten().chain([&figure_png]) {
                assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
                assert!(
                    png.len() > 4000,
                    "a chart PNG of {} bytes is blank",
                    png.len()
                );
            }
        }
    }

    #[test]
    fn mismatched_data_is_a_clear_error() {
        let err = line_xy([1.0, 2.0, 3.0], [1.0, 2.0]).to_svg().unwrap_err();
        assert_eq!(
            err.to_string(),
            "series \"\" has 3 x values but 2 y values: they must have the same length"
        );
        let err = scatter([1.0, 2.0], [1.0, 2.0])
            .groups(&["a"])
            .to_svg()
            .unwrap_err();
        assert!(err.to_string().contains("1 labels for 2 points"), "{err}");
        let err = line(Vec::<f64>::new()).to_svg().unwrap_err();
        assert!(err.to_string().contains("no finite values"), "{err}");
        let rich = heatmap(vec![vec![1.0, 2.0], vec![3.0]]).rich();
        assert!(rich.text.contains("row 1 has 1 cells"), "{}", rich.text);
        assert!(rich.svg.is_none());
    }
}
