//! The words of hints, solutions and "what next" advice, written once for every door.
//!
//! A learner meets the same exercise in a notebook (`hint!`, `solution!`) and in the
//! terminal (`ferrolab hint`, `ferrolab solution`, the advice under a verdict card).
//! The sentences are built here and only the command they name depends on the [`Door`],
//! so the two can never drift apart. Styling stays with each side: the notebook macros
//! turn these parts into HTML, the CLI into bold and dim terminal text.

use crate::manifest::Exercise;

/// Where the learner reads, which decides the command the advice names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// A notebook cell or the REPL: advise `hint!(...)`.
    Notebook,
    /// `cargo test` or the `ferrolab` CLI: advise `ferrolab hint ...`.
    Terminal,
}

impl Door {
    /// The command that reveals the next hint, in backticks: `` `hint!(math::dot_product)` ``
    /// or `` `ferrolab hint math/dot-product` ``.
    pub fn hint_command(self, id: &str) -> String {
        match self {
            Door::Notebook => format!("`hint!({})`", path_of(id)),
            Door::Terminal => format!("`ferrolab hint {id}`"),
        }
    }

    /// The command that shows the reference answer, in backticks.
    pub fn solution_command(self, id: &str) -> String {
        match self {
            Door::Notebook => format!("`solution!({})`", path_of(id)),
            Door::Terminal => format!("`ferrolab solution {id}`"),
        }
    }
}

/// The Rust path an id names in notebook macros: `math/dot-product` → `math::dot_product`
/// (the inverse of [`crate::id_from_path`]).
pub fn path_of(id: &str) -> String {
    id.replace('/', "::").replace('-', "_")
}

/// The advice under a card that did not pass: the next hint, or the solution once every
/// hint has been seen.
pub fn stuck_advice(id: &str, hints_revealed: usize, hints: usize, door: Door) -> String {
    if hints_revealed < hints {
        format!(
            "Stuck? {} reveals hint {} of {hints}.",
            door.hint_command(id),
            hints_revealed + 1
        )
    } else {
        format!(
            "You have seen every hint; {} shows the reference answer.",
            door.solution_command(id)
        )
    }
}

/// The hints revealed so far, in parts a front end can style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hints<'a> {
    /// The exercise id.
    pub id: &'a str,
    /// The revealed tiers, gentlest first.
    pub shown: &'a [String],
    /// How many tiers the exercise has.
    pub total: usize,
    /// What to do next: ask again, or look at the solution.
    pub more: String,
}

impl<'a> Hints<'a> {
    /// The first `revealed` hints of `exercise`, with the advice for `door`.
    pub fn new(exercise: &'a Exercise, revealed: usize, door: Door) -> Hints<'a> {
        let total = exercise.hints.len();
        let shown = &exercise.hints[..revealed.min(total)];
        let more = if revealed < total {
            format!(
                "Run {} again for hint {} of {total}.",
                door.hint_command(&exercise.id),
                revealed + 1
            )
        } else {
            format!(
                "That was the last hint; {} shows the reference answer.",
                door.solution_command(&exercise.id)
            )
        };
        Hints {
            id: &exercise.id,
            shown,
            total,
            more,
        }
    }

    /// `Hints for math/dot-product`: the heading's first part.
    pub fn title(&self) -> String {
        format!("Hints for {}", self.id)
    }

    /// `(2 of 3)`: how far the learner is.
    pub fn count(&self) -> String {
        format!("({} of {})", self.shown.len(), self.total)
    }

    /// Each shown hint as a numbered line: `1. ...`.
    pub fn numbered(&self) -> impl Iterator<Item = String> + '_ {
        self.shown
            .iter()
            .enumerate()
            .map(|(n, hint)| format!("{}. {hint}", n + 1))
    }

    /// The whole thing as plain text.
    pub fn text(&self) -> String {
        let mut text = format!("{} {}:", self.title(), self.count());
        for line in self.numbered() {
            text.push_str(&format!("\n  {line}"));
        }
        text.push_str(&format!("\n  {}", self.more));
        text
    }
}

/// A reference answer, in parts a front end can style.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution<'a> {
    /// The exercise.
    pub exercise: &'a Exercise,
    /// The answer's code, trailing blank lines removed.
    pub code: &'a str,
}

impl<'a> Solution<'a> {
    /// What follows the code: it was noted, and how to learn from it.
    pub const NOTE: &'static str =
        "Noted in your progress. Type it in yourself rather than pasting: that is how it sticks.";

    /// `code` (markers already removed) as the answer to `exercise`.
    pub fn new(exercise: &'a Exercise, code: &'a str) -> Solution<'a> {
        Solution {
            exercise,
            code: code.trim_end(),
        }
    }

    /// `Reference solution for math/dot-product (Dot product of two vectors):`.
    pub fn heading(&self) -> String {
        format!(
            "Reference solution for {} ({}):",
            self.exercise.id, self.exercise.title
        )
    }

    /// The whole thing as plain text.
    pub fn text(&self) -> String {
        format!("{}\n\n{}\n\n{}", self.heading(), self.code, Self::NOTE)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::Course;

    fn exercise() -> Exercise {
        Course::parse(
            "[[stage]]\nname = \"math\"\ntitle = \"M\"\n[[exercise]]\nid = \"math/dot-product\"\ntitle = \"Dot\"\n\
             file = \"math/dot_product.rs\"\nitem = \"dot_product\"\nhints = [\"pair up\", \"multiply\"]\n",
            "t",
        )
        .unwrap()
        .exercises
        .remove(0)
    }

    #[test]
    fn hints_name_the_command_of_their_door() {
        let exercise = exercise();
        let notebook = Hints::new(&exercise, 1, Door::Notebook).text();
        assert_eq!(
            notebook,
            "Hints for math/dot-product (1 of 2):\n  1. pair up\n  Run `hint!(math::dot_product)` again for hint 2 of 2."
        );
        let terminal = Hints::new(&exercise, 2, Door::Terminal).text();
        assert!(terminal.contains("  2. multiply\n"), "{terminal}");
        assert!(
            terminal.ends_with("That was the last hint; `ferrolab solution math/dot-product` shows the reference answer."),
            "{terminal}"
        );
    }

    #[test]
    fn advice_moves_from_hints_to_the_solution() {
        assert_eq!(
            stuck_advice("math/dot-product", 1, 3, Door::Terminal),
            "Stuck? `ferrolab hint math/dot-product` reveals hint 2 of 3."
        );
        assert_eq!(
            stuck_advice("math/dot-product", 3, 3, Door::Notebook),
            "You have seen every hint; `solution!(math::dot_product)` shows the reference answer."
        );
    }

    #[test]
    fn a_solution_is_headed_and_noted() {
        let exercise = exercise();
        let text = Solution::new(&exercise, "a.dot(b)\n\n").text();
        assert_eq!(
            text,
            format!(
                "Reference solution for math/dot-product (Dot):\n\na.dot(b)\n\n{}",
                Solution::NOTE
            )
        );
    }
}
