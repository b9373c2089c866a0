//! The course as a whole: `course.toml` complete and valid, every learner file and
//! notebook exercise cell what the generator makes from `solutions/` (the working copy,
//! or the committed version when a learner has edited it), nothing stray, and the
//! copy compiled into kernels the same as the file.

#![allow(clippy::unwrap_used)]

use ferrolab::course::{audit, Course};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn course() -> Course {
    Course::load(&root().join("exercises/course.toml")).unwrap()
}

#[test]
fn the_course_on_disk_passes_its_audit() {
    let problems = audit::audit(&root(), &course());
    assert!(
        problems.is_empty(),
        "run `./ferrolab dev check` for details:\n{}",
        problems.join("\n")
    );
}

#[test]
fn kernels_have_the_same_course_compiled_in() {
    assert_eq!(
        Course::load_embedded().unwrap(),
        course(),
        "rebuild: the compiled-in course.toml is stale"
    );
}

#[test]
fn every_exercise_has_hints_a_solution_cell_and_a_notebook_path_or_none() {
    let course = course();
    let cells = course.solution_cells().unwrap();
    for exercise in &course.exercises {
        assert!(
            exercise.hints.len() >= 2,
            "{}: needs two hint tiers",
            exercise.id
        );
        let cell = &cells[&exercise.id];
        assert!(
            cell.contains(&format!(" {}", exercise.item)),
            "{}: the solution cell lacks `{}`",
            exercise.id,
            exercise.item
        );
        assert!(
            !cell.contains("todo!()"),
            "{}: the solution cell is a stub",
            exercise.id
        );
        assert!(
            !cell.contains("SOLUTION"),
            "{}: markers leaked into the cell",
            exercise.id
        );
    }
    assert_eq!(cells.len(), course.exercises.len());
}
