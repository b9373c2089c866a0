//! The error coach through the real `ferrolab-math` kernel: one cell per compile error a
//! newcomer meets most, each of which must come back with rustc's own message and, below
//! it, the card from `kernel/evcxr/error-coach.toml` (its code, title and stage 0 lesson).
//! One kernel session runs every cell (`kernel/nbrun.py cells`); a failing compile takes
//! about a second. `./ferrolab setup` must have run (it builds the patched kernel).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use serde_json::Value;
use std::process::Command;

/// One trigger: the cell, then what the error must say.
struct Trigger {
    /// The cell's source.
    cell: &'static str,
    /// Part of rustc's (or evcxr's) own message.
    rustc_says: &'static str,
    /// The start of the card's first line: `💡 <code>: <title…>`.
    card: &'static str,
    /// The lesson the card names.
    lesson: &'static str,
}

const VALUES: &str = "notebooks/00-rust/01-values-types-and-ownership.ipynb";
const FUNCTIONS: &str = "notebooks/00-rust/02-functions-closures-and-iterators.ipynb";
const TRAITS: &str = "notebooks/00-rust/03-traits-and-generics.ipynb";

/// Cells that only set up the session (a variable that a later cell moves).
const SETUP: &[&str] = &["let name = String::from(\"Ada\");", "let moved = name;"];

