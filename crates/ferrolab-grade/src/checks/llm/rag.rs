//! Lesson 9, retrieval-augmented generation (notebooks/05-llm/09-rag.ipynb): cutting a
//! text into overlapping chunks, measuring a retriever's recall@k, and reading the
//! source numbers a model cites.
//!
//! All three take and return plain Rust values. The texts are sentences of *Moby Dick*
//! (the lesson's corpus), and every reference is written as a different algorithm from
//! the one the hints suggest: chunk counts from arithmetic, hits from set intersections,
//! citations by splitting on `[`.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;

mod citations;
mod recall;

pub use citations::*;
pub use recall::*;

/// Opening sentences of *Moby Dick*, chapter 1, one space between words.
const LOOMINGS: &str = "Call me Ishmael. Some years ago never mind how long precisely having \
    little or no money in my purse, and nothing particular to interest me on shore, I thought \
    I would sail about a little and see the watery part of the world. It is a way I have of \
    driving off the spleen and regulating the circulation.";

/// A text as a verdict shows it: cut after 60 characters, line breaks visible.
fn text_shown(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    let more = if text.chars().count() > 60 { "…" } else { "" };
    format!("{:?}", format!("{cut}{more}"))
}

// ---------------------------------------------------------------------------------

/// `llm/chunk-words`.
pub const CHUNK_WORDS: &str = "llm/chunk-words";

#[derive(Debug, Clone)]
struct ChunkCase {
    text: String,
    size: usize,
    overlap: usize,
}

impl ChunkCase {
    fn new(text: &str, size: usize, overlap: usize) -> Self {
        Self {
            text: text.to_string(),
            size,
            overlap,
        }
    }

    fn describe(&self) -> String {
        format!(
            "text = {} ({} words), size = {}, overlap = {}",
            text_shown(&self.text),
            self.text.split_whitespace().count(),
            self.size,
            self.overlap
        )
    }
}

/// The first `n` words of `text` (split on single spaces), rejoined.
fn first_words(text: &str, n: usize) -> String {
    text.split(' ').take(n).collect::<Vec<_>>().join(" ")
}

/// The reference: the number of chunks from arithmetic (one chunk, plus one per step
/// needed to reach the last word), then each chunk as a slice; `None` for the error.
fn chunk_reference(words: &[&str], size: usize, overlap: usize) -> Option<Vec<String>> {
    if overlap >= size {
        return None;
    }
    let n = words.len();
    let step = size - overlap;
    let count = if n == 0 {
        0
    } else if n <= size {
        1
    } else {
        1 + (n - size).div_ceil(step)
    };
    let mut chunks = Vec::new();
    for c in 0..count {
        let start = c * step;
        let mut words_of_chunk = Vec::new();
        for word in words.iter().skip(start).take(size) {
            words_of_chunk.push(*word);
        }
        chunks.push(words_of_chunk.join(" "));
    }
    Some(chunks)
}

/// Windows of `size` words starting every `step` words while `keep(start, n, size)` holds
/// (n: the number of words): the wrong stopping rules, written out.
fn windows_by(
    words: &[&str],
    size: usize,
    step: usize,
    keep: fn(usize, usize, usize) -> bool,
) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut start = 0;
    while step > 0 && keep(start, words.len(), size) {
        let end = (start + size).min(words.len());
        chunks.push(words[start..end].join(" "));
        start += step;
    }
    chunks
}

/// Which known mistake, if any, gives `got` for this case.
fn chunk_mistake(case: &ChunkCase, got: &[String]) -> Option<String> {
    let words: Vec<&str> = case.text.split_whitespace().collect();
    let (size, overlap) = (case.size, case.overlap);
    let until_end = |step: usize| chunk_reference_step(&words, size, step);
    if overlap > 0 && got == until_end(size).as_slice() {
        return Some(known_mistake(
            "neighbouring chunks share no words: the overlap was ignored, so the next chunk \
             must start size − overlap words later, not size",
        ));
    }
    if overlap > 0 && 2 * overlap != size && got == until_end(overlap).as_slice() {
        return Some(known_mistake(
            "the chunks moved forward by `overlap` words: overlap is what neighbours share, \
             the step between their starts is size − overlap",
        ));
    }
    let full_only = windows_by(&words, size, size - overlap, |s, n, size| s + size <= n);
    if got == full_only.as_slice() {
        return Some(known_mistake(
            "the last words were dropped: only full chunks came back, but the chunk that \
             reaches the last word must be kept even when it is shorter than size",
        ));
    }
    let every_start = windows_by(&words, size, size - overlap, |s, n, _| s < n);
    if got == every_start.as_slice() {
        return Some(known_mistake(
            "the last chunk lies inside the one before it: stop after the chunk that \
             reaches the last word",
        ));
    }
    let spaced: Vec<&str> = case.text.split(' ').collect();
    if chunk_reference(&spaced, size, overlap).as_deref() == Some(got) {
        return Some(known_mistake(
            "the text was split on single spaces: line breaks and runs of spaces are not \
             words, split with `split_whitespace()`",
        ));
    }
    None
}

