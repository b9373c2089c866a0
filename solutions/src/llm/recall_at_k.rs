//! Exercise `llm/recall-at-k`: how often a retriever puts a relevant chunk among its
//! first k results.

/// Recall@k of a retriever over a set of questions: the fraction of questions for which
/// at least one of the first `k` chunk ids of `ranked[q]` (best first) is in
/// `relevant[q]`, the chunks known to hold the answer. Each question counts once, however
/// many relevant chunks it finds; a ranking shorter than `k` is read whole. Errors: `k`
/// of 0, no questions, or `ranked` and `relevant` of different lengths.
pub fn recall_at_k(
    ranked: &[Vec<usize>],
    relevant: &[Vec<usize>],
    k: usize,
) -> Result<f64, String> {
    // BEGIN SOLUTION
    if ranked.len() != relevant.len() {
        return Err(format!(
            "{} rankings for {} questions: give one ranking per question",
            ranked.len(),
            relevant.len()
        ));
    }
    if ranked.is_empty() {
        return Err("no questions: recall over an empty set is undefined".to_string());
    }
    if k == 0 {
        return Err("k must be at least 1".to_string());
    }
    let mut found = 0;
    for (ids, gold) in ranked.iter().zip(relevant) {
        if ids.iter().take(k).any(|id| gold.contains(id)) {
            found += 1;
        }
    }
    Ok(found as f64 / ranked.len() as f64)
    // END SOLUTION
}
