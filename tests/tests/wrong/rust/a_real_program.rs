//! Wrong answers to stage 0 (Rust) lesson 5, a real program (notebooks/00-rust/05-a-real-program.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "rust/parse-fraction",
            what: "tests the range as `v < 0.0 || v > 1.0`, which NaN passes",
            grade: |g| checks::rust::parse_fraction(g, fraction_or_nan),
            says: "for input \"NaN\" expected an Err saying the value is not between 0 and 1, got Ok(NaN): NaN got through",
        },
        Wrong {
            id: "rust/parse-fraction",
            what: "accepts 0 and 1",
            grade: |g| checks::rust::parse_fraction(g, fraction_inclusive),
            says: "for input \"0\" expected an Err saying the value is not between 0 and 1, got Ok(0): 0 and 1 are not allowed",
        },
        Wrong {
            id: "rust/parse-fraction",
            what: "never checks the range",
            grade: |g| checks::rust::parse_fraction(g, fraction_unchecked),
            says: "got Ok(1.2): a share outside 0..1 got through",
        },
        Wrong {
            id: "rust/parse-fraction",
            what: "knows no percentages",
            grade: |g| checks::rust::parse_fraction(g, fraction_no_percent),
            says: "for input \"20%\" expected Ok(0.2), got Err(\"`20%` is not a number\"): a percentage means hundredths",
        },
        Wrong {
            id: "rust/parse-fraction",
            what: "does not trim",
            grade: |g| checks::rust::parse_fraction(g, fraction_untrimmed),
            says: "spaces around the number are allowed",
        },
        Wrong {
            id: "rust/parse-fraction",
            what: "errors that do not name the value",
            grade: |g| checks::rust::parse_fraction(g, fraction_vague),
            says: "the message must say which value was wrong",
        },
        Wrong {
            id: "rust/split-rows",
            what: "truncates n × fraction with `as usize`",
            grade: |g| checks::rust::split_rows(g, split_truncating),
            says: "the test set has 2 rows: 10 × 0.25 = 2.5 rounds to 3 (use .round(); `as usize` and floor() cut the fraction off)",
        },
        Wrong {
            id: "rust/split-rows",
            what: "rounds up",
            grade: |g| checks::rust::split_rows(g, split_ceil),
            says: "the test set has 3 rows: 10 × 0.22 = 2.2 rounds to 2 (use .round(), not ceil())",
        },
        Wrong {
            id: "rust/split-rows",
            what: "takes the test rows from the end",
            grade: |g| checks::rust::split_rows(g, split_from_the_end),
            says: "not the last",
        },
        Wrong {
            id: "rust/split-rows",
            what: "leaves the parts in shuffled order",
            grade: |g| checks::rust::split_rows(g, split_unsorted),
            says: "sort both parts ascending",
        },
        Wrong {
            id: "rust/split-rows",
            what: "returns (test, train)",
            grade: |g| checks::rust::split_rows(g, split_swapped),
            says: "you returned (test, train)",
        },
        Wrong {
            id: "rust/split-rows",
            what: "does not shuffle",
            grade: |g| checks::rust::split_rows(g, split_unshuffled),
            says: "shuffle the row numbers first",
        },
        Wrong {
            id: "rust/split-rows",
            what: "always seeds with 42",
            grade: |g| checks::rust::split_rows(g, split_fixed_seed),
            says: "the split does not change with `seed`",
        },
        Wrong {
            id: "rust/split-rows",
            what: "shuffles with an unseeded generator",
            grade: |g| checks::rust::split_rows(g, split_unseeded),
            says: "two calls gave different splits: the same seed must give the same split",
        },
        Wrong {
            id: "rust/format-table",
            what: "measures widths in bytes",
            grade: |g| checks::rust::format_table(g, table_byte_widths),
            says: "str::len() counts bytes, not characters",
        },
        Wrong {
            id: "rust/format-table",
            what: "left-aligns every column",
            grade: |g| checks::rust::format_table(g, table_all_left),
            says: "numbers line up on the right",
        },
        Wrong {
            id: "rust/format-table",
            what: "leaves trailing spaces",
            grade: |g| checks::rust::format_table(g, table_untrimmed),
            says: "a line ends with spaces",
        },
        Wrong {
            id: "rust/format-table",
            what: "one space between cells",
            grade: |g| checks::rust::format_table(g, table_one_space),
            says: "two spaces, not one",
        },
        Wrong {
            id: "rust/format-table",
            what: "no newline after the last line",
            grade: |g| checks::rust::format_table(g, table_no_final_newline),
            says: "the last one too",
        },
        Wrong {
            id: "rust/format-table",
            what: "no line of dashes",
            grade: |g| checks::rust::format_table(g, table_no_dashes),
            says: "the line of dashes under the header is missing",
        },
    ]
}

fn fraction_checked(text: &str, inside: fn(f64) -> bool) -> Result<f64, String> {
    let trimmed = text.trim();
    let (number, scale) = match trimmed.strip_suffix('%') {
        Some(p) => (p, 100.0),
        None => (trimmed, 1.0),
    };
    let value = number
        .parse::<f64>()
        .map_err(|_| format!("`{text}` is not a number"))?
        / scale;
    if inside(value) {
        Ok(value)
    } else {
        Err(format!("`{text}` is not between 0 and 1"))
    }
}

