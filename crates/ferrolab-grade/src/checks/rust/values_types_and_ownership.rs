//! Lesson 1, values, types and ownership (notebooks/00-rust/01-values-types-and-ownership.ipynb):
//! a borrowed slice returned from a borrowed text, a vector changed through `&mut`, and
//! rows moved into two new owners.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;

/// Texts as a checker sees them: quoted, and cut when long.
fn quoted(text: &str) -> String {
    if text.chars().count() > 60 {
        let head: String = text.chars().take(57).collect();
        format!("{head:?}…")
    } else {
        format!("{text:?}")
    }
}

// ---------------------------------------------------------------------------------

/// `rust/longest-word`.
pub const LONGEST_WORD: &str = "rust/longest-word";

/// `fn longest_word(text: &str) -> &str`: the first of the longest runs of letters.
pub fn longest_word<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&str) -> &str + Send + 'static,
{
    longest_word_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type LongestWordFn = dyn Fn(&str) -> &str + Send;

/// Words as the grader finds them: a scan that closes a word at every non-letter.
fn words_of(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphabetic() {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    words
}

/// The grader's answer: the first word no other word outlengths, in characters.
fn first_longest(words: &[String]) -> String {
    let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    words
        .iter()
        .find(|w| w.chars().count() == longest)
        .cloned()
        .unwrap_or_default()
}

fn longest_word_boxed(grader: &Grader, learner: Box<LongestWordFn>) -> Report {
    let mut rng = grader.rng(101);
    let random: String = (0..40)
        .map(|_| {
            let len = rng.gen_range(1..9);
            (0..len)
                .map(|_| char::from(rng.gen_range(b'a'..=b'z')))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let cases = vec![
        "Call me Ishmael.".to_string(),
        "the whale-ship Pequod, 1851".to_string(),
        "sea and sky and oar".to_string(),
        "café latte".to_string(),
        "harpoon, harpoons!".to_string(),
        "42 ... !!".to_string(),
        "I, a 1".to_string(),
        String::new(),
        random,
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |text: &String| format!("text = {}", quoted(text)),
        move |text: &String| learner(text).to_string(),
    );
    for (text, got) in cases.iter().zip(run.outputs) {
        let words = words_of(text);
        let expected = first_longest(&words);
        if got != expected {
            let verdict = incorrect(
                &format!("text = {}", quoted(text)),
                &format!("{expected:?}"),
                &format!("{got:?}"),
                longest_word_mistake(text, &words, &got),
            );
            return Report::new(LONGEST_WORD, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(LONGEST_WORD, verdict);
    }
    Report::new(
        LONGEST_WORD,
        Verdict::Passed {
            summary: "9 texts: punctuation, ties, accents, one-letter words, no words at all"
                .into(),
        },
    )
}

fn longest_word_mistake(text: &str, words: &[String], got: &str) -> Option<String> {
    let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    let last_longest = words.iter().rev().find(|w| w.chars().count() == longest);
    let by_bytes = words.iter().map(String::len).max().unwrap_or(0);
    let first_by_bytes = words.iter().find(|w| w.len() == by_bytes);
    let pieces: Vec<&str> = text.split_whitespace().collect();
    if last_longest.is_some_and(|w| w == got) {
        Some(known_mistake("that is the last of the equally long words; return the first (`max_by_key` keeps the last maximum, so replace the best word only when a word is strictly longer)"))
    } else if first_by_bytes.is_some_and(|w| w == got) {
        Some(known_mistake("looks like you measured words in bytes (`len()`); count characters with `chars().count()`: \"é\" is 2 bytes but 1 character"))
    } else if pieces.contains(&got) {
        Some(known_mistake("punctuation is part of your word: split at every character that is not a letter (`!c.is_alphabetic()`), not only at spaces"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `rust/remove-missing`.
pub const REMOVE_MISSING: &str = "rust/remove-missing";

/// `fn remove_missing(values: &mut Vec<f64>)`: drop the NaNs in place, keep the order.
pub fn remove_missing<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&mut Vec<f64>) + Send + 'static,
{
    remove_missing_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type RemoveMissingFn = dyn Fn(&mut Vec<f64>) + Send;

fn remove_missing_boxed(grader: &Grader, learner: Box<RemoveMissingFn>) -> Report {
    let mut rng = grader.rng(102);
    let nan = f64::NAN;
    let random: Vec<f64> = (0..50)
        .map(|_| {
            if rng.gen_bool(0.2) {
                nan
            } else {
                rng.gen_range(-5.0..5.0)
            }
        })
        .collect();
    let cases = vec![
        vec![22.0, nan, 38.0, 26.0, nan],
        vec![nan, 0.0, 7.25, nan, nan, 0.0, -1.5],
        vec![nan, nan],
        vec![3.0, 1.0, 2.0],
        vec![],
        random,
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |values: &Vec<f64>| format!("values = {}", list(values)),
        move |values: &Vec<f64>| {
            let mut mine = values.clone();
            learner(&mut mine);
            mine
        },
    );
    for (values, got) in cases.iter().zip(run.outputs) {
        let mut expected = Vec::with_capacity(values.len());
        for &v in values {
            // NaN is the one value that is not ordered against itself.
            if v.partial_cmp(&v).is_some() {
                expected.push(v);
            }
        }
        let same = expected.len() == got.len()
            && expected
                .iter()
                .zip(&got)
                .all(|(e, g)| e.to_bits() == g.to_bits());
        if !same {
            let verdict = incorrect(
                &format!("values = {}", list(values)),
                &format!("the vector to become {}", list(&expected)),
                &list(&got),
                remove_missing_mistake(values, &expected, &got),
            );
            return Report::new(REMOVE_MISSING, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(REMOVE_MISSING, verdict);
    }
    Report::new(
        REMOVE_MISSING,
        Verdict::Passed {
            summary: "6 vectors: NaN first, last, only NaN, none, empty".into(),
        },
    )
}

fn remove_missing_mistake(values: &[f64], expected: &[f64], got: &[f64]) -> Option<String> {
    let same = |a: &[f64], b: &[f64]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
    };
    let without_zeros: Vec<f64> = expected.iter().copied().filter(|v| *v != 0.0).collect();
    let mut sorted = expected.to_vec();
    sorted.sort_by(f64::total_cmp);
    if same(got, values) && expected.len() < values.len() {
        Some(known_mistake("nothing was removed: `v != f64::NAN` is true for every v, NaN included (NaN equals nothing, not even itself); ask `v.is_nan()`"))
    } else if same(got, &without_zeros) {
        Some(known_mistake(
            "the zeros went too: 0.0 is a real measurement, only NaN is missing",
        ))
    } else if same(got, &sorted) && !same(expected, &sorted) {
        Some(known_mistake(
            "the order changed: keep the values in the order they came",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `rust/split-every`.
pub const SPLIT_EVERY: &str = "rust/split-every";

/// `fn split_every(rows: Vec<String>, k: usize) -> (Vec<String>, Vec<String>)`.
pub fn split_every<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(Vec<String>, usize) -> (Vec<String>, Vec<String>) + Send + 'static,
{
    split_every_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type SplitEveryFn = dyn Fn(Vec<String>, usize) -> (Vec<String>, Vec<String>) + Send;

/// Rows named after their 1-based position, so a verdict shows which ones moved.
fn numbered_rows(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("row {i}")).collect()
}

fn row_list(rows: &[String]) -> String {
    if rows.len() > 6 {
        format!(
            "[{}, … {} more]",
            rows[..4]
                .iter()
                .map(|r| format!("{r:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            rows.len() - 4
        )
    } else {
        format!("{rows:?}")
    }
}

fn split_every_boxed(grader: &Grader, learner: Box<SplitEveryFn>) -> Report {
    let mut rng = grader.rng(103);
    let cases = vec![
        (numbered_rows(10), 5),
        (numbered_rows(7), 3),
        (numbered_rows(4), 1),
        (numbered_rows(3), 4),
        (Vec::new(), 2),
        (numbered_rows(rng.gen_range(40..60)), rng.gen_range(2..7)),
    ];
    let describe = |(rows, k): &(Vec<String>, usize)| format!("rows = {}, k = {k}", row_list(rows));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(rows, k): &(Vec<String>, usize)| learner(rows.clone(), *k),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (rows, k) = case;
        let expected: (Vec<String>, Vec<String>) = rows
            .iter()
            .enumerate()
            .map(|(i, row)| (i % k == k - 1, row.clone()))
            .fold(
                (Vec::new(), Vec::new()),
                |(mut train, mut test), (to_test, row)| {
                    if to_test {
                        test.push(row);
                    } else {
                        train.push(row);
                    }
                    (train, test)
                },
            );
        if got != expected {
            let show = |(train, test): &(Vec<String>, Vec<String>)| {
                format!("(train {}, test {})", row_list(train), row_list(test))
            };
            let verdict = incorrect(
                &describe(case),
                &show(&expected),
                &show(&got),
                split_every_mistake(rows, *k, &expected, &got),
            );
            return Report::new(SPLIT_EVERY, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SPLIT_EVERY, verdict);
    }
    Report::new(
        SPLIT_EVERY,
        Verdict::Passed {
            summary: "6 splits: k = 1, k longer than the rows, no rows".into(),
        },
    )
}

fn split_every_mistake(
    rows: &[String],
    k: usize,
    expected: &(Vec<String>, Vec<String>),
    got: &(Vec<String>, Vec<String>),
) -> Option<String> {
    let test_from_first: Vec<String> = rows.iter().step_by(k).cloned().collect();
    if got.0 == expected.1 && got.1 == expected.0 {
        Some(known_mistake(
            "train and test are swapped: return (train, test), test holding every k-th row",
        ))
    } else if got.1 == test_from_first {
        Some(known_mistake("the test rows start with the first row (i % k == 0); the k-th row is the first test row, index k - 1: (i + 1) % k == 0"))
    } else {
        None
    }
}
