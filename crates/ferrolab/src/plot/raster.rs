//! PNG copies of charts: plotters' bitmap backend draws the shapes, and this wrapper draws
//! the text with ab_glyph (plotters' own font support would make every SVG chart need a
//! font file too). JupyterLab draws a PNG in an untrusted notebook, where it hides SVG.

use super::font::chart_font;
use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

type Bitmap<'a> = BitMapBackend<'a>;
type Failure = DrawingErrorKind<<Bitmap<'static> as DrawingBackend>::ErrorType>;

/// A bitmap backend whose text is drawn with a real font.
pub(crate) struct TextBitmap<'a> {
    inner: Bitmap<'a>,
    font: &'static FontRef<'static>,
}

/// Draw a picture of `size` with `paint` and encode it as PNG; `None` when no font is
/// installed (the chart is then SVG only).
pub(crate) fn png_with<F>(size: (u32, u32), paint: F) -> Option<Result<Vec<u8>, String>>
where
    F: FnOnce(DrawingArea<TextBitmap<'_>, plotters::coord::Shift>) -> Result<(), String>,
{
    let font = chart_font()?;
    let (width, height) = (size.0 as usize, size.1 as usize);
    let mut rgb = vec![255u8; width * height * 3];
    let drawn = {
        let backend = TextBitmap {
            inner: BitMapBackend::with_buffer(&mut rgb, size),
            font,
        };
        paint(backend.into_drawing_area())
    };
    Some(drawn.and_then(|()| encode_rgb(&rgb, size)))
}

fn encode_rgb(rgb: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Charts are mostly flat colour: adaptive filtering makes a 640x400 line chart
        // 16 kB instead of 85 kB, for 6 ms instead of 1 ms (measured on this crate's charts).
        encoder.set_compression(png::Compression::Default);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

impl TextBitmap<'_> {
    /// The scale that makes `size` the em size, as `font-size` means in SVG.
    fn scale(&self, size: f64) -> PxScale {
        let em = self.font.units_per_em().unwrap_or(1.0);
        PxScale::from(size as f32 * self.font.height_unscaled() / em)
    }

    /// Width and height of a horizontal line of `text`.
    fn measure(&self, text: &str, size: f64) -> (f32, f32) {
        let font = self.font.as_scaled(self.scale(size));
        let mut width = 0.0;
        let mut previous = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                width += font.kern(p, id);
            }
            width += font.h_advance(id);
            previous = Some(id);
        }
        (width, font.height())
    }
}

impl DrawingBackend for TextBitmap<'_> {
    type ErrorType = <Bitmap<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failure> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.fill_polygon(vertices, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Failure> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), Failure> {
        let (width, height) = self.measure(text, style.size());
        Ok((width.ceil() as u32, height.ceil() as u32))
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let scale = self.scale(style.size());
        let font = self.font.as_scaled(scale);
        let (width, height) = self.measure(text, style.size());
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Right => -width,
            HPos::Center => -width / 2.0,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let mut caret = 0.0;
        let mut previous = None;
        let mut pixels = Vec::new();
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                caret += font.kern(p, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(scale, point(caret + dx, font.ascent() + dy));
            caret += font.h_advance(id);
            if let Some(outline) = self.font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|x, y, coverage| {
                    let local = (
                        bounds.min.x as i32 + x as i32,
                        bounds.min.y as i32 + y as i32,
                    );
                    pixels.push((local, coverage));
                });
            }
        }
        for ((x, y), coverage) in pixels {
            // The y-axis label comes turned by 270°.
            let (x, y) = transform.transform(x, y);
            self.inner
                .draw_pixel((pos.0 + x, pos.1 + y), color.mix(f64::from(coverage)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_in_pixels_when_a_font_is_installed() {
        let Some(font) = chart_font() else {
            eprintln!("no chart font on this machine; PNG charts are off");
            return;
        };
        let _ = font;
        let draw = |label: &'static str| {
            png_with((120, 40), move |area| {
                area.fill(&WHITE).map_err(|e| e.to_string())?;
                area.draw_text(label, &("sans-serif", 20).into_text_style(&area), (4, 4))
                    .map_err(|e| e.to_string())
            })
            .expect("font present")
            .expect("drawn")
        };
        let blank = draw("");
        let word = draw("loss");
        assert!(word.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_ne!(blank, word, "the word must change pixels");
    }
}
