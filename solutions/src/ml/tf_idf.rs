//! Exercise `ml/tf-idf`: turn word counts into weights that favour the words that
//! tell documents apart.

use ferrolab::prelude::*;

/// TF-IDF weights of the documents in `counts` (one row per document, one column per
/// vocabulary word, each cell how often the word occurs), with the document frequencies
/// learned from `train_counts` (the training documents, same columns):
///
/// 1. idf[j] = ln((1 + n) / (1 + df[j])) + 1, where n is the number of training
///    documents and df[j] the number of them that contain word j at least once;
/// 2. weight[i][j] = counts[i][j] · idf[j];
/// 3. divide each row by its Euclidean (L2) length, so long and short documents are
///    comparable; a row of zeros (no known word) stays zeros.
///
/// These are scikit-learn's `TfidfVectorizer` defaults. For the training documents
/// themselves, pass the same matrix twice.
pub fn tf_idf(train_counts: &Array2<f64>, counts: &Array2<f64>) -> Array2<f64> {
    // BEGIN SOLUTION
    let n = train_counts.nrows() as f64;
    let df = train_counts.map_axis(Axis(0), |word| {
        word.iter().filter(|&&c| c > 0.0).count() as f64
    });
    let idf = df.mapv(|d| ((1.0 + n) / (1.0 + d)).ln() + 1.0);
    let mut weights = counts * &idf;
    for mut row in weights.rows_mut() {
        let length = row.dot(&row).sqrt();
        if length > 0.0 {
            row /= length;
        }
    }
    weights
    // END SOLUTION
}
