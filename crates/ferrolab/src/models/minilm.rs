//! all-MiniLM-L6-v2 as a sentence encoder: text in, one unit-length 384-number vector out.
//! Lesson 5 derives this forward pass step by step; this is the same computation, with the
//! weights looked up once at load instead of by name at every call.

use super::{ModelError, Result};
use crate::data::{BertConfig, WordPiece};
use std::collections::HashMap;
use tch::{Device, Kind, Tensor};

/// A weight and a bias.
#[derive(Debug)]
struct Affine {
    weight: Tensor,
    bias: Tensor,
}

/// One post-norm encoder layer's weights.
#[derive(Debug)]
struct Layer {
    query: Affine,
    key: Affine,
    value: Affine,
    attention_out: Affine,
    attention_norm: Affine,
    intermediate: Affine,
    output: Affine,
    output_norm: Affine,
}

/// all-MiniLM-L6-v2, ready to embed sentences.
///
/// ```no_run
/// use ferrolab::models::MiniLmEncoder;
/// let encoder = MiniLmEncoder::load()?;
/// let x = encoder.embed(&["Call me Ishmael.", "My name is Ishmael."])?;
/// let cosine = x.get(0).dot(&x.get(1)).double_value(&[]);
/// assert!(cosine > 0.5);
/// # Ok::<(), ferrolab::models::ModelError>(())
/// ```
#[derive(Debug)]
pub struct MiniLmEncoder {
    tokenizer: WordPiece,
    config: BertConfig,
    word: Tensor,
    position: Tensor,
    segment: Tensor,
    embedding_norm: Affine,
    layers: Vec<Layer>,
}

impl MiniLmEncoder {
    /// The longest text, in word pieces with `[CLS]` and `[SEP]`, that the model has position
    /// vectors for.
    pub const MAX_TOKENS: usize = 512;

    /// Texts per forward pass in [`embed`](Self::embed).
    const BATCH: usize = 32;

    /// The installed weights (`./ferrolab data fetch minilm`), on the CPU.
    pub fn load() -> Result<MiniLmEncoder> {
        let minilm = crate::data::minilm(Device::Cpu)?;
        let weights: HashMap<String, Tensor> = minilm
            .vs
            .variables()
            .into_iter()
            .map(|(name, tensor)| (name, tensor.detach()))
            .collect();
        let get = |name: &str| -> Result<Tensor> {
            weights.get(name).map(Tensor::shallow_clone).ok_or_else(|| {
                ModelError::Torch(format!(
                    "MiniLM's weights have no tensor `{name}`: reinstall them with \
                     `./ferrolab data fetch minilm`"
                ))
            })
        };
        let affine = |name: &str| -> Result<Affine> {
            Ok(Affine {
                weight: get(&format!("{name}.weight"))?,
                bias: get(&format!("{name}.bias"))?,
            })
        };
        let layers = (0..minilm.config.num_hidden_layers)
            .map(|i| {
                let p = format!("encoder.layer.{i}");
                Ok(Layer {
                    query: affine(&format!("{p}.attention.self.query"))?,
                    key: affine(&format!("{p}.attention.self.key"))?,
                    value: affine(&format!("{p}.attention.self.value"))?,
                    attention_out: affine(&format!("{p}.attention.output.dense"))?,
                    attention_norm: affine(&format!("{p}.attention.output.LayerNorm"))?,
                    intermediate: affine(&format!("{p}.intermediate.dense"))?,
                    output: affine(&format!("{p}.output.dense"))?,
                    output_norm: affine(&format!("{p}.output.LayerNorm"))?,
                })
            })
            .collect::<Result<Vec<Layer>>>()?;
        Ok(MiniLmEncoder {
            word: get("embeddings.word_embeddings.weight")?,
            position: get("embeddings.position_embeddings.weight")?,
            segment: get("embeddings.token_type_embeddings.weight")?.get(0),
            embedding_norm: affine("embeddings.LayerNorm")?,
            layers,
            tokenizer: minilm.tokenizer,
            config: minilm.config,
        })
    }

    /// The WordPiece tokenizer (uncased, 30,522 pieces).
    pub fn tokenizer(&self) -> &WordPiece {
        &self.tokenizer
    }

    /// The model's hyper-parameters.
    pub fn config(&self) -> &BertConfig {
        &self.config
    }

    /// How many word pieces the model reads for `text`, `[CLS]` and `[SEP]` included.
    pub fn count_tokens(&self, text: &str) -> usize {
        self.tokenizer.encode(text).len()
    }

