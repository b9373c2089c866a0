//! Real byte-pair-encoding vocabularies (GPT-2, GPT-3.5/4, GPT-4o) from the
//! `tiktoken-rs` crate, which embeds them: nothing to fetch.

use super::Result;
use ferrolab_data::DataError;
use std::path::PathBuf;
use tiktoken_rs::CoreBPE;

/// The vocabularies: `gpt2` is `r50k_base` (50,257 tokens); `cl100k_base` is GPT-3.5/4's
/// (100,256 + specials); `o200k_base` is GPT-4o's.
pub const BPE_NAMES: [&str; 5] = [
    "gpt2",
    "r50k_base",
    "p50k_base",
    "cl100k_base",
    "o200k_base",
];

/// A ready tokenizer: `bpe("gpt2")?.encode_ordinary("Hello world")` → `[15496, 995]`.
///
/// - Size: embedded in the `tiktoken-rs` crate (0.5–3.6 MB each); building one takes about a second.
/// - Licence: MIT (tiktoken-rs; vocabularies published by OpenAI in `tiktoken`).
pub fn bpe(name: &str) -> Result<CoreBPE> {
    let built = match name {
        "gpt2" | "r50k_base" => tiktoken_rs::r50k_base(),
        "p50k_base" => tiktoken_rs::p50k_base(),
        "cl100k_base" => tiktoken_rs::cl100k_base(),
        "o200k_base" => tiktoken_rs::o200k_base(),
        other => return Err(DataError::unknown("BPE vocabulary", other, BPE_NAMES)),
    };
    built.map_err(|e| DataError::BadFile {
        file: PathBuf::from(format!("tiktoken-rs/{name}")),
        reason: e.to_string(),
    })
}

/// The ordinary tokens of a vocabulary as bytes, by rank: entry `i` is token `i`.
/// Early ranks are the merges learned first: compare them with your own BPE.
pub fn bpe_vocabulary(name: &str) -> Result<Vec<Vec<u8>>> {
    let tokenizer = bpe(name)?;
    let specials = tokenizer.special_tokens();
    let mut tokens = Vec::new();
    for rank in 0u32.. {
        match tokenizer.decode_bytes(&[rank]) {
            Ok(bytes) if !std::str::from_utf8(&bytes).is_ok_and(|s| specials.contains(s)) => {
                tokens.push(bytes)
            }
            _ => break,
        }
    }
    Ok(tokens)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn gpt2_encodes_and_lists_its_vocabulary() {
        let gpt2 = bpe("gpt2").unwrap();
        assert_eq!(gpt2.encode_ordinary("Hello world"), vec![15496, 995]);
        let vocab = bpe_vocabulary("gpt2").unwrap();
        assert_eq!(vocab.len(), 50_256);
        assert_eq!(vocab[0], b"!");
        assert_eq!(vocab[15496], b"Hello");
        let err = bpe("gpt5").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("cl100k_base"), "{err}");
    }
}
