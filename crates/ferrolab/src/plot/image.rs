//! Pictures made of pixels — MNIST digits, photos, reconstructions — encoded as PNG.

use super::render::PlotError;
use crate::display::{escape_html, Rich};
use ndarray::{ArrayBase, Axis, Data, Ix2, Ix3};

/// A pixel value: floats are read as 0.0..=1.0 (or 0..=255 if any exceeds 1.5), bytes as they are.
pub trait Pixel: Copy {
    /// The value as `f64`.
    fn level(self) -> f64;
}
impl Pixel for f32 {
    fn level(self) -> f64 {
        f64::from(self)
    }
}
impl Pixel for f64 {
    fn level(self) -> f64 {
        self
    }
}
impl Pixel for u8 {
    fn level(self) -> f64 {
        f64::from(self)
    }
}

/// A grid of grey (1 channel) or colour (3 channels) pixels, plus how to show it.
#[derive(Debug, Clone)]
pub struct Image {
    width: usize,
    height: usize,
    channels: usize,
    /// Row-major bytes, `channels` per pixel.
    bytes: Vec<u8>,
    scale: usize,
    title: String,
    captions: Vec<String>,
    /// For grids: the size of one tile and the number of columns, for captions.
    tiles: Option<(usize, usize, usize)>,
}

fn to_bytes(levels: Vec<f64>) -> Vec<u8> {
    let max = levels
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let top = if max > 1.5 { 255.0 } else { 1.0 };
    levels
        .into_iter()
        .map(|v| {
            if v.is_finite() {
                ((v / top).clamp(0.0, 1.0) * 255.0).round() as u8
            } else {
                0
            }
        })
        .collect()
}

/// One picture from a 2-D array (grey, height × width) — see [`image_rgb`] for colour.
pub fn image<S: Data>(pixels: &ArrayBase<S, Ix2>) -> Image
where
    S::Elem: Pixel,
{
    let (height, width) = pixels.dim();
    let levels = pixels.iter().map(|p| p.level()).collect();
    Image::raw(width, height, 1, to_bytes(levels))
}

/// One colour picture from a height × width × 3 array (RGB).
pub fn image_rgb<S: Data>(pixels: &ArrayBase<S, Ix3>) -> Result<Image, PlotError>
where
    S::Elem: Pixel,
{
    let (height, width, channels) = pixels.dim();
    if channels != 3 {
        return Err(PlotError::Data(format!(
            "a colour image needs shape [height, width, 3], got {:?}",
            pixels.shape()
        )));
    }
    let levels = pixels.iter().map(|p| p.level()).collect();
    Ok(Image::raw(width, height, 3, to_bytes(levels)))
}

/// Many grey pictures of the same size (an `n × height × width` array) in a grid, `columns` wide.
pub fn image_grid<S: Data>(images: &ArrayBase<S, Ix3>, columns: usize) -> Image
where
    S::Elem: Pixel,
{
    let (n, h, w) = images.dim();
    let columns = columns.clamp(1, n.max(1));
    let rows = n.div_ceil(columns).max(1);
    let gap = 2;
    let width = columns * w + (columns - 1) * gap;
    let height = rows * h + (rows - 1) * gap;
    let all: Vec<f64> = images.iter().map(|p| p.level()).collect();
    let tiles = to_bytes(all);
    // The gaps are mid-grey so black and white digits both stand out.
    let mut bytes = vec![128u8; width * height];
    for (k, _) in images.axis_iter(Axis(0)).enumerate() {
        let (r, c) = (k / columns, k % columns);
        for y in 0..h {
            for x in 0..w {
                bytes[(r * (h + gap) + y) * width + c * (w + gap) + x] =
                    tiles[k * h * w + y * w + x];
            }
        }
    }
    let mut image = Image::raw(width, height, 1, bytes);
    image.tiles = Some((w + gap, h + gap, columns));
    image.scale = if h <= 32 { 2 } else { 1 };
    image
}

impl Image {
    fn raw(width: usize, height: usize, channels: usize, bytes: Vec<u8>) -> Image {
        let scale = if width.max(height) <= 64 { 4 } else { 1 };
        Image {
            width,
            height,
            channels,
            bytes,
            scale,
            title: String::new(),
            captions: vec![],
            tiles: None,
        }
    }

    /// Enlarge each pixel to `factor` × `factor` (small digits are hard to see at 1×).
    pub fn scale(mut self, factor: usize) -> Self {
        self.scale = factor.clamp(1, 16);
        self
    }

    /// A title shown above the picture in Jupyter, and used for the file name in the terminal.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// One caption per tile of a grid (e.g. predicted labels), shown under each tile in Jupyter.
    pub fn captions<C: ToString>(mut self, captions: &[C]) -> Self {
        self.captions = captions.iter().map(ToString::to_string).collect();
        self
    }

