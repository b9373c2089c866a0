//! Wrong answers to stage 5 (LLM) lesson 1, tokenisation
//! (notebooks/05-llm/01-tokenisation.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use std::collections::HashMap;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/count-pairs",
            what: "counts with chunks(2)",
            grade: |g| {
                checks::llm::count_pairs(g, |ids| count(ids.chunks_exact(2).map(|c| (c[0], c[1]))))
            },
            says: "only every other pair was counted",
        },
        Wrong {
            id: "llm/count-pairs",
            what: "stops one pair early",
            grade: |g| {
                checks::llm::count_pairs(g, |ids| {
                    let n = ids.len().saturating_sub(2);
                    count((0..n).map(|i| (ids[i], ids[i + 1])))
                })
            },
            says: "the last pair is missing",
        },
        Wrong {
            id: "llm/count-pairs",
            what: "inserts 1 instead of adding",
            grade: |g| {
                checks::llm::count_pairs(g, |ids| {
                    ids.windows(2).map(|w| ((w[0], w[1]), 1)).collect()
                })
            },
            says: "every pair got 1",
        },
        Wrong {
            id: "llm/merge-pair",
            what: "pushes the new id but keeps the pair",
            grade: |g| checks::llm::merge_pair(g, merge_keeping_the_pair),
            says: "the pair's ids are still there",
        },
        Wrong {
            id: "llm/merge-pair",
            what: "merges only the first occurrence",
            grade: |g| checks::llm::merge_pair(g, merge_first_only),
            says: "only the first occurrence was merged",
        },
        Wrong {
            id: "llm/merge-pair",
            what: "steps one id after a merge",
            grade: |g| checks::llm::merge_pair(g, merge_stepping_one),
            says: "overlapping occurrences were merged twice",
        },
        Wrong {
            id: "llm/decode-tokens",
            what: "decodes token by token",
            grade: |g| {
                checks::llm::decode_tokens(g, |ids, vocab| {
                    ids.iter()
                        .map(|&id| String::from_utf8_lossy(&vocab[id as usize]))
                        .collect()
                })
            },
            says: "each token was decoded on its own",
        },
        Wrong {
            id: "llm/decode-tokens",
            what: "joins tokens with spaces",
            grade: |g| {
                checks::llm::decode_tokens(g, |ids, vocab| {
                    let parts: Vec<String> = ids
                        .iter()
                        .map(|&id| String::from_utf8_lossy(&vocab[id as usize]).into_owned())
                        .collect();
                    parts.join(" ")
                })
            },
            says: "a space was put between tokens",
        },
    ]
}

fn count(pairs: impl Iterator<Item = (u32, u32)>) -> HashMap<(u32, u32), usize> {
    let mut counts = HashMap::new();
    for pair in pairs {
        *counts.entry(pair).or_insert(0) += 1;
    }
    counts
}

fn merge_keeping_the_pair(ids: &[u32], pair: (u32, u32), new_id: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        out.push(id);
        if ids.get(i + 1).is_some_and(|&next| (id, next) == pair) {
            out.push(new_id);
        }
    }
    out
}

fn merge_first_only(ids: &[u32], pair: (u32, u32), new_id: u32) -> Vec<u32> {
    match ids.windows(2).position(|w| (w[0], w[1]) == pair) {
        Some(i) => [&ids[..i], &[new_id], &ids[i + 2..]].concat(),
        None => ids.to_vec(),
    }
}

fn merge_stepping_one(ids: &[u32], pair: (u32, u32), new_id: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        if ids.get(i + 1).is_some_and(|&next| (id, next) == pair) {
            out.push(new_id);
        } else {
            out.push(id);
        }
    }
    out
}
