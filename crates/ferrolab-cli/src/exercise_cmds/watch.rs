//! `ferrolab watch`: re-grade on every save, like rustlings.
//!
//! Edits under `exercises/src/` are debounced (editors write a file in several
//! steps) and grade the exercise whose file changed, or the current one. Keys, each
//! followed by Enter: nothing re-grades, `h` shows the next hint, `l` lists progress,
//! `q` quits. Where file watching does not work (some network drives and containers)
//! `--manual` grades on Enter only; a watcher that cannot start falls back to it.

use super::{grade, grading_notice, learner_file, load_progress, Options};
use crate::project::Project;
use anyhow::Result;
use console::{style, Term};
use ferrolab_course::{Course, Exercise};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long after the last file event a save counts as finished.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(150);

/// What the loop reacts to.
pub(crate) enum Event {
    /// Files under `exercises/src` changed.
    Saved(Vec<PathBuf>),
    /// A line typed on the terminal.
    Key(String),
    /// stdin closed.
    EndOfInput,
    /// The watcher reported an error.
    WatchFailed(String),
}

/// Run the loop until `q`.
pub fn run(project: &Project, course: &Course, manual: bool) -> Result<()> {
    let (sender, events) = mpsc::channel();
    let _watcher = if manual {
        None
    } else {
        match watch_sources(project, sender.clone()) {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                eprintln!(
                    "{}",
                    style(format!(
                        "Could not watch exercises/src ({error}); press Enter to re-grade instead."
                    ))
                    .yellow()
                );
                None
            }
        }
    };
    let manual = manual || _watcher.is_none();
    read_keys(sender);

    let Some(mut current) = next(course)? else {
        println!("Every exercise passes. `ferrolab check ID` re-grades one.");
        return Ok(());
    };
    grade_and_show(project, course, current, manual)?;
    while let Ok(event) = events.recv() {
        let target = match event {
            Event::Saved(paths) => match changed_exercise(project, course, &paths) {
                Some(exercise) => exercise,
                None => continue,
            },
            Event::Key(key) => {
                match key.trim() {
                    "" => current,
                    "q" | "quit" => break,
                    "h" | "hint" => {
                        super::hint(course, &current.id)?;
                        continue;
                    }
                    "l" | "list" => {
                        super::list(course)?;
                        continue;
                    }
                    other => {
                        println!("Unknown key `{other}`: Enter re-grades, h shows a hint, l lists, q quits.");
                        continue;
                    }
                }
            }
            Event::EndOfInput if manual => break,
            Event::EndOfInput => continue,
            Event::WatchFailed(error) => {
                eprintln!(
                    "{}",
                    style(format!(
                        "watching failed: {error}; `ferrolab watch --manual` still works"
                    ))
                    .yellow()
                );
                continue;
            }
        };
        let passed = grade_and_show(project, course, target, manual)?;
        if passed {
            match next(course)? {
                Some(exercise) if exercise.id != target.id => {
                    current = exercise;
                    println!(
                        "\nNext up: {} ({}) in {}",
                        style(&current.id).bold(),
                        current.title,
                        learner_file(project, current).display()
                    );
                }
                Some(_) => {}
                None => {
                    println!(
                        "{}",
                        style("\nEvery exercise passes. Well done!").green().bold()
                    );
                    break;
                }
            }
        } else {
            current = target;
        }
    }
    Ok(())
}

fn next(course: &Course) -> Result<Option<&Exercise>> {
    Ok(course.next_unsolved(&load_progress()?))
}

fn grade_and_show(
    project: &Project,
    course: &Course,
    exercise: &Exercise,
    manual: bool,
) -> Result<bool> {
    let term = Term::stdout();
    if term.is_term() {
        let _ = term.clear_screen();
    }
    println!("{}", grading_notice(project, exercise));
    let graded = grade(project, course, exercise, &Options::for_learner())?;
    println!("{}", graded.display());
    let how = if manual {
        "Press Enter to re-grade"
    } else {
        "Save the file to re-grade"
    };
    println!(
        "{}",
        style(format!(
            "\n{how} · h + Enter: hint · l + Enter: list · q + Enter: quit  ({:.1} s)",
            graded.elapsed().as_secs_f64()
        ))
        .dim()
    );
    Ok(graded.passed())
}

