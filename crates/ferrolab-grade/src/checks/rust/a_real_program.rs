//! Lesson 5, a real program (notebooks/00-rust/05-a-real-program.ipynb): the pure pieces
//! of the `split` command-line tool (exercises/src/bin/split): parsing an argument into a
//! checked value, a reproducible train/test split of row numbers, and a text table.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------

/// `rust/parse-fraction`.
pub const PARSE_FRACTION: &str = "rust/parse-fraction";

/// `fn parse_fraction(text: &str) -> Result<f64, String>`: "0.2" or "20%" → 0.2, strictly inside (0, 1).
pub fn parse_fraction<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&str) -> Result<f64, String> + Send + 'static,
{
    parse_fraction_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ParseFractionFn = dyn Fn(&str) -> Result<f64, String> + Send;

/// What a case expects: the value, or an error whose message has this word.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Value(f64),
    Error(&'static str),
}

fn parse_fraction_boxed(grader: &Grader, learner: Box<ParseFractionFn>) -> Report {
    use Expect::{Error, Value};
    let mut rng = grader.rng(501);
    let percent = rng.gen_range(1..100);
    let decimal = rng.gen_range(1..1000) as f64 / 1000.0;
    let cases: Vec<(String, Expect)> = vec![
        ("0.25".into(), Value(0.25)),
        ("20%".into(), Value(0.2)),
        (" 0.3 ".into(), Value(0.3)),
        ("abc".into(), Error("number")),
        ("1.2".into(), Error("between")),
        ("0".into(), Error("between")),
        ("1".into(), Error("between")),
        ("NaN".into(), Error("between|number")),
        ("-0.1".into(), Error("between")),
        ("100%".into(), Error("between")),
        ("inf".into(), Error("between|number")),
        ("".into(), Error("number")),
        ("0.2.5".into(), Error("number")),
        ("99.5%".into(), Value(0.995)),
        (format!("{percent}%"), Value(percent as f64 / 100.0)),
        (format!("{decimal}"), Value(decimal)),
    ];
    let texts: Vec<String> = cases.iter().map(|(text, _)| text.clone()).collect();
    let describe = |text: &String| format!("{text:?}");
    let run = run_cases(grader.limit(LIMIT), texts, describe, move |text| {
        learner(text)
    });
    for ((text, expect), got) in cases.iter().zip(run.outputs) {
        let input = describe(text);
        let shown = |r: &Result<f64, String>| match r {
            Ok(v) => format!("Ok({v})"),
            Err(e) => format!("Err({e:?})"),
        };
        let verdict = match (expect, &got) {
            (Value(v), Ok(g)) if (g - v).abs() <= 1e-12 => continue,
            (Error(words), Err(message)) => {
                let quoted = message.contains(text.trim());
                if quoted && words.split('|').any(|w| message.contains(w)) {
                    continue;
                }
                let hint = if !quoted {
                    known_mistake(format!("the message must say which value was wrong: put the text in it, like \"`{text}` is not {}\"", what_is_wrong(words)))
                } else {
                    format!("say what is wrong: that it is not {}", what_is_wrong(words))
                };
                Verdict::Incorrect {
                    message: format!(
                        "for input {input} the error {message:?} is not clear enough: {hint}"
                    ),
                }
            }
            (Value(v), _) => incorrect(
                &input,
                &format!("Ok({v})"),
                &shown(&got),
                fraction_mistake(text, &got),
            ),
            (Error(word), Ok(_)) => incorrect(
                &input,
                &format!("an Err saying the value is not {}", what_is_wrong(word)),
                &shown(&got),
                fraction_mistake(text, &got),
            ),
        };
        return Report::new(PARSE_FRACTION, verdict);
    }
    if let Some(verdict) = run.failure {
        return Report::new(PARSE_FRACTION, verdict);
    }
    Report::new(
        PARSE_FRACTION,
        Verdict::Passed {
            summary: "16 arguments: decimals, percentages, spaces, 0 and 1, NaN, infinity and text that is not a number".into(),
        },
    )
}

/// "a number" or "between 0 and 1", for the first of an expected error's words.
fn what_is_wrong(words: &str) -> &'static str {
    if words.starts_with("number") {
        "a number"
    } else {
        "between 0 and 1"
    }
}

