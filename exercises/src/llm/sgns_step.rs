//! Exercise `llm/sgns-step`: one gradient step of skip-gram with negative sampling (word2vec).

use ferrolab::prelude::*;

/// One step of skip-gram with negative sampling on one (centre, context) pair of words.
///
/// `w_in` holds a vector per word for when it is the centre word, `w_out` one for when it
/// is a context word (both `[n_words, dim]`). With v = `w_in[centre]`, u = `w_out[context]`
/// and u_k = `w_out[k]` for each k in `negatives` (random words, never `context`, none
/// twice), the loss is
///
/// loss = −ln σ(u · v) − Σ_k ln σ(−u_k · v),  σ(s) = 1 / (1 + e^−s):
///
/// the context word should score high against the centre word, the negatives low. Take the
/// gradient of the loss with respect to v, u and every u_k, all at the vectors as they
/// are before the step, then move each of those rows by −`lr` × its gradient. Return the
/// loss before the step.
pub fn sgns_step(
    w_in: &mut Array2<f32>,
    w_out: &mut Array2<f32>,
    centre: usize,
    context: usize,
    negatives: &[usize],
    lr: f32,
) -> f32 {
    todo!()
}
