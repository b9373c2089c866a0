//! Charts for lessons in one to three lines, rendered with plotters to SVG and PNG.
//!
//! ```
//! use ferrolab::plot;
//! let losses = vec![2.3, 1.1, 0.7, 0.5, 0.45];
//! let chart = plot::line(&losses).title("Training loss").x_label("epoch").y_label("loss");
//! assert!(chart.to_svg().unwrap().starts_with("<svg"));
//! ```
//!
//! Every constructor returns a [`Chart`] that displays itself inline in Jupyter
//! (and is written to a file in the terminal). Several charts side by side are a
//! [`Figure`] ([`grid`]); pictures made of pixels (MNIST digits, photos) are an
//! [`Image`] ([`image`], [`image_grid`]). For anything else, the whole of
//! plotters is in the prelude as `plotters`.

mod chart;
mod font;
mod image;
mod live_chart;
mod raster;
mod render;

pub use chart::{
    bar, confusion_matrix, heatmap, hist, line, line_xy, loss_curves, scatter, Chart, Marker,
    Matrix, PlotNumber, Values,
};
pub use image::{image, image_grid, image_rgb, Image, Pixel};
pub use live_chart::LiveChart;
pub use render::PlotError;

use crate::display::Rich;

/// Several charts drawn as panels of one picture.
#[derive(Debug, Clone)]
pub struct Figure {
    charts: Vec<Chart>,
    columns: usize,
    title: String,
    panel_size: (u32, u32),
}

/// Lay out charts in a grid with `columns` panels per row.
pub fn grid(charts: Vec<Chart>, columns: usize) -> Figure {
    Figure {
        charts,
        columns: columns.max(1),
        title: String::new(),
        panel_size: (420, 300),
    }
}

impl Figure {
    /// A title above all panels.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The size of each panel in pixels.
    pub fn panel_size(mut self, width: u32, height: u32) -> Self {
        self.panel_size = (width, height);
        self
    }

    /// The figure as an SVG document.
    pub fn to_svg(&self) -> Result<String, PlotError> {
        self.panels().svg()
    }

    /// The figure as a PNG, or `None` on a machine without the chart font
    /// (`./ferrolab data fetch dejavu-fonts`).
    pub fn to_png(&self) -> Option<Result<Vec<u8>, PlotError>> {
        self.panels().png()
    }

    fn panels(&self) -> render::Panels<'_> {
        render::Panels {
            charts: &self.charts,
            columns: self.columns,
            title: &self.title,
            panel: self.panel_size,
        }
    }

    /// Write the SVG to `path`.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> Result<(), PlotError> {
        render::save(path.as_ref(), &self.to_svg()?)
    }

    /// Shown by evcxr when a figure is a cell's last expression.
    pub fn evcxr_display(&self) {
        self.rich().emit();
    }

    /// Show the figure now, while the cell runs: a cell can show several.
    pub fn show(&self) {
        self.rich().show();
    }

    /// The figure in every form the front ends use.
    pub fn rich(&self) -> Rich {
        let name = if self.title.is_empty() {
            "figure".to_string()
        } else {
            self.title.clone()
        };
        match self.to_svg() {
            Ok(svg) => Rich {
                text: format!("Figure: {} ({} panels)", name, self.charts.len()),
                svg: Some(svg),
                png: self.to_png().and_then(Result::ok),
                name,
                ..Rich::default()
            },
            Err(error) => Rich::text(format!("could not draw the figure: {error}")),
        }
    }
}
