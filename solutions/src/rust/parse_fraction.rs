//! Exercise `rust/parse-fraction`: turn a command-line argument into a checked number, or say why not.

/// Parse the share of rows that goes to the test set, as typed on a command line:
/// a decimal (`"0.2"`) or a percentage (`"20%"`, which means `0.2`), with any spaces
/// around it ignored. The share must lie strictly between 0 and 1: a test set of
/// nothing or of everything is a mistake.
///
/// Return `Err` with a message that quotes the text in backticks and says what is wrong:
///
/// - `parse_fraction("0.25")` is `Ok(0.25)`, `parse_fraction(" 15% ")` is `Ok(0.15)`;
/// - `parse_fraction("abc")` is `Err("`abc` is not a number (try 0.2 or 20%)")`;
/// - `parse_fraction("1.2")`, `"0"`, `"100%"`, `"-0.1"`, `"NaN"` and `"inf"` are errors
///   like `Err("`1.2` is not between 0 and 1 (exclusive)")`.
///
/// Never panic: a command-line tool answers bad input with a message, not a crash.
pub fn parse_fraction(text: &str) -> Result<f64, String> {
    // BEGIN SOLUTION
    let trimmed = text.trim();
    let (number, scale) = match trimmed.strip_suffix('%') {
        Some(percent) => (percent.trim(), 100.0),
        None => (trimmed, 1.0),
    };
    let value = number
        .parse::<f64>()
        .map_err(|_| format!("`{text}` is not a number (try 0.2 or 20%)"))?
        / scale;
    // Written so that NaN, which fails every comparison, fails the test too.
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(format!("`{text}` is not between 0 and 1 (exclusive)"))
    }
    // END SOLUTION
}
