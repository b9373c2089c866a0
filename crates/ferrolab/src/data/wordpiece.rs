//! BERT's WordPiece tokenizer, written from its definition so lessons can read it:
//! clean the text, split off punctuation and CJK characters, lower-case and strip
//! accents, then cut each word greedily into the longest pieces in the vocabulary
//! (pieces after the first start with `##`). MiniLM uses it with `vocab.txt`.

use super::Result;
use ferrolab_data::DataError;
use std::collections::HashMap;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Words longer than this become `[UNK]` (BERT's rule).
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary and the rules to cut text with it.
#[derive(Debug, Clone)]
pub struct WordPiece {
    tokens: Vec<String>,
    ids: HashMap<String, i64>,
    unk: i64,
    cls: i64,
    sep: i64,
    pad: i64,
    lowercase: bool,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// ASCII symbols count as punctuation (BERT's rule), plus the common Unicode punctuation
/// blocks (std has no Unicode categories; this covers general, CJK and full-width punctuation).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32,
            0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF | 0x2010..=0x2027 | 0x2030..=0x205E
            | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

fn is_dropped(c: char) -> bool {
    c == '\0'
        || c == '\u{FFFD}'
        || (c.is_control() && !c.is_whitespace())
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}')
}

impl WordPiece {
    /// A vocabulary, one token per id; it must contain `[UNK]`, `[CLS]`, `[SEP]` and `[PAD]`.
    pub fn from_vocab(
        tokens: Vec<String>,
        lowercase: bool,
    ) -> std::result::Result<WordPiece, String> {
        let ids: HashMap<String, i64> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as i64))
            .collect();
        let special = |name: &str| {
            ids.get(name)
                .copied()
                .ok_or_else(|| format!("the vocabulary has no {name} token"))
        };
        Ok(WordPiece {
            unk: special("[UNK]")?,
            cls: special("[CLS]")?,
            sep: special("[SEP]")?,
            pad: special("[PAD]")?,
            tokens,
            ids,
            lowercase,
        })
    }

    /// A BERT `vocab.txt` (one token a line), for an uncased model.
    pub fn from_vocab_file(path: impl AsRef<Path>) -> Result<WordPiece> {
        Self::from_vocab_file_checked(path.as_ref(), None)
    }

    pub(crate) fn from_vocab_file_checked(path: &Path, set: Option<&str>) -> Result<WordPiece> {
        let text = std::fs::read_to_string(path).map_err(|e| DataError::io(path, e))?;
        let tokens = text.lines().map(str::to_string).collect();
        WordPiece::from_vocab(tokens, true).map_err(|reason| DataError::format(set, path, reason))
    }

    /// Vocabulary size.
    pub fn vocab_size(&self) -> usize {
        self.tokens.len()
    }

    /// A token's id.
    pub fn id(&self, token: &str) -> Option<i64> {
        self.ids.get(token).copied()
    }

    /// An id's token.
    pub fn token(&self, id: i64) -> Option<&str> {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.tokens.get(i))
            .map(String::as_str)
    }

    /// The padding id (0 for BERT): pad batches with it and mask it out of attention.
    pub fn pad_id(&self) -> i64 {
        self.pad
    }

    /// Words and punctuation, before WordPiece: BERT's "basic tokenizer".
    pub fn pre_tokenize(&self, text: &str) -> Vec<String> {
        let mut spaced = String::with_capacity(text.len() + 16);
        for c in text.chars().filter(|&c| !is_dropped(c)) {
            if is_cjk(c) {
                spaced.push(' ');
                spaced.push(c);
                spaced.push(' ');
            } else if c.is_whitespace() {
                spaced.push(' ');
            } else {
                spaced.push(c);
            }
        }
        let mut words = Vec::new();
        for word in spaced.split_whitespace() {
            let word: String = if self.lowercase {
                word.to_lowercase()
                    .nfd()
                    .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
                    .collect()
            } else {
                word.to_string()
            };
            let mut current = String::new();
            for c in word.chars() {
                if is_punctuation(c) {
                    if !current.is_empty() {
                        words.push(std::mem::take(&mut current));
                    }
                    words.push(c.to_string());
                } else {
                    current.push(c);
                }
            }
            if !current.is_empty() {
                words.push(current);
            }
        }
        words
    }

    /// One word cut into the longest pieces the vocabulary has, or `[UNK]`.
    fn word_pieces(&self, word: &str, out: &mut Vec<i64>) {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            let found = (start + 1..=chars.len()).rev().find_map(|end| {
                let piece: String = chars[start..end].iter().collect();
                let key = if start > 0 {
                    format!("##{piece}")
                } else {
                    piece
                };
                self.ids.get(&key).map(|&id| (end, id))
            });
            match found {
                Some((end, id)) => {
                    pieces.push(id);
                    start = end;
                }
                None => {
                    out.push(self.unk);
                    return;
                }
            }
        }
        out.extend(pieces);
    }

    /// The token strings of `text`, without `[CLS]`/`[SEP]`: "unaffable" → ["un", "##aff", "##able"].
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for word in self.pre_tokenize(text) {
            self.word_pieces(&word, &mut ids);
        }
        ids.iter()
            .filter_map(|&id| self.token(id))
            .map(str::to_string)
            .collect()
    }

    /// Model input ids: `[CLS]`, the pieces of `text`, `[SEP]`.
    pub fn encode(&self, text: &str) -> Vec<i64> {
        let mut ids = vec![self.cls];
        for word in self.pre_tokenize(text) {
            self.word_pieces(&word, &mut ids);
        }
        ids.push(self.sep);
        ids
    }

    /// Text back from ids: special tokens dropped, `##` pieces glued to the piece before.
    pub fn decode(&self, ids: &[i64]) -> String {
        let mut out = String::new();
        for token in ids
            .iter()
            .filter(|&&id| id != self.cls && id != self.sep && id != self.pad)
            .filter_map(|&id| self.token(id))
        {
            match token.strip_prefix("##") {
                Some(rest) => out.push_str(rest),
                None => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(token);
                }
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn tiny() -> WordPiece {
        let vocab = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "hello", ",", "world",
            "!", "cafe", "北", "京",
        ];
        WordPiece::from_vocab(vocab.iter().map(|s| s.to_string()).collect(), true).unwrap()
    }

    #[test]
    fn greedy_longest_pieces_and_unknown_words() {
        let wp = tiny();
        assert_eq!(wp.tokenize("unaffable"), ["un", "##aff", "##able"]);
        assert_eq!(wp.tokenize("Hello, WORLD!"), ["hello", ",", "world", "!"]);
        assert_eq!(wp.tokenize("unknowable"), ["[UNK]"]);
        assert_eq!(wp.encode("hello world"), vec![2, 7, 9, 3]);
    }

    #[test]
    fn accents_cjk_and_control_characters() {
        let wp = tiny();
        assert_eq!(wp.tokenize("Café"), ["cafe"]);
        assert_eq!(wp.tokenize("北京"), ["北", "京"]);
        assert_eq!(wp.tokenize("hello\u{200B}\u{0007}"), ["hello"]);
        assert_eq!(wp.decode(&wp.encode("unaffable world")), "unaffable world");
    }

    #[test]
    fn a_vocabulary_without_specials_is_refused() {
        let err = WordPiece::from_vocab(vec!["a".into()], true).unwrap_err();
        assert!(err.contains("[UNK]"), "{err}");
    }
}
