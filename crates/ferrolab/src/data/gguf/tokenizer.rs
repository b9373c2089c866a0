//! The byte-level BPE tokenizer that a GGUF file carries in its metadata
//! (`tokenizer.ggml.model = "gpt2"`): the tokens, the merges in priority order, and which
//! tokens are control tokens (`<|im_start|>`, written as text in a chat prompt).
//!
//! Encoding follows Hugging Face's `tokenizers` for SmolLM2 (`tokenizer.ggml.pre =
//! "smollm"`): control tokens are cut out of the text first; the rest is split into every
//! digit alone and, between them, GPT-2's pieces (`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+|
//! ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`, hand-written below); each piece's UTF-8
//! bytes become GPT-2's printable stand-in characters and are merged pair by pair, the
//! lowest-ranked merge first. Letters are `char::is_alphabetic` (a superset of `\p{L}`
//! that differs on a few combining marks), numbers `char::is_numeric` (exactly `\p{N}`).

use super::{Gguf, GgufValue};
use crate::data::Result;
use ferrolab_data::DataError;
use std::collections::HashMap;

/// A GGUF byte-level BPE tokenizer. Ids are `i64`, what tch's embeddings take.
#[derive(Debug, Clone)]
pub struct GgufTokenizer {
    tokens: Vec<String>,
    ids: HashMap<String, i64>,
    ranks: HashMap<(String, String), usize>,
    /// Control tokens, longest first, so a longer one wins over its prefix.
    control: Vec<(String, i64)>,
    byte_char: Vec<char>,
    char_byte: HashMap<char, u8>,
}

/// GPT-2's stand-ins: printable Latin-1 bytes are themselves, the 68 others move to
/// U+0100 and up in byte order (so a space is `Ġ`, a newline `Ċ`).
fn byte_chars() -> Vec<char> {
    let printable = |b: u32| (33..=126).contains(&b) || (161..=172).contains(&b) || b >= 174;
    let mut moved = 0;
    (0u32..256)
        .map(|b| {
            if printable(b) {
                char::from_u32(b).unwrap_or('?')
            } else {
                moved += 1;
                char::from_u32(255 + moved).unwrap_or('?')
            }
        })
        .collect()
}

/// The end of GPT-2's piece that starts at `chars[i]`.
fn piece_end(chars: &[char], i: usize) -> usize {
    let n = chars.len();
    if chars[i] == '\'' {
        for suffix in ["s", "t", "re", "ve", "m", "ll", "d"] {
            let end = i + 1 + suffix.len();
            if end <= n && chars[i + 1..end].iter().copied().eq(suffix.chars()) {
                return end;
            }
        }
    }
    let j = if chars[i] == ' ' && i + 1 < n {
        i + 1
    } else {
        i
    };
    let run = |test: &dyn Fn(char) -> bool| {
        let mut k = j;
        while k < n && test(chars[k]) {
            k += 1;
        }
        k
    };
    if chars[j].is_alphabetic() {
        return run(&|c| c.is_alphabetic());
    }
    if chars[j].is_numeric() {
        return run(&|c| c.is_numeric());
    }
    if !chars[j].is_whitespace() {
        return run(&|c| !(c.is_whitespace() || c.is_alphabetic() || c.is_numeric()));
    }
    // Whitespace: the whole run at the end of the text; before anything else, all of it
    // but the last character, which joins the next piece (" word").
    let mut k = i;
    while k < n && chars[k].is_whitespace() {
        k += 1;
    }
    if k < n && k - i > 1 {
        k - 1
    } else {
        k
    }
}

