//! The error coach: a short card in plain words under rustc's message, for the compile
//! errors a newcomer meets in the first hours (use after move, borrows, mismatched
//! types, a missing `?`...), naming the stage 0 lesson that explains each.
//!
//! The cards are written once, in `kernel/evcxr/error-coach.toml`, and embedded here.
//! Two doors show them: `ferrolab check`/`watch` under an exercise that does not compile
//! ([`cards_for_cargo_output`]), and the Jupyter kernels, whose patched front end
//! (`kernel/evcxr/ferrolab.patch`, `ferrolab_coach.rs`) cannot depend on our crates: the
//! launcher hands it the rendered cards as JSON in `FERROLAB_ERROR_COACH`
//! ([`Coach::kernel_json`]), and it picks a card the same way [`Coach::card`] does.
//!
//! This module lives in the CLI, not in `ferrolab-course`, because only the CLI's two
//! doors read it: the prelude's crates (compiled into every kernel) do not change when a
//! card does.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The cards, as written.
const CARDS: &str = include_str!("../../../kernel/evcxr/error-coach.toml");

/// Where every card's lesson lives: the notebooks of stage 0, "Rust for Python programmers".
pub const LESSON_DIR: &str = "notebooks/00-rust/";

/// Why the cards could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CoachError {
    /// The file is not valid TOML or has unknown fields.
    #[error("kernel/evcxr/error-coach.toml is not valid: {0}")]
    Parse(#[from] toml::de::Error),
    /// A card breaks one of the rules in the file's header.
    #[error("kernel/evcxr/error-coach.toml, card {index} ({title:?}): {problem}")]
    Card {
        /// 1-based position in the file.
        index: usize,
        /// The card's title.
        title: String,
        /// What is wrong.
        problem: String,
    },
}

/// One card, as `error-coach.toml` spells it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// The rustc error codes it explains.
    pub codes: Vec<String>,
    /// A variant: chosen when rustc's whole message contains one of these.
    #[serde(default)]
    pub when: Vec<String>,
    /// Also chosen when evcxr's own message (which carries no code) contains this.
    pub evcxr_says: Option<String>,
    /// What went wrong, in one line.
    pub title: String,
    /// What it means here.
    pub meaning: String,
    /// The usual fix.
    pub fix: String,
    /// A tiny piece of code showing the fix.
    pub example: Option<String>,
    /// The stage 0 notebook that explains it.
    pub lesson: String,
}

impl Card {
    /// A variant is picked only when its `when` or `evcxr_says` matches.
    fn is_variant(&self) -> bool {
        !self.when.is_empty() || self.evcxr_says.is_some()
    }

    /// Whether this card explains error `code` whose full text is `text`.
    fn matches(&self, code: Option<&str>, text: &str) -> bool {
        if let Some(says) = &self.evcxr_says {
            if text.contains(says.as_str()) {
                return true;
            }
        }
        let Some(code) = code else { return false };
        self.codes.iter().any(|c| c == code)
            && (self.when.is_empty() && self.evcxr_says.is_none()
                || self.when.iter().any(|w| text.contains(w.as_str())))
    }

    /// The card as text lines (no colour), headed by `code`.
    pub fn lines(&self, code: &str) -> Vec<String> {
        let mut lines = vec![
            format!("💡 {code}: {}", self.title),
            format!("   What it means: {}", self.meaning),
            format!("   Usual fix: {}", self.fix),
        ];
        if let Some(example) = &self.example {
            lines.push(format!("   For example: {example}"));
        }
        lines.push(format!("   Lesson: {}", self.lesson));
        lines
    }
}

/// The whole set of cards.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coach {
    #[serde(rename = "card")]
    cards: Vec<Card>,
}

impl Coach {
    /// The cards compiled into this binary.
    pub fn embedded() -> Result<Coach, CoachError> {
        Coach::parse(CARDS)
    }