fn fraction_mistake(text: &str, got: &Result<f64, String>) -> Option<String> {
    let trimmed = text.trim();
    let value = got.as_ref().ok().copied();
    let percent = trimmed.ends_with('%');
    if value.is_some_and(f64::is_nan) {
        Some(known_mistake("NaN got through: every comparison with NaN is false, so `value < 0.0 || value > 1.0` lets it pass; accept only `value > 0.0 && value < 1.0`"))
    } else if percent && value.is_none_or(|v| v > 1.0) {
        Some(known_mistake(format!(
            "a percentage means hundredths: `{trimmed}` is {}; strip the % and divide by 100",
            trimmed.trim_end_matches('%')
        )))
    } else if value == Some(0.0) || value == Some(1.0) {
        Some(known_mistake("0 and 1 are not allowed (a test set of nothing or of everything): the share must be strictly between them"))
    } else if value.is_some() {
        Some(known_mistake("a share outside 0..1 got through: after parsing, check that the value is between 0 and 1 and return an Err when it is not"))
    } else if trimmed != text {
        Some(known_mistake(
            "spaces around the number are allowed: trim() the text before parsing it",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `rust/split-rows`.
pub const SPLIT_ROWS: &str = "rust/split-rows";

/// `fn split_rows(n_rows: usize, test_fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>)`.
pub fn split_rows<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(usize, f64, u64) -> (Vec<usize>, Vec<usize>) + Send + 'static,
{
    split_rows_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type SplitRowsFn = dyn Fn(usize, f64, u64) -> (Vec<usize>, Vec<usize>) + Send;

type Parts = (Vec<usize>, Vec<usize>);

/// `0..n` in the order the seeded generator shuffles it.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order = Vec::from_iter(0..n);
    SliceRandom::shuffle(order.as_mut_slice(), &mut StdRng::seed_from_u64(seed));
    order
}

/// The split whose test part is `test_of(shuffled order, its size)`, each part ascending.
fn parts_with(
    n: usize,
    seed: u64,
    size: usize,
    test_of: impl Fn(&[usize], usize) -> Vec<usize>,
) -> Parts {
    let order = shuffled(n, seed);
    let test: BTreeSet<usize> = test_of(&order, size).into_iter().collect();
    let train = (0..n).filter(|r| !test.contains(r)).collect();
    (train, test.into_iter().collect())
}

fn split_rows_boxed(grader: &Grader, learner: Box<SplitRowsFn>) -> Report {
    let mut rng = grader.rng(502);
    let random_n = rng.gen_range(200..2000);
    let random_seed = rng.gen::<u64>();
    let cases: Vec<(usize, f64, u64)> = vec![
        (10, 0.25, 42),
        (10, 0.27, 7),
        (10, 0.22, 7),
        (10, 0.25, 42),
        (1309, 0.2, 42),
        (20, 0.1, 0),
        (20, 0.1, 1),
        (5, 0.5, 3),
        (1, 0.3, 0),
        (0, 0.2, 3),
        (random_n, 0.15, random_seed),
        // Case 4 again: 1,309 rows have far too many splits for two unseeded shuffles to
        // agree by chance (10 rows have only 120, so case 3 alone let one slip through).
        (1309, 0.2, 42),
    ];
    let describe = |(n, f, seed): &(usize, f64, u64)| {
        format!("n_rows = {n}, test_fraction = {f}, seed = {seed}")
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(n, f, seed)| learner(*n, *f, *seed),
    );
    let differs = [(0, 3), (4, 11)]
        .into_iter()
        .find(|&(a, b)| run.outputs.len() > b && run.outputs[a] != run.outputs[b]);
    if let Some((a, _)) = differs {
        let message = format!(
            "for input {} two calls gave different splits: {}",
            describe(&cases[a]),
            known_mistake("the same seed must give the same split: shuffle with StdRng::seed_from_u64(seed), not thread_rng() or rand::random()")
        );
        return Report::new(SPLIT_ROWS, Verdict::Incorrect { message });
    }
    for (case, got) in cases.iter().zip(run.outputs) {
        let &(n, f, seed) = case;
        let size = (n as f64 * f).round() as usize;
        let expected = parts_with(n, seed, size, |order, k| order[..k].to_vec());
        if got != expected {
            let show = |(train, test): &Parts| format!("(train {train:?}, test {test:?})");
            let verdict = incorrect(
                &describe(case),
                &show(&expected),
                &show(&got),
                split_mistake(n, f, seed, &expected, &got),
            );
            return Report::new(SPLIT_ROWS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SPLIT_ROWS, verdict);
    }
    Report::new(
        SPLIT_ROWS,
        Verdict::Passed {
            summary: "12 splits: shares that round up and down, different seeds, one row, no rows, 1,309 rows twice".into(),
        },
    )
}

fn split_mistake(n: usize, f: f64, seed: u64, expected: &Parts, got: &Parts) -> Option<String> {
    let exact = n as f64 * f;
    let first = |order: &[usize], k: usize| order[..k].to_vec();
    let sorted = |v: &[usize]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    };
    if (&got.1, &got.0) == (&expected.0, &expected.1) {
        Some(known_mistake(
            "you returned (test, train); return (train, test)",
        ))
    } else if (sorted(&got.0), sorted(&got.1)) == *expected {
        Some(known_mistake("the right rows, in shuffled order: sort both parts ascending (sort_unstable) so the files keep the original row order"))
    } else if got.1.len() != expected.1.len() && got.1.len() == exact.floor() as usize {
        Some(known_mistake(format!("the test set has {} rows: {n} × {f} = {exact} rounds to {} (use .round(); `as usize` and floor() cut the fraction off)", got.1.len(), expected.1.len())))
    } else if got.1.len() != expected.1.len() && got.1.len() == exact.ceil() as usize {
        Some(known_mistake(format!(
            "the test set has {} rows: {n} × {f} = {exact} rounds to {} (use .round(), not ceil())",
            got.1.len(),
            expected.1.len()
        )))
    } else if *got
        == parts_with(n, seed, expected.1.len(), |order, k| {
            order[order.len() - k..].to_vec()
        })
    {
        Some(known_mistake(
            "the test set is the first round(n_rows × test_fraction) shuffled rows, not the last",
        ))
    } else if got.1 == (0..expected.1.len()).collect::<Vec<_>>() && n > 1 {
        Some(known_mistake(
            "the test set is the first rows of the file: shuffle the row numbers first",
        ))
    } else if [0, 42]
        .iter()
        .any(|&s| *got == parts_with(n, s, expected.1.len(), first))
    {
        Some(known_mistake("the split does not change with `seed`: seed the generator with it, StdRng::seed_from_u64(seed)"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `rust/format-table`.
pub const FORMAT_TABLE: &str = "rust/format-table";

/// `fn format_table(header: &[&str], rows: &[Vec<String>]) -> String`.
pub fn format_table<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[&str], &[Vec<String>]) -> String + Send + 'static,
{
    format_table_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type FormatTableFn = dyn Fn(&[&str], &[Vec<String>]) -> String + Send;

type Table = (Vec<&'static str>, Vec<Vec<String>>);

/// How a table is laid out: the reference, and the variants the known mistakes give.
#[derive(Clone, Copy)]
struct Layout {
    separator: &'static str,
    bytes: bool,
    all_left: bool,
    trim: bool,
}

const RIGHT: Layout = Layout {
    separator: "  ",
    bytes: false,
    all_left: false,
    trim: true,
};

/// Lay a table out cell by cell, padding with explicit spaces.
fn lay_out(header: &[&str], rows: &[Vec<String>], how: Layout) -> String {
    let width = |cell: &str| {
        if how.bytes {
            cell.len()
        } else {
            cell.chars().count()
        }
    };
    let mut all: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    let mut widths = vec![0; header.len()];
    for row in std::iter::once(&all[0]).chain(rows) {
        for (c, cell) in row.iter().enumerate() {
            widths[c] = widths[c].max(width(cell));
        }
    }
    all.push(widths.iter().map(|w| "-".repeat(*w)).collect());
    all.extend(rows.iter().cloned());
    let mut out = String::new();
    for row in &all {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str(how.separator);
            }
            let pad = " ".repeat(widths[c].saturating_sub(cell.chars().count()));
            if c == 0 || how.all_left {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        if how.trim {
            line.truncate(line.trim_end_matches(' ').len());
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn cells(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn format_table_boxed(grader: &Grader, learner: Box<FormatTableFn>) -> Report {
    let mut rng = grader.rng(503);
    let words = [
        "Boston",
        "Zürich",
        "Ames",
        "São Paulo",
        "Łódź",
        "Kyiv",
        "Reykjavík",
    ];
    let random_rows: Vec<Vec<String>> = (0..rng.gen_range(3..8))
        .map(|_| {
            vec![
                words[rng.gen_range(0..words.len())].to_string(),
                rng.gen_range(0..100_000).to_string(),
                format!("{:.3}", rng.gen::<f64>()),
            ]
        })
        .collect();
    let cases: Vec<Table> = vec![
        (
            vec!["part", "rows", "share"],
            cells(&[&["train", "1047", "0.800"], &["test", "262", "0.200"]]),
        ),
        (
            vec!["word", "count"],
            cells(&[&["whale", "1150"], &["sea", "87"], &["Ahab", "511"]]),
        ),
        (
            vec!["city", "airports"],
            cells(&[&["Zürich", "3"], &["São Paulo", "12"], &["Ames", "1"]]),
        ),
        (vec!["word"], cells(&[&["a"], &["bb"], &["ccc"]])),
        (vec!["part", "rows"], vec![]),
        (vec!["city", "flights", "share"], random_rows),
    ];
    let describe = |(header, rows): &Table| format!("header = {header:?}, rows = {rows:?}");
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(header, rows)| learner(header, rows),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (header, rows) = case;
        let expected = lay_out(header, rows, RIGHT);
        if got != expected {
            let verdict = incorrect(
                &describe(case),
                &format!("\n{expected}"),
                &format!("\n{got}"),
                table_mistake(header, rows, &got),
            );
            return Report::new(FORMAT_TABLE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(FORMAT_TABLE, verdict);
    }
    Report::new(
        FORMAT_TABLE,
        Verdict::Passed {
            summary: "6 tables: numbers, words wider than their header, accented city names, one column, no rows".into(),
        },
    )
}

fn table_mistake(header: &[&str], rows: &[Vec<String>], got: &str) -> Option<String> {
    let variant = |change: fn(&mut Layout)| {
        let mut how = RIGHT;
        change(&mut how);
        lay_out(header, rows, how)
    };
    if got == variant(|h| h.bytes = true) {
        Some(known_mistake("str::len() counts bytes, not characters: \"Zürich\" is 7 bytes but 6 characters wide; measure with chars().count()"))
    } else if got == variant(|h| h.all_left = true) {
        Some(known_mistake(
            "only the first column is left-aligned; numbers line up on the right: {:>width$}",
        ))
    } else if got == variant(|h| h.trim = false) {
        Some(known_mistake(
            "a line ends with spaces: trim the end of each line (trim_end())",
        ))
    } else if got == variant(|h| h.separator = " ") {
        Some(known_mistake("separate the cells with two spaces, not one"))
    } else if format!("{got}\n") == lay_out(header, rows, RIGHT) {
        Some(known_mistake(
            "every line ends with '\\n', the last one too",
        ))
    } else if got.lines().count() + 1 == lay_out(header, rows, RIGHT).lines().count() {
        Some(known_mistake(
            "the line of dashes under the header is missing",
        ))
    } else {
        None
    }
}
