//! SmolLM2-135M-Instruct: the Llama decoder lesson 7 writes piece by piece (RMSNorm, RoPE
//! on neighbouring pairs, grouped-query attention, a key/value cache, SwiGLU), loaded from
//! the shipped GGUF with its weights decoded to f32 once.

use super::{ModelError, Result};
use crate::data::{Gguf, GgufTokenizer, LlamaConfig};
use tch::{Device, Kind, Tensor};

/// One decoder block's weights, each `[out, in]` as `nn::Linear` stores them.
#[derive(Debug)]
struct Block {
    attn_norm: Tensor,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    o: Tensor,
    ffn_norm: Tensor,
    gate: Tensor,
    up: Tensor,
    down: Tensor,
}

/// Each block's keys and values so far, `[kv_heads, tokens, head_dim]`: what a new token
/// attends to without recomputing the tokens before it.
#[derive(Debug)]
pub struct KvCache {
    layers: Vec<(Tensor, Tensor)>,
}

impl KvCache {
    /// Tokens already in the cache.
    pub fn len(&self) -> usize {
        self.layers.first().map_or(0, |(k, _)| k.size()[1] as usize)
    }

    /// Whether no token has been read yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// SmolLM2-135M-Instruct, ready to score and generate text.
///
/// ```no_run
/// use ferrolab::models::{GenerateOptions, SmolLm2};
/// let model = SmolLm2::load()?;
/// let prompt = SmolLm2::user_prompt("What is the capital of France?");
/// let answer = model.generate(&prompt, &GenerateOptions::default())?;
/// assert_eq!(answer.text, "The capital of France is Paris.");
/// # Ok::<(), ferrolab::models::ModelError>(())
/// ```
#[derive(Debug)]
pub struct SmolLm2 {
    config: LlamaConfig,
    tokenizer: GgufTokenizer,
    embed: Tensor,
    blocks: Vec<Block>,
    norm: Tensor,
    /// cos and sin of every position's RoPE angles, `[context, head_dim / 2]` each.
    rope: (Tensor, Tensor),
    end_of_turn: i64,
}

impl SmolLm2 {
    /// The installed GGUF (`./ferrolab data fetch smollm2`), decoded to f32 on the CPU
    /// (about 540 MB).
    pub fn load() -> Result<SmolLm2> {
        SmolLm2::from_gguf(&crate::data::smollm2()?)
    }

    /// A Llama-architecture GGUF's model; another architecture is an error that names it.
    pub fn from_gguf(gguf: &Gguf) -> Result<SmolLm2> {
        let config = LlamaConfig::from_gguf(gguf)?;
        let tokenizer = GgufTokenizer::from_gguf(gguf)?;
        let (dim, kv_dim) = (config.dim, config.kv_heads * config.head_dim);
        let weight = |name: &str, shape: &[i64]| -> Result<Tensor> {
            let t = gguf.to_tensor(name)?;
            if t.size() != shape {
                return Err(ModelError::Torch(format!(
                    "{name} is {:?} in {}, and a model of this configuration needs {shape:?}",
                    t.size(),
                    gguf.path.display()
                )));
            }
            Ok(t)
        };
        let mut blocks = Vec::new();
        for i in 0..config.layers {
            let w = |name: &str, shape: &[i64]| weight(&format!("blk.{i}.{name}.weight"), shape);
            blocks.push(Block {
                attn_norm: w("attn_norm", &[dim])?,
                q: w("attn_q", &[dim, dim])?,
                k: w("attn_k", &[kv_dim, dim])?,
                v: w("attn_v", &[kv_dim, dim])?,
                o: w("attn_output", &[dim, dim])?,
                ffn_norm: w("ffn_norm", &[dim])?,
                gate: w("ffn_gate", &[config.ffn_dim, dim])?,
                up: w("ffn_up", &[config.ffn_dim, dim])?,
                down: w("ffn_down", &[dim, config.ffn_dim])?,
            });
        }
        let half = config.head_dim / 2;
        let options = (Kind::Double, Device::Cpu);
        let frequency = (Tensor::arange(half, options) * (-2.0 * config.rope_theta.ln())
            / config.head_dim as f64)
            .exp();
        let angle = Tensor::arange(config.context, options).unsqueeze(1) * frequency;
        let rope = (
            angle.cos().to_kind(Kind::Float),
            angle.sin().to_kind(Kind::Float),
        );
        Ok(SmolLm2 {
            embed: weight("token_embd.weight", &[config.vocab, dim])?,
            norm: weight("output_norm.weight", &[dim])?,
            end_of_turn: tokenizer.token_id("<|im_end|>")?,
            blocks,
            rope,
            tokenizer,
            config,
        })
    }

    /// The chat format for one user message and nothing else: SmolLM2's template without
    /// its default system message, which makes this 4-bit model repeat itself (lesson 7).
    pub fn user_prompt(question: &str) -> String {
        format!("<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n")
    }

    /// The byte-level BPE tokenizer read from the GGUF.
    pub fn tokenizer(&self) -> &GgufTokenizer {
        &self.tokenizer
    }

