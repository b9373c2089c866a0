//! Ready-to-use models for the lessons after the ones that build them: lesson 5's MiniLM
//! sentence encoder and lesson 7's SmolLM2 decoder, written once here so that retrieval
//! (lesson 9) and chat (lesson 10) can use them without re-deriving them in every notebook.
//!
//! Both run on the CPU in f32, from the weights `./ferrolab data fetch --all` installs.
//! Every way a learner's input can be wrong (a text too long for the model, a token the
//! vocabulary lacks, weights not installed) is a [`ModelError`] with a sentence, never a
//! panic inside libtorch.

mod generate;
mod llama;
mod minilm;

pub use generate::{GenerateOptions, Generation};
pub use llama::{KvCache, SmolLm2};
pub use minilm::MiniLmEncoder;

use crate::data::DataError;

/// Why a model could not load or run.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The weights are missing, truncated or of another kind (the message names the file
    /// and the command that repairs it).
    #[error(transparent)]
    Data(#[from] DataError),
    /// An input longer than the model can read.
    #[error(
        "{what} is {tokens} tokens long, and the model reads at most {limit}: split it into \
         shorter pieces (or drop the oldest part) first"
    )]
    TooLong {
        /// Which input, e.g. "text 3" or "the prompt and the answer".
        what: String,
        /// Its length in tokens.
        tokens: usize,
        /// The model's limit.
        limit: usize,
    },
    /// A token id outside the vocabulary.
    #[error("token id {id} is not in the vocabulary (ids 0 to {})", vocab - 1)]
    UnknownToken {
        /// The id given.
        id: i64,
        /// The vocabulary's size.
        vocab: i64,
    },
    /// libtorch refused an operation (a weight of an unexpected shape).
    #[error("libtorch: {0}")]
    Torch(String),
}

impl From<tch::TchError> for ModelError {
    fn from(error: tch::TchError) -> Self {
        ModelError::Torch(error.to_string())
    }
}

/// What every model call returns.
pub type Result<T> = std::result::Result<T, ModelError>;
