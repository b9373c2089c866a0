//! `ferrolab bench llm`, second part: SmolLM2-135M-Instruct's speed on the CPU, our
//! `ferrolab::models::SmolLm2` (tch) against the same model written in PyTorch, reading a
//! 512-token prompt and writing greedy tokens with a key/value cache. Both run the same f32
//! weights decoded from the shipped GGUF (each side with its own decoder), so the greedy
//! tokens should agree; the CLI counts how many do before the first difference.
//!
//! Programs: `crates/ferrolab/examples/smollm2_bench.rs` and `kernel/smollm2_bench.py`.
//! llama.cpp, the usual way to run a GGUF, is a benchmark-only build of ~22 minutes, so its
//! figures are printed as a measured anchor rather than run here.

use super::bench_dl::{load_average, median};
use super::peers;
use crate::cli::BenchArgs;
use crate::project::Project;
use anyhow::{bail, Result};
use serde::Deserialize;

/// Greedy tokens each side writes.
const TOKENS: usize = 128;
/// Prompt passes each side times (the best one is reported).
const REPEATS: usize = 3;

/// llama.cpp on this machine kind (../shared/notes/stages-4-8.md), for scale.
const ANCHOR: &str = "llama.cpp (PyPI binding, built from source), same Q4_1 file, 2 threads on \
     this machine kind: prompt 220-240 tokens/s, generation 88-97 tokens/s; it multiplies the \
     4-bit weights directly instead of decoding them to f32";

/// One program's report.
#[derive(Debug, Deserialize)]
struct Report {
    library: String,
    runtime: String,
    threads: i64,
    load_seconds: f64,
    prompt_tokens: usize,
    prompt_seconds: Vec<f64>,
    question_tokens: usize,
    generated_ids: Vec<i64>,
    generated_text: String,
    step_seconds: Vec<f64>,
    peak_memory_mb: f64,
}

impl Report {
    fn parse(what: &str, stdout: &[u8]) -> Result<Report> {
        peers::parse_report(&format!("{what} SmolLM2"), stdout)
    }

    /// Prompt tokens per second in the fastest pass.
    fn prompt_rate(&self) -> f64 {
        let best = self
            .prompt_seconds
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        self.prompt_tokens as f64 / best
    }

    /// Generated tokens per second at the median cached step.
    fn step_rate(&self) -> f64 {
        1.0 / median(&self.step_seconds)
    }
}

/// Tokens equal from the start, before the first difference.
fn common_prefix(a: &[i64], b: &[i64]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Run PyTorch, then ferrolab, and print the table.
pub fn run(project: &Project, args: &BenchArgs) -> Result<()> {
    let data_dir = ferrolab_data::dirs::data_dir();
    let probe = data_dir.join("smollm2");
    if !probe.is_dir() {
        bail!(
            "{} is missing; run `./ferrolab data fetch smollm2 shakespeare`",
            probe.display()
        );
    }
    peers::build_example(project, "smollm2_bench", "dl", "tch")?;
    let common = vec![
        "--tokens".to_string(),
        TOKENS.to_string(),
        "--repeats".to_string(),
        REPEATS.to_string(),
        "--threads".to_string(),
        args.threads.to_string(),
    ];
    let load_before = load_average();
    eprintln!("SmolLM2 with PyTorch: a 512-token prompt {REPEATS} times, {TOKENS} tokens");
    let mut python_args = vec!["--data-dir".into(), data_dir.display().to_string()];
    python_args.extend(common.iter().cloned());
    let theirs = peers::python(project, "smollm2_bench.py", "PyTorch", &python_args)?;
    let theirs = Report::parse("PyTorch", &theirs)?;
    eprintln!("SmolLM2 with ferrolab::models (tch)");
    let ours = peers::run_example(project, "smollm2_bench", "dl", "tch", &common)?;
    let ours = Report::parse("tch", &ours)?;
    if (theirs.prompt_tokens, theirs.question_tokens) != (ours.prompt_tokens, ours.question_tokens)
    {
        bail!(
            "the two programs read different prompts (PyTorch {} and {} tokens, tch {} and {}): \
             their tokenizers disagree",
            theirs.prompt_tokens,
            theirs.question_tokens,
            ours.prompt_tokens,
            ours.question_tokens
        );
    }
    print(&theirs, &ours);
    println!(
        "\nLoad average {load_before} before, {} after ({} threads asked).",
        load_average(),
        args.threads
    );
    Ok(())
}

fn print(theirs: &Report, ours: &Report) {
    println!(
        "\nSmolLM2-135M-Instruct (Q4_1 GGUF decoded to f32): a {}-token prompt (Hamlet), then {} \
         greedy tokens after a {}-token chat question.",
        ours.prompt_tokens,
        ours.generated_ids.len(),
        ours.question_tokens
    );
    for r in [theirs, ours] {
        println!("- {} ({}; {} threads)", r.library, r.runtime, r.threads);
    }
    println!(
        "\n| library | load | prompt tokens/s (best of {REPEATS}) | generation tokens/s (median step) | peak memory |"
    );
    println!("|---|---|---|---|---|");
    for r in [theirs, ours] {
        println!(
            "| {} | {:.1} s | {:.0} | {:.1} | {:.0} MB |",
            r.library,
            r.load_seconds,
            r.prompt_rate(),
            r.step_rate(),
            r.peak_memory_mb
        );
    }
    let same = common_prefix(&theirs.generated_ids, &ours.generated_ids);
    println!(
        "\ntch / PyTorch speed: prompt {:.2}×, generation {:.2}×; greedy tokens equal: {same} of {}.",
        ours.prompt_rate() / theirs.prompt_rate(),
        ours.step_rate() / theirs.step_rate(),
        ours.generated_ids.len()
    );
    println!("ferrolab wrote: {:?}", ours.generated_text);
    println!("Anchor: {ANCHOR}.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_parse_and_rates_use_the_best_prompt_and_the_median_step() {
        let json = br#"{"library":"tch","runtime":"r","threads":2,"load_seconds":1.0,
            "prompt_tokens":512,"prompt_seconds":[4.0,2.0,3.0],"question_tokens":20,
            "generated_ids":[1,2,3],"generated_text":"abc","step_seconds":[0.1,0.05,0.2],
            "peak_memory_mb":700.0}"#;
        let report = Report::parse("tch", json).expect("a valid report");
        assert_eq!(report.prompt_rate(), 256.0);
        assert_eq!(report.step_rate(), 10.0);
        assert!(Report::parse("tch", b"{}").is_err());
    }

    #[test]
    fn common_prefix_stops_at_the_first_difference() {
        assert_eq!(common_prefix(&[1, 2, 3, 4], &[1, 2, 5, 4]), 2);
        assert_eq!(common_prefix(&[1, 2], &[1, 2, 3]), 2);
        assert_eq!(common_prefix(&[], &[1]), 0);
    }
}
