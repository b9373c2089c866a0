//! Exercise `llm/cosine-top-k`: semantic search, the k nearest sentences by cosine.

use ferrolab::prelude::*;

/// The `k` rows of `corpus` (`[n, dim]`, `Kind::Float`, 1 ≤ k ≤ n) most similar to `query`
/// (`[dim]`) by cosine similarity, cos(q, c) = q · c / (|q| |c|), as (row index, cosine)
/// pairs, the most similar first. Neither the query nor the rows need have length 1:
/// normalise them here, so that a long vector does not win by its length.
pub fn cosine_top_k(query: &Tensor, corpus: &Tensor, k: i64) -> Vec<(i64, f64)> {
    // BEGIN SOLUTION
    let q = query / query.norm();
    let rows = corpus / corpus.norm_scalaropt_dim(2.0, [-1], true);
    let cosines = rows.matmul(&q);
    let (values, indices) = cosines.topk(k, -1, true, true);
    let values = Vec::<f64>::try_from(&values.to_kind(Kind::Double)).unwrap_or_default();
    let indices = Vec::<i64>::try_from(&indices).unwrap_or_default();
    indices.into_iter().zip(values).collect()
    // END SOLUTION
}
