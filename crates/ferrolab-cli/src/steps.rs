//! Long steps shown with a spinner and timed, so a learner sees what setup is doing.

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::time::{Duration, Instant};

/// A step's work: given its spinner, it returns a short outcome text.
pub type Work<'a> = Box<dyn FnOnce(&ProgressBar) -> anyhow::Result<String> + Send + 'a>;

/// Several steps run one after the other under one spinner line (see [`Steps::run_parallel`]).
pub struct Chain<'a> {
    steps: Vec<(&'static str, Work<'a>)>,
}

impl<'a> Chain<'a> {
    /// A chain that starts with `name`.
    pub fn new(
        name: &'static str,
        work: impl FnOnce(&ProgressBar) -> anyhow::Result<String> + Send + 'a,
    ) -> Self {
        Chain {
            steps: vec![(name, Box::new(work))],
        }
    }

    /// Then `name`, if everything before it succeeded.
    pub fn then(
        mut self,
        name: &'static str,
        work: impl FnOnce(&ProgressBar) -> anyhow::Result<String> + Send + 'a,
    ) -> Self {
        self.steps.push((name, Box::new(work)));
        self
    }
}

/// Without a terminal (a CI log, `| tee`) spinners draw nothing: then a line every
/// minute says that a long step is still working and what it is doing.
struct Heartbeat {
    stop: std::sync::mpsc::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Heartbeat {
    fn start(name: &str, bar: &ProgressBar) -> Heartbeat {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = bar.is_hidden().then(|| {
            let (name, bar) = (name.to_string(), bar.clone());
            let started = Instant::now();
            std::thread::spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(HEARTBEAT)
                {
                    let message = shorten(&bar.message(), 120);
                    eprintln!("… {name}: {message} ({})", human(started.elapsed()));
                }
            })
        });
        Heartbeat { stop, thread }
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

const HEARTBEAT: Duration = Duration::from_secs(60);

/// At most `max` characters, with `…` where the rest was cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

fn spinner(name: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix:.bold} {wide_msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix(name.to_string());
    bar
}

/// One step's outcome, for the summary table.
#[derive(Debug, Clone)]
pub struct StepReport {
    /// What the step did.
    pub name: String,
    /// "done", "already done", "skipped: …".
    pub outcome: String,
    /// How long it took.
    pub elapsed: Duration,
}

/// Runs steps and remembers how each went.
#[derive(Debug, Default)]
pub struct Steps {
    reports: Vec<StepReport>,
}

impl Steps {
    /// Run `work` under a spinner titled `name`. `work` returns a short outcome text.
    pub fn run<T: Into<String>>(
        &mut self,
        name: &str,
        work: impl FnOnce(&ProgressBar) -> anyhow::Result<T>,
    ) -> anyhow::Result<()> {
        let report = run_step(&spinner(name), name, work, |line| eprintln!("{line}"))?;
        self.reports.push(report);
        Ok(())
    }

    /// Run chains of steps side by side, each under its own spinner line (a download next
    /// to a compile). Every chain runs to its end or its first error; the first error of
    /// any chain is returned after all of them have stopped.
    pub fn run_parallel(&mut self, chains: Vec<Chain<'_>>) -> anyhow::Result<()> {
        let multi = MultiProgress::new();
        let results: Vec<(Vec<StepReport>, Option<anyhow::Error>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = chains
                .into_iter()
                .map(|chain| {
                    let multi = &multi;
                    scope.spawn(move || run_chain(multi, chain))
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        (Vec::new(), Some(anyhow::anyhow!("a setup step panicked")))
                    })
                })
                .collect()
        });
        let mut first_error = None;
        for (reports, error) in results {
            self.reports.extend(reports);
            if first_error.is_none() {
                first_error = error;
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Every finished step.
    pub fn reports(&self) -> &[StepReport] {
        &self.reports
    }
}

/// "1 m 05 s", "3.2 s".
pub fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 60.0 {
        format!("{} m {:02} s", d.as_secs() / 60, d.as_secs() % 60)
    } else {
        format!("{secs:.1} s")
    }
}

fn run_chain(multi: &MultiProgress, chain: Chain<'_>) -> (Vec<StepReport>, Option<anyhow::Error>) {
    // On a terminal a finished step prints above the live bars; in a log the bars are
    // hidden and so is `println`, so the line goes straight to stderr.
    let say = |line: String| {
        if multi.is_hidden() {
            eprintln!("{line}");
        } else {
            let _ = multi.println(line);
        }
    };
    let mut reports = Vec::new();
    for (name, work) in chain.steps {
        let bar = multi.add(spinner(name));
        let result = run_step(&bar, name, work, say);
        multi.remove(&bar);
        match result {
            Ok(report) => reports.push(report),
            Err(error) => return (reports, Some(error)),
        }
    }
    (reports, None)
}

/// Run one step under `bar`; `say` prints how it ended.
fn run_step<T: Into<String>>(
    bar: &ProgressBar,
    name: &str,
    work: impl FnOnce(&ProgressBar) -> anyhow::Result<T>,
    say: impl Fn(String),
) -> anyhow::Result<StepReport> {
    bar.enable_steady_tick(Duration::from_millis(120));
    let start = Instant::now();
    let heartbeat = Heartbeat::start(name, bar);
    let result = work(bar);
    drop(heartbeat);
    let elapsed = start.elapsed();
    bar.finish_and_clear();
    match result {
        Ok(outcome) => {
            let outcome = outcome.into();
            say(format!("✓ {name}: {outcome} ({})", human(elapsed)));
            Ok(StepReport {
                name: name.to_string(),
                outcome,
                elapsed,
            })
        }
        Err(error) => {
            say(format!("✗ {name} failed after {}", human(elapsed)));
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_cut_with_an_ellipsis() {
        assert_eq!(shorten("pip install", 20), "pip install");
        assert_eq!(
            shorten("Installing collected packages: a, b", 12),
            "Installing …"
        );
    }
}
