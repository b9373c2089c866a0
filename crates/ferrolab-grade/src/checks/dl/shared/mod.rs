//! Helpers several dl lessons share. Their known-mistake hints count as the stage root's
//! (`tests/tests/known_mistakes.rs`): any lesson's wrong answers may prove them.

pub(crate) mod graded_models;
