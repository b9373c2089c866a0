//! `ferrolab::models` on the real weights against the independent Python references in
//! `tests/reference/` (the same files lessons 5 and 7 check their hand-built models with):
//! MiniLM's embeddings, SmolLM2's greedy tokens and perplexity, and the errors for input
//! the models cannot read.

#![allow(clippy::unwrap_used)] // a panic in a test is a failed test

use ferrolab::models::{GenerateOptions, MiniLmEncoder, ModelError, SmolLm2};
use ferrolab::prelude::{Kind, Tensor};
use serde_json::Value;
use std::sync::{Mutex, MutexGuard, OnceLock};

fn reference(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("reference")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn ints(value: &Value) -> Vec<i64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

/// One SmolLM2 for every test of this file (decoding it takes seconds and 540 MB); tensors
/// are not `Sync`, so the tests take turns.
fn smollm2() -> MutexGuard<'static, SmolLm2> {
    static MODEL: OnceLock<Mutex<SmolLm2>> = OnceLock::new();
    let model = MODEL.get_or_init(|| Mutex::new(SmolLm2::load().unwrap()));
    model
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
fn minilm_embeddings_equal_the_python_reference() {
    let encoder = MiniLmEncoder::load().unwrap();
    let reference = reference("minilm-embeddings.json");
    let sentences = reference["sentences"].as_array().unwrap();
    let texts: Vec<&str> = sentences
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    for (text, sentence) in texts.iter().zip(sentences) {
        assert_eq!(
            encoder.tokenizer().encode(text),
            ints(&sentence["ids"]),
            "{text}"
        );
    }
    let theirs: Vec<f32> = sentences
        .iter()
        .flat_map(|s| s["embedding"].as_array().unwrap().clone())
        .map(|v| v.as_f64().unwrap() as f32)
        .collect();
    let theirs = Tensor::from_slice(&theirs).reshape([texts.len() as i64, 384]);
    let ours = encoder.embed(&texts).unwrap();
    let gap = (&ours - &theirs).abs().max().double_value(&[]);
    assert!(gap < 1e-4, "largest difference {gap}");
    // Rows are unit length, so the dot product is the cosine.
    let norms = ours.norm_scalaropt_dim(2.0, [1], false);
    assert!((norms - 1.0).abs().max().double_value(&[]) < 1e-5);
}

#[test]
fn minilm_refuses_a_text_longer_than_its_positions() {
    let encoder = MiniLmEncoder::load().unwrap();
    let long = "whale ".repeat(600);
    let error = encoder
        .embed(&["Call me Ishmael.", long.as_str()])
        .unwrap_err();
    assert!(
        matches!(
            error,
            ModelError::TooLong {
                tokens: 602,
                limit: 512,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("text 1"), "{error}");
    assert_eq!(encoder.embed::<&str>(&[]).unwrap().size(), [0, 384]);
}

#[test]
fn smollm2_greedy_tokens_equal_the_reference() {
    let model = smollm2();
    let reference = reference("smollm2-greedy.json");
    let options = GenerateOptions {
        max_tokens: 32,
        stop_at_end_of_turn: false,
        ..GenerateOptions::default()
    };
    for case in reference["cases"].as_array().unwrap() {
        let prompt = case["prompt"].as_str().unwrap();
        assert_eq!(model.encode(prompt), ints(&case["prompt_ids"]), "{prompt}");
        let out = model.generate(prompt, &options).unwrap();
        assert_eq!(out.ids, ints(&case["greedy_ids"])[..32], "{prompt}");
        assert!(out.tokens_per_second() > 0.0);
    }
}

#[test]
fn smollm2_answers_in_its_chat_format_and_stops_at_the_end_of_its_turn() {
    let prompt = SmolLm2::user_prompt("What is the capital of France?");
    let answer = smollm2()
        .generate(&prompt, &GenerateOptions::default())
        .unwrap();
    assert_eq!(answer.text, "The capital of France is Paris.");
    assert!(answer.ended_turn);
}

#[test]
fn smollm2_perplexity_on_hamlet_is_within_one_percent_of_llama_cpp() {
    let model = smollm2();
    let ids = ints(&reference("smollm2-greedy.json")["hamlet_first_512_ids"]);
    let scores = model.forward(&ids, &mut model.empty_cache()).unwrap();
    let targets = Tensor::from_slice(&ids[1..]).unsqueeze(1);
    let nll = -scores
        .narrow(0, 0, 511)
        .log_softmax(-1, Kind::Float)
        .gather(1, &targets, false);
    let perplexity = nll.mean(Kind::Float).exp().double_value(&[]);
    assert!(
        (perplexity - 17.78).abs() / 17.78 < 0.01,
        "perplexity {perplexity}"
    );
}

#[test]
fn smollm2_cached_steps_equal_one_pass_over_the_whole_sequence() {
    let model = smollm2();
    let ids = model.encode("Call me Ishmael. Some years ago, never mind how long");
    let whole = model.forward(&ids, &mut model.empty_cache()).unwrap();
    let mut cache = model.empty_cache();
    let first = model.forward(&ids[..5], &mut cache).unwrap();
    let rest = model.forward(&ids[5..], &mut cache).unwrap();
    assert_eq!(cache.len(), ids.len());
    let stepped = Tensor::cat(&[first, rest], 0);
    let gap = (whole - stepped).abs().max().double_value(&[]);
    assert!(gap < 1e-3, "cached and uncached scores differ by {gap}");
}

#[test]
fn smollm2_names_what_it_cannot_read_and_keeps_its_cache() {
    let model = smollm2();
    let mut cache = model.empty_cache();
    assert_eq!(
        model.forward(&[1, 2], &mut cache).unwrap().size(),
        [2, 49_152]
    );
    let unknown = model.forward(&[1, 49_152], &mut cache).unwrap_err();
    assert!(matches!(
        unknown,
        ModelError::UnknownToken {
            id: 49_152,
            vocab: 49_152
        }
    ));
    let long = vec![1; 8_191];
    let too_long = model.forward(&long, &mut cache).unwrap_err();
    assert!(matches!(
        too_long,
        ModelError::TooLong {
            tokens: 8_193,
            limit: 8_192,
            ..
        }
    ));
    assert_eq!(cache.len(), 2, "a refused input leaves the cache as it was");
    let options = GenerateOptions {
        max_tokens: 10,
        ..GenerateOptions::default()
    };
    let no_room = model.generate_ids(&vec![1; 8_190], &options).unwrap_err();
    assert!(no_room.to_string().contains("at most 8192"), "{no_room}");
}
