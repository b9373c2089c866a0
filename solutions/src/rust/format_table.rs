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
    // BEGIN SOLUTION
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|row| row[c].chars().count())
                .fold(header[c].chars().count(), usize::max)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, &width))| match c {
                0 => format!("{cell:<width$}"),
                _ => format!("{cell:>width$}"),
            })
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let dashes: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    let mut text = line(header.to_vec()) + &line(dashes.iter().map(String::as_str).collect());
    for row in rows {
        text += &line(row.iter().map(String::as_str).collect());
    }
    text
    // END SOLUTION
}