    /// The model's sizes (30 blocks, width 576, context 8,192, ...).
    pub fn config(&self) -> &LlamaConfig {
        &self.config
    }

    /// The id of `<|im_end|>`, which ends a turn of the conversation.
    pub fn end_of_turn(&self) -> i64 {
        self.end_of_turn
    }

    /// The token ids of `text`; control tokens such as `<|im_start|>` stay whole.
    pub fn encode(&self, text: &str) -> Vec<i64> {
        self.tokenizer.encode(text)
    }

    /// The text of `ids`.
    pub fn decode(&self, ids: &[i64]) -> Result<String> {
        Ok(self.tokenizer.decode(ids)?)
    }

    /// A cache holding no tokens yet.
    pub fn empty_cache(&self) -> KvCache {
        let c = &self.config;
        let empty = || Tensor::zeros([c.kv_heads, 0, c.head_dim], (Kind::Float, Device::Cpu));
        KvCache {
            layers: (0..c.layers).map(|_| (empty(), empty())).collect(),
        }
    }

    /// The scores `[ids.len(), vocab]` for the token after each of `ids`, which follow the
    /// tokens already in `cache`; the cache grows by `ids.len()`. Ids outside the vocabulary
    /// and a cache that would outgrow the context window are errors, and leave the cache as
    /// it was.
    pub fn forward(&self, ids: &[i64], cache: &mut KvCache) -> Result<Tensor> {
        let c = &self.config;
        if let Some(&id) = ids.iter().find(|&&id| !(0..c.vocab).contains(&id)) {
            return Err(ModelError::UnknownToken { id, vocab: c.vocab });
        }
        let start = cache.len() as i64;
        let n = ids.len() as i64;
        if start + n > c.context {
            return Err(ModelError::TooLong {
                what: format!("{start} cached tokens and {n} new ones"),
                tokens: (start + n) as usize,
                limit: c.context as usize,
            });
        }
        tch::no_grad(|| {
            let cos = self.rope.0.narrow(0, start, n);
            let sin = self.rope.1.narrow(0, start, n);
            let mask = causal_mask(n, start);
            let mut x = self.embed.index_select(0, &Tensor::from_slice(ids));
            for (block, (past_k, past_v)) in self.blocks.iter().zip(cache.layers.iter_mut()) {
                let h = rms_norm(&x, &block.attn_norm, c.rms_eps);
                let heads = |w: &Tensor, count: i64| {
                    h.matmul(&w.tr())
                        .view([n, count, c.head_dim])
                        .transpose(0, 1)
                };
                let q = rope(&heads(&block.q, c.heads), &cos, &sin);
                let k = rope(&heads(&block.k, c.kv_heads), &cos, &sin);
                let v = heads(&block.v, c.kv_heads);
                let keys = Tensor::cat(&[&*past_k, &k], 1);
                let values = Tensor::cat(&[&*past_v, &v], 1);
                let attended = Tensor::scaled_dot_product_attention(
                    &q.unsqueeze(0),
                    &keys.unsqueeze(0),
                    &values.unsqueeze(0),
                    mask.as_ref(),
                    0.0,
                    false,
                    None,
                    true,
                )
                .squeeze_dim(0);
                x += attended
                    .transpose(0, 1)
                    .reshape([n, c.dim])
                    .matmul(&block.o.tr());
                let h = rms_norm(&x, &block.ffn_norm, c.rms_eps);
                let gated = h.matmul(&block.gate.tr()).silu() * h.matmul(&block.up.tr());
                x += gated.matmul(&block.down.tr());
                (*past_k, *past_v) = (keys, values);
            }
            Ok(rms_norm(&x, &self.norm, c.rms_eps).matmul(&self.embed.tr()))
        })
    }
}

/// x / sqrt(mean(x²) + ε) · w over the last dimension.
fn rms_norm(x: &Tensor, weight: &Tensor, eps: f64) -> Tensor {
    x * (x.square().mean_dim(-1, true, Kind::Float) + eps).rsqrt() * weight
}

/// Rotary positions on GGUF's layout: numbers 2i and 2i+1 of a head form pair i.
fn rope(x: &Tensor, cos: &Tensor, sin: &Tensor) -> Tensor {
    let d = x.size()[2];
    let pairs = x.unflatten(-1, [d / 2, 2]);
    let (even, odd) = (pairs.select(-1, 0), pairs.select(-1, 1));
    let turned = [&even * cos - &odd * sin, &even * sin + &odd * cos];
    Tensor::stack(&turned, -1).flatten(-2, -1)
}

/// Which cached and new keys each of `n` new queries may see (true = may): all of the
/// `start` cached ones and the new ones up to its own position. None for one query, which
/// may see everything.
fn causal_mask(n: i64, start: i64) -> Option<Tensor> {
    (n > 1).then(|| {
        Tensor::ones([n, start + n], (Kind::Bool, Device::Cpu))
            .tril(start)
            .unsqueeze(0)
            .unsqueeze(0)
    })
}
