//! Exercise `math/top-k-nearest`: the search behind "words like this one", recommendations
//! and retrieval for LLMs: rank every stored vector by how alike it points to a query.

use ferrolab::prelude::*;

/// The indices of the `k` rows of `vectors` most similar to `query` by cosine
/// similarity, most similar first.
///
/// Each row of `vectors` is one item (a word, for GloVe). Cosine similarity ignores
/// length, so a long vector pointing slightly off loses to a short one pointing the
/// same way as the query. No row and no query is all zeros, and `k` is at most the
/// number of rows.
///
/// Example: for rows `[3, 4]`, `[0.2, 0.05]`, `[10, 1]`, query `[1, 0]` and `k = 2`,
/// the answer is `[2, 1]` (cosines 0.6, 0.97 and 0.995).
pub fn top_k_nearest(vectors: &Array2<f64>, query: &Array1<f64>, k: usize) -> Vec<usize> {
    todo!()
}
