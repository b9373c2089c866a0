//! Lesson 7, text classification (notebooks/04-dl/07-text-classification.ipynb): a
//! character vocabulary, reviews encoded as a padded batch of ids, and the mean of a
//! review's character embeddings with the padding left out.

use super::{read, same, shape_text, Output, LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::Array3;
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;
use tch::{Kind, Tensor};

/// Reviews in the style of the lesson's (written for the check, not taken from the data).
const REVIEWS: [&str; 6] = [
    "质量很好,物流很快",
    "很好很好很好",
    "太差了,不推荐",
    "不错,值得购买",
    "包装破了,很失望",
    "好",
];

/// `dl/char-vocab`.
pub const CHAR_VOCAB: &str = "dl/char-vocab";

/// `fn char_vocab(texts: &[String], min_count: usize) -> HashMap<char, i64>`: the characters
/// seen at least `min_count` times, numbered from 2 by decreasing count, ties in character
/// order (0 is padding, 1 unknown).
pub fn char_vocab<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[String], usize) -> HashMap<char, i64> + Send + 'static,
{
    let mut rng = grader.rng(71);
    let alphabet: Vec<char> = "好差很不错的货".chars().collect();
    let mut random_texts = |n: usize| -> Vec<String> {
        (0..n)
            .map(|_| {
                let len = rng.gen_range(1..8);
                (0..len)
                    .map(|_| *alphabet.choose(&mut rng).unwrap_or(&'好'))
                    .collect()
            })
            .collect()
    };
    let reviews: Vec<String> = REVIEWS.iter().map(|s| s.to_string()).collect();
    // min_count 1 keeps everything; 2 and 3 sit on counts that occur, so `>` for `>=` shows;
    // "很好很好很好" repeats characters within one text, so counting texts shows.
    let cases: Vec<(Vec<String>, usize)> = vec![
        (reviews.clone(), 2),
        (reviews, 1),
        (random_texts(12), 3),
        (random_texts(5), 2),
    ];
    let describe = |c: &(Vec<String>, usize)| format!("texts {:?}, min_count {}", c.0, c.1);
    let run = run_cases(
        grader.limit(Duration::from_secs(5)),
        cases.clone(),
        describe,
        move |c| learner(&c.0, c.1),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (texts, min_count) = (&case.0, case.1);
        let expected = vocab(texts, min_count, Vocab::default());
        if got != expected {
            let variant = |v: Vocab| got == vocab(texts, min_count, v);
            let mistake = if variant(Vocab {
                first_id: 0,
                ..Vocab::default()
            }) || variant(Vocab {
                first_id: 1,
                ..Vocab::default()
            }) {
                Some(known_mistake("ids 0 and 1 are taken: 0 is the padding and 1 the unknown character, so the first character of the vocabulary gets 2"))
            } else if variant(Vocab {
                strictly_more: true,
                ..Vocab::default()
            }) {
                Some(known_mistake("a character seen exactly min_count times was left out: keep those seen at least min_count times"))
            } else if variant(Vocab {
                per_text: true,
                ..Vocab::default()
            }) {
                Some(known_mistake(
                    "each character was counted once per text: count every occurrence",
                ))
            } else {
                None
            };
            let verdict = incorrect(&describe(case), &show(&expected), &show(&got), mistake);
            return Report::new(CHAR_VOCAB, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(CHAR_VOCAB, verdict);
    }
    Report::new(
        CHAR_VOCAB,
        Verdict::Passed {
            summary: "4 corpora: the frequent characters, numbered from 2 by count".into(),
        },
    )
}

/// A vocabulary as a learner reads it: characters in id order.
fn show(vocab: &HashMap<char, i64>) -> String {
    let by_id: BTreeMap<i64, char> = vocab.iter().map(|(&ch, &id)| (id, ch)).collect();
    let shown: Vec<String> = by_id.iter().map(|(id, ch)| format!("{ch}:{id}")).collect();
    format!("{{{}}}", shown.join(", "))
}

/// Vocabulary rules: the right one by default, each field one known mistake.
#[derive(Debug, Clone, Copy)]
struct Vocab {
    first_id: i64,
    strictly_more: bool,
    per_text: bool,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            first_id: 2,
            strictly_more: false,
            per_text: false,
        }
    }
}

fn vocab(texts: &[String], min_count: usize, rule: Vocab) -> HashMap<char, i64> {
    let mut counts: BTreeMap<char, usize> = BTreeMap::new();
    for text in texts {
        let mut chars: Vec<char> = text.chars().collect();
        if rule.per_text {
            chars.sort_unstable();
            chars.dedup();
        }
        for ch in chars {
            *counts.entry(ch).or_default() += 1;
        }
    }
    let mut kept: Vec<(char, usize)> = counts
        .into_iter()
        .filter(|&(_, n)| {
            if rule.strictly_more {
                n > min_count
            } else {
                n >= min_count
            }
        })
        .collect();
    // Stable: equal counts stay in character order.
    kept.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    kept.iter()
        .enumerate()
        .map(|(i, &(ch, _))| (ch, rule.first_id + i as i64))
        .collect()
}

