//! How values appear: inline rich output in Jupyter, text and files in the REPL.
//!
//! evcxr shows the last expression of a cell by calling `.evcxr_display()` on it
//! and, if that does not compile, compiling the cell a second time with `{:?}`.
//! [`RichDisplay`] is implemented for every `Debug + 'static` value, so the first
//! compile always succeeds (no second compile) and DataFrames, tensors and arrays
//! get a better form than their `Debug` text. Our own types ([`crate::plot::Chart`]
//! and friends) have inherent `evcxr_display` methods, which Rust prefers.

pub use live::show;
pub use progress::{Progress, ProgressExt, ProgressIter};

use std::any::Any;
use std::fmt::Debug;
use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where output goes. Set by the kernel and REPL launchers through `FERROLAB_FRONTEND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frontend {
    /// JupyterLab or another Jupyter client: MIME bundles render inline.
    Jupyter,
    /// The terminal REPL: text on stdout, pictures written to files.
    Terminal,
}

impl Frontend {
    /// The current front end: `FERROLAB_FRONTEND=terminal` selects the REPL form,
    /// anything else (or nothing) the Jupyter form.
    pub fn current() -> Frontend {
        match std::env::var(ferrolab_course::env::FERROLAB_FRONTEND).as_deref() {
            Ok("terminal") | Ok("repl") => Frontend::Terminal,
            _ => Frontend::Jupyter,
        }
    }
}

/// One displayable value in every form we can make of it.
#[derive(Debug, Clone, Default)]
pub struct Rich {
    /// Plain text: always present, used by the REPL and as Jupyter's fallback.
    pub text: String,
    /// An HTML fragment (tables, grading cards).
    pub html: Option<String>,
    /// An SVG document (charts).
    pub svg: Option<String>,
    /// PNG bytes (images).
    pub png: Option<Vec<u8>>,
    /// A short name for files written in the terminal, e.g. the chart title.
    pub name: String,
}

impl Rich {
    /// A value that is only text.
    pub fn text(text: impl Into<String>) -> Rich {
        Rich {
            text: text.into(),
            ..Rich::default()
        }
    }

    /// Print this value the way the current front end wants it.
    pub fn emit(&self) {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        // Output errors (a closed pipe) cannot be reported anywhere better.
        let _ = match Frontend::current() {
            Frontend::Jupyter => self.write_mime(&mut out),
            Frontend::Terminal => self.write_terminal(&mut out),
        };
        let _ = out.flush();
    }

    /// The evcxr protocol: one `EVCXR_BEGIN_CONTENT <mime>` block per form.
    pub fn write_mime(&self, out: &mut impl Write) -> std::io::Result<()> {
        block(out, "text/plain", &self.text)?;
        if let Some(html) = &self.html {
            block(out, "text/html", html)?;
        }
        if let Some(svg) = &self.svg {
            block(out, "image/svg+xml", svg)?;
        }
        if let Some(png) = &self.png {
            use base64::Engine as _;
            block(
                out,
                "image/png",
                &base64::engine::general_purpose::STANDARD.encode(png),
            )?;
        }
        Ok(())
    }

    /// The terminal form: the text, then any picture saved to a file whose path is printed.
    pub fn write_terminal(&self, out: &mut impl Write) -> std::io::Result<()> {
        if !self.text.is_empty() {
            writeln!(out, "{}", self.text)?;
        }
        // One file per picture: a chart's SVG (sharper than its PNG copy), else the PNG.
        let picture = match (&self.svg, &self.png) {
            (Some(svg), _) => Some(("svg", svg.as_bytes().to_vec())),
            (None, Some(png)) => Some(("png", png.clone())),
            (None, None) => None,
        };
        if let Some((extension, bytes)) = picture {
            match save_picture(&self.name, extension, &bytes) {
                Ok(path) => writeln!(out, "[saved {}]", path.display())?,
                Err(error) => writeln!(out, "[could not save the {extension} file: {error}]")?,
            }
        }
        Ok(())
    }
}

fn block(out: &mut impl Write, mime: &str, content: &str) -> std::io::Result<()> {
    writeln!(out, "EVCXR_BEGIN_CONTENT {mime}")?;
    writeln!(out, "{content}")?;
    writeln!(out, "EVCXR_END_CONTENT")
}

/// Directory for pictures made in the terminal: `FERROLAB_PLOTS_DIR`, else `./ferrolab-plots`.
pub fn plots_dir() -> PathBuf {
    std::env::var_os(ferrolab_course::env::FERROLAB_PLOTS_DIR)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("ferrolab-plots"))
}

fn save_picture(name: &str, extension: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    static COUNTER: AtomicUsize = AtomicUsize::new(1);
    let dir = plots_dir();
    fs::create_dir_all(&dir)?;
    let stem = slug(if name.is_empty() { "figure" } else { name });
    let number = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("{number:03}-{stem}.{extension}"));
    fs::write(&path, bytes)?;
    Ok(path.canonicalize().unwrap_or(path))
}

/// A file-name-safe version of a title: "Loss / epoch" → "loss-epoch".
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    let mut slug: String = trimmed.chars().take(48).collect();
    if slug.is_empty() {
        slug.push_str("figure");
    }
    slug
}

/// Escape text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The method evcxr calls on a cell's last expression.
///
/// Implemented for every `Debug + 'static` type: DataFrames, tensors and arrays
/// get a richer form ([`rich_form`]), everything else its `Debug` text, exactly
/// as evcxr would print it, but without evcxr's second compile.
pub trait RichDisplay {
    /// Print this value as evcxr MIME blocks (Jupyter) or text and files (terminal).
    fn evcxr_display(&self);
}

