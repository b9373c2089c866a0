//! The font for text in PNG charts. SVG charts need none (the viewer draws their text),
//! but a PNG is pixels, so its labels must be rasterised here.
//!
//! The font is DejaVu Sans from the `dejavu-fonts` set that `./ferrolab data` installs
//! (Debian's fonts-dejavu-core, checksummed like every set); on a machine without it we
//! try the system's own copy, and without any font charts are SVG only.

use ab_glyph::FontRef;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The data set holding the font, and its file.
const FONT_SET: &str = "dejavu-fonts";
const FONT_FILE: &str = "DejaVuSans.ttf";

/// Where Debian, Ubuntu, Fedora and Arch put the same font, tried when the set is missing.
const SYSTEM_FONTS: [&str; 4] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
];

/// The chart font, loaded once per process; `None` when no copy could be read.
pub(crate) fn chart_font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(load).as_ref()
}

fn load() -> Option<FontRef<'static>> {
    candidates().into_iter().find_map(|path| {
        let bytes = std::fs::read(path).ok()?;
        // Loaded once and used until the process ends, so leaking it is the lifetime we need.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        FontRef::try_from_slice(bytes).ok()
    })
}

fn candidates() -> Vec<PathBuf> {
    let installed = crate::data::DataDir::default()
        .file(FONT_SET, FONT_FILE)
        .ok();
    installed
        .into_iter()
        .chain(SYSTEM_FONTS.iter().map(PathBuf::from))
        .collect()
}
