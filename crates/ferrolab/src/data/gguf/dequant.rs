//! Turning a GGUF tensor's stored blocks back into f32 values.
//!
//! Only the types llama.cpp's small models use are decoded: F32, F16, Q8_0 (32 int8 values
//! and one f16 scale: `x = d · q`) and Q4_1 (32 four-bit values, an f16 scale and an f16
//! minimum: `x = d · q + m`). The other types are named in the error, not guessed.

use super::{GgmlType, Gguf};
use crate::data::Result;
use ferrolab_data::DataError;

/// An IEEE half-precision float (GGUF's f16 scales) as f32, subnormals and infinities
/// included.
pub(super) fn f16_to_f32(bits: u16) -> f32 {
    let sign = if bits & 0x8000 == 0 { 1.0 } else { -1.0 };
    let exponent = i32::from((bits >> 10) & 0x1F);
    let mantissa = f32::from(bits & 0x3FF);
    let magnitude = match exponent {
        0 => mantissa * 2f32.powi(-24),
        31 if mantissa == 0.0 => f32::INFINITY,
        31 => f32::NAN,
        _ => (1.0 + mantissa / 1024.0) * 2f32.powi(exponent - 15),
    };
    sign * magnitude
}

fn half(bytes: &[u8], at: usize) -> f32 {
    f16_to_f32(u16::from_le_bytes([bytes[at], bytes[at + 1]]))
}

/// The `n` values that `bytes` (exactly `n` values' worth of blocks) store as `kind`.
pub fn dequantize(kind: GgmlType, bytes: &[u8], n: usize) -> std::result::Result<Vec<f32>, String> {
    let (per_block, block_bytes) = kind
        .block()
        .ok_or_else(|| format!("ggml type {kind:?} is unknown to ferrolab"))?;
    let blocks = n.div_ceil(per_block as usize);
    if bytes.len() != blocks * block_bytes as usize {
        return Err(format!(
            "{n} values of {kind:?} take {} bytes, got {}",
            blocks * block_bytes as usize,
            bytes.len()
        ));
    }
    let mut out = Vec::with_capacity(blocks * per_block as usize);
    match kind {
        GgmlType::F32 => out.extend(
            bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        ),
        GgmlType::F16 => out.extend((0..n).map(|i| half(bytes, 2 * i))),
        GgmlType::Q8_0 => {
            for block in bytes.chunks_exact(34) {
                let scale = half(block, 0);
                out.extend(block[2..].iter().map(|&q| scale * f32::from(q as i8)));
            }
        }
        GgmlType::Q4_1 => {
            for block in bytes.chunks_exact(20) {
                let (scale, min) = (half(block, 0), half(block, 2));
                let packed = &block[4..];
                // The low nibbles are the block's values 0..16, the high nibbles 16..32.
                out.extend(packed.iter().map(|&b| scale * f32::from(b & 0x0F) + min));
                out.extend(packed.iter().map(|&b| scale * f32::from(b >> 4) + min));
            }
        }
        other => {
            return Err(format!(
                "dequantising {other:?} is not implemented (F32, F16, Q8_0 and Q4_1 are)"
            ))
        }
    }
    out.truncate(n);
    Ok(out)
}

impl Gguf {
    /// A tensor's values as f32, in the file's order (ggml order: the first dimension in
    /// [`GgufTensor::dims`](super::GgufTensor::dims) varies fastest).
    pub fn dequantize(&self, name: &str) -> Result<Vec<f32>> {
        let bytes = self.tensor_bytes(name)?;
        let info = self
            .tensor(name)
            .ok_or_else(|| DataError::unknown("tensor", name, [""; 0]))?;
        dequantize(info.kind, &bytes, info.n_elements() as usize).map_err(|reason| {
            DataError::BadFile {
                file: self.path.clone(),
                reason: format!("tensor {name}: {reason}"),
            }
        })
    }

    /// A tensor as an f32 tch tensor in PyTorch's order (ggml's dimensions reversed), so a
    /// weight stored as `[576 in, 192 out]` comes back `[192, 576]`, ready for
    /// `x.matmul(&w.tr())`.
    #[cfg(feature = "dl")]
    pub fn to_tensor(&self, name: &str) -> Result<tch::Tensor> {
        let values = self.dequantize(name)?;
        let dims: Vec<i64> = self
            .tensor(name)
            .map(|t| t.dims.iter().rev().map(|&d| d as i64).collect())
            .unwrap_or_default();
        Ok(tch::Tensor::from_slice(&values).reshape(dims))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn halves_decode_normals_subnormals_and_signs() {
        assert_eq!(f16_to_f32(0x3C00), 1.0);
        assert_eq!(f16_to_f32(0xC000), -2.0);
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x7C00), f32::INFINITY);
        assert_eq!(f16_to_f32(0x0000), 0.0);
    }

    #[test]
    fn q4_1_and_q8_0_blocks_decode_by_hand() {
        // Q4_1: scale 0.5, min -1, byte j holds value j in its low nibble, 15 - j high.
        let mut block = vec![0x00, 0x38, 0x00, 0xBC];
        block.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
        let values = dequantize(GgmlType::Q4_1, &block, 32).unwrap();
        assert_eq!(values[0], -1.0);
        assert_eq!(values[3], 0.5);
        assert_eq!(values[16], 6.5);
        assert_eq!(values[31], -1.0);
        // Q8_0: scale 2, values -128, 0, 5, ...
        let mut block = vec![0x00, 0x40, 0x80, 0x00, 0x05];
        block.extend([0u8; 29]);
        let values = dequantize(GgmlType::Q8_0, &block, 32).unwrap();
        assert_eq!(&values[..3], &[-256.0, 0.0, 10.0]);
        let err = dequantize(GgmlType::Q4_1, &block, 32).unwrap_err();
        assert!(err.contains("take 20 bytes, got 34"), "{err}");
        let err = dequantize(GgmlType::Q6_K, &[0; 210], 256).unwrap_err();
        assert!(err.contains("Q6_K"), "{err}");
    }
}
