//! One source for every version of an exercise: the reference answer in `solutions/`,
//! with its answer between nbgrader-style markers.
//!
//! ```text
//! pub fn dot_product(a: &[f64], b: &[f64]) -> f64 {
//!     // BEGIN SOLUTION
//!     a.iter().zip(b).map(|(x, y)| x * y).sum()
//!     // END SOLUTION
//! }
//! ```
//!
//! [`stub`] replaces each marked region with `todo!()` (the learner file), [`solution`]
//! drops the marker lines (what `solution!` shows), and [`plan_cells`] splits a file
//! into the notebook cells it becomes. Regions must sit where an expression may stand
//! (a function body), because that is where `todo!()` can replace them.

use thiserror::Error;

/// The line that opens an answer.
pub const BEGIN: &str = "// BEGIN SOLUTION";
/// The line that closes an answer.
pub const END: &str = "// END SOLUTION";

/// The first line of every generated notebook exercise cell: the learner reads it
/// right where rustc's "cannot find value" error would otherwise puzzle them.
pub const CELL_HEADER: &str =
    "// Exercise cell: write your answer, run this cell, then run the `check!` cell below.\n\
     // (A \"cannot find value\" error from `check!` means this cell has not been run yet.)\n";

/// Markers that do not pair up; `line` is 1-based.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum MarkerError {
    /// A `// BEGIN SOLUTION` inside another region.
    #[error(
        "line {line}: `{BEGIN}` before the previous region (line {open}) was closed with `{END}`"
    )]
    Nested {
        /// Where the second BEGIN is.
        line: usize,
        /// Where the open region started.
        open: usize,
    },
    /// A `// END SOLUTION` with no region open.
    #[error("line {line}: `{END}` without a `{BEGIN}` before it")]
    Unopened {
        /// Where the END is.
        line: usize,
    },
    /// A region that never closes.
    #[error("line {line}: `{BEGIN}` is never closed; add `{END}` after the answer")]
    Unclosed {
        /// Where the BEGIN is.
        line: usize,
    },
    /// A file with no answer in it: the stub would equal the solution.
    #[error(
        "no `{BEGIN}` / `{END}` region: mark the answer so the learner's stub can leave it out"
    )]
    NoRegion,
    /// Answers in more than one of the file's notebook cells.
    #[error("answers in more than one notebook cell: keep every `{BEGIN}` region between the same two `{NEXT_CELL}` lines")]
    SpreadOverCells,
}

/// One piece of a solution file.
enum Piece<'a> {
    /// Lines everyone sees.
    Shared(&'a str),
    /// A marked answer: the indentation of its BEGIN line and its inner lines.
    Answer {
        indent: &'a str,
        lines: Vec<&'a str>,
    },
}

fn pieces(source: &str) -> Result<Vec<Piece<'_>>, MarkerError> {
    let mut pieces = Vec::new();
    let mut open: Option<(usize, &str, Vec<&str>)> = None;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed == BEGIN {
            if let Some((start, _, _)) = open {
                return Err(MarkerError::Nested {
                    line: number,
                    open: start,
                });
            }
            let indent = &line[..line.len() - line.trim_start().len()];
            open = Some((number, indent, Vec::new()));
        } else if trimmed == END {
            let (_, indent, lines) = open.take().ok_or(MarkerError::Unopened { line: number })?;
            pieces.push(Piece::Answer { indent, lines });
        } else if let Some((_, _, lines)) = open.as_mut() {
            lines.push(line);
        } else {
            pieces.push(Piece::Shared(line));
        }
    }
    if let Some((line, _, _)) = open {
        return Err(MarkerError::Unclosed { line });
    }
    if !pieces.iter().any(|p| matches!(p, Piece::Answer { .. })) {
        return Err(MarkerError::NoRegion);
    }
    Ok(pieces)
}

/// The learner's version: every answer replaced by `todo!()` at the same indentation.
pub fn stub(source: &str) -> Result<String, MarkerError> {
    let mut out = String::with_capacity(source.len());
    for piece in pieces(source)? {
        match piece {
            Piece::Shared(line) => out.push_str(line),
            Piece::Answer { indent, .. } => {
                out.push_str(indent);
                out.push_str("todo!()\n");
            }
        }
    }
    Ok(out)
}

/// The reference answer as a learner should read it: the marker lines (and
/// [`NEXT_CELL`] lines) removed.
pub fn solution(source: &str) -> Result<String, MarkerError> {
    let mut out = String::with_capacity(source.len());
    for piece in pieces(source)? {
        match piece {
            Piece::Shared(line) if line.trim() == NEXT_CELL => {}
            Piece::Shared(line) => out.push_str(line),
            Piece::Answer { lines, .. } => lines.iter().for_each(|l| out.push_str(l)),
        }
    }
    Ok(out)
}

/// A line in a solution file where its notebook starts a new cell. An exercise built on
/// a page of given code (a whole autodiff engine around the one function to write) then
/// becomes several readable cells: the part holding the answers is the exercise cell,
/// every other part a given cell the learner reads and runs.
pub const NEXT_CELL: &str = "// NOTEBOOK: NEXT CELL";

/// The first line of a given cell.
pub const GIVEN_HEADER: &str =
    "// Given code: read it and run this cell (the exercise cell builds on it).\n";

/// An exercise's notebook cells, in file order, planned from its solution file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellPlan {
    /// Every cell as the learner gets it (the exercise cell with `todo!()`).
    pub stub: Vec<String>,
    /// Every cell with the reference answer.
    pub solution: Vec<String>,
    /// Which cell is the exercise cell; the others are given.
    pub exercise: usize,
}

