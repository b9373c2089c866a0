//! Exercise `llm/cited-numbers`: read the source numbers a model cites in its answer.

/// The citations in `answer`: every `[n]` where n is one or more ASCII digits between
/// square brackets (`[2]`, `[12]`; not `[a]`, `[]` or `[ 2 ]`), read in the order they
/// first appear, each number once. Returns `(valid, invalid)`: the numbers that name one
/// of the `k` numbered sources, 1..=k, and those that name none (0, or above k).
pub fn cited_numbers(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    // BEGIN SOLUTION
    let bytes = answer.as_bytes();
    let mut seen: Vec<usize> = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'[' {
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b']' {
            // `[]` parses to nothing and is skipped.
            if let Ok(n) = answer[i + 1..j].parse::<usize>() {
                if !seen.contains(&n) {
                    seen.push(n);
                }
            }
        }
    }
    seen.into_iter().partition(|&n| (1..=k).contains(&n))
    // END SOLUTION
}