impl<T: Debug + Any> RichDisplay for T {
    fn evcxr_display(&self) {
        rich_form(self)
            .unwrap_or_else(|| Rich::text(format!("{self:?}")))
            .emit();
    }
}

/// The rich form of a value whose concrete type we know, or `None` for plain `Debug`.
pub fn rich_form(value: &dyn Any) -> Option<Rich> {
    if let Some(rich) = crate::display::arrays::describe(value) {
        return Some(rich);
    }
    #[cfg(feature = "data")]
    if let Some(frame) = value.downcast_ref::<polars::prelude::DataFrame>() {
        return Some(crate::display::frames::frame_rich(frame));
    }
    #[cfg(feature = "dl")]
    if let Some(tensor) = value.downcast_ref::<tch::Tensor>() {
        return Some(crate::display::tensors::tensor_rich(tensor));
    }
    None
}

pub mod arrays;
#[cfg(feature = "data")]
pub mod frames;
pub mod live;
pub mod progress;
#[cfg(feature = "dl")]
pub mod tensors;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_makes_file_names() {
        assert_eq!(slug("Loss / epoch"), "loss-epoch");
        assert_eq!(slug("  "), "figure");
        assert_eq!(slug("MNIST: 25 digits"), "mnist-25-digits");
    }

    #[test]
    fn mime_blocks_follow_the_evcxr_protocol() {
        let rich = Rich {
            text: "t".into(),
            html: Some("<b>h</b>".into()),
            ..Rich::default()
        };
        let mut out = Vec::new();
        rich.write_mime(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "EVCXR_BEGIN_CONTENT text/plain\nt\nEVCXR_END_CONTENT\n\
             EVCXR_BEGIN_CONTENT text/html\n<b>h</b>\nEVCXR_END_CONTENT\n"
        );
    }

    #[test]
    fn terminal_form_saves_pictures_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        // SAFETY of the test: no other test in this module reads this variable.
        std::env::set_var(ferrolab_course::env::FERROLAB_PLOTS_DIR, dir.path());
        let rich = Rich {
            text: "chart".into(),
            svg: Some("<svg/>".into()),
            name: "My chart".into(),
            ..Rich::default()
        };
        let mut out = Vec::new();
        rich.write_terminal(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("chart\n[saved "), "{text}");
        assert!(text.contains("my-chart.svg"), "{text}");
        let saved: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(saved.len(), 1);
    }

    #[test]
    fn escapes_html() {
        assert_eq!(escape_html("a<b & 'c'"), "a&lt;b &amp; &#39;c&#39;");
    }
}