    /// Unit-length sentence embeddings of `texts`, `[texts.len(), 384]`, f32, without
    /// gradients: the dot product of two rows is their cosine similarity. Texts run in
    /// batches of 32 of similar length (less padding); the order of the rows is the order
    /// of `texts`. A text longer than [`MAX_TOKENS`](Self::MAX_TOKENS) is an error that
    /// names it.
    pub fn embed<S: AsRef<str>>(&self, texts: &[S]) -> Result<Tensor> {
        let encoded: Vec<Vec<i64>> = texts
            .iter()
            .map(|t| self.tokenizer.encode(t.as_ref()))
            .collect();
        if let Some((i, ids)) = encoded
            .iter()
            .enumerate()
            .find(|(_, ids)| ids.len() > Self::MAX_TOKENS)
        {
            return Err(ModelError::TooLong {
                what: format!("text {i}"),
                tokens: ids.len(),
                limit: Self::MAX_TOKENS,
            });
        }
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encoded[i].len());
        let dim = self.config.hidden_size;
        let mut out = Tensor::zeros([texts.len() as i64, dim], (Kind::Float, Device::Cpu));
        tch::no_grad(|| -> Result<()> {
            for chunk in order.chunks(Self::BATCH) {
                let rows: Vec<&[i64]> = chunk.iter().map(|&i| encoded[i].as_slice()).collect();
                let (ids, mask) = self.pad(&rows);
                let vectors = self.sentence_vectors(&ids, &mask);
                let at: Vec<i64> = chunk.iter().map(|&i| i as i64).collect();
                let _ = out.f_index_copy_(0, &Tensor::from_slice(&at), &vectors)?;
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Ids and attention mask, `[batch, longest]` each, padded with `[PAD]`.
    fn pad(&self, rows: &[&[i64]]) -> (Tensor, Tensor) {
        let seq = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut ids = vec![self.tokenizer.pad_id(); rows.len() * seq];
        let mut mask = vec![0i64; rows.len() * seq];
        for (b, row) in rows.iter().enumerate() {
            ids[b * seq..b * seq + row.len()].copy_from_slice(row);
            mask[b * seq..b * seq + row.len()].fill(1);
        }
        let shape = [rows.len() as i64, seq as i64];
        (
            Tensor::from_slice(&ids).reshape(shape),
            Tensor::from_slice(&mask).reshape(shape),
        )
    }

    /// Mean of the last hidden states over the real tokens, scaled to length 1.
    fn sentence_vectors(&self, ids: &Tensor, mask: &Tensor) -> Tensor {
        // A large negative score on padding keys: after the softmax, no query looks at them.
        let bias = (mask.eq(0).to_kind(Kind::Float) * -1e9)
            .unsqueeze(1)
            .unsqueeze(1);
        let mut x = self.embeddings(ids);
        for layer in &self.layers {
            x = self.layer(layer, &x, &bias);
        }
        let weights = mask.to_kind(Kind::Float).unsqueeze(-1);
        let pooled = (x * &weights).sum_dim_intlist(1, false, Kind::Float)
            / weights
                .sum_dim_intlist(1, false, Kind::Float)
                .clamp_min(1.0);
        &pooled / pooled.norm_scalaropt_dim(2.0, [-1], true).clamp_min(1e-12)
    }

    fn embeddings(&self, ids: &Tensor) -> Tensor {
        let positions = Tensor::arange(ids.size()[1], (Kind::Int64, Device::Cpu));
        let x = Tensor::embedding(&self.word, ids, -1, false, false)
            + Tensor::embedding(&self.position, &positions, -1, false, false)
            + &self.segment;
        self.norm(&x, &self.embedding_norm)
    }

    /// Self-attention then the feed-forward layer, each added to its input and normalised.
    fn layer(&self, w: &Layer, x: &Tensor, bias: &Tensor) -> Tensor {
        let (batch, seq, dim) = (x.size()[0], x.size()[1], x.size()[2]);
        let heads = self.config.num_attention_heads;
        let split = |a: &Affine| {
            linear(x, a)
                .reshape([batch, seq, heads, -1])
                .transpose(1, 2)
        };
        let (q, k, v) = (split(&w.query), split(&w.key), split(&w.value));
        let scale = ((dim / heads) as f64).sqrt();
        let weights = (q.matmul(&k.transpose(-2, -1)) / scale + bias).softmax(-1, Kind::Float);
        let context = weights
            .matmul(&v)
            .transpose(1, 2)
            .reshape([batch, seq, dim]);
        let x = self.norm(&(x + linear(&context, &w.attention_out)), &w.attention_norm);
        let h = linear(&x, &w.intermediate).gelu("none");
        self.norm(&(&x + linear(&h, &w.output)), &w.output_norm)
    }

    fn norm(&self, x: &Tensor, a: &Affine) -> Tensor {
        let eps = self.config.layer_norm_eps;
        x.layer_norm(a.weight.size(), Some(&a.weight), Some(&a.bias), eps, false)
    }
}

fn linear(x: &Tensor, a: &Affine) -> Tensor {
    x.linear(&a.weight, Some(&a.bias))
}
