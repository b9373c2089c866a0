//! `ferrolab bench`: figures for the README, measured on this machine, never asserted.
//!
//! `cells` starts fresh kernels (Rust flavours and Python's ipykernel as the
//! reference) through `kernel/nbrun.py` and times, per session, the kernel's
//! start until it answers (prelude loaded), the first cell of each kind, and
//! repeated cells (p50/p95). `watch` measures edit-to-verdict of the exercise
//! loop; `ml` compares our classical-ML results with scikit-learn's; `dl` compares tch's
//! training speed and accuracy with PyTorch's; `llm` a character GPT's time per step and
//! validation loss with PyTorch's.

use super::stats::percentile;
use super::{bench_dl, bench_llm, bench_ml, bench_watch};
use crate::cli::{BenchArgs, BenchSuite};
use crate::project::Project;
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::process::Command;

/// One kernel session as reported by `nbrun.py cells`.
#[derive(Debug, Deserialize)]
struct Session {
    start_seconds: f64,
    cells: Vec<CellTimes>,
}

#[derive(Debug, Deserialize)]
struct CellTimes {
    code: String,
    seconds: Vec<f64>,
    statuses: Vec<String>,
}

/// A cell to time: a label for the table and the code.
struct Probe {
    label: &'static str,
    code: &'static str,
}

const TRIVIAL: Probe = Probe {
    label: "trivial `1 + 1`",
    code: "1 + 1",
};
const FIRST_LET: Probe = Probe {
    label: "first variable `let x = 5;`",
    code: "let x = 5;",
};
const NDARRAY: Probe = Probe {
    label: "ndarray `Array2::eye(3).sum()`",
    code: "let a = Array2::<f64>::eye(3);\na.sum()",
};
const POLARS: Probe = Probe {
    label: "polars `df!(..).height()`",
    code: "let frame = df!(\"a\" => [1, 2, 3]).unwrap();\nframe.height()",
};
const TCH: Probe = Probe {
    label: "tch `Tensor::ones(..).sum()`",
    code: "let t = Tensor::ones([2, 2], (Kind::Float, Device::Cpu));\nt.sum(Kind::Float).double_value(&[])",
};

/// How long a learner reads before the first cell, in the sessions that measure it: the
/// patched evcxr analyses the prelude in the background meanwhile.
const READING_SECONDS: f64 = 30.0;

