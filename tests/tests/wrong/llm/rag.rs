//! Wrong answers to stage 5 (LLM) lesson 9, retrieval-augmented generation
//! (notebooks/05-llm/09-rag.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/chunk-words",
            what: "steps by size, ignoring the overlap",
            grade: |g| checks::llm::chunk_words(g, chunk_no_overlap),
            says: "neighbouring chunks share no words",
        },
        Wrong {
            id: "llm/chunk-words",
            what: "steps by the overlap",
            grade: |g| checks::llm::chunk_words(g, chunk_step_overlap),
            says: "the chunks moved forward by `overlap` words",
        },
        Wrong {
            id: "llm/chunk-words",
            what: "keeps only full chunks",
            grade: |g| checks::llm::chunk_words(g, chunk_full_only),
            says: "the last words were dropped",
        },
        Wrong {
            id: "llm/chunk-words",
            what: "starts a chunk at every step before the end",
            grade: |g| checks::llm::chunk_words(g, chunk_extra_tail),
            says: "the last chunk lies inside the one before it",
        },
        Wrong {
            id: "llm/chunk-words",
            what: "splits on single spaces",
            grade: |g| checks::llm::chunk_words(g, chunk_split_space),
            says: "split with `split_whitespace()`",
        },
        Wrong {
            id: "llm/chunk-words",
            what: "accepts overlap >= size when the step would be 0 by clamping it to 1",
            grade: |g| checks::llm::chunk_words(g, chunk_no_error),
            says: "expected an Err",
        },
        Wrong {
            id: "llm/recall-at-k",
            what: "computes precision@k",
            grade: |g| checks::llm::recall_at_k(g, recall_precision),
            says: "that is precision@k",
        },
        Wrong {
            id: "llm/recall-at-k",
            what: "counts every relevant chunk found",
            grade: |g| checks::llm::recall_at_k(g, recall_every_found),
            says: "each relevant chunk found was counted",
        },
        Wrong {
            id: "llm/recall-at-k",
            what: "averages the share of relevant chunks found",
            grade: |g| checks::llm::recall_at_k(g, recall_share),
            says: "the share of each question's relevant chunks",
        },
        Wrong {
            id: "llm/recall-at-k",
            what: "reads k + 1 results",
            grade: |g| checks::llm::recall_at_k(g, recall_k_plus_one),
            says: "the first k + 1 results were read",
        },
        Wrong {
            id: "llm/recall-at-k",
            what: "reads the whole ranking",
            grade: |g| checks::llm::recall_at_k(g, recall_whole_ranking),
            says: "the whole ranking was read",
        },
        Wrong {
            id: "llm/recall-at-k",
            what: "returns 0 for k = 0 instead of an error",
            grade: |g| checks::llm::recall_at_k(g, recall_no_errors),
            says: "expected an Err",
        },
        Wrong {
            id: "llm/cited-numbers",
            what: "treats [k] as out of range",
            grade: |g| checks::llm::cited_numbers(g, cited_k_excluded),
            says: "the sources are numbered 1 to k, k included",
        },
        Wrong {
            id: "llm/cited-numbers",
            what: "numbers the sources from 0",
            grade: |g| checks::llm::cited_numbers(g, cited_zero_based),
            says: "[0] names no source",
        },
        Wrong {
            id: "llm/cited-numbers",
            what: "reads one digit",
            grade: |g| checks::llm::cited_numbers(g, cited_one_digit),
            says: "only the first digit was read",
        },
        Wrong {
            id: "llm/cited-numbers",
            what: "keeps repeats",
            grade: |g| checks::llm::cited_numbers(g, cited_repeats),
            says: "a number cited twice came back twice",
        },
        Wrong {
            id: "llm/cited-numbers",
            what: "sorts the numbers",
            grade: |g| checks::llm::cited_numbers(g, cited_sorted),
            says: "the numbers came back sorted",
        },
        Wrong {
            id: "llm/cited-numbers",
            what: "reads every number in the text",
            grade: |g| checks::llm::cited_numbers(g, cited_any_number),
            says: "a number outside square brackets",
        },
    ]
}

/// Windows of `size` words every `step` words; `more(start, end, n)` says whether to go on.
fn windows(
    words: &[&str],
    size: usize,
    step: usize,
    more: fn(usize, usize, usize) -> bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let end = usize::min(start + size, words.len());
        out.push(words[start..end].join(" "));
        if !more(start + step, end, words.len()) {
            break;
        }
        start += step;
    }
    out
}

fn until_last(_next: usize, end: usize, n: usize) -> bool {
    end < n
}

