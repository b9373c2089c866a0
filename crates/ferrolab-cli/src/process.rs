//! Running other programs (cargo, pip, the notebook runner) so that setup can never hang
//! on them and always says why one failed.
//!
//! Each program runs in a process group of its own. When it exits, times out or fails,
//! the whole group is stopped, so a grandchild (a kernel started by the notebook runner,
//! a rustc started by cargo) cannot outlive it. Output is read on threads line by line
//! (`\r` ends a line too, so cargo's progress bar arrives as it is drawn), and once the
//! program is gone we wait only briefly for the pipes: a process in another session that
//! still holds them cannot block setup.

use std::fmt;
use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How long to wait for the pipes to close after the program itself has exited.
const DRAIN_GRACE: Duration = Duration::from_secs(3);
/// How long a stopped group gets between SIGTERM and SIGKILL.
const KILL_GRACE: Duration = Duration::from_secs(2);
/// How much of each stream is kept for error messages.
const KEEP_BYTES: usize = 4 << 20;

/// Which of the program's streams a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// Why running a program did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The program could not be started at all (not installed, not executable).
    #[error("could not start {what}: {source}")]
    Start {
        /// What was being run, in words.
        what: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The program ran and exited unsuccessfully.
    #[error("{what} failed ({status}):\n{explanation}")]
    Failed {
        /// What was being run, in words.
        what: String,
        /// Its exit status.
        status: ExitStatus,
        /// The lines of its output that say why (see [`explain`]).
        explanation: String,
    },
    /// Its supervisor stopped it (see [`run_supervised`]), with everything it started.
    #[error("{what} was stopped:\n{explanation}")]
    Stopped {
        /// What was being run, in words.
        what: String,
        /// The lines of its output that say why.
        explanation: String,
    },
}

/// A finished, successful run.
#[derive(Debug, Default)]
pub struct Output {
    /// Everything written to standard output (up to 4 MiB, the end kept).
    pub stdout: String,
    /// Everything written to standard error (likewise).
    pub stderr: String,
}

/// Run `command` to completion; see [`run_streaming`]. Returns standard output.
pub fn run_command(command: &mut Command, what: &str) -> Result<String, ProcessError> {
    run_streaming(command, what, |_, _| {}).map(|output| output.stdout)
}

/// Run `command` in its own process group, handing every output line to `on_line` as it
/// arrives. There is no time limit (builds take as long as they take); see
/// [`run_supervised`] for a run that can be stopped.
pub fn run_streaming(
    command: &mut Command,
    what: &str,
    on_line: impl FnMut(Stream, &str),
) -> Result<Output, ProcessError> {
    run_inner(command, what, on_line, || true)
}

/// Run `command` in its own process group with no time limit; `keep_going` is asked about
/// twice a second and stops it (and everything it started) by answering `false`.
pub fn run_supervised(
    command: &mut Command,
    what: &str,
    keep_going: impl FnMut() -> bool,
) -> Result<Output, ProcessError> {
    run_inner(command, what, |_, _| {}, keep_going)
}

/// How a run ended, before it is turned into a result.
enum End {
    Exited(ExitStatus),
    Stopped,
}

fn run_inner(
    command: &mut Command,
    what: &str,
    mut on_line: impl FnMut(Stream, &str),
    mut keep_going: impl FnMut() -> bool,
) -> Result<Output, ProcessError> {
    use std::os::unix::process::CommandExt;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|source| ProcessError::Start {
            what: what.to_string(),
            source,
        })?;
    let group = Some(rustix::process::Pid::from_child(&child));
    let (sender, lines) = mpsc::channel();
    if let Some(out) = child.stdout.take() {
        spawn_reader(out, Stream::Stdout, sender.clone());
    }
    if let Some(err) = child.stderr.take() {
        spawn_reader(err, Stream::Stderr, sender.clone());
    }
    drop(sender);

    let mut output = Output::default();
    let mut keep = |stream: Stream, line: String, output: &mut Output| {
        let text = match stream {
            Stream::Stdout => &mut output.stdout,
            Stream::Stderr => &mut output.stderr,
        };
        text.push_str(&line);
        text.push('\n');
        if text.len() > KEEP_BYTES {
            let mut cut = text.len() - KEEP_BYTES / 2;
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            text.drain(..cut);
        }
        on_line(stream, &line);
    };
    let mut last_asked = Instant::now();
    let end = loop {
        match lines.recv_timeout(Duration::from_millis(100)) {
            Ok((stream, line)) => keep(stream, line, &mut output),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            // Both pipes closed: only the exit status is left to wait for.
            Err(mpsc::RecvTimeoutError::Disconnected) => thread::sleep(Duration::from_millis(100)),
        }
        if let Ok(Some(status)) = child.try_wait() {
            break End::Exited(status);
        }
        if last_asked.elapsed() >= Duration::from_millis(500) {
            last_asked = Instant::now();
            if !keep_going() {
                break End::Stopped;
            }
        }
    };
    // Whatever the program started and left behind goes with it.
    stop_group(group);
    let _ = child.wait();
    let deadline = Instant::now() + DRAIN_GRACE;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok((stream, line)) => keep(stream, line, &mut output),
            Err(_) => break,
        }
    }
    let combined = format!("{}\n{}", output.stderr, output.stdout);
    let what = what.to_string();
    let explanation = explain(&combined);
    match end {
        End::Exited(status) if status.success() => Ok(output),
        End::Exited(status) => Err(ProcessError::Failed {
            what,
            status,
            explanation,
        }),
        End::Stopped => Err(ProcessError::Stopped { what, explanation }),
    }
}

