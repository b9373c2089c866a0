//! `split-solution`: the `split` tool of stage 0, lesson 5, built on the reference answers.
//! Its source is the learner's `exercises/src/bin/split/program.rs`; only the crate of
//! answers differs. `solutions/tests/split_tool.rs` runs it on real data.

/// The crate whose `rust::parse_fraction`, `rust::split_rows` and `rust::format_table` the
/// program uses: the reference answers.
use solutions as course;

#[path = "../../../../exercises/src/bin/split/program.rs"]
mod program;

fn main() -> std::process::ExitCode {
    program::main()
}
