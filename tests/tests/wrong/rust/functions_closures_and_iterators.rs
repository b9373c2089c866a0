//! Wrong answers to stage 0 (Rust) lesson 2, functions, closures and iterators
//! (notebooks/00-rust/02-functions-closures-and-iterators.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use std::collections::HashMap;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "rust/top-words",
            what: "does not lower-case",
            grade: |g| checks::rust::top_words(g, |t, n| top(t, n, false, Order::Ranked)),
            says: "were counted apart",
        },
        Wrong {
            id: "rust/top-words",
            what: "sorts by count, ties in HashMap order",
            grade: |g| checks::rust::top_words(g, |t, n| top(t, n, true, Order::TiesReversed)),
            says: "equally frequent words are out of order",
        },
        Wrong {
            id: "rust/top-words",
            what: "sorts ascending",
            grade: |g| checks::rust::top_words(g, |t, n| top(t, n, true, Order::Ascending)),
            says: "the least frequent words came first",
        },
        Wrong {
            id: "rust/top-words",
            what: "forgets to keep only n",
            grade: |g| checks::rust::top_words(g, |t, _| top(t, usize::MAX, true, Order::Ranked)),
            says: "more than n pairs came back",
        },
        Wrong {
            id: "rust/moving-average",
            what: "returns the windows' sums",
            grade: |g| {
                checks::rust::moving_average(g, |x, w| {
                    x.windows(w).map(|s| s.iter().sum()).collect()
                })
            },
            says: "those are the windows' sums",
        },
        Wrong {
            id: "rust/moving-average",
            what: "divides by the series' length",
            grade: |g| {
                checks::rust::moving_average(g, |x, w| {
                    x.windows(w)
                        .map(|s| s.iter().sum::<f64>() / x.len() as f64)
                        .collect()
                })
            },
            says: "divided by the series' length",
        },
        Wrong {
            id: "rust/moving-average",
            what: "one value per input, averaging what is there",
            grade: |g| checks::rust::moving_average(g, average_partial_windows),
            says: "one value per input value",
        },
        Wrong {
            id: "rust/moving-average",
            what: "window + 1 values per window",
            grade: |g| {
                checks::rust::moving_average(g, |x, w| {
                    if w + 1 > x.len() {
                        return Vec::new();
                    }
                    (0..x.len() - w)
                        .map(|i| x[i..=i + w].iter().sum::<f64>() / (w + 1) as f64)
                        .collect()
                })
            },
            says: "your windows hold window + 1 values",
        },
        Wrong {
            id: "rust/parse-column",
            what: "parses the header as data",
            grade: |g| checks::rust::parse_column(g, |csv, col| parse(csv, col, Parse::WithHeader)),
            says: "the header line was parsed as data",
        },
        Wrong {
            id: "rust/parse-column",
            what: "0-based line numbers",
            grade: |g| checks::rust::parse_column(g, |csv, col| parse(csv, col, Parse::ZeroBased)),
            says: "the line number is off by one",
        },
        Wrong {
            id: "rust/parse-column",
            what: "reads bad fields as 0",
            grade: |g| checks::rust::parse_column(g, |csv, col| parse(csv, col, Parse::BadAsZero)),
            says: "a bad field was skipped or read as 0",
        },
        Wrong {
            id: "rust/parse-column",
            what: "errors that do not say where",
            grade: |g| checks::rust::parse_column(g, |csv, col| parse(csv, col, Parse::NoLine)),
            says: "the error message must name the line",
        },
        Wrong {
            id: "rust/parse-column",
            what: "does not skip blank lines",
            grade: |g| checks::rust::parse_column(g, |csv, col| parse(csv, col, Parse::NoSkip)),
            says: "a blank line reached the number parser",
        },
        Wrong {
            id: "rust/parse-column",
            what: "skips lines too short to have the field",
            grade: |g| checks::rust::parse_column(g, |csv, col| parse(csv, col, Parse::SkipShort)),
            says: "this input has no answer",
        },
    ]
}

enum Order {
    Ranked,
    TiesReversed,
    Ascending,
}

fn top(text: &str, n: usize, lower: bool, order: Order) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let word = if lower {
            word.to_lowercase()
        } else {
            word.to_string()
        };
        *counts.entry(word).or_insert(0) += 1;
    }
    let mut pairs: Vec<(String, usize)> = counts.into_iter().collect();
    match order {
        Order::Ranked => pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0))),
        Order::TiesReversed => pairs.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0))),
        Order::Ascending => pairs.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))),
    }
    pairs.into_iter().take(n).collect()
}

fn average_partial_windows(x: &[f64], window: usize) -> Vec<f64> {
    (0..x.len())
        .map(|i| {
            let part = &x[i.saturating_sub(window - 1)..=i];
            part.iter().sum::<f64>() / part.len() as f64
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Parse {
    WithHeader,
    ZeroBased,
    BadAsZero,
    NoLine,
    NoSkip,
    SkipShort,
}

fn parse(csv: &str, column: &str, how: Parse) -> Result<Vec<f64>, String> {
    let header = csv.lines().next().unwrap_or("");
    let index = header
        .split(',')
        .position(|c| c.trim() == column)
        .ok_or_else(|| format!("no column \"{column}\""))?;
    let skip = if how == Parse::WithHeader { 0 } else { 1 };
    let mut values = Vec::new();
    for (i, line) in csv.lines().enumerate().skip(skip) {
        if line.trim().is_empty() && how != Parse::NoSkip {
            continue;
        }
        let number = if how == Parse::ZeroBased { i } else { i + 1 };
        let field = match line.split(',').nth(index) {
            Some(field) => field.trim(),
            None if how == Parse::BadAsZero => "0",
            None if how == Parse::SkipShort => continue,
            None if how == Parse::NoLine => return Err("a line is too short".into()),
            None => return Err(format!("line {number}: no field {column}")),
        };
        match field.parse::<f64>() {
            Ok(v) => values.push(v),
            Err(_) if how == Parse::BadAsZero => values.push(0.0),
            Err(_) if how == Parse::NoLine => return Err(format!("{field:?} is not a number")),
            Err(_) => return Err(format!("line {number}: {field:?} is not a number")),
        }
    }
    Ok(values)
}
