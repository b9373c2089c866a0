//! Exercise `rust/format-table`: a report that lines up in a terminal.

/// Lay out a table as text, the way `pandas.DataFrame.to_string()` prints one:
///
/// ```text
/// part   rows  share
/// -----  ----  -----
/// train  1047  0.800
/// test    262  0.200
/// ```
///
/// - Each column is as wide as its widest cell, header included, measured in
///   **characters** (`str::chars().count()`), not bytes: `"Zürich"` is 6 wide.
/// - Cells are separated by two spaces. The first column is left-aligned (names), the
///   others right-aligned (numbers).
/// - Under the header, a line of `-` as wide as each column, separated by two spaces.
/// - No line ends with a space; every line, the last included, ends with `'\n'`.
///
/// Every row has as many cells as `header`.
pub fn format_table(header: &[&str], rows: &[Vec<String>]) -> String {
    todo!()
}
