//! `ferrolab bench llm`: the character GPT of nanoGPT's CPU configuration, trained with tch
//! and with PyTorch on the same Moby Dick split, with the time per step, the validation loss
//! and their ratio and difference; then SmolLM2's prompt and generation speed
//! ([`super::bench_smollm2`]). Figures are printed, never asserted.
//!
//! Two programs do the work: `kernel/llm_bench.py` (PyTorch, in the venv) and the example
//! `crates/ferrolab/examples/llm_bench.rs` (tch, feature `dl`). Both draw the weights in the
//! same order from libtorch's generator seeded alike, pick batches with the same splitmix64
//! and score every whole 64-character window of the validation text, so their losses agree
//! to rounding (the first steps' losses are bit-identical) and the time difference is what
//! each binding adds around the same libtorch kernels. Measured figures are in the README.

use super::bench_dl::{load_average, median};
use super::peers;
use crate::cli::BenchArgs;
use crate::project::Project;
use anyhow::{bail, Result};
use serde::Deserialize;

/// nanoGPT's CPU configuration on Moby Dick, PyTorch, 2 threads, measured on this machine kind
/// when the stage was planned (../shared/notes/stages-4-8.md): the anchor a run is read against.
const ANCHOR: &str = "nanoGPT's own script, same configuration, 2 threads: validation loss 1.701 \
     after 2,000 steps in 133 s (its validation is 20 random batches, ours every window)";

/// The target of issue 15: the two validation losses within this of each other.
const LOSS_SLACK: f64 = 0.05;

/// One program's report.
#[derive(Debug, Deserialize)]
struct Report {
    library: String,
    runtime: String,
    threads: i64,
    iters: u64,
    parameters: u64,
    train_chars: u64,
    val_windows: u64,
    settings: String,
    iter_seconds: Vec<f64>,
    train_losses: Vec<(u64, f64)>,
    val_loss: f64,
    eval_seconds: f64,
}

impl Report {
    fn parse(what: &str, stdout: &[u8]) -> Result<Report> {
        peers::parse_report(what, stdout)
    }

    /// What must be equal for the two runs to be comparable.
    fn plan(&self) -> (u64, u64, u64, u64, &str) {
        (
            self.iters,
            self.parameters,
            self.train_chars,
            self.val_windows,
            &self.settings,
        )
    }

    fn train_seconds(&self) -> f64 {
        self.iter_seconds.iter().sum()
    }

    fn fastest_step(&self) -> f64 {
        self.iter_seconds
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min)
    }
}

/// Run PyTorch, then tch, and print the table.
pub fn run(project: &Project, args: &BenchArgs) -> Result<()> {
    let data_dir = ferrolab_data::dirs::data_dir();
    let probe = data_dir.join("moby-dick").join("moby-dick.txt");
    if !probe.is_file() {
        bail!(
            "{} is missing; run `./ferrolab data fetch moby-dick`",
            probe.display()
        );
    }
    peers::build_example(project, "llm_bench", "dl", "tch")?;
    let common = vec![
        "--iters".to_string(),
        args.iters.to_string(),
        "--threads".to_string(),
        args.threads.to_string(),
    ];
    let load_before = load_average();
    eprintln!(
        "PyTorch, {} steps (about a minute per 1,000 steps on 2 quiet cores)",
        args.iters
    );
    let mut python_args = vec!["--data-dir".into(), data_dir.display().to_string()];
    python_args.extend(common.iter().cloned());
    let theirs = peers::python(project, "llm_bench.py", "PyTorch", &python_args)?;
    let theirs = Report::parse("PyTorch", &theirs)?;
    eprintln!("tch, {} steps", args.iters);
    let ours = peers::run_example(project, "llm_bench", "dl", "tch", &common)?;
    let ours = Report::parse("tch", &ours)?;
    if theirs.plan() != ours.plan() {
        bail!(
            "the two programs trained different things (steps, parameters, train characters, \
             validation windows, settings): PyTorch {:?}, tch {:?}",
            theirs.plan(),
            ours.plan()
        );
    }
    print(&theirs, &ours);
    println!(
        "\nMachine: {} cores; 1-minute load average {load_before} before, {} after (well above {} \
         means something else ran beside the benchmark: the ratio stays fair, the seconds do not).",
        std::thread::available_parallelism().map_or(0, usize::from),
        load_average(),
        args.threads
    );
    super::bench_smollm2::run(project, args)
}

fn print(theirs: &Report, ours: &Report) {
    println!("\n{}; {} parameters.", ours.settings, ours.parameters);
    for r in [theirs, ours] {
        println!("- {} ({}; {} threads)", r.library, r.runtime, r.threads);
    }
    let (step_theirs, step_ours) = (median(&theirs.iter_seconds), median(&ours.iter_seconds));
    let ratio = step_ours / step_theirs;
    let gap = ours.val_loss - theirs.val_loss;
    println!(
        "\n| library | steps | ms/step (median) | fastest step | training | validation loss ({} windows) | scoring |",
        ours.val_windows
    );
    println!("|---|---|---|---|---|---|---|");
    for r in [theirs, ours] {
        println!(
            "| {} | {} | {:.1} ms | {:.1} ms | {:.1} s | {:.4} | {:.1} s |",
            r.library,
            r.iters,
            median(&r.iter_seconds) * 1000.0,
            r.fastest_step() * 1000.0,
            r.train_seconds(),
            r.val_loss,
            r.eval_seconds
        );
    }
    // The fastest step is the one least disturbed by other work on the machine.
    let fastest_ratio = ours.fastest_step() / theirs.fastest_step();
    println!(
        "\ntch / PyTorch time per step: {ratio:.2}× (fastest steps {fastest_ratio:.2}×); validation loss difference {gap:+.4} nats/char \
         (target: within {LOSS_SLACK}: {}).",
        if gap.abs() <= LOSS_SLACK { "met" } else { "NOT met" }
    );
    let curve = |r: &Report| {
        r.train_losses
            .iter()
            .map(|(step, loss)| format!("{step}: {loss:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "Training loss by step: PyTorch {}\n                       tch     {}",
        curve(theirs),
        curve(ours)
    );
    println!("Anchor: {ANCHOR}.");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(library: &str, val_loss: f64) -> Report {
        Report {
            library: library.into(),
            runtime: "test".into(),
            threads: 2,
            iters: 3,
            parameters: 806_144,
            train_chars: 10,
            val_windows: 2,
            settings: "same".into(),
            iter_seconds: vec![0.1, 0.3, 0.2],
            train_losses: vec![(0, 4.4)],
            val_loss,
            eval_seconds: 1.0,
        }
    }

    #[test]
    fn reports_parse_and_compare_by_plan() {
        let json = br#"{"library":"tch","runtime":"r","threads":2,"iters":3,"parameters":806144,
            "train_chars":10,"val_windows":2,"settings":"same","iter_seconds":[0.1,0.3,0.2],
            "train_losses":[[0,4.4]],"val_loss":1.7,"eval_seconds":1.0}"#;
        let parsed = Report::parse("tch", json).expect("a valid report");
        assert_eq!(parsed.plan(), report("PyTorch", 1.7).plan());
        assert!((parsed.train_seconds() - 0.6).abs() < 1e-12);
        assert_eq!(parsed.fastest_step(), 0.1);
        assert!(Report::parse("tch", b"not json").is_err());
    }
}