const TRIGGERS: &[Trigger] = &[
    Trigger {
        cell: "{ let s = String::from(\"hi\"); let t = s; println!(\"{s} {t}\"); }",
        rustc_says: "borrow of moved value: `s`",
        card: "💡 E0382: This value was moved",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let mut v = vec![1, 2]; let a = &mut v; let b = &mut v; a.push(3); b.push(4); }",
        rustc_says: "cannot borrow `v` as mutable more than once at a time",
        card: "💡 E0499: Two mutable borrows",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let mut v = vec![1, 2, 3]; let first = &v[0]; v.push(4); println!(\"{first}\"); }",
        rustc_says: "cannot borrow `v` as mutable because it is also borrowed as immutable",
        card: "💡 E0502: Changed while it was borrowed",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let s = String::from(\"hi\"); let r = &s; let t = s; println!(\"{r} {t}\"); }",
        rustc_says: "cannot move out of `s` because it is borrowed",
        card: "💡 E0505: Moved while it was borrowed",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let v = vec![String::from(\"a\")]; let s = v[0]; println!(\"{s}\"); }",
        rustc_says: "cannot move out of index of `Vec<",
        card: "💡 E0507: Cannot move a value out",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let x = 2.0_f64; let y: f32 = x; println!(\"{y}\"); }",
        rustc_says: "mismatched types",
        card: "💡 E0308: Mismatched types",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let x: f64 = \"3.5\".parse::<f64>(); println!(\"{x}\"); }",
        rustc_says: "mismatched types",
        card: "💡 E0308: A Result or Option where a plain value was expected",
        lesson: FUNCTIONS,
    },
    Trigger {
        cell: "{ let x = 1.5_f64 + 2_i32; println!(\"{x}\"); }",
        rustc_says: "cannot add `i32` to `f64`",
        card: "💡 E0277: This type does not implement",
        lesson: TRAITS,
    },
    Trigger {
        cell: "fn coach_half(s: &str) -> f64 { s.parse::<f64>()? / 2.0 }",
        rustc_says: "the `?` operator can only be used in a function that returns",
        card: "💡 E0277: `?` used in a function",
        lesson: FUNCTIONS,
    },
    Trigger {
        cell: "{ let v = vec![3.0, 1.0, 2.0]; println!(\"{}\", v.mean()); }",
        rustc_says: "no method named `mean` found",
        card: "💡 E0599: No such method",
        lesson: TRAITS,
    },
    // A trait's method without its `use` (here std::io::Write).
    Trigger {
        cell: "{ let mut out = Vec::<u8>::new(); out.write_all(b\"hi\").unwrap(); }",
        rustc_says: "trait `Write` which provides `write_all` is implemented but not in scope",
        card: "💡 E0599: The method comes from a trait that is not imported",
        lesson: TRAITS,
    },
    Trigger {
        cell: "println!(\"{}\", undefined_name + 1);",
        rustc_says: "cannot find value `undefined_name` in this scope",
        card: "💡 E0425: No value by this name",
        lesson: VALUES,
    },
    // `name` was moved into `moved` by an earlier cell (SETUP): evcxr dropped it.
    Trigger {
        cell: "println!(\"{name}\");",
        rustc_says: "cannot find value `name` in this scope",
        card: "💡 E0425: No value by this name",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let total = 0; total += 1; println!(\"{total}\"); }",
        rustc_says: "cannot assign twice to immutable variable `total`",
        card: "💡 E0384: Assigned twice",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let v = Vec::new(); v.push(1); println!(\"{v:?}\"); }",
        rustc_says: "cannot borrow `v` as mutable, as it is not declared as mutable",
        card: "💡 E0596: Changed through a variable that is not `mut`",
        lesson: VALUES,
    },
    Trigger {
        cell: "{ let m = HashMap::<String, i32>::new(); println!(\"{}\", m.len()); }",
        // evcxr shows rustc's help ("consider importing") when only it points at the cell.
        rustc_says: "consider importing this struct",
        card: "💡 E0433: Unknown type, module or crate",
        lesson: TRAITS,
    },
    Trigger {
        cell: "{ let v = Vec::new(); println!(\"{}\", v.len()); }",
        rustc_says: "type annotations needed",
        card: "💡 E0282: Rust cannot work out a type",
        lesson: FUNCTIONS,
    },
    Trigger {
        cell: "{ let nums = (1..4).collect(); println!(\"{nums:?}\"); }",
        rustc_says: "type annotations needed",
        card: "💡 E0283: Rust cannot work out a type",
        lesson: FUNCTIONS,
    },
    Trigger {
        cell: "fn coach_mul(a: f64, b: f64) -> f64 { a * b }\nprintln!(\"{}\", coach_mul(1.0));",
        rustc_says: "this function takes 2 arguments but 1 argument was supplied",
        card: "💡 E0061: Wrong number of arguments",
        lesson: FUNCTIONS,
    },
    // As the cell's value, evcxr shows rustc's note (pointing at the cell's `fn`) instead
    // of the error; the patch keeps the error's code on it, so the card still shows.
    Trigger {
        cell: "fn coach_add(a: f64, b: f64) -> f64 { a + b }\ncoach_add(1.0)",
        rustc_says: "function defined here",
        card: "💡 E0061: Wrong number of arguments",
        lesson: FUNCTIONS,
    },
    Trigger {
        cell: "{ let c = vec![1, 2] + vec![3]; println!(\"{c:?}\"); }",
        rustc_says: "cannot add `Vec<{integer}>` to `Vec<{integer}>`",
        card: "💡 E0369: This operator is not defined",
        lesson: TRAITS,
    },
    Trigger {
        cell: "{ let r; { let x = 5; r = &x; } println!(\"{r}\"); }",
        rustc_says: "`x` does not live long enough",
        card: "💡 E0597: A borrowed value does not live long enough",
        lesson: VALUES,
    },
    // evcxr rewrites this E0597 in its own words, without the code.
    Trigger {
        cell: "let data = vec![1.0, 2.0];\nlet view = &data;",
        rustc_says: "contains a reference with a non-static lifetime",
        card: "💡 E0597: A notebook variable cannot hold a reference",
        lesson: VALUES,
    },
];

#[test]
fn every_common_compile_error_gets_its_card_under_rustcs_message() {
    let python = common::root().join(".venv/bin/python");
    assert!(python.exists(), "run `./ferrolab setup` first");
    let report = tempfile::NamedTempFile::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let cells: Vec<&str> = SETUP
        .iter()
        .copied()
        .chain(TRIGGERS.iter().map(|t| t.cell))
        .collect();
    let output = Command::new(python)
        .arg(common::root().join("kernel/nbrun.py"))
        .args(["cells", "--kernel", "ferrolab-math", "--timeout", "300"])
        .arg("--report")
        .arg(report.path())
        .args(&cells)
        .env(ferrolab::course::env::FERROLAB_HOME, home.path())
        .env(ferrolab::course::env::FERROLAB_LATE_OUTPUT_SECONDS, "0.2")
        .output()
        .expect("running kernel/nbrun.py");
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    let result: Value = serde_json::from_str(&text).unwrap_or_else(|_| {
        panic!(
            "nbrun.py wrote no report:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let reported = result["cells"].as_array().unwrap();
    assert_eq!(reported.len(), cells.len(), "{result}");
    for (setup, cell) in SETUP.iter().zip(reported) {
        assert_eq!(cell["statuses"][0], "ok", "setup cell {setup}: {cell}");
    }
    let mut failures = Vec::new();
    for (trigger, cell) in TRIGGERS.iter().zip(&reported[SETUP.len()..]) {
        if let Err(why) = check_cell(trigger, cell) {
            failures.push(format!("cell `{}`: {why}", trigger.cell));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The cell failed with rustc's message first and the trigger's card below it.
fn check_cell(trigger: &Trigger, cell: &Value) -> Result<(), String> {
    if cell["statuses"][0] != "error" {
        return Err(format!("expected a compile error, got {cell}"));
    }
    let errors = cell["errors"][0].as_array().cloned().unwrap_or_default();
    let tracebacks: Vec<String> = errors
        .iter()
        .map(|e| {
            let lines = e["traceback"].as_array().cloned().unwrap_or_default();
            let lines: Vec<&str> = lines.iter().filter_map(Value::as_str).collect();
            // Colour codes wrap whole lines and labels, so the words below stay intact.
            lines.join("\n")
        })
        .collect();
    let all = tracebacks.join("\n---\n");
    let with_card = tracebacks
        .iter()
        .find(|t| t.contains(trigger.card))
        .ok_or_else(|| format!("no card `{}` in:\n{all}", trigger.card))?;
    let card_at = with_card.find(trigger.card).unwrap_or(0);
    let message_at = with_card
        .find(trigger.rustc_says)
        .ok_or_else(|| format!("rustc's `{}` not in:\n{with_card}", trigger.rustc_says))?;
    if message_at > card_at {
        return Err(format!(
            "the card must come under rustc's message:\n{with_card}"
        ));
    }
    if !with_card[card_at..].contains(trigger.lesson) {
        return Err(format!(
            "the card must name {}:\n{with_card}",
            trigger.lesson
        ));
    }
    if with_card.matches("💡 ").count() != 1 {
        return Err(format!("one card per error:\n{with_card}"));
    }
    Ok(())
}
