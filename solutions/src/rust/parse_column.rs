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
    // BEGIN SOLUTION
    let mut lines = csv.lines().enumerate();
    let header = match lines.next() {
        Some((_, header)) => header,
        None => return Err(format!("no column \"{column}\": the text is empty")),
    };
    let index = header
        .split(',')
        .position(|name| name.trim() == column)
        .ok_or_else(|| format!("no column \"{column}\" in the header {header:?}"))?;
    let mut values = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let field = line
            .split(',')
            .nth(index)
            .ok_or_else(|| format!("line {}: {line:?} has too few fields", i + 1))?;
        let value: f64 = field
            .trim()
            .parse()
            .map_err(|_| format!("line {}: {field:?} is not a number", i + 1))?;
        values.push(value);
    }
    Ok(values)
    // END SOLUTION
}
