//! NumPy's `.npy` format for 2-D little-endian f32 arrays (GloVe's vectors), in C or
//! Fortran order: a magic, a version, a header length, a Python-dict header, the values.

use super::Result;
use ferrolab_data::DataError;
use ndarray::{Array2, ShapeBuilder};
use std::path::Path;

/// The value of `key` in the header dict, as written by NumPy (`'key': value`).
fn header_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let start = header.find(&format!("'{key}':"))? + key.len() + 3;
    let rest = header[start..].trim_start();
    let end = if rest.starts_with('(') {
        rest.find(')')? + 1
    } else {
        rest.find([',', '}'])?
    };
    Some(rest[..end].trim())
}

pub(crate) fn parse_npy_f32(bytes: &[u8], path: &Path, set: Option<&str>) -> Result<Array2<f32>> {
    let bad = |reason: String| DataError::format(set, path, reason);
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(bad("not a .npy file (bad magic)".into()));
    }
    let (header_len, header_start) = match bytes[6] {
        1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => return Err(bad(format!(".npy version {v} is not supported"))),
    };
    let data_start = header_start + header_len;
    let header = bytes
        .get(header_start..data_start)
        .and_then(|h| std::str::from_utf8(h).ok())
        .ok_or_else(|| bad("truncated .npy header".into()))?;
    let descr = header_value(header, "descr").unwrap_or_default();
    if descr != "'<f4'" {
        return Err(bad(format!(
            "values are {descr}, expected little-endian f32 ('<f4')"
        )));
    }
    let fortran = header_value(header, "fortran_order") == Some("True");
    let shape: Vec<usize> = header_value(header, "shape")
        .unwrap_or_default()
        .trim_matches(|c| c == '(' || c == ')')
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse()
                .map_err(|_| bad(format!("bad shape in header: {header}")))
        })
        .collect::<Result<_>>()?;
    let [rows, cols] = shape[..] else {
        return Err(bad(format!("expected a 2-D array, found shape {shape:?}")));
    };
    let data = &bytes[data_start..];
    if data.len() != rows * cols * 4 {
        let what = if data.len() < rows * cols * 4 {
            "truncated"
        } else {
            "too long"
        };
        return Err(bad(format!(
            "{what}: shape ({rows}, {cols}) needs {} bytes of values, found {}",
            rows * cols * 4,
            data.len()
        )));
    }
    let values: Vec<f32> = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let array = if fortran {
        Array2::from_shape_vec((rows, cols).f(), values)
            .map(|a| a.as_standard_layout().into_owned())
    } else {
        Array2::from_shape_vec((rows, cols), values)
    };
    array.map_err(|e| bad(e.to_string()))
}

/// A 2-D f32 `.npy` file (C or Fortran order) as a row-major (rows, columns) array.
pub fn read_npy_f32(path: impl AsRef<Path>) -> Result<Array2<f32>> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| DataError::io(path, e))?;
    parse_npy_f32(&bytes, path, None)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn npy(header: &str, values: &[f32]) -> Vec<u8> {
        let mut h = header.to_string();
        while !(10 + h.len() + 1).is_multiple_of(64) {
            h.push(' ');
        }
        h.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(h.len() as u16).to_le_bytes());
        out.extend_from_slice(h.as_bytes());
        for v in values {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    #[test]
    fn c_and_fortran_order_give_the_same_matrix() {
        let c = npy(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
            &[1., 2., 3., 4., 5., 6.],
        );
        let f = npy(
            "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
            &[1., 4., 2., 5., 3., 6.],
        );
        let a = parse_npy_f32(&c, Path::new("c.npy"), None).unwrap();
        let b = parse_npy_f32(&f, Path::new("f.npy"), None).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[[1, 0]], 4.0);
        assert!(b.is_standard_layout());
    }

    #[test]
    fn wrong_dtype_and_truncation_are_explained() {
        let f8 = npy(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }",
            &[0.0, 0.0],
        );
        assert!(parse_npy_f32(&f8, Path::new("x.npy"), None)
            .unwrap_err()
            .to_string()
            .contains("'<f8'"));
        let short = npy(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
            &[1., 2., 3.],
        );
        let err = parse_npy_f32(&short, Path::new("v.npy"), Some("glove-50d"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("truncated") && err.contains("./ferrolab data fetch glove-50d --force"),
            "{err}"
        );
    }
}
