//! `split`: cut a CSV file into reproducible train and test files, built on your answers
//! to lesson 5 of stage 0 (notebooks/00-rust/05-a-real-program.ipynb).
//!
//! ```sh
//! cargo run -p exercises --bin split -- titanic.csv --test 20% --seed 42 --out data/ --label survived
//! ```
//!
//! The program itself is in `program.rs`, shared with the reference build
//! (`cargo run -p solutions --bin split-solution -- ...`), which uses the reference answers.

/// The crate whose `rust::parse_fraction`, `rust::split_rows` and `rust::format_table` the
/// program uses: yours.
use exercises as course;

mod program;

fn main() -> std::process::ExitCode {
    program::main()
}
