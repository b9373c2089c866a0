//! The `split` tool: arguments (clap), logging (the `log` facade), a typed error
//! (thiserror), the work in `run`, and unit tests at the end.
//!
//! `main.rs` says which crate's answers it uses (`crate::course`): the learner's
//! `exercises` or the reference `solutions`.

use crate::course::rust::{
    format_table::format_table, parse_fraction::parse_fraction, split_rows::split_rows,
};
use clap::Parser;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Split a CSV file into reproducible train and test files.
///
/// Reads CSV_FILE (with a header row), shuffles its rows with SEED, writes the first
/// share of them to OUT/test.csv and the rest to OUT/train.csv (both keep the header
/// and the original row order), and prints how the rows were divided.
#[derive(Debug, Parser)]
#[command(name = "split", version)]
pub struct Args {
    /// The CSV file to split; its first line names the columns.
    pub csv_file: PathBuf,
    /// The share of rows for the test file: a decimal (0.2) or a percentage (20%).
    #[arg(long, default_value = "0.2", value_parser = parse_fraction)]
    pub test: f64,
    /// The random seed: the same seed gives the same split.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The folder for train.csv and test.csv (created if missing).
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
    /// A column whose values' shares to compare between the parts, e.g. a class label.
    #[arg(long)]
    pub label: Option<String>,
    /// Log every step, the seed included.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Log only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Everything that can go wrong, each saying which file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// The input could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A row is not valid CSV or has the wrong number of fields.
    #[error("{path}, line {line}: {reason}")]
    Csv {
        path: PathBuf,
        line: u64,
        reason: String,
    },
    /// The file has a header but no rows.
    #[error("{path} has no rows below its header: nothing to split")]
    NoRows { path: PathBuf },
    /// `--label` names a column the file does not have.
    #[error("no column `{column}` in the file; its columns are: {available}")]
    UnknownColumn { column: String, available: String },
    /// An output file or folder could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A CSV file: its header and its rows, every row as long as the header.
#[derive(Debug)]
pub struct Csv {
    header: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
}

/// Read a whole CSV file; the error names the file and the line.
pub fn read_csv(path: &Path) -> Result<Csv, SplitError> {
    let file = std::fs::File::open(path).map_err(|source| SplitError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |line: u64, reason: String| SplitError::Csv {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let mut reader = csv::Reader::from_reader(file);
    let header = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        // The csv crate rejects rows of another length than the header, naming the line.
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, e.to_string())
        })?;
        rows.push(record);
    }
    if rows.is_empty() {
        return Err(SplitError::NoRows {
            path: path.to_path_buf(),
        });
    }
    Ok(Csv { header, rows })
}

/// Write the header and the rows numbered `which` (in that order) to `path`.
fn write_part(csv: &Csv, which: &[usize], path: &Path) -> Result<(), SplitError> {
    let failed = |source: std::io::Error| SplitError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut writer = csv::Writer::from_path(path).map_err(|e| failed(e.into()))?;
    writer
        .write_record(&csv.header)
        .map_err(|e| failed(e.into()))?;
    for &row in which {
        writer
            .write_record(&csv.rows[row])
            .map_err(|e| failed(e.into()))?;
    }
    writer.flush().map_err(failed)
}

/// The column called `name`, or the error that lists the columns there are.
fn column_index(csv: &Csv, name: &str) -> Result<usize, SplitError> {
    csv.header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| SplitError::UnknownColumn {
            column: name.to_string(),
            available: csv.header.iter().collect::<Vec<_>>().join(", "),
        })
}

/// The share of `rows` whose `column` holds `value`, written with 3 decimals.
fn share_of(csv: &Csv, rows: &[usize], column: usize, value: &str) -> String {
    let hits = rows
        .iter()
        .filter(|&&r| &csv.rows[r][column] == value)
        .count();
    format!("{:.3}", hits as f64 / rows.len().max(1) as f64)
}

