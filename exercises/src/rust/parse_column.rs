//! Exercise `rust/parse-column`: read one numeric column of a CSV text, with errors that say where.

/// The values of the column named `column` in `csv`, parsed as `f64`.
///
/// The first line is the header; fields are separated by commas (no quoting); lines that
/// are empty (or only spaces) are skipped. Errors, as `Err(message)`:
/// - no column of that name: the message contains the name, e.g. `no column "price"`;
/// - a field that is not a number, or a line too short to have the field: the message
///   contains the line number (1-based, the header is line 1) and the offending text,
///   e.g. `line 7: "n/a" is not a number`.
pub fn parse_column(csv: &str, column: &str) -> Result<Vec<f64>, String> {
    todo!()
}
