//! What a notebook client sees from ferrolab's kernel (kernel/evcxr/ferrolab.patch),
//! through jupyter_client and the real `ferrolab-math` kernel: output while a cell runs,
//! in-place updates, error replies, batched and capped prints, `Out[n]` = `In[n]`, and
//! `jupyter nbconvert --execute` failing a failing notebook; and, through `ferrolab-dl`, a
//! learner's model fed the wrong shape or kind getting advice while the session lives on.
//! `./ferrolab setup` must have run (it builds the patched kernel).

#![allow(clippy::unwrap_used)]

mod common;

use serde_json::Value;
use std::process::Command;

/// One cell's reply and the iopub messages it caused, as `tests/kernel_probe.py` reports.
struct Cell {
    reply: Value,
    messages: Vec<Value>,
}

impl Cell {
    fn of_type(&self, kind: &str) -> Vec<&Value> {
        self.messages.iter().filter(|m| m["type"] == kind).collect()
    }
}

/// Run `cells` in one session of the `ferrolab-math` kernel.
fn probe(cells: &[&str]) -> Vec<Cell> {
    let cells: Vec<Value> = cells.iter().map(|c| Value::from(*c)).collect();
    probe_json(&cells)
}

/// Run cells given as the probe reads them: a source, or `{"code", "interrupt_after"}`.
fn probe_json(cells: &[Value]) -> Vec<Cell> {
    probe_kernel("ferrolab-math", cells)
}

