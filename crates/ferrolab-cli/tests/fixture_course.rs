//! The real `ferrolab` binary against a two-exercise course, as a learner drives it
//! (rustlings tests its binary the same way): `list`, `check`, `hint`, `solution`,
//! `reset` and `watch --manual`, asserting the words the learner reads.
//!
//! The course is `tests/fixtures/two-exercise-course/exercises/course.toml`. [`Fixture`]
//! builds a checkout around it under this workspace's `target/tmp` (inside the
//! repository, so `.cargo/config.toml` applies and grading shares the workspace's build
//! directory): the two reference answers copied from `solutions/`, stubs and crate roots
//! made by the course generator, Cargo manifests whose path dependencies are this
//! checkout's crates, and a `crates` link so `FERROLAB_ROOT` accepts the folder as a
//! course. Each test gets its own `FERROLAB_HOME`, so no learner's progress is touched.
//!
//! Grading compiles the fixture's `exercises` crate with the `math` feature only (as
//! `ferrolab check` does for a math exercise): seconds once the workspace's `ferrolab`
//! crate has been built, a few minutes on a cold build directory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ferrolab_course::{env, generate, Course};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// This checkout.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root")
}

/// The fixture's manifest.
fn fixture_manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/two-exercise-course/exercises/course.toml")
}

/// What one run of the binary printed.
struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Both streams, for assertion messages.
    fn all(&self) -> String {
        format!("--- stdout\n{}--- stderr\n{}", self.stdout, self.stderr)
    }

    /// Assert the exit status a learner's shell sees.
    #[track_caller]
    fn exits(&self, success: bool) -> &Run {
        assert_eq!(self.success, success, "exit status\n{}", self.all());
        self
    }

    /// Assert that the learner reads `text` (stdout, or stderr where errors go).
    #[track_caller]
    fn says(&self, text: &str) -> &Run {
        assert!(
            self.stdout.contains(text) || self.stderr.contains(text),
            "expected {text:?} in the output\n{}",
            self.all()
        );
        self
    }
}

/// A course checkout around the fixture manifest, and a learner home of its own.
struct Fixture {
    root: PathBuf,
    home: tempfile::TempDir,
    course: Course,
}

