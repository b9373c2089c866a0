//! The course as compiled into this crate, for kernels that run far from the repository.

use crate::generate::{self, GenerateError};
use crate::manifest::{Course, CourseError, Exercise};
use crate::source::{self, MarkerError};
use std::collections::BTreeMap;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

impl Course {
    /// The course as it was when this crate was compiled.
    pub fn load_embedded() -> Result<Course, CourseError> {
        Course::parse(COURSE_TOML, "exercises/course.toml (compiled in)")
    }

    /// Every exercise's reference answer as notebook cell source, keyed by id: write it
    /// as JSON for `kernel/nbrun.py run --solutions FILE.json`.
    pub fn solution_cells(&self) -> Result<BTreeMap<String, String>, GenerateError> {
        generate::solution_cells(self, |exercise| {
            embedded_solution_file(exercise)
                .map(str::to_string)
                .ok_or_else(|| GenerateError::Read {
                    path: format!("solutions/src/{}", exercise.file),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "not compiled in; rebuild ferrolab-course",
                    ),
                })
        })
    }
}

/// The solution file of an exercise, with its markers, as compiled in.
pub fn embedded_solution_file(exercise: &Exercise) -> Option<&'static str> {
    SOLUTION_FILES
        .iter()
        .find(|(file, _)| *file == exercise.file)
        .map(|(_, text)| *text)
}

/// The reference answer of an exercise as a learner reads it (markers removed).
pub fn solution_text(exercise: &Exercise) -> Option<Result<String, MarkerError>> {
    embedded_solution_file(exercise).map(source::solution)
}
