//! The idx format of MNIST and Fashion-MNIST: a 4-byte magic (0, 0, type, number of
//! dimensions), the dimensions as big-endian u32, then the values. Files may be gzipped.

use super::Result;
use ferrolab_data::DataError;
use ndarray::{Array1, Array3};
use std::io::Read;
use std::path::Path;

/// The file's bytes, gunzipped when they start with the gzip magic.
pub(crate) fn read_maybe_gz(path: &Path, set: Option<&str>) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|e| DataError::io(path, e))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .map_err(|e| DataError::format(set, path, format!("broken gzip data: {e}")))?;
        Ok(out)
    } else {
        Ok(bytes)
    }
}

/// Dimensions and values of an idx file of unsigned bytes, checking the length adds up.
pub(crate) fn parse_idx<'a>(
    bytes: &'a [u8],
    path: &Path,
    set: Option<&str>,
) -> Result<(Vec<usize>, &'a [u8])> {
    let bad = |reason: String| DataError::format(set, path, reason);
    if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 {
        return Err(bad("not an idx file (bad magic number)".into()));
    }
    if bytes[2] != 0x08 {
        return Err(bad(format!(
            "idx value type 0x{:02x} is not unsigned bytes (0x08)",
            bytes[2]
        )));
    }
    let n_dims = usize::from(bytes[3]);
    let header = 4 + 4 * n_dims;
    if bytes.len() < header {
        return Err(bad(format!(
            "truncated: the header needs {header} bytes, the file has {}",
            bytes.len()
        )));
    }
    let dims: Vec<usize> = bytes[4..header]
        .chunks(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    let expected: usize = dims.iter().product();
    let data = &bytes[header..];
    if data.len() != expected {
        let what = if data.len() < expected {
            "truncated"
        } else {
            "too long"
        };
        return Err(bad(format!(
            "{what}: dimensions {dims:?} need {expected} values, the file has {}",
            data.len()
        )));
    }
    Ok((dims, data))
}

pub(crate) fn images_from(path: &Path, set: Option<&str>) -> Result<Array3<f32>> {
    let bytes = read_maybe_gz(path, set)?;
    let (dims, data) = parse_idx(&bytes, path, set)?;
    let [n, rows, cols] = dims[..] else {
        return Err(DataError::format(
            set,
            path,
            format!("expected 3 dimensions (images, rows, columns), found {dims:?}"),
        ));
    };
    let pixels: Vec<f32> = data.iter().map(|&b| f32::from(b) / 255.0).collect();
    Array3::from_shape_vec((n, rows, cols), pixels)
        .map_err(|e| DataError::format(set, path, e.to_string()))
}

pub(crate) fn labels_from(path: &Path, set: Option<&str>) -> Result<Array1<usize>> {
    let bytes = read_maybe_gz(path, set)?;
    let (dims, data) = parse_idx(&bytes, path, set)?;
    if dims.len() != 1 {
        return Err(DataError::format(
            set,
            path,
            format!("expected 1 dimension (labels), found {dims:?}"),
        ));
    }
    Ok(data.iter().map(|&b| usize::from(b)).collect())
}

/// Images from an idx file (plain or `.gz`) as (n, rows, columns) in 0..1: any MNIST-format file.
pub fn read_idx_images(path: impl AsRef<Path>) -> Result<Array3<f32>> {
    images_from(path.as_ref(), None)
}

/// Labels from an idx file (plain or `.gz`).
pub fn read_idx_labels(path: impl AsRef<Path>) -> Result<Array1<usize>> {
    labels_from(path.as_ref(), None)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Write;

    fn idx(dims: &[u32], data: &[u8]) -> Vec<u8> {
        let mut out = vec![0, 0, 8, dims.len() as u8];
        for d in dims {
            out.extend_from_slice(&d.to_be_bytes());
        }
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn reads_plain_and_gzipped_images_and_labels() {
        let dir = tempfile::tempdir().unwrap();
        let images = dir.path().join("imgs");
        std::fs::write(
            &images,
            idx(&[2, 2, 3], &[0, 255, 51, 0, 0, 0, 1, 2, 3, 4, 5, 6]),
        )
        .unwrap();
        let a = read_idx_images(&images).unwrap();
        assert_eq!(a.dim(), (2, 2, 3));
        assert_eq!(a[[0, 0, 1]], 1.0);
        assert!((a[[0, 0, 2]] - 0.2).abs() < 1e-6);
        let labels = dir.path().join("labels.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&idx(&[3], &[7, 0, 9])).unwrap();
        std::fs::write(&labels, gz.finish().unwrap()).unwrap();
        assert_eq!(read_idx_labels(&labels).unwrap().to_vec(), vec![7, 0, 9]);
    }

    #[test]
    fn truncated_and_foreign_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let short = dir.path().join("short-idx3-ubyte");
        std::fs::write(&short, idx(&[2, 2, 2], &[1, 2, 3])).unwrap();
        let err = read_idx_images(&short).unwrap_err().to_string();
        assert!(
            err.contains("short-idx3-ubyte") && err.contains("truncated") && err.contains("need 8"),
            "{err}"
        );
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello").unwrap();
        assert!(read_idx_labels(&text)
            .unwrap_err()
            .to_string()
            .contains("bad magic"));
        let labels_as_images = dir.path().join("labels");
        std::fs::write(&labels_as_images, idx(&[2], &[1, 2])).unwrap();
        assert!(read_idx_images(&labels_as_images)
            .unwrap_err()
            .to_string()
            .contains("expected 3 dimensions"));
    }
}