impl Fixture {
    /// A fresh checkout at `target/tmp/fixture-course-<name>` (a fixed place, so cargo's
    /// fingerprints of the fixture crate survive between runs; its `target/` is kept).
    fn new(name: &str) -> Fixture {
        let repo = repository();
        let root = repo
            .join("target/tmp")
            .join(format!("fixture-course-{name}"));
        for generated in [
            "exercises",
            "solutions",
            "Cargo.toml",
            "Cargo.lock",
            "crates",
        ] {
            let path = root.join(generated);
            // A file or the `crates` link first, so a link is never followed.
            if std::fs::remove_file(&path).is_err() {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
        std::fs::create_dir_all(root.join("exercises/src/math")).unwrap();
        std::fs::create_dir_all(root.join("solutions/src/math")).unwrap();
        std::fs::copy(fixture_manifest(), root.join("exercises/course.toml")).unwrap();
        let course = Course::load(&root.join("exercises/course.toml")).unwrap();
        for exercise in &course.exercises {
            std::fs::copy(
                repo.join("solutions/src").join(&exercise.file),
                root.join("solutions/src").join(&exercise.file),
            )
            .unwrap();
        }
        for file in generate::generate(&root, &course).unwrap() {
            std::fs::write(root.join(&file.path), file.contents).unwrap();
        }
        std::fs::write(root.join("Cargo.toml"), workspace_manifest(&repo)).unwrap();
        std::fs::write(root.join("exercises/Cargo.toml"), EXERCISES_MANIFEST).unwrap();
        // Cargo prunes what the fixture does not use; every version stays the workspace's.
        std::fs::copy(repo.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
        // `Project::locate` accepts a folder with `crates/ferrolab/Cargo.toml`.
        std::os::unix::fs::symlink(repo.join("crates"), root.join("crates")).unwrap();
        Fixture {
            root,
            home: tempfile::tempdir().unwrap(),
            course,
        }
    }

    /// The learner's file of an exercise.
    fn learner_file(&self, id: &str) -> PathBuf {
        let exercise = self.course.exercise(id).unwrap();
        self.root.join("exercises/src").join(&exercise.file)
    }

    /// Replace the `todo!()` of an exercise's stub with `answer`.
    fn answer(&self, id: &str, answer: &str) {
        let exercise = self.course.exercise(id).unwrap();
        let solution = generate::read_solution(&self.root, exercise).unwrap();
        let stub = generate::stub_of(exercise, &solution).unwrap();
        assert!(stub.contains("todo!()"), "{stub}");
        std::fs::write(self.learner_file(id), stub.replace("todo!()", answer)).unwrap();
    }

    /// `ferrolab ARGS` in this course, as a learner's shell would run it.
    fn ferrolab(&self, args: &[&str]) -> Run {
        self.ferrolab_with_input(args, "")
    }

    /// `ferrolab ARGS` with `input` typed on stdin (then stdin closes).
    fn ferrolab_with_input(&self, args: &[&str], input: &str) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ferrolab"));
        // A learner's shell, not this test's environment: cargo sets variables for test
        // binaries that build scripts watch (keeping them would rebuild crates the
        // workspace has built), and a test run may set FERROLAB_* switches of its own.
        command.env_clear();
        for name in LEARNER_ENV {
            if let Some(value) = std::env::var_os(name) {
                command.env(name, value);
            }
        }
        command
            .args(args)
            .current_dir(&self.root)
            .env(env::FERROLAB_ROOT, &self.root)
            .env(env::FERROLAB_HOME, self.home.path())
            // Grading must not ask the network: Cargo.lock pins every crate, and setup
            // has fetched them.
            .env("CARGO_NET_OFFLINE", "true")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("running the ferrolab binary");
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        let output = child.wait_with_output().unwrap();
        Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// What a learner's shell passes on: where programs and toolchains are, and the build
/// settings a developer may have set for the whole workspace (so the fixture shares its
/// compiled crates).
const LEARNER_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "TMPDIR",
    "CARGO_HOME",
    "RUSTUP_HOME",
    "RUSTUP_TOOLCHAIN",
    "RUSTFLAGS",
    "CARGO_BUILD_BUILD_DIR",
];

/// The fixture's workspace: this checkout's crates as path dependencies, and its
/// `[profile.dev]` verbatim (profiles decide artifact hashes, so the fixture reuses the
/// workspace's compiled crates).
fn workspace_manifest(repo: &Path) -> String {
    let real = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    let start = real
        .find("[profile.dev]")
        .expect("the workspace's [profile.dev]");
    let end = real[start + 1..]
        .find("\n[")
        .map_or(real.len(), |i| start + 1 + i + 1);
    let crates = repo.join("crates");
    format!(
        "[workspace]\nresolver = \"2\"\nmembers = [\"exercises\"]\n\n\
         [workspace.dependencies]\n\
         ferrolab = {{ path = \"{ferrolab}\", default-features = false }}\n\
         ferrolab-grade = {{ path = \"{grade}\", default-features = false }}\n\n{profile}",
        ferrolab = crates.join("ferrolab").display(),
        grade = crates.join("ferrolab-grade").display(),
        profile = &real[start..end],
    )
}

/// The fixture's `exercises` crate: the real one's `math` feature, nothing else.
const EXERCISES_MANIFEST: &str = r#"[package]
name = "exercises"
version = "0.1.0"
edition = "2021"
publish = false

[features]
default = ["math"]
math = ["ferrolab/math", "ferrolab-grade/math"]

[dependencies]
ferrolab.workspace = true
ferrolab-grade.workspace = true
"#;

/// The card comes from the real course compiled into `ferrolab` (titles, hint counts,
/// what is next), so the fixture must be the real course's first math exercises (what
/// comes after a pass is the next exercise in course order, so stage 0 before them does
/// not matter).
#[test]
fn the_fixture_is_the_real_course_in_small() {
    let fixture = Course::load(&fixture_manifest()).unwrap();
    let real = Course::load(&repository().join("exercises/course.toml")).unwrap();
    assert_eq!(fixture.exercises.len(), 2);
    for (ours, theirs) in fixture.exercises.iter().zip(real.exercises_in("math")) {
        let theirs = ferrolab_course::Exercise {
            notebook: None,
            ..theirs.clone()
        };
        assert_eq!(
            *ours, theirs,
            "tests/fixtures/two-exercise-course/exercises/course.toml drifted from exercises/course.toml: copy the entry again (without `notebook`)"
        );
    }
}

/// `list`, `hint`, `solution` and `reset` read the course and the progress file only.
#[test]
fn list_hint_solution_and_reset_without_grading() {
    let course = Fixture::new("no-grading");

    course
        .ferrolab(&["list"])
        .exits(true)
        .says("Math: linear algebra, probability, calculus and autodiff")
        .says("] 0/2")
        .says("· math/dot-product   Dot product of two vectors")
        .says("Next: math/dot-product (Dot product of two vectors). Edit exercises/src/math/dot_product.rs");

    course
        .ferrolab(&["hint", "math/dot-product"])
        .exits(true)
        .says("Hints for math/dot-product (1 of 3):\n  1. Pair the vectors up")
        .says("Run `ferrolab hint math/dot-product` again for hint 2 of 3.");
    // The notebook's path form names the same exercise.
    course
        .ferrolab(&["hint", "math::dot_product"])
        .says("(2 of 3)")
        .says("  2. Multiply each pair");

    let solution = course.ferrolab(&["solution", "math/dot-product"]);
    solution
        .exits(true)
        .says("Reference solution for math/dot-product (Dot product of two vectors):\n\n")
        .says("a.iter().zip(b).map(|(x, y)| x * y).sum()")
        .says("Noted in your progress.");
    assert!(
        !solution.stdout.contains("BEGIN SOLUTION"),
        "{}",
        solution.all()
    );

    course.ferrolab(&["list"]).says("(hint 2/3, solution seen)");
    course
        .ferrolab(&["reset", "math/dot-product"])
        .exits(true)
        .says("is already the starting stub; nothing to reset.");
    course
        .ferrolab(&["hint", "math/dot-prodcut"])
        .exits(false)
        .says("did you mean `math/dot-product`");
}

/// `check` and `watch` grade through `cargo test` on the fixture's `exercises` crate.
#[test]
fn check_watch_and_reset_grade_the_learners_file() {
    let course = Fixture::new("grading");

    course
        .ferrolab(&["check", "math/dot-product"])
        .exits(false)
        .says("… Not attempted yet: math/dot-product · Dot product of two vectors")
        .says("Stuck? `ferrolab hint math/dot-product` reveals hint 1 of 3.");

    // An answer that does not compile: rustc's message, then the error coach's card.
    course.answer(
        "math/dot-product",
        "let total = 0.0; for (x, y) in a.iter().zip(b) { total += x * y; } total",
    );
    let broken = course.ferrolab(&["check", "math/dot-product"]);
    broken
        .exits(false)
        .says("math/dot-product does not compile yet")
        .says("💡 E0384: Assigned twice to a variable that is not `mut`")
        .says("Lesson: notebooks/00-rust/01-values-types-and-ownership.ipynb");
    let rustc_at = broken.stdout.find("error[E0384]");
    let card_at = broken.stdout.find("💡 E0384");
    assert!(
        rustc_at.is_some() && rustc_at < card_at,
        "the card comes under rustc's message\n{}",
        broken.all()
    );

    course.answer(
        "math/dot-product",
        "a.iter().zip(b).map(|(x, y)| x + y).sum()",
    );
    course
        .ferrolab(&["check", "math/dot-product"])
        .exits(false)
        .says("✗ Not quite: math/dot-product");

    course.answer(
        "math/dot-product",
        "a.iter().zip(b).map(|(x, y)| x * y).sum()",
    );
    // No id: the next unsolved exercise, which is this one.
    course
        .ferrolab(&["check"])
        .exits(true)
        .says("✓ Correct: math/dot-product")
        .says("Next: `math/matmul-loops`, Matrix multiplication with three loops.");
    course
        .ferrolab(&["list"])
        .says("] 1/2")
        .says("✓ math/dot-product")
        .says("Next: math/matmul-loops");

    // `h` shows a hint, Enter re-grades, `q` quits.
    let watch = course.ferrolab_with_input(&["watch", "--manual"], "h\n\nq\n");
    watch
        .exits(true)
        .says("… Not attempted yet: math/matmul-loops")
        .says("Hints for math/matmul-loops (1 of 3):")
        .says("Press Enter to re-grade");
    assert_eq!(
        watch.stdout.matches("Grading math/matmul-loops").count(),
        2,
        "{}",
        watch.all()
    );

    course
        .ferrolab(&["reset", "math/dot-product"])
        .exits(true)
        .says("Your version was saved to")
        .says("is back to its starting stub");
    let backups = std::fs::read_dir(course.home.path().join("backups")).unwrap();
    assert_eq!(backups.count(), 1);
    let restored = std::fs::read_to_string(course.learner_file("math/dot-product")).unwrap();
    assert!(restored.contains("todo!()"), "{restored}");
    course.ferrolab(&["list"]).says("] 0/2");
}