fn fraction_or_nan(text: &str) -> Result<f64, String> {
    fraction_checked(text, |v| !(v <= 0.0 || v >= 1.0))
}

fn fraction_inclusive(text: &str) -> Result<f64, String> {
    fraction_checked(text, |v| (0.0..=1.0).contains(&v))
}

fn fraction_unchecked(text: &str) -> Result<f64, String> {
    fraction_checked(text, |_| true)
}

fn fraction_no_percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(format!("`{text}` is not between 0 and 1"))
    }
}

fn fraction_untrimmed(text: &str) -> Result<f64, String> {
    let value: f64 = match text.strip_suffix('%') {
        Some(p) => p.parse::<f64>().map(|v| v / 100.0),
        None => text.parse(),
    }
    .map_err(|_| format!("`{text}` is not a number"))?;
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(format!("`{text}` is not between 0 and 1"))
    }
}

fn fraction_vague(text: &str) -> Result<f64, String> {
    fraction_checked(text, |v| v > 0.0 && v < 1.0)
        .map_err(|e| e.replace(&format!("`{text}`"), "the value"))
}

/// The reference recipe with the test size and the test rows chosen by the caller.
fn split_with(
    n: usize,
    seed: u64,
    size: usize,
    test_of: impl Fn(&[usize], usize) -> Vec<usize>,
) -> (Vec<usize>, Vec<usize>) {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut StdRng::seed_from_u64(seed));
    let mut test = test_of(&rows, size);
    let mut train: Vec<usize> = rows.into_iter().filter(|r| !test.contains(r)).collect();
    test.sort_unstable();
    train.sort_unstable();
    (train, test)
}

fn split_truncating(n: usize, f: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    split_with(n, seed, (n as f64 * f) as usize, |r, k| r[..k].to_vec())
}

fn split_ceil(n: usize, f: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    split_with(n, seed, (n as f64 * f).ceil() as usize, |r, k| {
        r[..k].to_vec()
    })
}

fn split_from_the_end(n: usize, f: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    split_with(n, seed, (n as f64 * f).round() as usize, |r, k| {
        r[r.len() - k..].to_vec()
    })
}

fn split_unsorted(n: usize, f: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut StdRng::seed_from_u64(seed));
    let train = rows.split_off((n as f64 * f).round() as usize);
    (train, rows)
}

fn split_swapped(n: usize, f: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let (train, test) = split_with(n, seed, (n as f64 * f).round() as usize, |r, k| {
        r[..k].to_vec()
    });
    (test, train)
}

fn split_unshuffled(n: usize, f: f64, _seed: u64) -> (Vec<usize>, Vec<usize>) {
    let k = (n as f64 * f).round() as usize;
    ((k..n).collect(), (0..k).collect())
}

fn split_fixed_seed(n: usize, f: f64, _seed: u64) -> (Vec<usize>, Vec<usize>) {
    split_with(n, 42, (n as f64 * f).round() as usize, |r, k| {
        r[..k].to_vec()
    })
}

fn split_unseeded(n: usize, f: f64, _seed: u64) -> (Vec<usize>, Vec<usize>) {
    let seed = rand::random::<u64>();
    split_with(n, seed, (n as f64 * f).round() as usize, |r, k| {
        r[..k].to_vec()
    })
}

/// Lay out with a width measure, alignment, separator and ending of the caller's choice.
fn table_with(
    header: &[&str],
    rows: &[Vec<String>],
    width: fn(&str) -> usize,
    right: bool,
    sep: &str,
    trim: bool,
    dashes: bool,
) -> String {
    let mut all: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    all.extend(rows.iter().cloned());
    let widths: Vec<usize> = (0..header.len())
        .map(|c| all.iter().map(|row| width(&row[c])).max().unwrap_or(0))
        .collect();
    if dashes {
        all.insert(1, widths.iter().map(|&w| "-".repeat(w)).collect());
    }
    let mut text = String::new();
    for row in &all {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, &w))| {
                if c == 0 || !right {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        let line = cells.join(sep);
        text += if trim { line.trim_end() } else { &line };
        text += "\n";
    }
    text
}

fn chars(cell: &str) -> usize {
    cell.chars().count()
}

fn table_byte_widths(header: &[&str], rows: &[Vec<String>]) -> String {
    table_with(header, rows, str::len, true, "  ", true, true)
}

fn table_all_left(header: &[&str], rows: &[Vec<String>]) -> String {
    table_with(header, rows, chars, false, "  ", true, true)
}

fn table_untrimmed(header: &[&str], rows: &[Vec<String>]) -> String {
    table_with(header, rows, chars, true, "  ", false, true)
}

fn table_one_space(header: &[&str], rows: &[Vec<String>]) -> String {
    table_with(header, rows, chars, true, " ", true, true)
}

fn table_no_final_newline(header: &[&str], rows: &[Vec<String>]) -> String {
    let text = table_with(header, rows, chars, true, "  ", true, true);
    text.trim_end_matches('\n').to_string()
}

fn table_no_dashes(header: &[&str], rows: &[Vec<String>]) -> String {
    table_with(header, rows, chars, true, "  ", true, false)
}
