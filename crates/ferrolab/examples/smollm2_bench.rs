//! The Rust side of `ferrolab bench llm`'s second part: `ferrolab::models::SmolLm2` reads
//! the first 512 tokens of Hamlet in one pass and writes greedy tokens after a chat question,
//! as `kernel/smollm2_bench.py` does with PyTorch, and prints its times as JSON on stdout.
//!
//! ```text
//! cargo run --example smollm2_bench --features dl -p ferrolab -- [--tokens N] [--repeats N] [--threads N]
//! ```

use ferrolab::models::SmolLm2;
use serde::Serialize;
use std::error::Error;
use std::time::Instant;

/// The question both sides answer; the same text as the Python side's.
const QUESTION: &str = "Tell me a story about a whale and a ship.";
const PROMPT_TOKENS: usize = 512;

/// The report; the same fields as smollm2_bench.py's.
#[derive(Debug, Serialize)]
struct Report {
    library: String,
    runtime: String,
    threads: i32,
    load_seconds: f64,
    prompt_tokens: usize,
    prompt_seconds: Vec<f64>,
    question_tokens: usize,
    generated_ids: Vec<i64>,
    generated_text: String,
    step_seconds: Vec<f64>,
    peak_memory_mb: f64,
}

fn main() {
    if let Err(error) = run() {
        eprintln!("smollm2_bench: {error}");
        std::process::exit(1);
    }
}

/// `--name value` from the command line, or `default`.
fn flag(name: &str, default: usize) -> Result<usize, Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == name) {
        Some(i) => Ok(args
            .get(i + 1)
            .ok_or(format!("{name} needs a number"))?
            .parse()?),
        None => Ok(default),
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let (tokens, repeats, threads) = (
        flag("--tokens", 128)?,
        flag("--repeats", 3)?,
        flag("--threads", 2)?,
    );
    tch::set_num_threads(i32::try_from(threads)?);
    tch::set_num_interop_threads(1);

    let clock = Instant::now();
    let model = SmolLm2::load()?;
    let load_seconds = clock.elapsed().as_secs_f64();

    let hamlet = ferrolab::data::shakespeare_play("hamlet")?;
    let opening: String = hamlet.chars().take(4000).collect();
    let prompt: Vec<i64> = model
        .encode(&opening)
        .into_iter()
        .take(PROMPT_TOKENS)
        .collect();
    let question = model.encode(&SmolLm2::user_prompt(QUESTION));
    let mut prompt_seconds = Vec::new();
    for _ in 0..repeats {
        let clock = Instant::now();
        let _scores = model.forward(&prompt, &mut model.empty_cache())?;
        prompt_seconds.push(clock.elapsed().as_secs_f64());
    }
    // The generation loop written out (not `generate`) to time each cached step alone.
    let (mut ids, mut step_seconds) = (Vec::new(), Vec::new());
    let mut cache = model.empty_cache();
    let mut last = model.forward(&question, &mut cache)?.get(-1);
    while ids.len() < tokens {
        ids.push(last.argmax(-1, false).int64_value(&[]));
        if ids.len() == tokens {
            break;
        }
        let clock = Instant::now();
        last = model.forward(&ids[ids.len() - 1..], &mut cache)?.get(0);
        step_seconds.push(clock.elapsed().as_secs_f64());
    }
    let report = Report {
        library: "tch".into(),
        runtime: "Rust, libtorch from the venv's torch 2.11.0".into(),
        threads: tch::get_num_threads(),
        load_seconds,
        prompt_tokens: prompt.len(),
        prompt_seconds,
        question_tokens: question.len(),
        generated_text: model.decode(&ids)?,
        generated_ids: ids,
        step_seconds,
        peak_memory_mb: peak_memory_mb(),
    };
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

/// The process's peak resident memory (`VmHWM` in /proc/self/status), in MB; 0 where that
/// file does not exist.
fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb / 1024.0)
        })
        .unwrap_or(0.0)
}
