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
    // BEGIN SOLUTION
    let v = w_in.row(centre).to_owned();
    let mut grad_v = Array1::<f32>::zeros(v.len());
    let mut loss = 0.0;
    let words = std::iter::once((context, 1.0)).chain(negatives.iter().map(|&k| (k, 0.0)));
    for (word, label) in words {
        let mut u = w_out.row_mut(word);
        let score = u.dot(&v);
        // −ln σ(s) for the context word, −ln σ(−s) = −ln(1 − σ(s)) for a negative.
        let signed = if label == 1.0 { score } else { -score };
        loss += (-signed).exp().ln_1p();
        let g = 1.0 / (1.0 + (-score).exp()) - label;
        grad_v.scaled_add(g, &u);
        u.scaled_add(-lr * g, &v);
    }
    w_in.row_mut(centre).scaled_add(-lr, &grad_v);
    loss
    // END SOLUTION
}
