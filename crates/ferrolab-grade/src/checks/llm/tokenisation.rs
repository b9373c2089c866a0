//! Lesson 1, tokenisation (notebooks/05-llm/01-tokenisation.ipynb): the pair counts and
//! the merge step byte-pair encoding is built from, and decoding ids back to text through
//! bytes.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use std::collections::{BTreeMap, HashMap};

/// Ids as a verdict shows them, cut when long.
fn ids_text(ids: &[u32]) -> String {
    if ids.len() > 12 {
        let head: Vec<String> = ids[..10].iter().map(u32::to_string).collect();
        format!("[{}, … {} ids]", head.join(", "), ids.len())
    } else {
        format!("{ids:?}")
    }
}

/// The UTF-8 bytes of a text as ids, the starting point of byte-level BPE.
fn byte_ids(text: &str) -> Vec<u32> {
    text.bytes().map(u32::from).collect()
}

// ---------------------------------------------------------------------------------

/// `llm/count-pairs`.
pub const COUNT_PAIRS: &str = "llm/count-pairs";

/// `fn count_pairs(ids: &[u32]) -> HashMap<(u32, u32), usize>`.
pub fn count_pairs<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[u32]) -> HashMap<(u32, u32), usize> + Send + 'static,
{
    count_pairs_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type CountPairsFn = dyn Fn(&[u32]) -> HashMap<(u32, u32), usize> + Send;

/// The grader's counts: an ordered map filled by pairing each id with the one before it.
fn pair_counts(ids: &[u32]) -> BTreeMap<(u32, u32), usize> {
    let mut counts = BTreeMap::new();
    let mut previous: Option<u32> = None;
    for &id in ids {
        if let Some(p) = previous {
            *counts.entry((p, id)).or_default() += 1;
        }
        previous = Some(id);
    }
    counts
}

fn counts_text(counts: &BTreeMap<(u32, u32), usize>) -> String {
    let shown: Vec<String> = counts
        .iter()
        .take(6)
        .map(|((a, b), n)| format!("({a}, {b}): {n}"))
        .collect();
    let more = if counts.len() > 6 {
        format!(", … {} pairs", counts.len())
    } else {
        String::new()
    };
    format!("{{{}{more}}}", shown.join(", "))
}

fn count_pairs_boxed(grader: &Grader, learner: Box<CountPairsFn>) -> Report {
    let mut rng = grader.rng(301);
    let random: Vec<u32> = (0..200).map(|_| rng.gen_range(0..6)).collect();
    let cases = vec![
        byte_ids("aaabdaaabac"),
        vec![7, 7, 7],
        vec![1, 2, 3, 1, 2],
        vec![5, 6],
        vec![9],
        vec![],
        byte_ids("the whale, the sea"),
        random,
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |ids: &Vec<u32>| format!("ids = {}", ids_text(ids)),
        move |ids: &Vec<u32>| learner(ids),
    );
    for (ids, got) in cases.iter().zip(run.outputs) {
        let expected = pair_counts(ids);
        let got: BTreeMap<(u32, u32), usize> = got.into_iter().collect();
        if got != expected {
            let verdict = incorrect(
                &format!("ids = {}", ids_text(ids)),
                &counts_text(&expected),
                &counts_text(&got),
                count_pairs_mistake(ids, &got),
            );
            return Report::new(COUNT_PAIRS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(COUNT_PAIRS, verdict);
    }
    Report::new(
        COUNT_PAIRS,
        Verdict::Passed {
            summary: "8 id sequences: repeats, overlaps, one id, none".into(),
        },
    )
}

fn count_pairs_mistake(ids: &[u32], got: &BTreeMap<(u32, u32), usize>) -> Option<String> {
    let mut every_other = BTreeMap::new();
    for chunk in ids.chunks_exact(2) {
        *every_other.entry((chunk[0], chunk[1])).or_insert(0) += 1;
    }
    let without_last = pair_counts(&ids[..ids.len().saturating_sub(1)]);
    let present: BTreeMap<(u32, u32), usize> =
        pair_counts(ids).into_keys().map(|pair| (pair, 1)).collect();
    if *got == every_other {
        Some(known_mistake("only every other pair was counted (`chunks(2)`): pairs overlap, so use `windows(2)`, which starts a pair at every position"))
    } else if ids.len() >= 2 && *got == without_last {
        Some(known_mistake(
            "the last pair is missing: the last pair starts at index len - 2",
        ))
    } else if *got == present {
        Some(known_mistake(
            "every pair got 1: add one for each occurrence (`+= 1` on the entry), do not just insert it",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `llm/merge-pair`.
pub const MERGE_PAIR: &str = "llm/merge-pair";

/// `fn merge_pair(ids: &[u32], pair: (u32, u32), new_id: u32) -> Vec<u32>`.
pub fn merge_pair<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[u32], (u32, u32), u32) -> Vec<u32> + Send + 'static,
{
    merge_pair_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type MergePairFn = dyn Fn(&[u32], (u32, u32), u32) -> Vec<u32> + Send;

/// The grader's merge: a stack that folds the top two ids when they make the pair.
fn merged(ids: &[u32], pair: (u32, u32), new_id: u32) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    // Whether the last id on `out` may still start a pair (it is an original id).
    let mut open = false;
    for &id in ids {
        if open && out.last() == Some(&pair.0) && id == pair.1 {
            out.pop();
            out.push(new_id);
            open = false;
        } else {
            out.push(id);
            open = true;
        }
    }
    out
}

fn merge_pair_boxed(grader: &Grader, learner: Box<MergePairFn>) -> Report {
    let mut rng = grader.rng(302);
    let random: Vec<u32> = (0..150).map(|_| rng.gen_range(0..4)).collect();
    let cases = vec![
        (byte_ids("aaabdaaabac"), (97, 97), 256),
        (vec![7, 7, 7], (7, 7), 300),
        (vec![7, 7, 7, 7], (7, 7), 300),
        (vec![1, 2, 1, 2, 3], (1, 2), 9),
        (vec![2, 1], (1, 2), 9),
        (vec![5, 6], (5, 6), 1000),
        (vec![4], (4, 4), 10),
        (vec![], (1, 2), 3),
        (random, (1, 2), 4),
    ];
    let describe = |(ids, pair, new_id): &(Vec<u32>, (u32, u32), u32)| {
        format!(
            "ids = {}, pair = {pair:?}, new_id = {new_id}",
            ids_text(ids)
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(ids, pair, new_id): &(Vec<u32>, (u32, u32), u32)| learner(ids, *pair, *new_id),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (ids, pair, new_id) = case;
        let expected = merged(ids, *pair, *new_id);
        if got != expected {
            let verdict = incorrect(
                &describe(case),
                &ids_text(&expected),
                &ids_text(&got),
                merge_pair_mistake(ids, *pair, *new_id, &got),
            );
            return Report::new(MERGE_PAIR, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(MERGE_PAIR, verdict);
    }
    Report::new(
        MERGE_PAIR,
        Verdict::Passed {
            summary: "9 merges: overlapping runs, the pair reversed, at the end, nothing to merge"
                .into(),
        },
    )
}

fn merge_pair_mistake(ids: &[u32], pair: (u32, u32), new_id: u32, got: &[u32]) -> Option<String> {
    let first_only = {
        let at = ids.windows(2).position(|w| (w[0], w[1]) == pair);
        at.map(|i| {
            let mut v = ids[..i].to_vec();
            v.push(new_id);
            v.extend_from_slice(&ids[i + 2..]);
            v
        })
    };
    let kept_both = {
        let mut v = Vec::new();
        for (i, &id) in ids.iter().enumerate() {
            v.push(id);
            if i + 1 < ids.len() && (id, ids[i + 1]) == pair {
                v.push(new_id);
            }
        }
        v
    };
    let skip_one: Vec<u32> = (0..ids.len())
        .map(|i| {
            if ids.get(i + 1).is_some_and(|&next| (ids[i], next) == pair) {
                new_id
            } else {
                ids[i]
            }
        })
        .collect();
    if got.len() > ids.len() || got == kept_both.as_slice() {
        Some(known_mistake(
            "the pair's ids are still there: replace the two ids by the new one (skip both)",
        ))
    } else if first_only.as_deref() == Some(got) {
        Some(known_mistake(
            "only the first occurrence was merged: keep scanning to the end",
        ))
    } else if got == skip_one.as_slice() {
        Some(known_mistake("overlapping occurrences were merged twice: after a merge, skip both ids (i += 2), so [7, 7, 7] becomes [new, 7]"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `llm/decode-tokens`.
pub const DECODE_TOKENS: &str = "llm/decode-tokens";

/// `fn decode_tokens(ids: &[u32], vocab: &[Vec<u8>]) -> String`.
pub fn decode_tokens<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[u32], &[Vec<u8>]) -> String + Send + 'static,
{
    decode_tokens_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type DecodeTokensFn = dyn Fn(&[u32], &[Vec<u8>]) -> String + Send;

/// A small vocabulary: the 256 bytes, then a few merged tokens, among them halves of
/// Chinese characters (鲸 is E9 B2 B8, 鱼 is E9 B1 BC).
fn small_vocab() -> Vec<Vec<u8>> {
    let mut vocab: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b]).collect();
    for token in [
        &b"th"[..],
        b"the",
        b" whale",
        b"\xE9\xB2",
        b"\xB8\xE9",
        b"\xB1\xBC",
        "鲸".as_bytes(),
    ] {
        vocab.push(token.to_vec());
    }
    vocab
}

fn decode_tokens_boxed(grader: &Grader, learner: Box<DecodeTokensFn>) -> Report {
    let mut rng = grader.rng(303);
    let vocab = small_vocab();
    let random: Vec<u32> = (0..60).map(|_| rng.gen_range(97..123)).collect();
    let cases: Vec<Vec<u32>> = vec![
        vec![257, 258, 33],
        vec![104, 105],
        vec![259, 260, 261],
        vec![262, 259, 260, 261],
        vec![259],
        vec![],
        random,
    ];
    let run = {
        let vocab = vocab.clone();
        run_cases(
            grader.limit(LIMIT),
            cases.clone(),
            |ids: &Vec<u32>| format!("ids = {}", ids_text(ids)),
            move |ids: &Vec<u32>| learner(ids, &vocab),
        )
    };
    for (ids, got) in cases.iter().zip(run.outputs) {
        let mut bytes = Vec::new();
        for &id in ids {
            bytes.extend_from_slice(&vocab[id as usize]);
        }
        let expected = String::from_utf8_lossy(&bytes).into_owned();
        if got != expected {
            let verdict = incorrect(
                &format!(
                    "ids = {} (a vocabulary of bytes and 7 merged tokens)",
                    ids_text(ids)
                ),
                &format!("{expected:?}"),
                &format!("{got:?}"),
                decode_mistake(ids, &vocab, &got),
            );
            return Report::new(DECODE_TOKENS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(DECODE_TOKENS, verdict);
    }
    Report::new(
        DECODE_TOKENS,
        Verdict::Passed {
            summary: "7 id sequences: English, Chinese characters split across tokens, a lone half character, none".into(),
        },
    )
}

fn decode_mistake(ids: &[u32], vocab: &[Vec<u8>], got: &str) -> Option<String> {
    let per_token: String = ids
        .iter()
        .map(|&id| String::from_utf8_lossy(&vocab[id as usize]).into_owned())
        .collect();
    let spaced: Vec<String> = ids
        .iter()
        .map(|&id| String::from_utf8_lossy(&vocab[id as usize]).into_owned())
        .collect();
    if got == per_token {
        Some(known_mistake("each token was decoded on its own: a token can hold part of a character (鲸 is 3 bytes, split over two tokens here), so join all the bytes first and decode once"))
    } else if got == spaced.join(" ") {
        Some(known_mistake(
            "a space was put between tokens: tokens carry their own spaces (\" whale\"), join them with nothing",
        ))
    } else {
        None
    }
}
