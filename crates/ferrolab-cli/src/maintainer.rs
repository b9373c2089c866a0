//! The verbs only course maintainers use: `bench` (figures for the README, measured on
//! this machine) and `dev` (regenerate the learner files, check the course, mutation-test the checks).
//!
//! They sit apart from the learner's verbs so that a reader of the exercise loop, setup
//! or the kernels never has to step around them; they may use any other module, and no
//! other module uses them.

pub mod bench;
mod bench_dl;
mod bench_llm;
mod bench_ml;
mod bench_smollm2;
mod bench_watch;
pub mod dev;
mod mutants;
mod peers;
mod stats;