    /// Parse and check cards (the rules of the file's header).
    pub fn parse(text: &str) -> Result<Coach, CoachError> {
        let coach: Coach = toml::from_str(text)?;
        let mut plain = BTreeSet::new();
        for (i, card) in coach.cards.iter().enumerate() {
            let problem = |problem: String| CoachError::Card {
                index: i + 1,
                title: card.title.clone(),
                problem,
            };
            if card.codes.is_empty() {
                return Err(problem("it names no error code".into()));
            }
            for code in &card.codes {
                if !is_error_code(code) {
                    return Err(problem(format!("{code:?} is not a rustc code like E0382")));
                }
                if !card.is_variant() && !plain.insert(code.clone()) {
                    return Err(problem(format!("a second plain card for {code}")));
                }
            }
            if !is_lesson_path(&card.lesson) {
                return Err(problem(format!(
                    "lesson {:?} is not {LESSON_DIR}NN-name.ipynb",
                    card.lesson
                )));
            }
            let texts = [&card.title, &card.meaning, &card.fix];
            if texts
                .iter()
                .any(|t| t.trim().is_empty() || t.contains('\n'))
            {
                return Err(problem(
                    "title, meaning and fix must be one non-empty line each".into(),
                ));
            }
        }
        Ok(coach)
    }

    /// The card for error `code` (none for evcxr's own messages) whose full text (message,
    /// labels, notes) is `text`: a matching variant before the code's plain card.
    pub fn card(&self, code: Option<&str>, text: &str) -> Option<&Card> {
        let variants = self.cards.iter().filter(|c| c.is_variant());
        let plain = self.cards.iter().filter(|c| !c.is_variant());
        variants.chain(plain).find(|card| card.matches(code, text))
    }

    /// The cards as the kernel reads them: one entry per code, variants first, each
    /// with its lines already rendered; the kernel takes the first entry that matches.
    pub fn kernel_json(&self) -> String {
        let mut entries = Vec::new();
        for variant in [true, false] {
            for card in self.cards.iter().filter(|c| c.is_variant() == variant) {
                for code in &card.codes {
                    entries.push(serde_json::json!({
                        "code": code,
                        "when": card.when,
                        "evcxr_says": card.evcxr_says,
                        "lines": card.lines(code),
                    }));
                }
            }
        }
        serde_json::Value::Array(entries).to_string()
    }
}

