//! The `split` tool of stage 0, lesson 5 (exercises/src/bin/split/program.rs), built on the
//! reference answers as `split-solution`, run as a user runs it: on the real Titanic file
//! (`./ferrolab data fetch titanic`), checking its output files, its report, its logs,
//! that a seed reproduces a split, and the messages and exit codes of bad input.

#![allow(clippy::unwrap_used)] // a panic in a test is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The installed Titanic file (checked against its recorded sha256).
fn titanic() -> PathBuf {
    ferrolab::data::DataDir::default()
        .file("titanic", "titanic.csv")
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A fresh output folder, removed when dropped.
struct OutDir(PathBuf);

impl OutDir {
    fn new(name: &str) -> OutDir {
        let dir = std::env::temp_dir().join(format!("split-tool-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        OutDir(dir)
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn split(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_split-solution"))
        .args(args)
        .output()
        .expect("the split-solution binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn splits_titanic_reproducibly_and_reports_the_parts() {
    let input = titanic();
    let out = OutDir::new("titanic");
    let args = [
        input.to_str().unwrap(),
        "--test",
        "20%",
        "--seed",
        "42",
        "--out",
        out.0.to_str().unwrap(),
        "--label",
        "survived",
    ];
    let run = split(&args);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(
        text(&run.stdout),
        "part   rows  share   died  survived\n\
         -----  ----  -----  -----  --------\n\
         train  1047  0.800  0.616     0.384\n\
         test    262  0.200  0.626     0.374\n"
    );
    let log = text(&run.stderr);
    assert!(
        log.contains("[INFO] read 1309 rows of 6 columns from"),
        "{log}"
    );
    assert!(log.contains("[INFO] wrote 262 rows to"), "{log}");

    let original = lines(&input);
    let (train, test) = (
        lines(&out.0.join("train.csv")),
        lines(&out.0.join("test.csv")),
    );
    assert_eq!((train.len(), test.len()), (1048, 263), "header + rows");
    assert_eq!((&train[0], &test[0]), (&original[0], &original[0]));
    let mut rows: Vec<&String> = train[1..].iter().chain(&test[1..]).collect();
    let mut expected: Vec<&String> = original[1..].iter().collect();
    rows.sort();
    expected.sort();
    assert_eq!(
        rows, expected,
        "every row lands in exactly one part, unchanged"
    );

    // The same seed writes the same files; another seed other ones.
    let again = OutDir::new("again");
    let mut same = args;
    same[6] = again.0.to_str().unwrap();
    assert!(split(&same).status.success());
    assert_eq!(lines(&again.0.join("test.csv")), test);
    let other = OutDir::new("other");
    let mut reseeded = same;
    reseeded[4] = "7";
    reseeded[6] = other.0.to_str().unwrap();
    assert!(split(&reseeded).status.success());
    assert_ne!(lines(&other.0.join("test.csv")), test);
}

#[test]
fn bad_input_gets_a_message_and_an_exit_code() {
    let input = titanic();
    let input = input.to_str().unwrap();
    let out = OutDir::new("bad");
    let out = out.0.to_str().unwrap();

    let bad_share = split(&[input, "--test", "1.5", "--out", out]);
    assert_eq!(bad_share.status.code(), Some(2), "clap's usage error");
    assert!(text(&bad_share.stderr).contains("`1.5` is not between 0 and 1"));

    let bad_label = split(&[input, "--label", "Survived", "--out", out]);
    assert_eq!(bad_label.status.code(), Some(1));
    assert!(text(&bad_label.stderr).contains(
        "[ERROR] no column `Survived` in the file; its columns are: pclass, survived, sex, age, sibsp, parch"
    ));

    let missing = split(&["/no/such/titanic.csv", "--out", out]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("[ERROR] cannot read /no/such/titanic.csv"));

    let quiet = split(&[input, "-q", "--out", out]);
    assert!(quiet.status.success() && quiet.stderr.is_empty());
    assert!(text(&quiet.stdout).starts_with("part   rows  share\n"));
}