/// The exercise whose learner file is among `paths`.
fn changed_exercise<'a>(
    project: &Project,
    course: &'a Course,
    paths: &[PathBuf],
) -> Option<&'a Exercise> {
    let root = project.root.join("exercises/src");
    paths.iter().find_map(|path| {
        let relative = relative_to(path, &root)?;
        course
            .exercises
            .iter()
            .find(|e| Path::new(&e.file) == relative)
    })
}

fn relative_to(path: &Path, root: &Path) -> Option<PathBuf> {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    path.strip_prefix(&root).ok().map(Path::to_path_buf)
}

/// Start watching `exercises/src`; events arrive until the returned watcher is dropped.
///
/// Only edits count: compiling the crate opens every source file, and inotify reports
/// those opens too, so reacting to every event would re-grade forever. Edits are
/// debounced on a helper thread: one `Saved` per burst, [`DEBOUNCE`] after its last event.
pub(crate) fn watch_sources(
    project: &Project,
    sender: mpsc::Sender<Event>,
) -> Result<RecommendedWatcher> {
    let (raw_sender, raw) = mpsc::channel::<notify::Result<Vec<PathBuf>>>();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let message = match result {
            Ok(event) if is_edit(&event.kind) => {
                let paths: Vec<PathBuf> = event
                    .paths
                    .into_iter()
                    .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Ok(paths)
            }
            Ok(_) => return,
            Err(error) => Err(error),
        };
        let _ = raw_sender.send(message);
    })?;
    watcher.watch(
        &project.root.join("exercises/src"),
        RecursiveMode::Recursive,
    )?;
    std::thread::spawn(move || debounce(&raw, &sender));
    Ok(watcher)
}

/// Writes, creations, removals and a writer closing the file; not opens or reads.
fn is_edit(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Modify(_)
            | EventKind::Remove(_)
            | EventKind::Access(AccessKind::Close(AccessMode::Write))
    )
}

/// Merge bursts of raw events into one `Saved` each; ends when the watcher is dropped.
fn debounce(raw: &mpsc::Receiver<notify::Result<Vec<PathBuf>>>, sender: &mpsc::Sender<Event>) {
    while let Ok(first) = raw.recv() {
        let mut paths = Vec::new();
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Ok(more) => paths.extend(more),
                Err(error) => {
                    let _ = sender.send(Event::WatchFailed(error.to_string()));
                }
            }
            next = raw.recv_timeout(DEBOUNCE).ok();
        }
        paths.sort();
        paths.dedup();
        if !paths.is_empty() && sender.send(Event::Saved(paths)).is_err() {
            return;
        }
    }
}

/// Forward typed lines to the loop from a background thread.
fn read_keys(sender: mpsc::Sender<Event>) {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let Ok(line) = line else { break };
            if sender.send(Event::Key(line)).is_err() {
                return;
            }
        }
        let _ = sender.send(Event::EndOfInput);
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_maps_to_its_exercise() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("exercises/src/math")).unwrap();
        let file = dir.path().join("exercises/src/math/dot_product.rs");
        std::fs::write(&file, "").unwrap();
        let course = Course::parse(
            "[[stage]]\nname = \"math\"\ntitle = \"M\"\n[[exercise]]\nid = \"math/dot-product\"\ntitle = \"D\"\n\
             file = \"math/dot_product.rs\"\nitem = \"dot_product\"\nhints = [\"a\", \"b\"]\n",
            "t",
        )
        .unwrap();
        let project = Project {
            root: dir.path().to_path_buf(),
        };
        assert_eq!(
            changed_exercise(&project, &course, &[file]).map(|e| e.id.as_str()),
            Some("math/dot-product")
        );
        let other = dir.path().join("exercises/src/lib.rs");
        assert!(changed_exercise(&project, &course, &[other]).is_none());
    }
}