/// `E` and four digits.
fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `notebooks/00-rust/NN-lowercase-words.ipynb`.
fn is_lesson_path(path: &str) -> bool {
    let Some(name) = path
        .strip_prefix(LESSON_DIR)
        .and_then(|p| p.strip_suffix(".ipynb"))
    else {
        return false;
    };
    let bytes = name.as_bytes();
    bytes.len() > 3
        && bytes[..2].iter().all(u8::is_ascii_digit)
        && bytes[2] == b'-'
        && name[3..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The cards for the errors in cargo's output (without colours), once per code, in the
/// order the errors first appear, each as text lines.
pub fn cards_for_cargo_output(coach: &Coach, output: &str) -> Vec<Vec<String>> {
    let mut blocks: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in output.lines() {
        if let Some(code) = error_code_of(line) {
            let order = blocks.len();
            blocks.entry(code.clone()).or_insert((order, String::new()));
            current = Some(code);
        } else if line.starts_with("error") || line.starts_with("warning") {
            current = None;
        }
        if let Some((_, text)) = current.as_ref().and_then(|c| blocks.get_mut(c)) {
            text.push_str(line);
            text.push('\n');
        }
    }
    let mut found: Vec<(usize, String, String)> = blocks
        .into_iter()
        .map(|(code, (order, text))| (order, code, text))
        .collect();
    found.sort();
    found
        .into_iter()
        .filter_map(|(_, code, text)| coach.card(Some(&code), &text).map(|c| c.lines(&code)))
        .collect()
}

/// `error[E0382]: …` → `E0382`.
fn error_code_of(line: &str) -> Option<String> {
    let code = line.strip_prefix("error[")?.split(']').next()?;
    is_error_code(code).then(|| code.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn coach() -> Coach {
        Coach::embedded().expect("kernel/evcxr/error-coach.toml parses and follows its rules")
    }

    #[test]
    fn every_card_parses_and_names_a_stage_0_lesson() {
        let coach = coach();
        for card in &coach.cards {
            assert!(is_lesson_path(&card.lesson), "{}", card.lesson);
            let lines = card.lines(&card.codes[0]);
            assert!((4..=5).contains(&lines.len()), "{lines:?}");
        }
        assert!(is_lesson_path(
            "notebooks/00-rust/02-functions-closures-and-iterators.ipynb"
        ));
        assert!(!is_lesson_path("notebooks/01-math/01-vectors.ipynb"));
        assert!(!is_lesson_path("notebooks/00-rust/Intro.ipynb"));
    }

    #[test]
    fn the_most_common_codes_all_have_a_plain_card() {
        let coach = coach();
        for code in [
            "E0382", "E0499", "E0502", "E0505", "E0507", "E0308", "E0277", "E0599", "E0425",
            "E0384", "E0596", "E0433", "E0282", "E0283", "E0284", "E0061", "E0369", "E0597",
        ] {
            let card = coach.card(Some(code), "").expect(code);
            assert!(!card.is_variant(), "{code}: {}", card.title);
        }
        assert!(coach.card(Some("E9999"), "").is_none());
        assert!(coach.card(None, "some message").is_none());
    }

    #[test]
    fn a_variant_is_picked_before_the_plain_card() {
        let coach = coach();
        let result = "mismatched types: expected `f64`, found `Result<f64, ParseFloatError>`";
        let card = coach.card(Some("E0308"), result).unwrap();
        assert!(card.title.contains("missing `?`"), "{}", card.title);
        let plain = coach
            .card(Some("E0308"), "expected `f32`, found `f64`")
            .unwrap();
        assert_eq!(plain.title, "Mismatched types");
        let question = "the `?` operator can only be used in a function that returns `Result`";
        assert!(coach
            .card(Some("E0277"), question)
            .unwrap()
            .title
            .contains('?'));
        let scope = "trait `Write` which provides `write_all` is implemented but not in scope";
        assert!(coach
            .card(Some("E0599"), scope)
            .unwrap()
            .title
            .contains("`use`"));
        // evcxr's rewrite of E0597 has no code; its own words pick the notebook variant.
        let evcxr = "The variable `r` contains a reference with a non-static lifetime so";
        assert!(coach.card(None, evcxr).unwrap().title.contains("notebook"));
        // The plain E0597 card is not the notebook one.
        assert!(!coach
            .card(Some("E0597"), "")
            .unwrap()
            .title
            .contains("notebook"));
    }

    #[test]
    fn broken_cards_are_refused_with_the_card_named() {
        let card = |codes: &str, lesson: &str| {
            format!(
                "[[card]]\ncodes = {codes}\ntitle = \"t\"\nmeaning = \"m\"\nfix = \"f\"\n\
                 lesson = \"{lesson}\"\n"
            )
        };
        let good = "notebooks/00-rust/01-values.ipynb";
        assert!(Coach::parse(&card("[\"E0382\"]", good)).is_ok());
        for bad in [
            card("[]", good),
            card("[\"0382\"]", good),
            card("[\"E0382\"]", "notebooks/01-math/01-x.ipynb"),
            card("[\"E0382\"]", good).repeat(2),
            card("[\"E0382\"]", good).replace("fix", "fixes"),
        ] {
            assert!(Coach::parse(&bad).is_err(), "accepted:\n{bad}");
        }
        let error = Coach::parse(&card("[\"E0382\"]", good).repeat(2)).unwrap_err();
        assert!(error.to_string().contains("card 2"), "{error}");
    }

    #[test]
    fn kernel_json_lists_variants_before_plain_cards() {
        let json: serde_json::Value = serde_json::from_str(&coach().kernel_json()).unwrap();
        let entries = json.as_array().unwrap();
        let first_plain = entries
            .iter()
            .position(|e| e["when"].as_array().unwrap().is_empty() && e["evcxr_says"].is_null())
            .unwrap();
        assert!(entries[first_plain..]
            .iter()
            .all(|e| e["when"].as_array().unwrap().is_empty() && e["evcxr_says"].is_null()));
        let e0283 = entries.iter().find(|e| e["code"] == "E0283").unwrap();
        assert!(e0283["lines"][0]
            .as_str()
            .unwrap()
            .starts_with("💡 E0283: "));
    }

    #[test]
    fn cargo_output_gets_one_card_per_code_in_order() {
        let output = "error[E0384]: cannot assign twice to immutable variable `total`\n\
             --> exercises/src/math/dot_product.rs:5:9\n\
             error[E0308]: mismatched types\n   | expected `f64`, found `Result<f64, ParseFloatError>`\n\
             error[E0384]: cannot assign twice to immutable variable `x`\n\
             error: could not compile `exercises` (lib) due to 3 previous errors\n";
        let cards = cards_for_cargo_output(&coach(), output);
        assert_eq!(cards.len(), 2, "{cards:?}");
        assert!(cards[0][0].starts_with("💡 E0384: "), "{:?}", cards[0]);
        assert!(cards[1][0].contains("missing `?`"), "{:?}", cards[1]);
        assert!(cards_for_cargo_output(&coach(), "error: linker failed\n").is_empty());
    }
}