/// Split a solution file at its [`NEXT_CELL`] lines into notebook cells. Exactly one part
/// holds answers: it is the exercise cell ([`CELL_HEADER`] first); the others read the
/// same for learner and reference ([`GIVEN_HEADER`] first).
pub fn plan_cells(file_text: &str) -> Result<CellPlan, MarkerError> {
    let mut parts = vec![String::new()];
    for line in file_text.lines() {
        if line.trim() == NEXT_CELL {
            parts.push(String::new());
        } else if let Some(part) = parts.last_mut() {
            part.push_str(line);
            part.push('\n');
        }
    }
    let with_answers: Vec<usize> = (0..parts.len())
        .filter(|&i| parts[i].lines().any(|l| l.trim() == BEGIN))
        .collect();
    let exercise = match with_answers.as_slice() {
        [] => return Err(MarkerError::NoRegion),
        [one] => *one,
        _ => return Err(MarkerError::SpreadOverCells),
    };
    let mut plan = CellPlan {
        stub: Vec::new(),
        solution: Vec::new(),
        exercise,
    };
    for (i, part) in parts.iter().enumerate() {
        if i == exercise {
            plan.stub.push(cell_text(CELL_HEADER, &stub(part)?));
            plan.solution.push(cell_text(CELL_HEADER, &solution(part)?));
        } else {
            let given = cell_text(GIVEN_HEADER, part);
            plan.stub.push(given.clone());
            plan.solution.push(given);
        }
    }
    Ok(plan)
}

/// One part of a file as a cell: `header`, then the part without its `//!` module docs,
/// without `use ferrolab::prelude::*;` (the kernel already has it) and without `pub` on
/// top-level items (a cell is not a module).
fn cell_text(header: &str, part: &str) -> String {
    let mut body = String::new();
    for line in part.lines() {
        if line.starts_with("//!") || line.trim() == "use ferrolab::prelude::*;" {
            continue;
        }
        if body.is_empty() && line.trim().is_empty() {
            continue;
        }
        body.push_str(line.strip_prefix("pub ").unwrap_or(line));
        body.push('\n');
    }
    format!("{header}{}", body.trim_end())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const DOT: &str = "//! Exercise.\n\nuse ferrolab::prelude::*;\n\n/// Doc.\npub fn dot(a: &[f64], b: &[f64]) -> f64 {\n    // BEGIN SOLUTION\n    a.iter().zip(b).map(|(x, y)| x * y).sum()\n    // END SOLUTION\n}\n";

    #[test]
    fn stub_replaces_the_answer_with_todo_at_its_indentation() {
        let stub = stub(DOT).unwrap();
        assert!(
            stub.contains("pub fn dot(a: &[f64], b: &[f64]) -> f64 {\n    todo!()\n}\n"),
            "{stub}"
        );
        assert!(!stub.contains("zip"));
        assert!(!stub.contains("SOLUTION"));
    }

    #[test]
    fn solution_drops_only_the_markers() {
        let solution = solution(DOT).unwrap();
        assert!(
            solution.contains("{\n    a.iter().zip(b).map(|(x, y)| x * y).sum()\n}\n"),
            "{solution}"
        );
        assert!(!solution.contains("SOLUTION"));
    }

    #[test]
    fn broken_markers_name_the_line() {
        assert_eq!(
            stub("fn a() {\n// END SOLUTION\n}\n"),
            Err(MarkerError::Unopened { line: 2 })
        );
        assert_eq!(
            stub("fn a() {\n  // BEGIN SOLUTION\n  1\n}\n"),
            Err(MarkerError::Unclosed { line: 2 })
        );
        assert_eq!(
            stub("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n"),
            Err(MarkerError::Nested { line: 2, open: 1 })
        );
        assert_eq!(stub("fn a() {}\n"), Err(MarkerError::NoRegion));
    }

    #[test]
    fn notebook_cells_are_trimmed_to_the_task() {
        let plan = plan_cells(DOT).unwrap();
        let cell = &plan.stub[plan.exercise];
        assert!(cell.starts_with(CELL_HEADER));
        assert!(
            cell.ends_with("/// Doc.\nfn dot(a: &[f64], b: &[f64]) -> f64 {\n    todo!()\n}"),
            "{cell}"
        );
        assert!(!cell.contains("//!") && !cell.contains("prelude"));
        assert!(plan.solution[0].contains("a.iter().zip(b)") && !plan.solution[0].contains(BEGIN));
    }

    #[test]
    fn next_cell_lines_make_given_cells_around_the_exercise() {
        let file = format!(
            "//! Exercise.\n\npub struct Engine;\n{NEXT_CELL}\npub fn run() -> u8 {{\n    \
             // BEGIN SOLUTION\n    1\n    // END SOLUTION\n}}\n{NEXT_CELL}\nimpl Engine {{}}\n"
        );
        let plan = plan_cells(&file).unwrap();
        assert_eq!(plan.exercise, 1);
        assert_eq!(plan.stub[0], format!("{GIVEN_HEADER}struct Engine;"));
        assert_eq!(
            plan.stub[1],
            format!("{CELL_HEADER}fn run() -> u8 {{\n    todo!()\n}}")
        );
        assert_eq!(
            plan.solution[1],
            format!("{CELL_HEADER}fn run() -> u8 {{\n    1\n}}")
        );
        assert_eq!(plan.stub[2], plan.solution[2]);
        let spread = format!(
            "{file}{NEXT_CELL}\nfn b() {{\n    // BEGIN SOLUTION\n    // END SOLUTION\n}}\n"
        );
        assert_eq!(plan_cells(&spread), Err(MarkerError::SpreadOverCells));
    }
}
