//! Lesson 2, functions, closures and iterators
//! (notebooks/00-rust/02-functions-closures-and-iterators.ipynb): word counts with a
//! `HashMap`, a moving average with `windows`, and one CSV column parsed into
//! `Result`s whose errors say where.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------

/// `rust/top-words`.
pub const TOP_WORDS: &str = "rust/top-words";

/// `fn top_words(text: &str, n: usize) -> Vec<(String, usize)>`.
pub fn top_words<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&str, usize) -> Vec<(String, usize)> + Send + 'static,
{
    top_words_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type TopWordsFn = dyn Fn(&str, usize) -> Vec<(String, usize)> + Send;

/// Word counts as the grader keeps them: an ordered map, filled by a character scan.
fn word_counts(text: &str, lower: bool) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once('.')) {
        if c.is_alphabetic() {
            if lower {
                word.extend(c.to_lowercase());
            } else {
                word.push(c);
            }
        } else if !word.is_empty() {
            *counts.entry(std::mem::take(&mut word)).or_default() += 1;
        }
    }
    counts
}

/// The most frequent first; a stable sort of the alphabetical map keeps ties alphabetical.
fn ranked(counts: &BTreeMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut pairs: Vec<(String, usize)> = counts.iter().map(|(w, c)| (w.clone(), *c)).collect();
    pairs.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    pairs.into_iter().take(n).collect()
}

fn pairs_text(pairs: &[(String, usize)]) -> String {
    let shown: Vec<String> = pairs
        .iter()
        .take(8)
        .map(|(w, c)| format!("({w:?}, {c})"))
        .collect();
    let more = if pairs.len() > 8 {
        format!(", … {} more", pairs.len() - 8)
    } else {
        String::new()
    };
    format!("[{}{more}]", shown.join(", "))
}