fn session(
    project: &Project,
    kernel: &str,
    cells: &[&str],
    repeat: usize,
    idle: f64,
) -> Result<Session> {
    // The report goes to a file: the kernel shares nbrun's stdout and may print to it.
    let report = tempfile::NamedTempFile::new().context("creating a report file")?;
    let output = Command::new(project.python())
        .arg(project.root.join("kernel/nbrun.py"))
        .args(["cells", "--kernel", kernel, "--repeat", &repeat.to_string()])
        .args(["--idle", &idle.to_string()])
        .arg("--report")
        .arg(report.path())
        .args(cells)
        // The runner's wait for late stderr (panic detection in tests) is not latency.
        .env(ferrolab_course::env::FERROLAB_LATE_OUTPUT_SECONDS, "0")
        .output()
        .with_context(|| format!("running a {kernel} session"))?;
    if !output.status.success() {
        bail!(
            "the {kernel} session failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = std::fs::read(report.path()).context("reading nbrun.py's report")?;
    let session: Session = serde_json::from_slice(&text).context("parsing nbrun.py's report")?;
    for cell in &session.cells {
        if cell.statuses.iter().any(|s| s != "ok") {
            bail!(
                "cell {:?} failed in {kernel}: {:?}",
                cell.code,
                cell.statuses
            );
        }
    }
    Ok(session)
}

/// Rows of (label, first-of-session seconds, p50, p95) for one kernel.
struct Table {
    kernel: String,
    start: Vec<f64>,
    rows: Vec<(String, Vec<f64>, Vec<f64>)>,
    /// The first `let` of sessions that waited `READING_SECONDS` after start.
    first_let_after_reading: Vec<f64>,
}

fn measure(
    project: &Project,
    kernel: &str,
    probes: &[&Probe],
    sessions: usize,
    repeat: usize,
) -> Result<Table> {
    let mut table = Table {
        kernel: kernel.to_string(),
        start: vec![],
        rows: vec![],
        first_let_after_reading: vec![],
    };
    for probe in probes {
        table.rows.push((probe.label.to_string(), vec![], vec![]));
    }
    for n in 0..sessions {
        eprintln!("  {kernel}: session {}/{sessions}", n + 1);
        // Each probe runs `repeat` times in a row: the first run is the first cell of its kind.
        let codes: Vec<&str> = probes.iter().map(|p| p.code).collect();
        let s = session(project, kernel, &codes, repeat, 0.0)?;
        table.start.push(s.start_seconds);
        for (row, cell) in table.rows.iter_mut().zip(&s.cells) {
            if let Some((first, rest)) = cell.seconds.split_first() {
                row.1.push(*first);
                row.2.extend_from_slice(rest);
            }
        }
        if probes.iter().any(|p| p.code == FIRST_LET.code) {
            eprintln!("  {kernel}: session {}/{sessions}, first `let` after {READING_SECONDS} s of reading", n + 1);
            let s = session(project, kernel, &[FIRST_LET.code], 1, READING_SECONDS)?;
            if let Some(seconds) = s.cells.first().and_then(|c| c.seconds.first()) {
                table.first_let_after_reading.push(*seconds);
            }
        }
    }
    Ok(table)
}

fn print(table: &Table, python_p50: f64) {
    println!(
        "\n{} — kernel start → prelude usable: p50 {:.2} s (n={})",
        table.kernel,
        percentile(&table.start, 0.5),
        table.start.len()
    );
    println!("| cell | first of session p50 | later p50 | later p95 | later p50 / Python |");
    println!("|---|---|---|---|---|");
    for (label, first, rest) in &table.rows {
        let p50 = percentile(rest, 0.5);
        println!(
            "| {label} | {:.2} s | {:.2} s | {:.2} s | {:.0}× |",
            percentile(first, 0.5),
            p50,
            percentile(rest, 0.95),
            p50 / python_p50
        );
    }
    let after = &table.first_let_after_reading;
    if !after.is_empty() {
        println!(
            "first `let` {READING_SECONDS} s after start (a learner reading): p50 {:.2} s (n={})",
            percentile(after, 0.5),
            after.len()
        );
    }
}

fn cells(project: &Project, runs: usize) -> Result<()> {
    let sessions = 3;
    let repeat = runs.max(2);
    eprintln!("Measuring cell latency: {sessions} sessions per kernel, each cell {repeat} times (first run = first of its kind).");
    let python = measure(
        project,
        "python3",
        &[&Probe {
            label: "trivial `1 + 1`",
            code: "1 + 1",
        }],
        sessions,
        repeat,
    )?;
    let python_p50 = percentile(&python.rows[0].2, 0.5);
    let math = measure(
        project,
        "ferrolab-math",
        &[&TRIVIAL, &FIRST_LET, &NDARRAY],
        sessions,
        repeat,
    )?;
    let full = measure(
        project,
        "ferrolab",
        &[&TRIVIAL, &FIRST_LET, &NDARRAY, &POLARS, &TCH],
        sessions,
        repeat,
    )?;
    println!(
        "\nReference: Python ipykernel `1 + 1` p50 {:.3} s",
        python_p50
    );
    print(&python, python_p50);
    print(&math, python_p50);
    print(&full, python_p50);
    Ok(())
}

/// Run the chosen benchmark and print its table.
pub fn run(project: &Project, args: &BenchArgs) -> Result<()> {
    match args.what {
        BenchSuite::Cells => cells(project, args.runs),
        BenchSuite::Watch => bench_watch::run(project, args.runs),
        BenchSuite::Ml => bench_ml::run(project),
        BenchSuite::Dl => bench_dl::run(project, args),
        BenchSuite::Llm => bench_llm::run(project, args),
        BenchSuite::All => {
            cells(project, args.runs)?;
            bench_watch::run(project, args.runs)?;
            bench_ml::run(project)?;
            bench_dl::run(project, args)?;
            bench_llm::run(project, args)
        }
    }
}