pub fn chunk_no_overlap(text: &str, size: usize, overlap: usize) -> Result<Vec<String>, String> {
    if overlap >= size {
        return Err("overlap too large".into());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    Ok(windows(&words, size, size, until_last))
}

pub fn chunk_step_overlap(text: &str, size: usize, overlap: usize) -> Result<Vec<String>, String> {
    if overlap >= size {
        return Err("overlap too large".into());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    Ok(windows(&words, size, overlap.max(1), until_last))
}

pub fn chunk_full_only(text: &str, size: usize, overlap: usize) -> Result<Vec<String>, String> {
    if overlap >= size {
        return Err("overlap too large".into());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    Ok(words
        .windows(size)
        .step_by(size - overlap)
        .map(|w| w.join(" "))
        .collect())
}

pub fn chunk_extra_tail(text: &str, size: usize, overlap: usize) -> Result<Vec<String>, String> {
    if overlap >= size {
        return Err("overlap too large".into());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    Ok(windows(&words, size, size - overlap, |next, _, n| next < n))
}

pub fn chunk_split_space(text: &str, size: usize, overlap: usize) -> Result<Vec<String>, String> {
    if overlap >= size {
        return Err("overlap too large".into());
    }
    let words: Vec<&str> = text
        .split(' ')
        .filter(|w| !text.is_empty() || !w.is_empty())
        .collect();
    Ok(windows(&words, size, size - overlap, until_last))
}

pub fn chunk_no_error(text: &str, size: usize, overlap: usize) -> Result<Vec<String>, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let step = size.saturating_sub(overlap).max(1);
    Ok(windows(&words, size.max(1), step, until_last))
}

/// Per question: relevant ids among the first `top` ranked, and the number relevant.
fn found(ranked: &[Vec<usize>], relevant: &[Vec<usize>], top: usize) -> Vec<(usize, usize)> {
    ranked
        .iter()
        .zip(relevant)
        .map(|(r, g)| {
            (
                r.iter().take(top).filter(|i| g.contains(i)).count(),
                g.len(),
            )
        })
        .collect()
}

fn recall_checked(
    ranked: &[Vec<usize>],
    relevant: &[Vec<usize>],
    k: usize,
    score: impl Fn(usize, usize) -> f64,
    top: usize,
) -> Result<f64, String> {
    if ranked.len() != relevant.len() || ranked.is_empty() || k == 0 {
        return Err("bad input".into());
    }
    let total: f64 = found(ranked, relevant, top)
        .into_iter()
        .map(|(f, g)| score(f, g))
        .sum();
    Ok(total / ranked.len() as f64)
}

pub fn recall_precision(r: &[Vec<usize>], g: &[Vec<usize>], k: usize) -> Result<f64, String> {
    recall_checked(r, g, k, |f, _| f as f64 / k as f64, k)
}

pub fn recall_every_found(r: &[Vec<usize>], g: &[Vec<usize>], k: usize) -> Result<f64, String> {
    recall_checked(r, g, k, |f, _| f as f64, k)
}

pub fn recall_share(r: &[Vec<usize>], g: &[Vec<usize>], k: usize) -> Result<f64, String> {
    recall_checked(r, g, k, |f, n| f as f64 / n as f64, k)
}

pub fn recall_k_plus_one(r: &[Vec<usize>], g: &[Vec<usize>], k: usize) -> Result<f64, String> {
    recall_checked(r, g, k, |f, _| f64::from(u8::from(f > 0)), k + 1)
}

pub fn recall_whole_ranking(r: &[Vec<usize>], g: &[Vec<usize>], k: usize) -> Result<f64, String> {
    recall_checked(r, g, k, |f, _| f64::from(u8::from(f > 0)), usize::MAX)
}

pub fn recall_no_errors(r: &[Vec<usize>], g: &[Vec<usize>], k: usize) -> Result<f64, String> {
    if r.is_empty() || r.len() != g.len() {
        return Err("bad input".into());
    }
    let hits = found(r, g, k).iter().filter(|(f, _)| *f > 0).count();
    Ok(hits as f64 / r.len() as f64)
}

/// Every `[digits]` of `answer`, in order, repeats kept; `digits` limits how many are read.
fn bracketed(answer: &str, digits: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, piece) in answer.split('[').enumerate() {
        if i == 0 {
            continue;
        }
        let number: String = piece.chars().take_while(char::is_ascii_digit).collect();
        if number.is_empty() || !piece[number.len()..].starts_with(']') {
            continue;
        }
        let read: String = number.chars().take(digits).collect();
        if let Ok(n) = read.parse() {
            out.push(n);
        }
    }
    out
}

fn first_each(numbers: Vec<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for n in numbers {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

fn split_by(numbers: Vec<usize>, valid: impl Fn(usize) -> bool) -> (Vec<usize>, Vec<usize>) {
    numbers.into_iter().partition(|&n| valid(n))
}

pub fn cited_k_excluded(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    split_by(first_each(bracketed(answer, usize::MAX)), |n| {
        n >= 1 && n < k
    })
}

pub fn cited_zero_based(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    split_by(first_each(bracketed(answer, usize::MAX)), |n| n <= k)
}

pub fn cited_one_digit(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    // Reads `[` and one digit, whatever follows it.
    let bytes = answer.as_bytes();
    let mut numbers = Vec::new();
    for w in bytes.windows(2) {
        if w[0] == b'[' && w[1].is_ascii_digit() {
            numbers.push(usize::from(w[1] - b'0'));
        }
    }
    split_by(first_each(numbers), |n| (1..=k).contains(&n))
}

pub fn cited_repeats(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    split_by(bracketed(answer, usize::MAX), |n| (1..=k).contains(&n))
}

pub fn cited_sorted(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    let mut numbers = first_each(bracketed(answer, usize::MAX));
    numbers.sort_unstable();
    split_by(numbers, |n| (1..=k).contains(&n))
}

pub fn cited_any_number(answer: &str, k: usize) -> (Vec<usize>, Vec<usize>) {
    let mut numbers = Vec::new();
    let mut current = String::new();
    for c in answer.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            current.push(c);
        } else if !current.is_empty() {
            numbers.push(current.parse().unwrap_or(0));
            current.clear();
        }
    }
    split_by(first_each(numbers), |n| (1..=k).contains(&n))
}