    /// Width and height in pixels, before scaling.
    pub fn dims(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// The picture as PNG bytes, scaled.
    pub fn to_png(&self) -> Result<Vec<u8>, PlotError> {
        encode_png(
            &self.bytes,
            self.width,
            self.height,
            self.channels,
            self.scale,
        )
    }

    /// Write the PNG to `path`.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> Result<(), PlotError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_png()?).map_err(|source| PlotError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Shown by evcxr when an image is a cell's last expression.
    pub fn evcxr_display(&self) {
        self.rich().emit();
    }

    /// Show the image now, while the cell runs: a cell can show several.
    pub fn show(&self) {
        self.rich().show();
    }

    /// The image as PNG, with an HTML form when it has a title or captions.
    pub fn rich(&self) -> Rich {
        let png = match self.to_png() {
            Ok(png) => png,
            Err(error) => return Rich::text(format!("could not encode the image: {error}")),
        };
        let name = if self.title.is_empty() {
            "image".to_string()
        } else {
            self.title.clone()
        };
        let text = format!(
            "Image {} × {} ({})",
            self.width,
            self.height,
            if self.channels == 1 { "grey" } else { "RGB" }
        );
        let html = (!self.title.is_empty() || !self.captions.is_empty()).then(|| self.html(&png));
        Rich {
            text,
            png: Some(png),
            html,
            name,
            ..Rich::default()
        }
    }

    fn html(&self, png: &[u8]) -> String {
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(png);
        let mut html = String::from("<div class=\"ferrolab-image\">");
        if !self.title.is_empty() {
            html.push_str(&format!(
                "<div style=\"font-weight:bold;margin:4px 0\">{}</div>",
                escape_html(&self.title)
            ));
        }
        let (w, h) = (self.width * self.scale, self.height * self.scale);
        html.push_str(&format!(
            "<div style=\"position:relative;width:{w}px;height:{h}px\"><img src=\"data:image/png;base64,{data}\" \
             style=\"image-rendering:pixelated;width:{w}px;height:{h}px\"/>"
        ));
        if let Some((tile_w, tile_h, columns)) = self.tiles {
            for (k, caption) in self.captions.iter().enumerate() {
                let (r, c) = (k / columns, k % columns);
                html.push_str(&format!(
                    "<span style=\"position:absolute;left:{}px;top:{}px;font:11px sans-serif;color:#fff;\
                     background:rgba(0,0,0,.6);padding:0 2px\">{}</span>",
                    c * tile_w * self.scale,
                    r * tile_h * self.scale,
                    escape_html(caption)
                ));
            }
        }
        html.push_str("</div></div>");
        html
    }
}

fn encode_png(
    bytes: &[u8],
    width: usize,
    height: usize,
    channels: usize,
    scale: usize,
) -> Result<Vec<u8>, PlotError> {
    let (sw, sh) = (width * scale, height * scale);
    let mut scaled = Vec::with_capacity(sw * sh * channels);
    for y in 0..sh {
        for x in 0..sw {
            let at = ((y / scale) * width + x / scale) * channels;
            scaled.extend_from_slice(&bytes[at..at + channels]);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, sw as u32, sh as u32);
        encoder.set_color(if channels == 1 {
            png::ColorType::Grayscale
        } else {
            png::ColorType::Rgb
        });
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| PlotError::Draw(e.to_string()))?;
        writer
            .write_image_data(&scaled)
            .map_err(|e| PlotError::Draw(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, Array3};

    const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

    #[test]
    fn grey_images_encode_to_png() {
        let pixels = Array2::from_shape_fn((28, 28), |(y, x)| ((x + y) % 28) as f32 / 27.0);
        let png = image(&pixels).to_png().unwrap();
        assert!(png.starts_with(PNG_MAGIC));
        assert!(png.len() > 200);
        assert_eq!(png, image(&pixels).to_png().unwrap(), "deterministic");
    }

    #[test]
    fn grids_place_every_tile_and_caption() {
        let digits =
            Array3::from_shape_fn((10, 28, 28), |(k, y, _)| if y == k { 1.0f32 } else { 0.0 });
        let grid = image_grid(&digits, 5)
            .captions(&(0..10).collect::<Vec<_>>())
            .title("Ten digits");
        assert_eq!(grid.dims(), (5 * 28 + 4 * 2, 2 * 28 + 2));
        let rich = grid.rich();
        assert!(rich.png.unwrap().starts_with(PNG_MAGIC));
        let html = rich.html.unwrap();
        assert_eq!(html.matches("<span").count(), 10);
    }

    #[test]
    fn colour_images_need_three_channels() {
        let wrong = Array3::<u8>::zeros((4, 4, 2));
        let err = image_rgb(&wrong).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a colour image needs shape [height, width, 3], got [4, 4, 2]"
        );
        let right = Array3::<u8>::from_elem((4, 4, 3), 200);
        assert!(image_rgb(&right)
            .unwrap()
            .to_png()
            .unwrap()
            .starts_with(PNG_MAGIC));
    }
}