/// Run cells in one session of kernel `kernel`.
fn probe_kernel(kernel: &str, cells: &[Value]) -> Vec<Cell> {
    let python = common::root().join(".venv/bin/python");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_string(cells).unwrap()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(python)
        .arg(common::root().join("tests/kernel_probe.py"))
        .arg(kernel)
        .arg(file.path())
        .env(ferrolab::course::env::FERROLAB_HOME, home.path())
        .output()
        .expect("running tests/kernel_probe.py");
    assert!(
        output.status.success(),
        "the probe failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let cells: Vec<Cell> = text
        .lines()
        .map(|line| {
            let json: Value = serde_json::from_str(line).unwrap();
            assert_eq!(json["timeout"], false, "a cell timed out: {json}");
            Cell {
                reply: json["reply"].clone(),
                messages: json["messages"].as_array().cloned().unwrap_or_default(),
            }
        })
        .collect();
    cells
}

#[test]
fn interrupt_stops_a_loop_and_a_forced_stop_says_what_it_cost() {
    let cells = probe_json(&[
        serde_json::json!("let kept = 41;"),
        // ■ during a loop with a Progress bar: the bar ends the cell, the session stays.
        serde_json::json!({
            "code": "let mut bar = Progress::new(\"step\", 2000);\n\
                     for _ in 0..2000 {\n\
                         std::thread::sleep(std::time::Duration::from_millis(10));\n\
                         bar.inc(1);\n\
                     }",
            "interrupt_after": 3.0,
        }),
        serde_json::json!("kept + 1"),
        // ■ during a loop that never looks: stopped by force 2 s later, and said so.
        serde_json::json!({"code": "loop {}", "interrupt_after": 2.0}),
        serde_json::json!("1 + 1"),
    ]);
    let stopped = &cells[1];
    let evalue = stopped.reply["evalue"].as_str().unwrap_or("");
    assert_eq!(stopped.reply["status"], "error");
    assert!(
        evalue.contains("interrupted (■)"),
        "the bar did not stop the loop: {}",
        stopped.reply
    );
    let stop_took = stopped.reply["at"].as_f64().unwrap() - 3.0;
    assert!(stop_took < 3.0, "the loop stopped {stop_took} s after ■");
    assert_eq!(
        cells[2].of_type("execute_result")[0]["content"]["data"]["text/plain"],
        "42",
        "the session lost its variables"
    );
    let forced = &cells[3];
    let reset = forced
        .of_type("error")
        .first()
        .and_then(|e| e["content"]["evalue"].as_str())
        .unwrap_or("")
        .to_string();
    assert_eq!(forced.reply["status"], "error");
    assert!(
        reset.contains("The session was reset")
            && (reset.contains("lost: bar, kept") || reset.contains("lost: kept")),
        "{reset}"
    );
    assert!(reset.contains("Run All Above"), "{reset}");
    assert!(forced.reply["at"].as_f64().unwrap() < 2.0 + 4.0);
    assert_eq!(
        cells[4].of_type("execute_result")[0]["content"]["data"]["text/plain"],
        "2",
        "the restarted session runs cells"
    );
}

#[test]
fn a_session_shows_output_live_reports_errors_and_keeps_its_variables() {
    let cells = probe(&[
        // In[1]
        "let kept = 41;",
        // In[2]: two charts shown while the cell runs, then its value.
        "plot::line(vec![1.0, 2.0, 3.0]).title(\"first\").show();\n\
         std::thread::sleep(std::time::Duration::from_millis(1500));\n\
         show(&plot::line(vec![3.0, 2.0, 1.0]).title(\"second\"));\n\
         kept + 1",
        // In[3]: a 100,000-step loop with a progress bar.
        "let mut bar = Progress::new(\"step\", 100_000);\n\
         for i in 0..100_000u64 {\n\
             if i % 10_000 == 0 { std::thread::sleep(std::time::Duration::from_millis(60)); }\n\
             bar.inc(1);\n\
             bar.set(\"loss\", 1.0 / (1.0 + i as f64));\n\
         }\n\
         bar.finish();",
        // In[4]: a live loss curve.
        "let mut curve = plot::LiveChart::new(\"loss\").x_label(\"step\");\n\
         for step in 0..40 {\n\
             curve.push(\"train\", step as f64, 1.0 / (1.0 + step as f64));\n\
             std::thread::sleep(std::time::Duration::from_millis(25));\n\
         }\n\
         let chart = curve.finish();",
        // In[5]: a failing assert.
        "assert_eq!(1 + 1, 3, \"the sum is wrong\");",
        // In[6]: the session goes on.
        "kept + 2",
        // In[7]: an error returned by `?`.
        "let seats: i32 = \"seven\".parse()?;",
        // In[8]: a 200,000-line print.
        "for i in 0..200_000 { println!(\"line {i} of a long print\"); }",
    ]);
    assert_eq!(cells.len(), 8);

    // Out[n] matches In[n].
    for (index, cell) in cells.iter().enumerate() {
        assert_eq!(
            cell.reply["execution_count"],
            index + 1,
            "cell {} replied {}",
            index + 1,
            cell.reply
        );
    }

    // Two displays, the first well before the cell ended, then the value.
    let shown = &cells[1];
    let displays = shown.of_type("display_data");
    assert_eq!(displays.len(), 2, "{:?}", shown.messages);
    // SVG for trusted notebooks, PNG for untrusted ones (JupyterLab hides SVG there).
    let data = &displays[0]["content"]["data"];
    assert!(data["image/svg+xml"].is_string());
    let png = data["image/png"].as_str().unwrap_or("");
    assert!(
        png.starts_with("iVBORw0KGgo"),
        "no PNG beside the SVG: {png:.40}"
    );
    let first_at = displays[0]["at"].as_f64().unwrap();
    let reply_at = shown.reply["at"].as_f64().unwrap();
    assert!(
        first_at + 1.0 < reply_at,
        "the first chart arrived at {first_at} s, the reply at {reply_at} s: not live"
    );
    let result = shown.of_type("execute_result");
    assert_eq!(result.len(), 1);
    assert_eq!(result[0]["content"]["data"]["text/plain"], "42");
    assert_eq!(result[0]["content"]["execution_count"], 2);

    // The bar: one output, a bounded number of in-place updates, all with its id.
    for (cell, most) in [(&cells[2], 30), (&cells[3], 20)] {
        let created = cell.of_type("display_data");
        let updates = cell.of_type("update_display_data");
        assert_eq!(created.len(), 1, "{:?}", cell.messages);
        assert!(
            !updates.is_empty() && updates.len() <= most,
            "{} updates",
            updates.len()
        );
        let id = &created[0]["content"]["transient"]["display_id"];
        assert!(id.is_string());
        assert!(updates
            .iter()
            .all(|u| u["content"]["transient"]["display_id"] == *id));
    }
    let last = cells[2].of_type("update_display_data");
    let text = last.last().unwrap()["content"]["data"]["text/plain"]
        .as_str()
        .unwrap();
    assert!(
        text.contains("100000/100000") && text.contains("loss"),
        "{text}"
    );

    // A panic and a `?` error are error replies with the readable message.
    assert_eq!(cells[4].reply["status"], "error", "{}", cells[4].reply);
    assert_eq!(cells[4].reply["ename"], "panic");
    assert!(
        cells[4].reply["evalue"]
            .as_str()
            .unwrap()
            .contains("the sum is wrong"),
        "{}",
        cells[4].reply
    );
    assert_eq!(cells[5].reply["status"], "ok");
    assert_eq!(
        cells[5].of_type("execute_result")[0]["content"]["data"]["text/plain"],
        "43"
    );
    assert_eq!(cells[6].reply["status"], "error", "{}", cells[6].reply);
    assert!(cells[6].reply["evalue"]
        .as_str()
        .unwrap()
        .contains("invalid digit"));

    // 200,000 lines arrive in a bounded number of messages, capped, with a note.
    let streams = cells[7].of_type("stream");
    let sent: usize = streams
        .iter()
        .map(|s| s["content"]["text"].as_str().unwrap().len())
        .sum();
    assert!(streams.len() <= 200, "{} stream messages", streams.len());
    assert!(sent <= (1 << 20) + 4096, "{sent} bytes sent");
    // stdout only: evcxr reads the runner's stderr on a thread of its own, so a line the
    // previous cell wrote there can arrive after this cell started.
    let all: String = streams
        .iter()
        .filter(|s| s["content"]["name"] == "stdout")
        .map(|s| s["content"]["text"].as_str().unwrap())
        .collect();
    assert!(
        all.starts_with("line 0 of a long print\n"),
        "{}",
        &all[..all.len().min(300)]
    );
    assert!(all.contains("not shown"), "{}", &all[all.len() - 300..]);
}

/// Write a one-cell notebook for the `ferrolab-math` kernel.
fn notebook(dir: &std::path::Path, name: &str, source: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let nb = serde_json::json!({
        "cells": [{"cell_type": "code", "execution_count": null, "id": "c1",
                   "metadata": {}, "outputs": [], "source": source}],
        "metadata": {"kernelspec": {"display_name": "Rust · ferrolab (math)",
                                    "language": "rust", "name": "ferrolab-math"},
                     "language_info": {"name": "rust"}},
        "nbformat": 4, "nbformat_minor": 5
    });
    std::fs::write(&path, nb.to_string()).unwrap();
    path
}

#[test]
fn nbconvert_fails_a_failing_notebook_and_passes_a_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let nbconvert = common::root().join(".venv/bin/jupyter-nbconvert");
    let run = |name: &str, source: &str| {
        let path = notebook(dir.path(), name, source);
        Command::new(&nbconvert)
            .args(["--to", "notebook", "--execute", "--output-dir"])
            .arg(dir.path().join("out"))
            .arg(&path)
            .env(ferrolab::course::env::FERROLAB_HOME, home.path())
            .output()
            .expect("running jupyter nbconvert")
    };
    let good = run("good.ipynb", "let x = 1 + 1;\nassert_eq!(x, 2);");
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let bad = run("bad.ipynb", "assert_eq!(1 + 1, 3);");
    assert!(!bad.status.success(), "nbconvert passed a failing assert");
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("assertion"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// Everything a cell sent, as one text to search for a message.
fn everything(cell: &Cell) -> String {
    format!("{} {}", cell.reply, Value::from(cell.messages.clone()))
}

#[test]
fn a_model_fed_the_wrong_shape_or_kind_says_what_it_expected_and_keeps_the_session() {
    let cells: Vec<Value> = [
        // In[1]
        "let vs = nn::VarStore::new(Device::Cpu);\n\
         let layer = nn::linear(vs.root() / \"fc\", 400, 10, Default::default());\n\
         let kept = 7;",
        // In[2]: rows of 256 numbers into a layer built for 400 (a wrong size after convolutions).
        "layer.forward(&Tensor::zeros([2, 256], (Kind::Float, Device::Cpu)))",
        // In[3]: an f64 batch into an f32 model.
        "layer.forward(&Tensor::zeros([2, 400], (Kind::Double, Device::Cpu)))",
        // In[4]: float labels for cross-entropy.
        "Tensor::zeros([2, 10], (Kind::Float, Device::Cpu))\n\
             .cross_entropy_for_logits(&Tensor::zeros([2], (Kind::Float, Device::Cpu)))",
        // In[5]: the session goes on.
        "kept + layer.ws.size()[1] as i32",
    ]
    .iter()
    .map(|c| Value::from(*c))
    .collect();
    let cells = probe_kernel("ferrolab-dl", &cells);
    assert_eq!(cells.len(), 5);
    assert_eq!(cells[0].reply["status"], "ok", "{}", everything(&cells[0]));
    let expectations = [
        (1, "the product wants rows of 400 numbers"),
        (1, "but got rows of 256"),
        (2, ".to_kind(Kind::Float)"),
        (3, "Kind::Int64"),
    ];
    for (index, words) in expectations {
        let cell = &cells[index];
        assert_eq!(
            cell.reply["status"],
            "error",
            "In[{}]: {}",
            index + 1,
            everything(cell)
        );
        assert!(
            everything(cell).contains(words),
            "In[{}] should say {words:?}: {}",
            index + 1,
            everything(cell)
        );
    }
    let last = everything(&cells[4]);
    assert_eq!(cells[4].reply["status"], "ok", "{last}");
    assert!(
        last.contains("407"),
        "the session kept its variables: {last}"
    );
}
