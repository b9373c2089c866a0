//! Wrong answers to dl lesson 7, text classification:
//! notebooks/04-dl/07-text-classification.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;
use std::collections::HashMap;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "dl/char-vocab",
            what: "numbers the characters from 0",
            grade: |g| checks::dl::char_vocab(g, vocab_from_zero),
            says: "ids 0 and 1 are taken",
        },
        Wrong {
            id: "dl/char-vocab",
            what: "keeps characters seen more than min_count times",
            grade: |g| checks::dl::char_vocab(g, vocab_strictly_more),
            says: "keep those seen at least min_count times",
        },
        Wrong {
            id: "dl/char-vocab",
            what: "counts each character once per text",
            grade: |g| checks::dl::char_vocab(g, vocab_per_text),
            says: "count every occurrence",
        },
        Wrong {
            id: "dl/encode-batch",
            what: "maps unknown characters to 0",
            grade: |g| checks::dl::encode_batch(g, encode_unknown_as_padding),
            says: "unknown characters became 0, the padding id",
        },
        Wrong {
            id: "dl/encode-batch",
            what: "pads in front",
            grade: |g| checks::dl::encode_batch(g, encode_padding_first),
            says: "pad at the end",
        },
        Wrong {
            id: "dl/encode-batch",
            what: "keeps the end of long texts",
            grade: |g| checks::dl::encode_batch(g, encode_keeping_the_end),
            says: "keep the first len",
        },
        Wrong {
            id: "dl/encode-batch",
            what: "builds the ids as floats",
            grade: |g| checks::dl::encode_batch(g, encode_as_floats),
            says: "an embedding looks up Int64 ids",
        },
        Wrong {
            id: "dl/masked-mean",
            what: "averages over the padding too",
            grade: |g| checks::dl::masked_mean(g, mean_with_padding),
            says: "the padding positions were averaged in",
        },
        Wrong {
            id: "dl/masked-mean",
            what: "sums instead of averaging",
            grade: |g| checks::dl::masked_mean(g, masked_sum),
            says: "that is the sum",
        },
        Wrong {
            id: "dl/masked-mean",
            what: "divides an empty text by 0",
            grade: |g| checks::dl::masked_mean(g, mean_without_clamp),
            says: "a text with no characters gave NaN",
        },
    ]
}

/// Characters by decreasing count (ties by character), each occurrence counted or only
/// the first in each text, kept when the count passes `keep`, numbered from `first`.
fn vocab(
    texts: &[String],
    once_per_text: bool,
    keep: impl Fn(usize) -> bool,
    first: i64,
) -> HashMap<char, i64> {
    let mut counts: HashMap<char, usize> = HashMap::new();
    for text in texts {
        let mut chars: Vec<char> = text.chars().collect();
        if once_per_text {
            chars.sort_unstable();
            chars.dedup();
        }
        for ch in chars {
            *counts.entry(ch).or_insert(0) += 1;
        }
    }
    let mut kept: Vec<(char, usize)> = counts.into_iter().filter(|&(_, n)| keep(n)).collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    kept.iter()
        .enumerate()
        .map(|(i, &(ch, _))| (ch, i as i64 + first))
        .collect()
}

pub fn vocab_from_zero(texts: &[String], min_count: usize) -> HashMap<char, i64> {
    vocab(texts, false, |n| n >= min_count, 0)
}

pub fn vocab_strictly_more(texts: &[String], min_count: usize) -> HashMap<char, i64> {
    vocab(texts, false, |n| n > min_count, 2)
}

pub fn vocab_per_text(texts: &[String], min_count: usize) -> HashMap<char, i64> {
    vocab(texts, true, |n| n >= min_count, 2)
}

/// Ids of the texts, `unknown` for characters outside the vocabulary, padded in front or
/// at the end, keeping the first or the last `len` characters.
fn encode(
    texts: &[String],
    vocab: &HashMap<char, i64>,
    len: usize,
    unknown: i64,
    pad_front: bool,
    keep_end: bool,
) -> Vec<i64> {
    let mut rows = Vec::new();
    for text in texts {
        let ids: Vec<i64> = text
            .chars()
            .map(|ch| *vocab.get(&ch).unwrap_or(&unknown))
            .collect();
        let kept = if keep_end && ids.len() > len {
            ids[ids.len() - len..].to_vec()
        } else {
            ids.into_iter().take(len).collect()
        };
        let padding = vec![0; len - kept.len()];
        if pad_front {
            rows.extend(padding.iter().chain(&kept));
        } else {
            rows.extend(kept.iter().chain(&padding));
        }
    }
    rows
}

fn batch(ids: Vec<i64>, n: usize, len: usize) -> Tensor {
    Tensor::from_slice(&ids).view([n as i64, len as i64])
}

pub fn encode_unknown_as_padding(
    texts: &[String],
    vocab: &HashMap<char, i64>,
    len: usize,
) -> Tensor {
    batch(encode(texts, vocab, len, 0, false, false), texts.len(), len)
}

pub fn encode_padding_first(texts: &[String], vocab: &HashMap<char, i64>, len: usize) -> Tensor {
    batch(encode(texts, vocab, len, 1, true, false), texts.len(), len)
}

pub fn encode_keeping_the_end(texts: &[String], vocab: &HashMap<char, i64>, len: usize) -> Tensor {
    batch(encode(texts, vocab, len, 1, false, true), texts.len(), len)
}

pub fn encode_as_floats(texts: &[String], vocab: &HashMap<char, i64>, len: usize) -> Tensor {
    batch(encode(texts, vocab, len, 1, false, false), texts.len(), len).to_kind(Kind::Float)
}

pub fn mean_with_padding(embedded: &Tensor, _ids: &Tensor) -> Tensor {
    embedded.mean_dim(1, false, Kind::Float)
}

pub fn masked_sum(embedded: &Tensor, ids: &Tensor) -> Tensor {
    let mask = ids.ne(0).to_kind(Kind::Float).unsqueeze(-1);
    (embedded * mask).sum_dim_intlist(1, false, Kind::Float)
}

pub fn mean_without_clamp(embedded: &Tensor, ids: &Tensor) -> Tensor {
    let mask = ids.ne(0).to_kind(Kind::Float).unsqueeze(-1);
    let count = mask.sum_dim_intlist(1, false, Kind::Float);
    (embedded * mask).sum_dim_intlist(1, false, Kind::Float) / count
}