fn spawn_reader(
    mut source: impl Read + Send + 'static,
    stream: Stream,
    sender: mpsc::Sender<(Stream, String)>,
) {
    thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        let mut pending = Vec::new();
        loop {
            let n = match source.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            for &byte in &buffer[..n] {
                if byte == b'\n' || byte == b'\r' {
                    let line = String::from_utf8_lossy(&pending).into_owned();
                    pending.clear();
                    if !line.is_empty() && sender.send((stream, line)).is_err() {
                        return;
                    }
                } else {
                    pending.push(byte);
                }
            }
        }
        if !pending.is_empty() {
            let _ = sender.send((stream, String::from_utf8_lossy(&pending).into_owned()));
        }
    });
}

/// SIGTERM to the group, then SIGKILL to whatever is still there.
fn stop_group(group: Option<rustix::process::Pid>) {
    use rustix::process::{kill_process_group, Signal};
    let Some(group) = group else { return };
    if kill_process_group(group, Signal::TERM).is_err() {
        return; // nobody left
    }
    let deadline = Instant::now() + KILL_GRACE;
    while Instant::now() < deadline {
        // Signal 0 only asks whether the group still has members.
        if rustix::process::test_kill_process_group(group).is_err() {
            return;
        }
        thread::sleep(Duration::from_millis(50));
    }
    let _ = kill_process_group(group, Signal::KILL);
}

/// Words in a line that usually say why a build or a kernel failed.
const TELLING: &[&str] = &[
    "error",
    "failed",
    "panicked",
    "cannot",
    "could not",
    "not found",
    "no such",
    "--offline",
    "denied",
    "killed",
    "no space left",
    "timed out",
];

/// Noise that contains telling words but explains nothing (evcxr's reaction to a closed
/// client, Python's traceback frames).
const NOISE: &[&str] = &[
    "Error handling shell message",
    "Codec Error",
    "  File \"",
    "Traceback (most recent call last)",
];

/// The lines of a failed program's output that explain the failure: every line with a
/// telling word (at most 15, duplicates dropped), else the last 15 lines.
pub fn explain(output: &str) -> String {
    let mut chosen: Vec<&str> = Vec::new();
    for line in output.lines().map(str::trim_end) {
        let lower = line.to_lowercase();
        let telling = TELLING.iter().any(|word| lower.contains(word));
        let noise = NOISE.iter().any(|noise| line.contains(noise));
        if telling && !noise && !chosen.contains(&line) {
            chosen.push(line);
        }
    }
    if chosen.is_empty() {
        chosen = output.lines().filter(|l| !l.trim().is_empty()).collect();
    }
    let skip = chosen.len().saturating_sub(15);
    let mut text = chosen[skip..].join("\n");
    if let Some(advice) = advice(output) {
        text.push_str("\n\n");
        text.push_str(&advice);
    }
    text
}

/// Words in a failure that mean the network (a package registry) could not be reached.
const NETWORK_WORDS: &[&str] = &[
    "Could not resolve host",
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "Network is unreachable",
    "Connection refused",
    "failed to download",
    "spurious network error",
    "Max retries exceeded",
    "timed out",
];

/// Did this failure come from a network that was not there?
pub fn looks_offline(text: &str) -> bool {
    NETWORK_WORDS.iter().any(|word| text.contains(word))
}

/// Wrap the error of a step that downloads: when it looks like the network was missing,
/// say which registry the step needs and what it was fetching, and that setup resumes.
pub fn needs_network(error: anyhow::Error, registry: &str, fetching: &str) -> anyhow::Error {
    let text = format!("{error:#}");
    if looks_offline(&text) {
        anyhow::anyhow!(
            "{text}\n\nThis step needs {registry} to download {fetching}, and it could not be \
             reached. Connect to the network and run `./ferrolab setup` again: finished steps \
             are not repeated."
        )
    } else {
        error
    }
}

