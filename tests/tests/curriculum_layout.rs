//! The curriculum is partitioned one way: an exercise's checks and its wrong answers sit
//! in files named after its lesson's notebook, `checks/<stage>/<lesson>.rs` and
//! `tests/tests/wrong/<stage>/<lesson>.rs`, where `<lesson>` is the notebook's file name
//! without its number and extension, dashes as underscores
//! (`notebooks/01-math/02-eigen-and-svd.ipynb` → `eigen_and_svd`). A lesson file that
//! grew too long may keep an exercise in `checks/<stage>/<lesson>/<exercise>.rs`.

use ferrolab::course::Course;
use std::fs;
use std::path::{Path, PathBuf};

/// Exercises whose lesson has no notebook yet, and the lesson they are planned for.
const PLANNED: &[(&str, &str)] = &[];

/// `notebooks/01-math/02-eigen-and-svd.ipynb` → `eigen_and_svd`.
fn lesson_of_notebook(notebook: &str) -> String {
    let stem = Path::new(notebook)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unnumbered = stem.split_once('-').map_or(stem.as_str(), |(_, rest)| rest);
    unnumbered.replace('-', "_")
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The text of `<dir>/<lesson>.rs` and of any `<dir>/<lesson>/*.rs`.
fn lesson_text(dir: &Path, lesson: &str) -> String {
    let mut text = fs::read_to_string(dir.join(format!("{lesson}.rs"))).unwrap_or_default();
    if let Ok(entries) = fs::read_dir(dir.join(lesson)) {
        for entry in entries.flatten() {
            text.push_str(&fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    text
}

#[test]
fn every_exercise_is_checked_and_answered_wrongly_in_its_lessons_files() {
    let course = Course::load_embedded().unwrap_or_else(|e| panic!("{e}"));
    let checks = repository().join("crates/ferrolab-grade/src/checks");
    let wrong = repository().join("tests/tests/wrong");
    let mut misplaced = Vec::new();
    for exercise in &course.exercises {
        let planned = PLANNED.iter().find(|(id, _)| *id == exercise.id);
        let lesson = match (&exercise.notebook, planned) {
            (Some(notebook), None) => lesson_of_notebook(notebook),
            (None, Some((_, lesson))) => lesson.to_string(),
            (Some(_), Some(_)) => {
                misplaced.push(format!(
                    "{}: has a notebook now; drop it from PLANNED",
                    exercise.id
                ));
                continue;
            }
            (None, None) => {
                misplaced.push(format!(
                    "{}: no notebook; add its planned lesson to PLANNED",
                    exercise.id
                ));
                continue;
            }
        };
        let stage = exercise.stage();
        let quoted = format!("\"{}\"", exercise.id);
        if !lesson_text(&checks.join(stage), &lesson).contains(&quoted) {
            misplaced.push(format!(
                "{}: its check is not in checks/{stage}/{lesson}.rs",
                exercise.id
            ));
        }
        if !lesson_text(&wrong.join(stage), &lesson).contains(&format!("id: {quoted}")) {
            misplaced.push(format!(
                "{}: its wrong answers are not in tests/tests/wrong/{stage}/{lesson}.rs",
                exercise.id
            ));
        }
    }
    assert!(misplaced.is_empty(), "{}", misplaced.join("\n"));
}

#[test]
fn stage_roots_hold_no_checks() {
    // A stage root has shared helpers, `mod` lines and re-exports: an exercise id in it
    // means a lesson's check (or wrong answer) sits outside its lesson's file.
    let course = Course::load_embedded().unwrap_or_else(|e| panic!("{e}"));
    for stage in &course.stages {
        for root in [
            repository().join(format!(
                "crates/ferrolab-grade/src/checks/{}.rs",
                stage.name
            )),
            repository().join(format!("tests/tests/wrong/{}.rs", stage.name)),
        ] {
            let text = fs::read_to_string(&root).unwrap_or_default();
            let ids: Vec<&str> = (course.exercises.iter())
                .map(|e| e.id.as_str())
                .filter(|id| text.contains(&format!("\"{id}\"")))
                .collect();
            assert!(ids.is_empty(), "{}: names {ids:?}", root.display());
        }
    }
}

#[test]
fn lesson_names_drop_the_number_and_the_dashes() {
    assert_eq!(
        lesson_of_notebook("notebooks/01-math/02-eigen-and-svd.ipynb"),
        "eigen_and_svd"
    );
    assert_eq!(
        lesson_of_notebook("notebooks/03-ml/08-projects-2-recommender-and-anomalies.ipynb"),
        "projects_2_recommender_and_anomalies"
    );
}