/// The chunks when each starts `step` (at least 1) words after the one before: starts 0,
/// step, 2·step, … as long as the chunk before ended short of the last word.
fn chunk_reference_step(words: &[&str], size: usize, step: usize) -> Vec<String> {
    let n = words.len();
    (0..n)
        .step_by(step)
        .take_while(|&start| start == 0 || start - step + size < n)
        .map(|start| words[start..n.min(start + size)].join(" "))
        .collect()
}

/// `fn chunk_words(text: &str, size: usize, overlap: usize) -> Result<Vec<String>, String>`.
pub fn chunk_words<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&str, usize, usize) -> Result<Vec<String>, String> + Send + 'static,
{
    chunk_words_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ChunkWordsFn = dyn Fn(&str, usize, usize) -> Result<Vec<String>, String> + Send;

fn chunk_words_boxed(grader: &Grader, learner: Box<ChunkWordsFn>) -> Report {
    let mut rng = grader.rng(390);
    let n = rng.gen_range(23..30);
    let size = rng.gen_range(6..9);
    let overlap = rng.gen_range(2..size - 2);
    let cases = vec![
        // 11 words, size 4, overlap 1: starts 0, 3, 6, 9; the last chunk has 2 words.
        ChunkCase::new(&first_words(LOOMINGS, 11), 4, 1),
        // 10 words, size 4, overlap 2: the chunk at 6 ends on the last word exactly.
        ChunkCase::new(&first_words(LOOMINGS, 10), 4, 2),
        ChunkCase::new(&first_words(LOOMINGS, n), size, overlap),
        // Fewer words than size: one chunk.
        ChunkCase::new(&first_words(LOOMINGS, 5), 8, 3),
        // No overlap.
        ChunkCase::new(&first_words(LOOMINGS, 13), 5, 0),
        ChunkCase::new(
            "It is a way I have\nof driving off  the spleen,\n\nand regulating the circulation.",
            5,
            2,
        ),
        ChunkCase::new("", 5, 1),
        ChunkCase::new(&first_words(LOOMINGS, 9), 3, 3),
        ChunkCase::new(&first_words(LOOMINGS, 9), 3, 5),
        ChunkCase::new(&first_words(LOOMINGS, 9), 0, 0),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        ChunkCase::describe,
        move |c: &ChunkCase| learner(&c.text, c.size, c.overlap),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_chunks(case, &got) {
            return Report::new(CHUNK_WORDS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(CHUNK_WORDS, verdict);
    }
    Report::new(
        CHUNK_WORDS,
        Verdict::Passed {
            summary: "10 texts: steps of size − overlap, a short last chunk kept, line breaks, \
                      empty text, Err for overlap ≥ size"
                .into(),
        },
    )
}

fn judge_chunks(case: &ChunkCase, got: &Result<Vec<String>, String>) -> Option<Verdict> {
    let words: Vec<&str> = case.text.split_whitespace().collect();
    let input = case.describe();
    let want = chunk_reference(&words, case.size, case.overlap);
    match (want, got) {
        (None, Err(_)) => None,
        (None, Ok(chunks)) => Some(incorrect(
            &input,
            "an Err: with overlap ≥ size the next chunk would not start after the one before",
            &format!("Ok with {} chunks", chunks.len()),
            None,
        )),
        (Some(want), Err(e)) => Some(incorrect(
            &input,
            &format!("{} chunks", want.len()),
            &format!("Err({e:?})"),
            None,
        )),
        (Some(want), Ok(got)) => {
            if *got == want {
                return None;
            }
            let shown = |chunks: &[String]| {
                let texts: Vec<String> = chunks.iter().map(|c| format!("{c:?}")).collect();
                format!("{} chunks [{}]", chunks.len(), texts.join(", "))
            };
            Some(incorrect(
                &input,
                &shown(&want),
                &shown(got),
                chunk_mistake(case, got),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_reference_keeps_every_word_once_in_order() {
        let words: Vec<&str> = LOOMINGS.split(' ').collect();
        for size in 1..9 {
            for overlap in 0..size {
                let chunks = chunk_reference(&words, size, overlap).unwrap();
                let last = chunks.last().unwrap();
                assert!(LOOMINGS.ends_with(last.as_str()));
                assert!(chunks.iter().all(|c| c.split(' ').count() <= size));
                // Every chunk but the last is full, so dropping the `overlap` words each
                // later chunk shares with the one before gives the text back.
                let rebuilt: Vec<&str> = chunks
                    .iter()
                    .enumerate()
                    .flat_map(|(i, c)| c.split(' ').skip(if i == 0 { 0 } else { overlap }))
                    .collect();
                assert_eq!(rebuilt, words, "size {size} overlap {overlap}");
            }
        }
        assert_eq!(chunk_reference(&[], 4, 1), Some(vec![]));
        assert_eq!(chunk_reference(&words, 3, 3), None);
        assert_eq!(
            chunk_reference(&["a", "b", "c", "d", "e"], 2, 1),
            Some(vec!["a b".into(), "b c".into(), "c d".into(), "d e".into()])
        );
    }
}
