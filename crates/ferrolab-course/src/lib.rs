//! # ferrolab-course
//!
//! The course manifest, the one source behind every version of an exercise, and the
//! learner's progress. Everything a kernel needs at run time (hints, reference
//! answers) is compiled in, because kernels run outside the repository.
//!
//! - [`Course`] (`manifest`): `exercises/course.toml`, parsed and validated.
//! - [`source`]: `// BEGIN SOLUTION` / `// END SOLUTION` markers → learner stub,
//!   readable solution, notebook cell.
//! - [`generate`]: every learner file derived from `solutions/` (stubs, crate roots,
//!   notebook exercise cells).
//! - [`audit`]: every rule the course on disk must follow (`ferrolab dev check`).
//! - [`notebook`]: exercise cells in nbformat 4 notebooks.
//! - [`env`]: every `FERROLAB_*` environment variable, named once.
//! - [`ProgressStore`] (`progress`): the JSON progress file, locked and written atomically.
//! - [`VerdictFile`] / [`VerdictKind`] (`verdict`): the verdict as the grading side hands
//!   it to the CLI.
//! - [`render`]: the words of hints, solutions and "what next" advice, for both doors.

pub mod audit;
mod embedded;
pub mod env;
pub mod generate;
mod manifest;
pub mod notebook;
pub mod progress;
pub mod render;
pub mod source;
mod verdict;

pub use embedded::{embedded_solution_file, solution_text};
pub use generate::GenerateError;
pub use manifest::{id_from_path, Course, CourseError, Exercise, Stage};
pub use progress::{ExerciseProgress, Progress, ProgressError, ProgressStore, Recovery};
pub use render::Door;
pub use verdict::{VerdictFile, VerdictFileError, VerdictKind};
