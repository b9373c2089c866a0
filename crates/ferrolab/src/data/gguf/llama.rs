//! The hyper-parameters of a Llama-family decoder, read from a GGUF's metadata, with the
//! checks that turn "another model" into a sentence instead of a shape error deep inside
//! a forward pass.

use super::{Gguf, GgufValue};
use crate::data::Result;
use ferrolab_data::DataError;

/// What a Llama decoder's forward pass needs to know (SmolLM2-135M's values in brackets).
#[derive(Debug, Clone, PartialEq)]
pub struct LlamaConfig {
    /// Decoder blocks (30).
    pub layers: i64,
    /// Width of every hidden state (576).
    pub dim: i64,
    /// Query heads (9).
    pub heads: i64,
    /// Key/value heads, shared by groups of query heads (3).
    pub kv_heads: i64,
    /// Width of one head, `dim / heads` (64).
    pub head_dim: i64,
    /// Width of the SwiGLU feed-forward layer (1,536).
    pub ffn_dim: i64,
    /// Tokens in the vocabulary (49,152).
    pub vocab: i64,
    /// The longest sequence the model was trained on, prompt and answer together (8,192).
    pub context: i64,
    /// RoPE's base θ: pair i of a head turns by `pos · θ^(-2i / head_dim)` (100,000).
    pub rope_theta: f64,
    /// RMSNorm's ε (1e-5).
    pub rms_eps: f64,
}

impl LlamaConfig {
    /// The configuration of a Llama decoder, or a [`DataError::BadFile`] that says what
    /// the file holds instead (`general.architecture`) or which key is missing.
    pub fn from_gguf(gguf: &Gguf) -> Result<LlamaConfig> {
        let bad = |reason: String| DataError::BadFile {
            file: gguf.path.clone(),
            reason,
        };
        let arch = gguf
            .get("general.architecture")
            .and_then(GgufValue::as_str)
            .ok_or_else(|| bad("no general.architecture in its metadata".into()))?;
        if arch != "llama" {
            return Err(bad(format!(
                "it holds a `{arch}` model (general.architecture), and this forward pass is a \
                 Llama decoder: it reads only `llama` files such as SmolLM2"
            )));
        }
        let int = |key: &str| -> Result<i64> {
            gguf.get(&format!("llama.{key}"))
                .and_then(GgufValue::as_u64)
                .map(|v| v as i64)
                .ok_or_else(|| bad(format!("its metadata has no integer llama.{key}")))
        };
        let float = |key: &str, default: f64| {
            gguf.get(&format!("llama.{key}"))
                .and_then(GgufValue::as_f64)
                .unwrap_or(default)
        };
        let (dim, heads) = (int("embedding_length")?, int("attention.head_count")?);
        let kv_heads = int("attention.head_count_kv").unwrap_or(heads);
        if heads == 0 || kv_heads == 0 || dim % heads != 0 || heads % kv_heads != 0 {
            return Err(bad(format!(
                "{dim} dimensions, {heads} heads and {kv_heads} key/value heads do not divide"
            )));
        }
        let vocab = match int("vocab_size") {
            Ok(v) => v,
            Err(e) => gguf
                .get("tokenizer.ggml.tokens")
                .and_then(GgufValue::as_array)
                .map(|t| t.len() as i64)
                .ok_or(e)?,
        };
        Ok(LlamaConfig {
            layers: int("block_count")?,
            dim,
            heads,
            kv_heads,
            head_dim: dim / heads,
            ffn_dim: int("feed_forward_length")?,
            vocab,
            context: int("context_length")?,
            rope_theta: float("rope.freq_base", 10_000.0),
            rms_eps: float("attention.layer_norm_rms_epsilon", 1e-5),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn gguf(arch: &str) -> Gguf {
        let int = |k: &str, v: u64| (format!("llama.{k}"), GgufValue::U64(v));
        Gguf {
            path: PathBuf::from("model.gguf"),
            version: 3,
            metadata: vec![
                (
                    "general.architecture".into(),
                    GgufValue::String(arch.into()),
                ),
                int("block_count", 30),
                int("embedding_length", 576),
                int("attention.head_count", 9),
                int("attention.head_count_kv", 3),
                int("feed_forward_length", 1536),
                int("vocab_size", 49152),
                int("context_length", 8192),
                ("llama.rope.freq_base".into(), GgufValue::F64(100_000.0)),
            ],
            tensors: vec![],
            data_offset: 0,
        }
    }

    #[test]
    fn reads_llama_and_names_other_architectures() {
        let config = LlamaConfig::from_gguf(&gguf("llama")).unwrap();
        assert_eq!((config.head_dim, config.kv_heads), (64, 3));
        assert_eq!((config.rope_theta, config.rms_eps), (100_000.0, 1e-5));
        let err = LlamaConfig::from_gguf(&gguf("gpt2")).unwrap_err();
        assert!(matches!(err, DataError::BadFile { .. }));
        let text = err.to_string();
        assert!(
            text.contains("model.gguf") && text.contains("`gpt2` model"),
            "{text}"
        );
        let mut odd = gguf("llama");
        odd.metadata[4] = ("llama.attention.head_count_kv".into(), GgufValue::U64(4));
        let text = LlamaConfig::from_gguf(&odd).unwrap_err().to_string();
        assert!(text.contains("do not divide"), "{text}");
    }
}
