//! Exercise `llm/cited-numbers`: read the source numbers a model cites in its answer.

/// The citations in `answer`: every `[n]` where n is one or more ASCII digits between
/// square brackets (`[2]`, `[12]`; not `[a]`, `[]` or `[ 2 ]`), read in the order they
/// first appear, each number once. Returns `(valid, invalid)`: the numbers that name one
/// of the `k` numbered sources, 1..=k, and those that name none (0, or above k).
pub fn cited_numbers(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    todo!()
}
