//! Exercise `llm/analogy-3cosadd`: answering "a is to b as c is to ?" with word vectors.

use ferrolab::prelude::*;

/// The answers to analogy questions by 3CosAdd: for each row (a, b, c) of `questions`
/// (`[n, 3]`, `Kind::Int64` word indices), "a is to b as c is to d", the word d whose
/// vector has the largest cosine with b̂ − â + ĉ, where x̂ = x / |x| is a vector scaled to
/// length 1. The three question words themselves are never an answer. `vectors` is
/// `[n_words, dim]`, `Kind::Float`, rows of any length. Returns `[n]`, `Kind::Int64`.
pub fn analogy_3cosadd(vectors: &Tensor, questions: &Tensor) -> Tensor {
    // BEGIN SOLUTION
    let unit = vectors / vectors.norm_scalaropt_dim(2.0, [1], true);
    let word = |j: i64| unit.index_select(0, &questions.select(1, j));
    let query = word(1) - word(0) + word(2);
    let scores = query.matmul(&unit.tr());
    scores
        .scatter_value(1, questions, f64::NEG_INFINITY)
        .argmax(1, false)
    // END SOLUTION
}