/// What to do about failures we recognise.
fn advice(output: &str) -> Option<String> {
    if output.contains("--offline") {
        return Some(
            "what to do: crates this build needs were never downloaded. Run `./ferrolab setup` \
             with access to the crate registry: its `crate sources` step downloads every crate \
             in Cargo.lock, after which kernels and tests build offline."
                .into(),
        );
    }
    if output.contains("No space left on device") {
        return Some("what to do: the disk is full; free space (`df -h`), then run `./ferrolab setup` again (it resumes).".into());
    }
    if output.contains("signal: 9") || output.contains("SIGKILL") || output.contains("Killed") {
        return Some("what to do: the build was killed, most often for lack of memory; close other programs and run `./ferrolab setup` again (it resumes).".into());
    }
    None
}

/// One drawn frame of cargo's progress bar: units finished, units in all, what is compiling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoProgress {
    /// Units (crates, build scripts) finished.
    pub done: usize,
    /// Units in the whole build.
    pub total: usize,
    /// What cargo says it is compiling now.
    pub current: String,
}

impl fmt::Display for CargoProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{} crates compiled", self.done, self.total)?;
        if !self.current.is_empty() {
            write!(f, ": {}", self.current)?;
        }
        Ok(())
    }
}

/// Read a line of cargo's progress bar (`Building [====>   ] 12/345: polars-core, tch`),
/// drawn when `CARGO_TERM_PROGRESS_WHEN=always` (see [`cargo_progress_env`]).
pub fn parse_cargo_progress(line: &str) -> Option<CargoProgress> {
    let rest = line.trim_start().strip_prefix("Building")?;
    let after_bar = rest.split_once(']')?.1.trim_start();
    let (counts, current) = match after_bar.split_once(':') {
        Some((counts, current)) => (counts, current.trim()),
        None => (after_bar, ""),
    };
    let (done, total) = counts.trim().split_once('/')?;
    Some(CargoProgress {
        done: done.trim().parse().ok()?,
        total: total.trim().parse().ok()?,
        current: current.to_string(),
    })
}

/// Environment that makes cargo draw its progress bar into a pipe, for [`parse_cargo_progress`].
pub fn cargo_progress_env() -> [(&'static str, &'static str); 2] {
    [
        ("CARGO_TERM_PROGRESS_WHEN", "always"),
        ("CARGO_TERM_PROGRESS_WIDTH", "120"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_progress_lines() {
        let line = "    Building [=======>                 ] 123/456: polars-core, tch(build)";
        let progress = parse_cargo_progress(line).expect("a progress line");
        assert_eq!((progress.done, progress.total), (123, 456));
        assert_eq!(progress.current, "polars-core, tch(build)");
        assert!(parse_cargo_progress("   Compiling serde v1.0.228").is_none());
        assert!(parse_cargo_progress("    Building [   ] 3/7").is_some());
    }

    #[test]
    fn explanation_picks_the_telling_lines_and_advises() {
        let output = "Locking 92 packages to latest Rust 1.95.0 compatible versions\n\
                      error: failed to download `approx v0.5.1`\n\
                      Caused by: attempting to make an HTTP request, but --offline was specified\n\
                      Error handling shell message kernel_info_request: Codec Error: Broken pipe\n";
        let text = explain(output);
        assert!(
            text.contains("failed to download `approx v0.5.1`"),
            "{text}"
        );
        assert!(text.contains("--offline was specified"), "{text}");
        assert!(!text.contains("Codec Error"), "{text}");
        assert!(text.contains("crate sources"), "{text}");
    }

    #[test]
    fn a_grandchild_holding_the_pipes_does_not_block_and_is_stopped() {
        // The shell starts a sleeper that inherits stdout, then exits at once.
        let started = Instant::now();
        let out = run_command(
            Command::new("sh").args(["-c", "sleep 600 & echo started"]),
            "a shell that leaves a sleeper behind",
        )
        .expect("the shell succeeds");
        assert!(out.contains("started"));
        assert!(started.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn a_stopped_run_ends_the_whole_group_and_says_what_it_printed() {
        let started = Instant::now();
        let error = run_supervised(
            Command::new("sh").args(["-c", "echo error: still compiling; sleep 600"]),
            "a build that never ends",
            || started.elapsed() < Duration::from_millis(500),
        )
        .expect_err("it must be stopped");
        assert!(started.elapsed() < Duration::from_secs(20));
        let text = error.to_string();
        assert!(text.contains("was stopped"), "{text}");
        assert!(text.contains("still compiling"), "{text}");
    }

    #[test]
    fn a_failure_carries_the_exit_status_and_why() {
        let error = run_command(
            Command::new("sh").args(["-c", "echo 'error: no space left' >&2; exit 3"]),
            "a failing step",
        )
        .expect_err("it fails");
        assert!(matches!(error, ProcessError::Failed { .. }));
        assert!(error.to_string().contains("no space left"));
    }
}
