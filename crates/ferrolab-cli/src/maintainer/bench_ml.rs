//! `ferrolab bench ml`: our classical-ML results next to scikit-learn's, on the same
//! tasks, data and rows, with fit times and their ratios. Figures are printed, never asserted.
//!
//! Two programs do the work (run through [`super::peers`]): `kernel/ml_bench.py` (scikit-learn, in the venv) draws the
//! train/test split of every data set, writes it to a file and reports its own results;
//! the example `crates/ferrolab/examples/ml_bench.rs` (linfa, built with feature `ml`)
//! reads that file, so both libraries fit on exactly the same rows. This module runs
//! both, pairs their results by task and data set, and prints one table and the notes
//! that explain the gaps.

use super::peers;
use crate::project::Project;
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::ffi::OsStr;
use std::path::Path;

/// Fits per task after a warm-up; the median is reported.
const REPEATS: usize = 5;

/// Our accuracy may be at most this far below scikit-learn's (1 point).
const ACCURACY_SLACK: f64 = 0.01;

/// Our RMSE (or inertia, also a "lower is better" error) may be at most this much higher, relatively.
const ERROR_SLACK: f64 = 0.02;

/// One program's report.
#[derive(Debug, Deserialize)]
struct Report {
    library: String,
    runtime: String,
    results: Vec<Outcome>,
}

/// One task's result.
#[derive(Debug, Deserialize)]
struct Outcome {
    task: String,
    data: String,
    metric: String,
    value: f64,
    fit_seconds: f64,
    settings: String,
}

/// Why linfa's fit is slower than scikit-learn's, per task; printed where it is slower.
const SLOWER: &[(&str, &str)] = &[
    ("decision tree", "linfa-trees 0.8.1 keeps one mask over all training rows and walks all of them for every \
      feature at every node (scikit-learn partitions the rows, so a node visits only its own), and it counts \
      classes in HashMaps with f32 weights."),
    ("svm (rbf)", "linfa-svm computes the whole n × n kernel matrix before solving; libsvm (behind scikit-learn) \
      computes kernel rows on demand with a cache and shrinks the active set."),
    ("pca", "linfa-reduction without a BLAS/LAPACK backend finds the components with LOBPCG, an iterative \
      eigensolver in pure Rust (linfa-linalg); scikit-learn calls LAPACK's SVD."),
    ("k-means", "both run 10 k-means++ restarts one after another; scikit-learn's Lloyd iterations are Cython \
      over BLAS, linfa's are ndarray loops (assignment step in parallel with rayon)."),
    ("linear regression", "linfa-linear solves least squares with a pure-Rust QR (linfa-linalg); scikit-learn \
      calls LAPACK."),
    ("logistic regression", "linfa-logistic uses argmin's L-BFGS with a More-Thuente line search on ndarray \
      without BLAS; scikit-learn uses scipy's L-BFGS-B (Fortran) over BLAS."),
    ("gaussian naive bayes", "both fit a handful of column means and variances; the time is per-call overhead."),
];

/// Why linfa's metric misses scikit-learn's, per task and data set; printed where it does.
const GAPS: &[(&str, &str, &str)] = &[(
    "decision tree",
    "digits",
    "linfa-trees 0.8.1 skips a candidate threshold whenever the next row in the global sort order has the \
     same value but belongs to another node, so on whole-number features (digits' pixels are 0..16) many \
     splits are never tried: its depth-10 tree fits ~84 % of the training rows where scikit-learn's fits 98 %. \
     With ties broken by a tiny per-row offset (row i gets +i·1e-4), linfa fits 97 % (all 1,797 digits). \
     scikit-learn had the same bug in 2011 (scikit-learn PR #386). linfa also breaks ties between classes in \
     HashMap order, so its figure moves a little from run to run. On breast-cancer (continuous values) the \
     two trees agree.",
)];

fn slower_note(task: &str) -> Option<&'static str> {
    SLOWER.iter().find(|(t, _)| *t == task).map(|(_, why)| *why)
}

fn gap_note(task: &str, data: &str) -> Option<&'static str> {
    GAPS.iter()
        .find(|(t, d, _)| *t == task && *d == data)
        .map(|(_, _, why)| *why)
}

/// Whether ours is close enough to scikit-learn's, and the difference as it is read.
fn compare(metric: &str, theirs: f64, ours: f64) -> (bool, String) {
    match metric {
        "accuracy" => {
            let points = (ours - theirs) * 100.0;
            (
                ours >= theirs - ACCURACY_SLACK - 1e-12,
                format!("{points:+.1} pt"),
            )
        }
        _ => {
            let relative = (ours - theirs) / theirs.abs().max(f64::MIN_POSITIVE);
            (
                relative <= ERROR_SLACK + 1e-12,
                format!("{:+.2} %", relative * 100.0),
            )
        }
    }
}

fn value(metric: &str, x: f64) -> String {
    match metric {
        "accuracy" => format!("{x:.4}"),
        _ if x.abs() >= 1000.0 => format!("{x:.0}"),
        _ => format!("{x:.4}"),
    }
}

fn millis(seconds: f64) -> String {
    if seconds < 0.01 {
        format!("{:.2} ms", seconds * 1000.0)
    } else {
        format!("{:.1} ms", seconds * 1000.0)
    }
}

