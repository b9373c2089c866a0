//! The standard test sets for word vectors: analogies (a is to b as c is to d) and word
//! pairs scored for similarity by people.

use super::{DataDir, Result};
use ferrolab_data::DataError;

/// One analogy question: `a` is to `b` as `c` is to `d` ("Athens Greece Baghdad Iraq").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analogy {
    /// The section it belongs to, e.g. `capital-common-countries` or `gram3-comparative`.
    pub section: String,
    /// The four words, with the file's capitals ("Athens"); GloVe 6B is lower-case.
    pub a: String,
    /// See `a`.
    pub b: String,
    /// See `a`.
    pub c: String,
    /// The answer: the word a model should find from `b - a + c`.
    pub d: String,
}

/// Two words and how similar people judged them.
#[derive(Debug, Clone, PartialEq)]
pub struct WordPair {
    /// The first word.
    pub a: String,
    /// The second word.
    pub b: String,
    /// The mean human score: 0..10 for both WordSim-353 and SimLex-999.
    pub score: f64,
}

/// The analogy file: `: section` lines, then one question of four words a line.
fn parse_analogies(text: &str) -> std::result::Result<Vec<Analogy>, String> {
    let mut section: Option<String> = None;
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if let Some(name) = line.strip_prefix(':') {
            section = Some(name.trim().to_string());
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let (Some(section), [a, b, c, d]) = (&section, words.as_slice()) else {
            return Err(format!(
                "line {}: expected four words after a `: section` line, found {line:?}",
                number + 1
            ));
        };
        out.push(Analogy {
            section: section.clone(),
            a: a.to_string(),
            b: b.to_string(),
            c: c.to_string(),
            d: d.to_string(),
        });
    }
    Ok(out)
}

/// A similarity file: `#` comment lines, then `word<TAB>word<TAB>score` lines.
fn parse_pairs(text: &str) -> std::result::Result<Vec<WordPair>, String> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let parsed = match fields.as_slice() {
            [a, b, score] => score.trim().parse::<f64>().ok().map(|s| (a, b, s)),
            _ => None,
        };
        let Some((a, b, score)) = parsed else {
            return Err(format!(
                "line {}: expected `word<TAB>word<TAB>score`, found {line:?}",
                number + 1
            ));
        };
        out.push(WordPair {
            a: a.trim().to_string(),
            b: b.trim().to_string(),
            score,
        });
    }
    Ok(out)
}

impl DataDir {
    /// See [`analogies`].
    pub fn analogies(&self) -> Result<Vec<Analogy>> {
        let file = "questions-words.txt";
        let text = self.read_text("word-vector-tests", file)?;
        parse_analogies(&text).map_err(|reason| {
            DataError::format(
                Some("word-vector-tests"),
                self.root().join("word-vector-tests").join(file),
                reason,
            )
        })
    }

    /// See [`wordsim353`] and [`simlex999`].
    fn word_pairs(&self, file: &str) -> Result<Vec<WordPair>> {
        let text = self.read_text("word-vector-tests", file)?;
        parse_pairs(&text).map_err(|reason| {
            DataError::format(
                Some("word-vector-tests"),
                self.root().join("word-vector-tests").join(file),
                reason,
            )
        })
    }

    /// See [`wordsim353`].
    pub fn wordsim353(&self) -> Result<Vec<WordPair>> {
        self.word_pairs("wordsim353.tsv")
    }

    /// See [`simlex999`].
    pub fn simlex999(&self) -> Result<Vec<WordPair>> {
        self.word_pairs("simlex999.txt")
    }
}

/// The Google analogy questions of word2vec (Mikolov et al. 2013): 19,544 questions
/// "a is to b as c is to d" in 14 sections, 8,869 semantic (5 sections: capitals, currencies,
/// US states, family) then 10,675 syntactic (9 `gram*` sections: plurals, tenses, ...).
///
/// - Words keep the file's capitals ("Athens Greece Baghdad Iraq"): lower-case them for
///   GloVe 6B. Scoring follows word2vec: a question counts only when all four words are
///   in the vocabulary, and the three question words are never an answer.
/// - Licence: Apache-2.0 (word2vec). Provenance: PyPI `gensim` 4.4.0 wheel,
///   `gensim/test/test_data/questions-words.txt`, unchanged.
pub fn analogies() -> Result<Vec<Analogy>> {
    DataDir::default().analogies()
}

/// WordSim-353 (Finkelstein et al. 2002): 353 English word pairs with the mean of 13 to
/// 16 people's relatedness scores, 0 to 10 ("tiger cat 7.35"). It mixes similarity with
/// mere association ("cup coffee" scores high).
///
/// - Use: the Spearman rank correlation between a model's cosines and these scores.
/// - Licence: free for research use. Provenance: PyPI `gensim` 4.4.0 wheel,
///   `gensim/test/test_data/wordsim353.tsv`, unchanged.
pub fn wordsim353() -> Result<Vec<WordPair>> {
    DataDir::default().wordsim353()
}

/// SimLex-999 (Hill, Reichart and Korhonen 2015): 999 English word pairs scored 0 to 10
/// for similarity proper, not association ("old new 1.58", "smart intelligent 9.2"):
/// harder for vectors trained on co-occurrence than WordSim-353.
///
/// - Licence: free for research use. Provenance: PyPI `gensim` 4.4.0 wheel,
///   `gensim/test/test_data/simlex999.txt` (word, word, SimLex score), unchanged.
pub fn simlex999() -> Result<Vec<WordPair>> {
    DataDir::default().simlex999()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analogies_take_their_section() {
        let text =
            ": capitals\nAthens Greece Baghdad Iraq\n\n: gram8-plural\nbanana bananas cat cats\n";
        let parsed = parse_analogies(text).expect("valid");
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].section, "capitals");
        assert_eq!(
            (parsed[1].section.as_str(), parsed[1].d.as_str()),
            ("gram8-plural", "cats")
        );
        let err = parse_analogies("a b c d\n").expect_err("no section");
        assert!(err.contains("line 1"), "{err}");
        assert!(parse_analogies(": s\na b c\n").is_err());
    }

    #[test]
    fn pairs_skip_comments_and_parse_scores() {
        let text = "# header\n# Word 1\tWord 2\tHuman (mean)\nlove\tsex\t6.77\ntiger\tcat\t7.35\n";
        let parsed = parse_pairs(text).expect("valid");
        assert_eq!(
            parsed[1],
            WordPair {
                a: "tiger".into(),
                b: "cat".into(),
                score: 7.35
            }
        );
        let err = parse_pairs("love sex 6.77\n").expect_err("spaces, not tabs");
        assert!(err.contains("line 1"), "{err}");
        assert!(parse_pairs("a\tb\tmany\n").is_err());
    }
}