/// Split the file as `args` say, write both parts, and return the report to print.
pub fn run(args: &Args) -> Result<String, SplitError> {
    let csv = read_csv(&args.csv_file)?;
    log::info!(
        "read {} rows of {} columns from {}",
        csv.rows.len(),
        csv.header.len(),
        args.csv_file.display()
    );
    let label = match &args.label {
        Some(name) => Some(column_index(&csv, name)?),
        None => None,
    };
    let (train, test) = split_rows(csv.rows.len(), args.test, args.seed);
    log::debug!(
        "seed {}: test rows start {:?}",
        args.seed,
        &test[..test.len().min(5)]
    );
    std::fs::create_dir_all(&args.out).map_err(|source| SplitError::Write {
        path: args.out.clone(),
        source,
    })?;
    for (name, part) in [("train.csv", &train), ("test.csv", &test)] {
        let path = args.out.join(name);
        write_part(&csv, part, &path)?;
        log::info!("wrote {} rows to {}", part.len(), path.display());
    }
    if test.is_empty() || train.is_empty() {
        log::warn!(
            "one part is empty: {} rows × {} rounds to {}",
            csv.rows.len(),
            args.test,
            test.len()
        );
    }

    let values: BTreeSet<&str> = match label {
        Some(column) => csv.rows.iter().map(|row| &row[column]).collect(),
        None => BTreeSet::new(),
    };
    let mut header = vec!["part", "rows", "share"];
    header.extend(values.iter().copied());
    let total = csv.rows.len() as f64;
    let rows: Vec<Vec<String>> = [("train", &train), ("test", &test)]
        .into_iter()
        .map(|(name, part)| {
            let mut row = vec![
                name.to_string(),
                part.len().to_string(),
                format!("{:.3}", part.len() as f64 / total),
            ];
            if let Some(column) = label {
                row.extend(values.iter().map(|v| share_of(&csv, part, column, v)));
            }
            row
        })
        .collect();
    Ok(format_table(&header, &rows))
}

/// Prints log records to standard error, like Python's `logging.basicConfig()`.
struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            eprintln!("[{}] {}", record.level(), record.args());
        }
    }

    fn flush(&self) {}
}

/// The most detailed level to print: warnings and progress by default.
fn log_level(args: &Args) -> log::LevelFilter {
    match (args.verbose, args.quiet) {
        (true, _) => log::LevelFilter::Debug,
        (_, true) => log::LevelFilter::Error,
        _ => log::LevelFilter::Info,
    }
}

/// Parse the arguments (clap prints help and usage errors itself), run, report.
pub fn main() -> ExitCode {
    let args = Args::parse();
    static LOGGER: StderrLogger = StderrLogger;
    // Only fails if a logger is already set, which cannot happen here.
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(log_level(&args));
    match run(&args) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            log::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

// These tests need none of the exercises' answers, so they pass on the stubs too.
#[cfg(test)]
mod tests {
    use super::*;

    /// A file in a fresh temporary folder, removed with it.
    struct TempCsv(PathBuf);

    impl TempCsv {
        fn new(name: &str, text: &str) -> TempCsv {
            let dir = std::env::temp_dir().join(format!("split-{}-{name}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            TempCsv(path)
        }
    }

    impl Drop for TempCsv {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(self.0.parent().unwrap());
        }
    }

    #[test]
    fn reads_quoted_fields_and_names_a_short_row() {
        let good = TempCsv::new(
            "good.csv",
            "name,age\n\"Braund, Mr. Owen Harris\",22\nAllen,35\n",
        );
        let csv = read_csv(&good.0).unwrap();
        assert_eq!(csv.rows.len(), 2);
        assert_eq!(&csv.rows[0][0], "Braund, Mr. Owen Harris");

        let short = TempCsv::new("short.csv", "name,age\nAllen,35\nMoran\n");
        let message = read_csv(&short.0).unwrap_err().to_string();
        assert!(message.contains("short.csv, line 3"), "{message}");
    }

    #[test]
    fn errors_say_what_and_where() {
        let empty = TempCsv::new("empty.csv", "name,age\n");
        let message = read_csv(&empty.0).unwrap_err().to_string();
        assert!(message.ends_with("has no rows below its header: nothing to split"));
        let missing = read_csv(Path::new("/no/such/file.csv")).unwrap_err();
        assert!(matches!(missing, SplitError::Read { .. }));
        assert!(missing
            .to_string()
            .starts_with("cannot read /no/such/file.csv: "));

        let good = TempCsv::new("label.csv", "sex,survived\nfemale,1\nmale,0\n");
        let csv = read_csv(&good.0).unwrap();
        assert_eq!(column_index(&csv, "survived").unwrap(), 1);
        assert_eq!(
            column_index(&csv, "Survived").unwrap_err().to_string(),
            "no column `Survived` in the file; its columns are: sex, survived"
        );
        assert_eq!(share_of(&csv, &[0, 1], 0, "female"), "0.500");
    }

    #[test]
    fn the_arguments_are_consistent_and_the_flags_choose_the_log_level() {
        // clap's own check of the definitions (names, conflicts, defaults' syntax).
        <Args as clap::CommandFactory>::command().debug_assert();
        let args = |verbose, quiet| Args {
            csv_file: "titanic.csv".into(),
            test: 0.2,
            seed: 42,
            out: ".".into(),
            label: None,
            verbose,
            quiet,
        };
        assert_eq!(log_level(&args(false, false)), log::LevelFilter::Info);
        assert_eq!(log_level(&args(true, false)), log::LevelFilter::Debug);
        assert_eq!(log_level(&args(false, true)), log::LevelFilter::Error);
    }
}
