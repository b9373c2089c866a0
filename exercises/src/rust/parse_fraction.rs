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
    todo!()
}