fn read_report(what: &str, stdout: &[u8]) -> Result<Report> {
    serde_json::from_slice(stdout).with_context(|| {
        format!(
            "reading the {what} report (expected JSON on stdout, got: {})",
            String::from_utf8_lossy(stdout)
                .chars()
                .take(300)
                .collect::<String>()
        )
    })
}

fn scikit_learn(project: &Project, data_dir: &Path, splits: &Path) -> Result<Report> {
    eprintln!(
        "scikit-learn: {}",
        project.root.join("kernel/ml_bench.py").display()
    );
    let repeats = REPEATS.to_string();
    let args = [
        "--data-dir".as_ref(),
        data_dir.as_os_str(),
        "--write-splits".as_ref(),
        splits.as_os_str(),
    ];
    let args = args
        .into_iter()
        .chain(["--repeats".as_ref(), OsStr::new(&repeats)]);
    read_report(
        "scikit-learn",
        &peers::python(project, "ml_bench.py", "scikit-learn", args)?,
    )
}

fn linfa(project: &Project, splits: &Path) -> Result<Report> {
    peers::build_example(project, "ml_bench", "ml", "linfa")?;
    let repeats = REPEATS.to_string();
    let args = [
        "--splits".as_ref(),
        splits.as_os_str(),
        "--repeats".as_ref(),
        OsStr::new(&repeats),
    ];
    read_report(
        "linfa",
        &peers::run_example(project, "ml_bench", "ml", "linfa", args)?,
    )
}

/// Run both sides and print the table and notes.
pub fn run(project: &Project) -> Result<()> {
    let data_dir = ferrolab_data::dirs::data_dir();
    let scratch = tempfile::tempdir().context("creating a temporary directory for the splits")?;
    let splits = scratch.path().join("splits.json");
    let theirs = scikit_learn(project, &data_dir, &splits)?;
    let ours = linfa(project, &splits)?;
    print_table(&theirs, &ours)
}

fn print_table(theirs: &Report, ours: &Report) -> Result<()> {
    println!(
        "\nSame task, data and rows (seeded 80/20 splits drawn once, read by both sides); fit time = median of {REPEATS} fits after a warm-up."
    );
    println!("reference: {} ({})", theirs.library, theirs.runtime);
    println!("ours:      {} ({})\n", ours.library, ours.runtime);
    println!("| task | data | metric | scikit-learn | linfa | difference | target met | fit scikit-learn | fit linfa | linfa / scikit-learn |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut notes: Vec<(String, &'static str)> = Vec::new();
    for reference in &theirs.results {
        let Some(mine) = ours
            .results
            .iter()
            .find(|o| o.task == reference.task && o.data == reference.data)
        else {
            bail!(
                "the linfa report has no result for {} on {}",
                reference.task,
                reference.data
            );
        };
        let (met, difference) = compare(&reference.metric, reference.value, mine.value);
        let ratio = mine.fit_seconds / reference.fit_seconds;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2}× |",
            reference.task,
            reference.data,
            reference.metric,
            value(&reference.metric, reference.value),
            value(&mine.metric, mine.value),
            difference,
            if met { "yes" } else { "NO" },
            millis(reference.fit_seconds),
            millis(mine.fit_seconds),
            ratio
        );
        let settings = if reference.settings == mine.settings {
            reference.settings.clone()
        } else {
            format!("{}; linfa: {}", reference.settings, mine.settings)
        };
        let label = format!("{} on {} ({settings})", reference.task, reference.data);
        if !met {
            let why = gap_note(&reference.task, &reference.data)
                .unwrap_or("no known cause yet: compare the two programs' settings");
            notes.push((format!("{label}, metric"), why));
        }
        if ratio > 1.0 {
            if let Some(why) = slower_note(&reference.task) {
                notes.push((format!("{label}, {ratio:.1}× the time"), why));
            }
        }
    }
    println!("\nTargets: accuracy at most 1 point below scikit-learn's; RMSE and inertia at most 2 % above.");
    println!("Times are wall clock on this machine with each library's default threads (numpy/OpenMP for scikit-learn; rayon in linfa's k-means, single-threaded elsewhere).");
    if !notes.is_empty() {
        println!("\nWhere linfa is slower or misses the target, and why:");
        for (label, text) in notes {
            let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            println!("- {label}: {text}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_may_be_one_point_lower_and_errors_two_percent_higher() {
        assert!(compare("accuracy", 0.90, 0.891).0);
        assert!(!compare("accuracy", 0.90, 0.88).0);
        assert_eq!(compare("accuracy", 0.90, 0.88).1, "-2.0 pt");
        assert!(compare("rmse", 100.0, 101.9).0);
        assert!(!compare("rmse", 100.0, 102.5).0);
        assert!(compare("inertia", 100.0, 90.0).0);
    }

    #[test]
    fn gaps_are_explained_per_data_set_and_speed_per_task() {
        assert!(gap_note("decision tree", "digits").is_some_and(|n| n.contains("ties")));
        assert_eq!(gap_note("decision tree", "breast-cancer"), None);
        assert!(slower_note("svm (rbf)").is_some_and(|n| n.contains("kernel matrix")));
        assert_eq!(slower_note("t-sne"), None);
    }
}
