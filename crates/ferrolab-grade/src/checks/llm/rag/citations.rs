//! `llm/cited-numbers`: the citation check, its split-on-`[` reference and the known
//! mistakes it recognises.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::BTreeSet;

/// `llm/cited-numbers`.
pub const CITED_NUMBERS: &str = "llm/cited-numbers";

/// The reference: split on `[`; each piece after the first is a citation when it starts
/// with digits followed by `]`. First appearances only, then split by 1..=k.
fn cited_reference(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = Vec::new();
    for piece in answer.split('[').skip(1) {
        let Some(close) = piece.find(']') else {
            continue;
        };
        let inside = &piece[..close];
        if inside.is_empty() || !inside.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut n = 0usize;
        for b in inside.bytes() {
            n = n * 10 + usize::from(b - b'0');
        }
        if !order.contains(&n) {
            order.push(n);
        }
    }
    let mut valid = Vec::new();
    let mut invalid = Vec::new();
    for n in order {
        if (1..=k).contains(&n) {
            valid.push(n);
        } else {
            invalid.push(n);
        }
    }
    (valid, invalid)
}

fn cited_mistake(answer: &str, k: usize, got: &(Vec<usize>, Vec<usize>)) -> Option<String> {
    let (valid, invalid) = cited_reference(answer, k);
    let all: Vec<usize> = cited_reference(answer, usize::MAX).0;
    let got_all: Vec<usize> = got.0.iter().chain(&got.1).copied().collect();
    if valid.contains(&k) && !got.0.contains(&k) && got.1.contains(&k) {
        return Some(known_mistake(
            "[k] was put among the numbers that name no source: the sources are numbered 1 to \
             k, k included",
        ));
    }
    if invalid.contains(&0) && got.0.contains(&0) {
        return Some(known_mistake(
            "[0] names no source: the prompt numbers its sources from 1",
        ));
    }
    let first_digits = |s: &str| -> Vec<usize> {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        for i in 1..bytes.len() {
            if bytes[i - 1] == b'[' && bytes[i].is_ascii_digit() {
                let n = usize::from(bytes[i] - b'0');
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    };
    let got_set: BTreeSet<usize> = got_all.iter().copied().collect();
    if got_set == first_digits(answer).into_iter().collect()
        && got_set != all.iter().copied().collect()
    {
        return Some(known_mistake(
            "only the first digit was read: [12] cites source twelve, read every digit up to the ]",
        ));
    }
    if got_all.len() > got_set.len() {
        return Some(known_mistake(
            "a number cited twice came back twice: keep each number once, where it first appears",
        ));
    }
    let mut sorted_valid = valid.clone();
    sorted_valid.sort_unstable();
    let mut sorted_invalid = invalid.clone();
    sorted_invalid.sort_unstable();
    if (sorted_valid != valid || sorted_invalid != invalid)
        && got.0 == sorted_valid
        && got.1 == sorted_invalid
    {
        return Some(known_mistake(
            "the numbers came back sorted: keep them in the order the answer cites them",
        ));
    }
    if got_set.len() > all.len() {
        return Some(known_mistake(
            "a number outside square brackets was read as a citation: only [n] cites a source",
        ));
    }
    None
}

/// `fn cited_numbers(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>)`.
pub fn cited_numbers<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&str, usize) -> (Vec<usize>, Vec<usize>) + Send + 'static,
{
    cited_numbers_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type CitedFn = dyn Fn(&str, usize) -> (Vec<usize>, Vec<usize>) + Send;

fn cited_numbers_boxed(grader: &Grader, learner: Box<CitedFn>) -> Report {
    let mut rng = grader.rng(392);
    // A seeded answer that cites sources in a shuffled order, some twice, some beyond k.
    let k = rng.gen_range(3..6);
    let mut numbers: Vec<usize> = (1..=k + 2).collect();
    numbers.shuffle(&mut rng);
    let mut random = String::from("Ishmael sleeps at the Spouter-Inn");
    for (i, n) in numbers.iter().enumerate() {
        random.push_str(&format!(" [{n}]"));
        if i % 2 == 0 {
            random.push_str(" and shares a bed with Queequeg");
        }
    }
    random.push_str(&format!(" [{}].", numbers[0]));
    let cases: Vec<(String, usize)> = vec![
        (
            "Queequeg is a harpooneer [3], from Kokovoko [1]; he sold heads [3] [2].".into(),
            3,
        ),
        (
            "The ship is the Pequod [12], owned by Peleg [2].".into(),
            12,
        ),
        ("The ship is the Pequod [12], owned by Peleg [2].".into(), 5),
        ("Father Mapple [0] preached on Jonah [4].".into(), 4),
        (random, k),
        (
            "In 1851 Melville wrote 135 chapters [2]; see [a], [], [ 3 ] and [[1]].".into(),
            3,
        ),
        ("No sources were cited.".into(), 2),
        ("It ends on an open bracket [2".into(), 2),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |(a, k): &(String, usize)| format!("answer = {a:?}, k = {k}"),
        move |(a, k): &(String, usize)| learner(a, *k),
    );
    for ((answer, k), got) in cases.iter().zip(run.outputs) {
        let want = cited_reference(answer, *k);
        if got != want {
            let verdict = incorrect(
                &format!("answer = {answer:?}, k = {k}"),
                &format!("(valid {:?}, invalid {:?})", want.0, want.1),
                &format!("(valid {:?}, invalid {:?})", got.0, got.1),
                cited_mistake(answer, *k, &got),
            );
            return Report::new(CITED_NUMBERS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(CITED_NUMBERS, verdict);
    }
    Report::new(
        CITED_NUMBERS,
        Verdict::Passed {
            summary: "8 answers: order of first citation, repeats, [0], [k], [12], brackets \
                      without digits, an unclosed bracket"
                .into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cited_reference_reads_brackets() {
        assert_eq!(
            cited_reference("a [3] b [1] c [3] [2] [0] [12] [x] [] [[4]] [5", 3),
            (vec![3, 1, 2], vec![0, 12, 4])
        );
    }
}
