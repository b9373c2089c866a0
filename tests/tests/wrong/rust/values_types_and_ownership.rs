//! Wrong answers to stage 0 (Rust) lesson 1, values, types and ownership
//! (notebooks/00-rust/01-values-types-and-ownership.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "rust/longest-word",
            what: "max_by_key, which keeps the last of equal maxima",
            grade: |g| checks::rust::longest_word(g, longest_last_of_ties),
            says: "the last of the equally long words",
        },
        Wrong {
            id: "rust/longest-word",
            what: "measures words in bytes",
            grade: |g| checks::rust::longest_word(g, longest_in_bytes),
            says: "measured words in bytes",
        },
        Wrong {
            id: "rust/longest-word",
            what: "splits at spaces only",
            grade: |g| checks::rust::longest_word(g, longest_split_at_spaces),
            says: "punctuation is part of your word",
        },
        Wrong {
            id: "rust/remove-missing",
            what: "compares with f64::NAN",
            grade: |g| checks::rust::remove_missing(g, remove_compared_with_nan),
            says: "NaN equals nothing",
        },
        Wrong {
            id: "rust/remove-missing",
            what: "drops zeros as well",
            grade: |g| checks::rust::remove_missing(g, remove_nan_and_zero),
            says: "the zeros went too",
        },
        Wrong {
            id: "rust/remove-missing",
            what: "sorts while cleaning",
            grade: |g| checks::rust::remove_missing(g, remove_and_sort),
            says: "the order changed",
        },
        Wrong {
            id: "rust/split-every",
            what: "returns (test, train)",
            grade: |g| checks::rust::split_every(g, split_swapped),
            says: "train and test are swapped",
        },
        Wrong {
            id: "rust/split-every",
            what: "sends row 0 to test (i % k == 0)",
            grade: |g| checks::rust::split_every(g, split_from_first_row),
            says: "the test rows start with the first row",
        },
    ]
}

fn longest_last_of_ties(text: &str) -> &str {
    text.split(|c: char| !c.is_alphabetic())
        .max_by_key(|w| w.chars().count())
        .unwrap_or("")
}

fn longest_in_bytes(text: &str) -> &str {
    let mut best = "";
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.len() > best.len() {
            best = word;
        }
    }
    best
}

fn longest_split_at_spaces(text: &str) -> &str {
    let mut best = "";
    for word in text.split_whitespace() {
        if word.chars().count() > best.chars().count() {
            best = word;
        }
    }
    best
}

fn remove_compared_with_nan(values: &mut Vec<f64>) {
    let nan = f64::NAN;
    values.retain(|v| *v != nan);
}

fn remove_nan_and_zero(values: &mut Vec<f64>) {
    values.retain(|v| !v.is_nan() && *v != 0.0);
}

fn remove_and_sort(values: &mut Vec<f64>) {
    values.retain(|v| !v.is_nan());
    values.sort_by(f64::total_cmp);
}

fn split_swapped(rows: Vec<String>, k: usize) -> (Vec<String>, Vec<String>) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (i, row) in rows.into_iter().enumerate() {
        if (i + 1) % k == 0 {
            test.push(row);
        } else {
            train.push(row);
        }
    }
    (test, train)
}

fn split_from_first_row(rows: Vec<String>, k: usize) -> (Vec<String>, Vec<String>) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (i, row) in rows.into_iter().enumerate() {
        if i % k == 0 {
            test.push(row);
        } else {
            train.push(row);
        }
    }
    (train, test)
}
