//! Exercise `rust/split-every`: take ownership of rows and hand back two new owners.

/// Split `rows` into `(train, test)`: the k-th, 2k-th, 3k-th, ... rows (1-based; the
/// rows at 0-based index i with `(i + 1) % k == 0`) go to `test`, all others to
/// `train`, both in their original order. `rows` is moved in, so no row is copied.
/// `k` is at least 1 (`k = 1` puts every row in `test`).
pub fn split_every(rows: Vec<String>, k: usize) -> (Vec<String>, Vec<String>) {
    todo!()
}
