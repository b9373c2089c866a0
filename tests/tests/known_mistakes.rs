//! Every known-mistake hint is reachable (the "Check design rules" in tests/README.md):
//! each `known_mistake(...)` message in `crates/ferrolab-grade/src/checks/<stage>/<lesson>`
//! has a wrong answer in `tests/tests/wrong/<stage>/<lesson>` (any lesson of the stage
//! for a hint in the stage root, `checks/<stage>.rs`, or in the helpers its lessons share,
//! `checks/<stage>/shared/`) whose `says` shares a fragment
//! with it that no other hint of the lesson has; the proof in exercises.rs
//! makes sure that wrong answer's verdict contains its `says`.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A shared fragment this long names a hint (a shorter hint must be shared whole).
const FRAGMENT: usize = 12;

/// Stands for a `{...}` placeholder of a `format!` hint: no fragment crosses it.
const HOLE: char = '\0';

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The text of every `.rs` file under `dir`, by `(stage, lesson)`: `<stage>/<lesson>.rs`
/// and `<stage>/<lesson>/*.rs`; the stage root `<stage>.rs` and `<stage>/shared/` (helpers
/// its lessons share) are the lesson "*".
fn lessons(dir: &Path) -> BTreeMap<(String, String), String> {
    let mut lessons = BTreeMap::<_, String>::new();
    let name = |path: &Path| path.file_stem().unwrap().to_string_lossy().into_owned();
    for stage in fs::read_dir(dir).unwrap().flatten().map(|e| e.path()) {
        if !stage.is_dir() {
            continue;
        }
        if let Ok(root) = fs::read_to_string(stage.with_extension("rs")) {
            lessons.insert((name(&stage), "*".into()), root);
        }
        for path in fs::read_dir(&stage).unwrap().flatten().map(|e| e.path()) {
            let files: Vec<PathBuf> = if path.is_dir() {
                fs::read_dir(&path)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .collect()
            } else {
                vec![path.clone()]
            };
            let lesson = match name(&path) {
                shared if shared == "shared" => "*".to_string(),
                lesson => lesson,
            };
            let text = lessons.entry((name(&stage), lesson)).or_default();
            for file in files {
                text.push_str(&fs::read_to_string(file).unwrap());
            }
        }
    }
    lessons
}

/// The string literal that opens `text` (after blanks, and after `format!(` if `text`
/// starts with one), escapes decoded and placeholders as [`HOLE`]; None if there is none.
fn literal(text: &str) -> Option<String> {
    let text = text.trim_start();
    let text = text.strip_prefix("format!(").unwrap_or(text).trim_start();
    let chars: Vec<char> = text.strip_prefix('"')?.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1).copied()) {
            ('"', _) => return Some(out),
            ('\\', Some('\n')) => {
                i += 2;
                while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                    i += 1;
                }
                continue;
            }
            ('\\', Some('n')) => out.push('\n'),
            ('\\', Some(c)) | ('{', Some(c @ '{')) | ('}', Some(c @ '}')) => out.push(c),
            ('{', _) => {
                while chars.get(i).is_some_and(|&c| c != '}') {
                    i += 1;
                }
                out.push(HOLE);
                i += 1;
                continue;
            }
            (c, _) => {
                out.push(c);
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    None
}

/// The literals that follow each `marker` in `text`, or the line of one without.
fn after(marker: &str, text: &str) -> Vec<Result<String, String>> {
    text.match_indices(marker)
        .map(|(at, _)| {
            literal(&text[at + marker.len()..]).ok_or_else(|| {
                let line = text[at..].lines().next().unwrap_or_default();
                line.trim().to_string()
            })
        })
        .collect()
}

/// Every longest run of characters that `a` and `b` share (none crosses a hole).
fn shared_runs(a: &str, b: &str) -> Vec<String> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let same = |i: usize, j: usize| i < a.len() && j < b.len() && a[i] == b[j] && a[i] != HOLE;
    let mut runs = Vec::new();
    for i in 0..a.len() {
        for j in 0..b.len() {
            let starts = same(i, j) && (i == 0 || j == 0 || !same(i - 1, j - 1));
            if starts {
                let length = (0..).take_while(|&d| same(i + d, j + d)).count();
                runs.push(a[i..i + length].iter().collect());
            }
        }
    }
    runs
}

#[test]
fn every_known_mistake_hint_has_a_wrong_answer_that_gets_it() {
    let root = repository();
    let checks = lessons(&root.join("crates/ferrolab-grade/src/checks"));
    let wrong = lessons(&root.join("tests/tests/wrong"));
    let mut unproven = Vec::new();
    for ((stage, lesson), text) in &checks {
        let mut hints = Vec::new();
        for hint in after("known_mistake(", text) {
            match hint {
                Ok(hint) if !hints.contains(&hint) => hints.push(hint),
                Ok(_) => {}
                Err(line) => unproven.push(format!(
                    "{stage}/{lesson}: write the hint as a literal or format!(\"...\"): {line}"
                )),
            }
        }
        // A stage root's hints may be proven by any wrong answer of the stage.
        let says: Vec<String> = (wrong.iter())
            .filter(|((s, l), _)| s == stage && (l == lesson || lesson == "*"))
            .flat_map(|(_, text)| after("says:", text).into_iter().flatten())
            .collect();
        for hint in &hints {
            let longest = hint.split(HOLE).map(|part| part.chars().count()).max();
            let needed = longest.unwrap_or(0).min(FRAGMENT);
            let proven = says
                .iter()
                .flat_map(|says| shared_runs(hint, says))
                .any(|run| {
                    run.chars().count() >= needed
                        && !hints
                            .iter()
                            .any(|other| other != hint && other.contains(&run))
                });
            if !proven {
                unproven.push(format!("{stage}/{lesson}: {:?}", hint.replace(HOLE, "{…}")));
            }
        }
    }
    assert!(
        unproven.is_empty(),
        "known-mistake hints that no wrong answer in tests/tests/wrong/<stage>/<lesson>.rs \
         proves (add one whose `says` quotes the hint):\n{}",
        unproven.join("\n")
    );
}

#[test]
fn hints_are_read_with_their_placeholders_as_holes() {
    let hint = literal(" format!(\n\"by n = {n}, not {{n}} - \\\"1\\\"\", n)").unwrap();
    assert_eq!(hint, format!("by n = {HOLE}, not {{n}} - \"1\""));
    assert_eq!(literal("\"a \\\n    b\""), Some("a b".into()));
    assert_eq!(literal("hint"), None);
    assert_eq!(shared_runs("abc\0defgh", "xdefgzbc"), ["bc", "defg"]);
}
