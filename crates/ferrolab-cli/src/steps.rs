//! Long steps shown with a spinner and timed, so a learner sees what setup is doing.

use indicatif::{ProgressBar, ProgressStyle};
use std::time::{Duration, Instant};

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
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:.bold} {wide_msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(name.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        let start = Instant::now();
        let result = work(&bar);
        let elapsed = start.elapsed();
        bar.finish_and_clear();
        match result {
            Ok(outcome) => {
                let outcome = outcome.into();
                eprintln!("✓ {name}: {outcome} ({})", human(elapsed));
                self.reports.push(StepReport {
                    name: name.to_string(),
                    outcome,
                    elapsed,
                });
                Ok(())
            }
            Err(error) => {
                eprintln!("✗ {name} failed after {}", human(elapsed));
                Err(error)
            }
        }
    }

    /// Every finished step.
    pub fn reports(&self) -> &[StepReport] {
        &self.reports
    }

    /// Total time of all steps.
    pub fn total(&self) -> Duration {
        self.reports.iter().map(|r| r.elapsed).sum()
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