fn top_words_boxed(grader: &Grader, learner: Box<TopWordsFn>) -> Report {
    let mut rng = grader.rng(104);
    let vocabulary = [
        "whale", "sea", "ship", "ahab", "boat", "white", "man", "old",
    ];
    let random: String = (0..300)
        .map(|_| vocabulary[rng.gen_range(0..vocabulary.len())])
        .collect::<Vec<_>>()
        .join(" ");
    let cases = vec![
        ("The whale, the sea, and the whale-boat.".to_string(), 2),
        ("sea ship sea boat ship sea".to_string(), 3),
        ("b a c b a".to_string(), 2),
        ("Ahab AHAB ahab! Starbuck.".to_string(), 5),
        ("No, no, no.".to_string(), 10),
        ("... 1851 ...".to_string(), 3),
        (random, 5),
    ];
    let describe = |(text, n): &(String, usize)| {
        let shown = if text.len() > 50 {
            format!("{:?}…", &text[..47])
        } else {
            format!("{text:?}")
        };
        format!("text = {shown}, n = {n}")
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(text, n): &(String, usize)| learner(text, *n),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (text, n) = case;
        let expected = ranked(&word_counts(text, true), *n);
        if got != expected {
            let verdict = incorrect(
                &describe(case),
                &pairs_text(&expected),
                &pairs_text(&got),
                top_words_mistake(text, *n, &expected, &got),
            );
            return Report::new(TOP_WORDS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(TOP_WORDS, verdict);
    }
    Report::new(
        TOP_WORDS,
        Verdict::Passed {
            summary: "7 texts: capitals, punctuation, ties, fewer words than n".into(),
        },
    )
}

fn top_words_mistake(
    text: &str,
    n: usize,
    expected: &[(String, usize)],
    got: &[(String, usize)],
) -> Option<String> {
    let all = ranked(&word_counts(text, true), usize::MAX);
    let fewest = all.iter().map(|(_, count)| *count).min();
    let most = expected.first().map(|(_, count)| *count);
    let same_multiset = {
        let mut a = got.to_vec();
        let mut b = expected.to_vec();
        a.sort();
        b.sort();
        a == b
    };
    if got == ranked(&word_counts(text, false), n).as_slice() {
        Some(known_mistake(
            "\"The\" and \"the\" were counted apart: lower-case every word before counting",
        ))
    } else if got.len() > n {
        Some(known_mistake(
            "more than n pairs came back: keep only the first n (`truncate(n)` or `take(n)`)",
        ))
    } else if got.len() > 1 && got.first().map(|(_, count)| *count) == fewest && fewest < most {
        Some(known_mistake(
            "the least frequent words came first: sort by count, largest first (`b.1.cmp(&a.1)`)",
        ))
    } else if same_multiset
        || got.iter().zip(expected).all(|(g, e)| g.1 == e.1) && got.len() == expected.len()
    {
        Some(known_mistake("the counts are right but equally frequent words are out of order: break ties alphabetically (`.then(a.0.cmp(&b.0))`); a HashMap's order is arbitrary"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `rust/moving-average`.
pub const MOVING_AVERAGE: &str = "rust/moving-average";

/// `fn moving_average(x: &[f64], window: usize) -> Vec<f64>`.
pub fn moving_average<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], usize) -> Vec<f64> + Send + 'static,
{
    moving_average_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type MovingAverageFn = dyn Fn(&[f64], usize) -> Vec<f64> + Send;

/// The grader's moving average: a running sum that adds the new value and drops the old.
fn running_means(x: &[f64], window: usize) -> Vec<f64> {
    if window > x.len() {
        return Vec::new();
    }
    let mut sum: f64 = x[..window].iter().sum();
    let mut means = vec![sum / window as f64];
    for i in window..x.len() {
        sum += x[i] - x[i - window];
        means.push(sum / window as f64);
    }
    means
}

fn moving_average_boxed(grader: &Grader, learner: Box<MovingAverageFn>) -> Report {
    let mut rng = grader.rng(105);
    let random: Vec<f64> = (0..60).map(|_| rng.gen_range(300.0..420.0)).collect();
    let cases = vec![
        (vec![1.0, 2.0, 3.0, 4.0, 5.0], 2),
        (vec![112.0, 118.0, 132.0, 129.0, 121.0, 135.0], 3),
        (vec![4.0, -2.0, 7.0], 1),
        (vec![4.0, -2.0, 7.0], 3),
        (vec![1.0, 2.0], 5),
        (random, 12),
    ];
    let describe = |(x, window): &(Vec<f64>, usize)| format!("x = {}, window = {window}", list(x));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, window): &(Vec<f64>, usize)| learner(x, *window),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (x, window) = case;
        let expected = running_means(x, *window);
        if expected.len() != got.len() || !Tolerance::TIGHT.all_close(&expected, &got) {
            let verdict = incorrect(
                &describe(case),
                &list(&expected),
                &list(&got),
                moving_average_mistake(x, *window, &expected, &got),
            );
            return Report::new(MOVING_AVERAGE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(MOVING_AVERAGE, verdict);
    }
    Report::new(
        MOVING_AVERAGE,
        Verdict::Passed {
            summary: "6 series: window 1, window = length, window longer than the series".into(),
        },
    )
}

fn moving_average_mistake(
    x: &[f64],
    window: usize,
    expected: &[f64],
    got: &[f64],
) -> Option<String> {
    let close = |a: &[f64], b: &[f64]| a.len() == b.len() && Tolerance::TIGHT.all_close(a, b);
    let sums: Vec<f64> = expected.iter().map(|m| m * window as f64).collect();
    let over_length: Vec<f64> = sums.iter().map(|s| s / x.len() as f64).collect();
    if close(got, &sums) && window > 1 {
        Some(known_mistake(
            "those are the windows' sums: divide each by `window`",
        ))
    } else if close(got, &over_length) && window != x.len() {
        Some(known_mistake(
            "each sum was divided by the series' length; a window's mean divides by `window`",
        ))
    } else if got.len() == x.len() && x.len() >= window {
        Some(known_mistake("the result has one value per input value: a full window fits only x.len() - window + 1 times (pandas' rolling mean starts with NaNs there; drop them)"))
    } else if window < x.len() && close(got, &running_means(x, window + 1)) {
        Some(known_mistake(
            "your windows hold window + 1 values: `x[i..i + window]` already excludes its end",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `rust/parse-column`.
pub const PARSE_COLUMN: &str = "rust/parse-column";

/// `fn parse_column(csv: &str, column: &str) -> Result<Vec<f64>, String>`.
pub fn parse_column<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&str, &str) -> Result<Vec<f64>, String> + Send + 'static,
{
    parse_column_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ParseColumnFn = dyn Fn(&str, &str) -> Result<Vec<f64>, String> + Send;

/// What a case must give: the values, or an error whose message contains these words.
#[derive(Debug, Clone)]
enum Expected {
    Values(Vec<f64>),
    Error {
        says: Vec<String>,
        why: &'static str,
    },
}

fn parse_column_boxed(grader: &Grader, learner: Box<ParseColumnFn>) -> Report {
    let mut rng = grader.rng(106);
    let co2 = "Date,CO2,adjusted CO2\n1958-03-01,315.70,314.44\n1958-04-01,317.46,315.16\n1958-05-01,317.51,314.71\n";
    let mut random_csv = String::from("month,passengers\n");
    let mut random_values = Vec::new();
    for month in 1..=24 {
        let value = f64::from(rng.gen_range(100..700));
        random_values.push(value);
        random_csv.push_str(&format!("{month},{value}\n"));
    }
    let says = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let cases: Vec<(String, String, Expected)> = vec![
        (
            co2.into(),
            "CO2".into(),
            Expected::Values(vec![315.70, 317.46, 317.51]),
        ),
        (
            co2.into(),
            "adjusted CO2".into(),
            Expected::Values(vec![314.44, 315.16, 314.71]),
        ),
        (
            "a,b\n1,2\n\n3, 4\n".into(),
            "b".into(),
            Expected::Values(vec![2.0, 4.0]),
        ),
        (
            "age,fare\n22,7.25\n,71.28\n26,7.92\n".into(),
            "age".into(),
            Expected::Error {
                says: says(&["line 3"]),
                why: "an empty field is not a number",
            },
        ),
        (
            "x,y\n1,2\n3,n/a\n".into(),
            "y".into(),
            Expected::Error {
                says: says(&["line 3", "n/a"]),
                why: "\"n/a\" is not a number",
            },
        ),
        (
            "x,y\n1,2\n3\n".into(),
            "y".into(),
            Expected::Error {
                says: says(&["line 3"]),
                why: "line 3 has no second field",
            },
        ),
        (
            co2.into(),
            "price".into(),
            Expected::Error {
                says: says(&["price"]),
                why: "there is no column \"price\"",
            },
        ),
        (
            random_csv,
            "passengers".into(),
            Expected::Values(random_values),
        ),
    ];
    let describe = |(csv, column, _): &(String, String, Expected)| {
        let shown = if csv.len() > 70 {
            format!("{:?}…", &csv[..67])
        } else {
            format!("{csv:?}")
        };
        format!("csv = {shown}, column = {column:?}")
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(csv, column, _): &(String, String, Expected)| learner(csv, column),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (csv, column, expected) = case;
        let problem = match (expected, &got) {
            (Expected::Values(values), Ok(found)) => (values.len() != found.len()
                || !Tolerance::TIGHT.all_close(values, found))
            .then(|| {
                (
                    format!("Ok({})", list(values)),
                    format!("Ok({})", list(found)),
                )
            }),
            (Expected::Values(values), Err(message)) => {
                Some((format!("Ok({})", list(values)), format!("Err({message:?})")))
            }
            (Expected::Error { .. }, Ok(found)) => {
                Some(("an Err".to_string(), format!("Ok({})", list(found))))
            }
            (Expected::Error { says, .. }, Err(message)) => {
                (!says.iter().all(|w| message.contains(w.as_str()))).then(|| {
                    (
                        format!("an Err whose message contains {says:?}"),
                        format!("Err({message:?})"),
                    )
                })
            }
        };
        if let Some((want, found)) = problem {
            let verdict = incorrect(
                &describe(case),
                &want,
                &found,
                parse_column_mistake(csv, column, expected, &got),
            );
            return Report::new(PARSE_COLUMN, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(PARSE_COLUMN, verdict);
    }
    Report::new(
        PARSE_COLUMN,
        Verdict::Passed {
            summary: "8 CSV texts: blank lines, spaces, bad numbers, short lines, unknown column"
                .into(),
        },
    )
}

fn parse_column_mistake(
    csv: &str,
    column: &str,
    expected: &Expected,
    got: &Result<Vec<f64>, String>,
) -> Option<String> {
    match (expected, got) {
        (Expected::Values(_), Err(message))
            if message.contains(column) && message.contains("line 1") =>
        {
            Some(known_mistake("the header line was parsed as data: skip the first line (it holds the column names)"))
        }
        (Expected::Values(_), Err(message))
            if csv.lines().enumerate().any(|(i, line)| {
                line.trim().is_empty() && message.contains(&format!("line {}", i + 1))
            }) =>
        {
            Some(known_mistake(
                "a blank line reached the number parser: skip lines that are empty after `trim()`",
            ))
        }
        (Expected::Error { says, .. }, Err(message)) => {
            let line = says.iter().find_map(|w| w.strip_prefix("line "));
            let shifted = line
                .and_then(|l| l.parse::<usize>().ok())
                .is_some_and(|l| {
                    message.contains(&format!("line {}", l - 1))
                        || message.contains(&format!("line {}", l + 1))
                });
            if shifted {
                Some(known_mistake("the line number is off by one: people count lines from 1, and the header is line 1, so the line at index i of `lines().enumerate()` is line i + 1"))
            } else if line.is_some() && !message.contains("line") {
                Some(known_mistake("say where: the error message must name the line (`line 7: ...`) so the learner can find it in the file"))
            } else {
                None
            }
        }
        (Expected::Error { why, .. }, Ok(_)) if csv.contains(",,") || csv.contains("\n,") => {
            Some(known_mistake(format!("a bad field was skipped or read as 0 ({why}): return an Err instead, with `?` or `map_err`")))
        }
        (Expected::Error { why, .. }, Ok(_)) => Some(known_mistake(format!(
            "this input has no answer ({why}): return an Err, do not guess"
        ))),
        _ => None,
    }
}