impl GgufTokenizer {
    /// The tokenizer in `gguf`'s metadata, or an error naming what is missing.
    pub fn from_gguf(gguf: &Gguf) -> Result<GgufTokenizer> {
        let bad = |reason: String| DataError::BadFile {
            file: gguf.path.clone(),
            reason,
        };
        let model = gguf.get("tokenizer.ggml.model").and_then(GgufValue::as_str);
        if model != Some("gpt2") {
            return Err(bad(format!(
                "its tokenizer is {model:?}, not the byte-level BPE (`gpt2`) this reads"
            )));
        }
        // Other pre-tokenizers (llama-bpe, qwen2, ...) split text differently: refuse them
        // rather than encode with the wrong rules.
        let pre = gguf.get("tokenizer.ggml.pre").and_then(GgufValue::as_str);
        if !matches!(pre, None | Some("smollm")) {
            return Err(bad(format!(
                "its pre-tokenizer is {pre:?}; this tokenizer implements SmolLM2's (`smollm`)"
            )));
        }
        let strings = |key: &str| -> Result<Vec<String>> {
            let items = gguf
                .get(key)
                .and_then(GgufValue::as_array)
                .ok_or_else(|| bad(format!("its metadata has no {key}")))?;
            Ok(items
                .iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect())
        };
        let tokens = strings("tokenizer.ggml.tokens")?;
        let ids: HashMap<String, i64> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as i64))
            .collect();
        let ranks = strings("tokenizer.ggml.merges")?
            .into_iter()
            .enumerate()
            .filter_map(|(rank, m)| {
                let (a, b) = m.split_once(' ')?;
                Some(((a.to_string(), b.to_string()), rank))
            })
            .collect();
        let types = gguf
            .get("tokenizer.ggml.token_type")
            .and_then(GgufValue::as_array)
            .unwrap_or_default();
        let mut control: Vec<(String, i64)> = types
            .iter()
            .enumerate()
            .filter(|(i, kind)| kind.as_u64() == Some(3) && *i < tokens.len())
            .map(|(i, _)| (tokens[i].clone(), i as i64))
            .collect();
        control.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        let byte_char = byte_chars();
        let char_byte = byte_char
            .iter()
            .enumerate()
            .map(|(b, &c)| (c, b as u8))
            .collect();
        Ok(GgufTokenizer {
            tokens,
            ids,
            ranks,
            control,
            byte_char,
            char_byte,
        })
    }

    /// Number of tokens (49,152 for SmolLM2).
    pub fn vocab_size(&self) -> usize {
        self.tokens.len()
    }

    /// The id of a whole token, e.g. `"<|im_end|>"`, or an error that lists the control
    /// tokens (an unknown name is never silently split into pieces).
    pub fn token_id(&self, token: &str) -> Result<i64> {
        self.ids
            .get(token)
            .copied()
            .ok_or_else(|| DataError::unknown("token", token, self.control.iter().map(|(t, _)| t)))
    }

    /// The token of an id, as stored (GPT-2's stand-ins: `Ġthe` is " the").
    pub fn token(&self, id: i64) -> Result<&str> {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.tokens.get(i))
            .map(String::as_str)
            .ok_or_else(|| self.unknown_id(id))
    }

    fn unknown_id(&self, id: i64) -> DataError {
        DataError::UnknownName {
            kind: "token id".into(),
            name: id.to_string(),
            known: format!("0 to {}", self.tokens.len() - 1),
        }
    }

    /// The ids of `text`; control tokens written in it (`<|im_start|>`) become their id.
    pub fn encode(&self, text: &str) -> Vec<i64> {
        let mut out = Vec::new();
        let mut rest = text;
        'outer: while !rest.is_empty() {
            for (at, _) in rest.char_indices() {
                if let Some((token, id)) = self
                    .control
                    .iter()
                    .find(|(t, _)| rest[at..].starts_with(t.as_str()))
                {
                    self.encode_ordinary(&rest[..at], &mut out);
                    out.push(*id);
                    rest = &rest[at + token.len()..];
                    continue 'outer;
                }
            }
            self.encode_ordinary(rest, &mut out);
            break;
        }
        out
    }

    /// Text without control tokens: digits alone, GPT-2's pieces between them.
    fn encode_ordinary(&self, text: &str, out: &mut Vec<i64>) {
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        while start < chars.len() {
            let stop = chars[start..]
                .iter()
                .position(|c| c.is_numeric())
                .map_or(chars.len(), |p| start + p);
            let mut i = start;
            while i < stop {
                let end = piece_end(&chars[..stop], i);
                self.merge(&chars[i..end], out);
                i = end;
            }
            if stop < chars.len() {
                self.merge(&chars[stop..=stop], out);
            }
            start = stop + 1;
        }
    }

    /// BPE on one piece: its bytes as stand-in characters, then the lowest-ranked merge
    /// of two neighbours, again and again, until no neighbours have a merge.
    fn merge(&self, piece: &[char], out: &mut Vec<i64>) {
        let text: String = piece.iter().collect();
        let mut parts: Vec<String> = text
            .bytes()
            .map(|b| self.byte_char[usize::from(b)].to_string())
            .collect();
        while parts.len() > 1 {
            let best = (0..parts.len() - 1)
                .filter_map(|i| {
                    let pair = (parts[i].clone(), parts[i + 1].clone());
                    self.ranks.get(&pair).map(|&rank| (rank, i))
                })
                .min();
            let Some((_, i)) = best else { break };
            let right = parts.remove(i + 1);
            parts[i].push_str(&right);
        }
        for part in parts {
            // Every byte is a token of a byte-level vocabulary; an id is always found.
            out.push(self.ids.get(&part).copied().unwrap_or(0));
        }
    }

    /// The text of `ids` (control tokens as written); an id outside the vocabulary is an
    /// error. Bytes that do not form UTF-8 (a character cut between tokens) show as `�`.
    pub fn decode(&self, ids: &[i64]) -> Result<String> {
        let mut bytes = Vec::new();
        for &id in ids {
            let token = self.token(id)?;
            if self.control.iter().any(|(_, c)| *c == id) {
                bytes.extend_from_slice(token.as_bytes());
            } else {
                for c in token.chars() {
                    match self.char_byte.get(&c) {
                        Some(&b) => bytes.push(b),
                        None => bytes.extend_from_slice(c.to_string().as_bytes()),
                    }
                }
            }
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let (mut i, mut out) = (0, Vec::new());
        while i < chars.len() {
            let end = piece_end(&chars, i);
            out.push(chars[i..end].iter().collect());
            i = end;
        }
        out
    }

    #[test]
    fn gpt2_pieces() {
        assert_eq!(
            pieces("I'll see  you\n\nthere!! ok  "),
            ["I", "'ll", " see", " ", " you", "\n", "\n", "there", "!!", " ok", "  "]
        );
        assert_eq!(pieces(" (x)"), [" (", "x", ")"]);
        let table = byte_chars();
        assert_eq!((table[b' ' as usize], table[b'\n' as usize]), ('Ġ', 'Ċ'));
        assert_eq!(table[b'A' as usize], 'A');
    }

    #[test]
    fn smollm2_round_trips_and_knows_its_control_tokens() {
        let Ok(gguf) = crate::data::smollm2() else {
            return; // the model is not installed here
        };
        let tok = GgufTokenizer::from_gguf(&gguf).unwrap();
        let text = "<|im_start|>user\nWhat is 12 + 30?<|im_end|>\n";
        let ids = tok.encode(text);
        assert_eq!(ids[0], 1);
        assert_eq!(tok.decode(&ids).unwrap(), text);
        assert_eq!(tok.token_id("<|im_end|>").unwrap(), 2);
        let err = tok.token_id("<|im_middle|>").unwrap_err().to_string();
        assert!(err.contains("<|im_start|>"), "{err}");
        let err = tok.decode(&[5, 49_152]).unwrap_err().to_string();
        assert!(err.contains("49152") && err.contains("0 to 49151"), "{err}");
        let mut other = gguf.clone();
        other
            .metadata
            .retain(|(key, _)| key != "tokenizer.ggml.pre");
        other.metadata.push((
            "tokenizer.ggml.pre".into(),
            GgufValue::String("llama-bpe".into()),
        ));
        let err = GgufTokenizer::from_gguf(&other).unwrap_err().to_string();
        assert!(err.contains("llama-bpe"), "{err}");
    }
}