// ---------------------------------------------------------------------------------

/// `dl/encode-batch`.
pub const ENCODE_BATCH: &str = "dl/encode-batch";

/// `fn encode_batch(texts: &[String], vocab: &HashMap<char, i64>, len: usize) -> Tensor`:
/// `[n, len]` int64 ids, unknown characters 1, cut after `len` characters, padded with 0.
pub fn encode_batch<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[String], &HashMap<char, i64>, usize) -> Tensor + Send + 'static,
{
    let reviews: Vec<String> = REVIEWS.iter().map(|s| s.to_string()).collect();
    let known = vocab(&reviews, 2, Vocab::default());
    // A length shorter than some reviews (cutting shows) and longer than others (padding
    // shows); characters outside the vocabulary in every case.
    let cases: Vec<(Vec<String>, usize)> = vec![
        (reviews[..3].to_vec(), 6),
        (reviews[3..].to_vec(), 10),
        (
            vec!["很好".to_string(), "质量很好,物流很快,很满意".to_string()],
            8,
        ),
    ];
    let describe = |c: &(Vec<String>, usize)| format!("texts {:?}, len {}", c.0, c.1);
    let vocab_in = known.clone();
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let ids = learner(&c.0, &vocab_in, c.1);
        (ids.kind(), read(&ids))
    });
    for (case, (kind, got)) in cases.iter().zip(run.outputs) {
        let (texts, len) = (&case.0, case.1);
        let input = describe(case);
        let shape = [texts.len() as i64, len as i64];
        if got.shape != shape {
            let message = format!(
                "for input {input} expected shape {}, got {}: one row per text, len ids per row",
                shape_text(&shape),
                shape_text(&got.shape)
            );
            return Report::new(ENCODE_BATCH, Verdict::Incorrect { message });
        }
        if kind != Kind::Int64 {
            let message = format!(
                "for input {input} the ids are {kind:?}: an embedding looks up Int64 ids, so build the tensor from i64 values"
            );
            return Report::new(ENCODE_BATCH, Verdict::Incorrect { message });
        }
        let expected = encode(texts, &known, len, Encode::default());
        if !same(&expected, &got) {
            let variant = |e: Encode| same(&encode(texts, &known, len, e), &got);
            let mistake = if variant(Encode {
                unknown: 0,
                ..Encode::default()
            }) {
                Some(known_mistake("unknown characters became 0, the padding id: give them 1, so the model can tell \"a character it does not know\" from \"nothing here\""))
            } else if variant(Encode {
                pad_front: true,
                ..Encode::default()
            }) {
                Some(known_mistake(
                    "the padding went in front: pad at the end, after the text",
                ))
            } else if variant(Encode {
                keep_end: true,
                ..Encode::default()
            }) {
                Some(known_mistake(
                    "a long text kept its last len characters: keep the first len",
                ))
            } else {
                None
            };
            let verdict = incorrect(&input, &list(&expected), &list(&got.values), mistake);
            return Report::new(ENCODE_BATCH, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(ENCODE_BATCH, verdict);
    }
    Report::new(
        ENCODE_BATCH,
        Verdict::Passed {
            summary: "3 batches: ids cut and padded to len, unknown characters 1".into(),
        },
    )
}

/// Encoding rules: the right one by default, each field one known mistake.
#[derive(Debug, Clone, Copy)]
struct Encode {
    unknown: i64,
    pad_front: bool,
    keep_end: bool,
}

impl Default for Encode {
    fn default() -> Self {
        Encode {
            unknown: 1,
            pad_front: false,
            keep_end: false,
        }
    }
}

/// The grader's batch, row-major, as f64 like the learner's read-back.
fn encode(texts: &[String], vocab: &HashMap<char, i64>, len: usize, rule: Encode) -> Vec<f64> {
    let mut rows = Vec::new();
    for text in texts {
        let ids: Vec<f64> = text
            .chars()
            .map(|ch| *vocab.get(&ch).unwrap_or(&rule.unknown) as f64)
            .collect();
        let kept = if rule.keep_end && ids.len() > len {
            &ids[ids.len() - len..]
        } else {
            &ids[..ids.len().min(len)]
        };
        let padding = vec![0.0; len - kept.len()];
        if rule.pad_front {
            rows.extend(padding.iter().chain(kept));
        } else {
            rows.extend(kept.iter().chain(&padding));
        }
    }
    rows
}

// ---------------------------------------------------------------------------------

/// `dl/masked-mean`.
pub const MASKED_MEAN: &str = "dl/masked-mean";

/// `fn masked_mean(embedded: &Tensor, ids: &Tensor) -> Tensor`: for each text, the mean of
/// the embeddings at its non-padding positions (`ids != 0`); zeros for a text that is all
/// padding.
pub fn masked_mean<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor) -> Tensor + Send + 'static,
{
    let mut rng = grader.rng(73);
    // Texts of different lengths, one of them all padding (the mean of nothing is 0,
    // not NaN); the padding positions' embeddings are not zero, as in a real lookup.
    let mut case = |lengths: &[usize], len: usize, dim: usize| {
        let n = lengths.len();
        let embedded = Array3::from_shape_fn((n, len, dim), |_| rng.gen_range(-2.0f32..2.0));
        let ids: Vec<i64> = lengths
            .iter()
            .flat_map(|&l| (0..len).map(move |t| if t < l { 2 + t as i64 } else { 0 }))
            .collect();
        (embedded, ids)
    };
    let cases = vec![case(&[3, 5, 1], 5, 4), case(&[2, 0, 4], 4, 3)];
    let describe = |c: &(Array3<f32>, Vec<i64>)| {
        let (n, len, dim) = c.0.dim();
        format!("embeddings [{n}, {len}, {dim}] of the ids {:?}", c.1)
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let (n, len, dim) = c.0.dim();
        let values: Vec<f32> = c.0.iter().copied().collect();
        let embedded = Tensor::from_slice(&values).reshape([n as i64, len as i64, dim as i64]);
        let ids = Tensor::from_slice(&c.1).reshape([n as i64, len as i64]);
        read(&learner(&embedded, &ids))
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_mean(case, &describe(case), &got) {
            return Report::new(MASKED_MEAN, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(MASKED_MEAN, verdict);
    }
    Report::new(
        MASKED_MEAN,
        Verdict::Passed {
            summary: "2 batches: each text's mean over its own characters, padding left out".into(),
        },
    )
}

fn judge_mean(case: &(Array3<f32>, Vec<i64>), input: &str, got: &Output) -> Option<Verdict> {
    let (n, _, dim) = case.0.dim();
    let shape = [n as i64, dim as i64];
    if got.shape != shape {
        let message = format!(
            "for input {input} expected shape {}, got {}: one vector of the embedding's size per text",
            shape_text(&shape),
            shape_text(&got.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let expected = mean(case, Mean::default());
    if same(&expected, got) {
        return None;
    }
    let variant = |m: Mean| same(&mean(case, m), got);
    let nan = got.values.iter().any(|v| v.is_nan());
    let mistake = if variant(Mean {
        with_padding: true,
        ..Mean::default()
    }) {
        Some("the padding positions were averaged in: count only the positions whose id is not 0")
    } else if variant(Mean {
        divide: false,
        ..Mean::default()
    }) {
        Some("that is the sum: divide by the number of real characters of each text")
    } else if nan {
        Some("a text with no characters gave NaN (0 / 0): divide by the count clamped to at least 1, `.clamp_min(1.0)`")
    } else {
        None
    };
    Some(incorrect(
        input,
        &list(&expected),
        &list(&got.values),
        mistake.map(known_mistake),
    ))
}

/// Means: the right one by default, each field one known mistake.
#[derive(Debug, Clone, Copy)]
struct Mean {
    with_padding: bool,
    divide: bool,
}

impl Default for Mean {
    fn default() -> Self {
        Mean {
            with_padding: false,
            divide: true,
        }
    }
}

fn mean(case: &(Array3<f32>, Vec<i64>), rule: Mean) -> Vec<f64> {
    let (embedded, ids) = case;
    let (n, len, dim) = embedded.dim();
    let mut out = Vec::with_capacity(n * dim);
    for i in 0..n {
        let real: Vec<usize> = (0..len)
            .filter(|&t| rule.with_padding || ids[i * len + t] != 0)
            .collect();
        let count = if rule.divide {
            real.len().max(1) as f64
        } else {
            1.0
        };
        for d in 0..dim {
            let sum: f64 = real.iter().map(|&t| f64::from(embedded[[i, t, d]])).sum();
            out.push(sum / count);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_counts_occurrences_and_breaks_ties_by_character() {
        let texts: Vec<String> = ["很好很好很好", "好", "不好"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let v = vocab(&texts, 1, Vocab::default());
        // 好 5 times, 很 3, 不 1.
        assert_eq!((v[&'好'], v[&'很'], v[&'不']), (2, 3, 4));
        assert_eq!(vocab(&texts, 2, Vocab::default()).len(), 2);
    }

    #[test]
    fn encoding_cuts_pads_and_marks_unknowns() {
        let texts = vec!["好差".to_string(), "好好好好".to_string()];
        let v: HashMap<char, i64> = [('好', 2)].into_iter().collect();
        assert_eq!(
            encode(&texts, &v, 3, Encode::default()),
            vec![2.0, 1.0, 0.0, 2.0, 2.0, 2.0]
        );
    }
}
