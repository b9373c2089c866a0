//! Stage `llm`: NLP and LLMs from scratch (stage 5).
//!
//! One file per lesson, named after its notebook (`notebooks/05-llm/01-tokenisation.ipynb`
//! → [`tokenisation`]); this root re-exports every lesson's public items so each id maps
//! to `checks::llm::<name>`.

use std::time::Duration;

mod attention;
mod chat_and_tools;
mod lora_and_distillation;
mod mini_gpt;
mod minilm;
mod quantisation;
mod rag;
mod smollm2;
mod tokenisation;
mod word_vectors;

pub use attention::*;
pub use chat_and_tools::*;
pub use lora_and_distillation::*;
pub use mini_gpt::*;
pub use minilm::*;
pub use quantisation::*;
pub use rag::*;
pub use smollm2::*;
pub use tokenisation::*;
pub use word_vectors::*;

/// Small inputs finish in milliseconds; this only catches endless loops.
const LIMIT: Duration = Duration::from_secs(10);
