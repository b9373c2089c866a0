//! Stage `llm`: NLP and LLMs from scratch (stage 5).
//!
//! One file per lesson, named after its notebook (`notebooks/05-llm/01-tokenisation.ipynb`
//! → [`tokenisation`]); this root re-exports every lesson's public items so each id maps
//! to `checks::llm::<name>`.

use std::time::Duration;

mod attention;
mod mini_gpt;
mod tokenisation;

pub use attention::*;
pub use mini_gpt::*;
pub use tokenisation::*;

/// Small inputs finish in milliseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(10);
