//! Writing text with [`SmolLm2`]: the prompt in one pass, then one token at a time through
//! the key/value cache, greedy or sampled, optionally shown while it is written.

use super::{ModelError, Result, SmolLm2};
use crate::display::live::Live;
use crate::display::Rich;
use std::io::Write;
use std::time::{Duration, Instant};
use tch::{Kind, Tensor};

/// How to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    /// The most tokens to write (64).
    pub max_tokens: usize,
    /// 0 for greedy decoding (always the likeliest token); above 0, sample at this
    /// temperature (seed with `tch::manual_seed`) (0).
    pub temperature: f64,
    /// Sample among this many likeliest tokens (40).
    pub top_k: i64,
    /// Stop after `<|im_end|>`, the end of the assistant's turn (true).
    pub stop_at_end_of_turn: bool,
    /// Show the text below the cell while it is written (false).
    pub live: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            max_tokens: 64,
            temperature: 0.0,
            top_k: 40,
            stop_at_end_of_turn: true,
            live: false,
        }
    }
}

/// What [`SmolLm2::generate`] wrote, and how fast.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    /// The prompt's token ids.
    pub prompt_ids: Vec<i64>,
    /// The generated ids, without the closing `<|im_end|>`.
    pub ids: Vec<i64>,
    /// Their text.
    pub text: String,
    /// Whether the model closed its turn (`<|im_end|>`) rather than running out of tokens.
    pub ended_turn: bool,
    /// Seconds spent reading the prompt.
    pub prompt_seconds: f64,
    /// Seconds spent writing the tokens after the first.
    pub generate_seconds: f64,
}

impl Generation {
    /// Cached steps per second: every written token but the last got one, and so did the
    /// last when `<|im_end|>` followed it (the first token comes from the prompt's pass).
    pub fn tokens_per_second(&self) -> f64 {
        let steps = if self.ended_turn {
            self.ids.len()
        } else {
            self.ids.len().saturating_sub(1)
        };
        if self.generate_seconds > 0.0 {
            steps as f64 / self.generate_seconds
        } else {
            0.0
        }
    }
}

impl SmolLm2 {
    /// Up to `options.max_tokens` tokens after `prompt` (a text: use
    /// [`SmolLm2::user_prompt`] for a chat question).
    pub fn generate(&self, prompt: &str, options: &GenerateOptions) -> Result<Generation> {
        self.generate_ids(&self.encode(prompt), options)
    }

    /// As [`generate`](Self::generate), from token ids. A prompt that leaves no room in
    /// the context window for `max_tokens` more is an error before any work is done.
    pub fn generate_ids(&self, prompt: &[i64], options: &GenerateOptions) -> Result<Generation> {
        let context = self.config().context as usize;
        if prompt.len() + options.max_tokens > context {
            return Err(ModelError::TooLong {
                what: format!("the prompt plus {} tokens to write", options.max_tokens),
                tokens: prompt.len() + options.max_tokens,
                limit: context,
            });
        }
        let mut shown = Shown::new(options.live);
        let mut cache = self.empty_cache();
        let clock = Instant::now();
        let mut scores = self.forward(prompt, &mut cache)?.get(-1);
        let prompt_seconds = clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        let (mut ids, mut ended_turn) = (Vec::new(), false);
        while ids.len() < options.max_tokens {
            let next = pick(&scores, options)?;
            if options.stop_at_end_of_turn && next == self.end_of_turn() {
                ended_turn = true;
                break;
            }
            ids.push(next);
            shown.update(|| self.decode(&ids))?;
            if ids.len() == options.max_tokens {
                break;
            }
            scores = self.forward(&[next], &mut cache)?.get(0);
        }
        let text = self.decode(&ids)?;
        shown.finish(&text);
        Ok(Generation {
            prompt_ids: prompt.to_vec(),
            ids,
            text,
            ended_turn,
            prompt_seconds,
            generate_seconds: clock.elapsed().as_secs_f64(),
        })
    }
}

/// The next token from one row of scores: the likeliest, or a sample among the `top_k`
/// likeliest at the temperature.
fn pick(scores: &Tensor, options: &GenerateOptions) -> Result<i64> {
    if options.temperature <= 0.0 {
        return Ok(scores.f_argmax(-1, false)?.f_int64_value(&[])?);
    }
    let k = options.top_k.clamp(1, scores.size()[0]);
    let (top, index) = scores.f_topk(k, -1, true, true)?;
    let probabilities = (top / options.temperature).f_softmax(-1, Kind::Float)?;
    let choice = probabilities.f_multinomial(1, false)?.f_int64_value(&[0])?;
    Ok(index.f_int64_value(&[choice])?)
}

/// The text so far, redrawn below the cell (notebook) or printed as it grows (terminal).
struct Shown {
    live: Option<Live>,
    printed: usize,
}

impl Shown {
    fn new(on: bool) -> Shown {
        Shown {
            live: on.then(|| Live::new(Duration::from_millis(150))),
            printed: 0,
        }
    }

    fn in_terminal() -> bool {
        crate::display::live::live_frontend() == crate::display::Frontend::Terminal
    }

    fn update(&mut self, text: impl FnOnce() -> Result<String>) -> Result<()> {
        if !self.live.as_ref().is_some_and(Live::due) {
            return Ok(());
        }
        let text = text()?;
        if Shown::in_terminal() {
            self.print_new(&text);
        }
        if let Some(live) = self.live.as_mut() {
            if Shown::in_terminal() {
                live.touch();
            } else {
                live.draw(|| Rich::text(format!("{text}▌")));
            }
        }
        Ok(())
    }

    fn finish(&mut self, text: &str) {
        if self.live.is_none() {
            return;
        }
        if Shown::in_terminal() {
            self.print_new(text);
            println!();
        } else if let Some(live) = self.live.as_mut() {
            live.finish(&Rich::text(text));
        }
    }

    /// Print the part of `text` not printed yet (the text only grows, by whole tokens).
    fn print_new(&mut self, text: &str) {
        if let Some(new) = text.get(self.printed..) {
            print!("{new}");
            let _ = std::io::stdout().flush();
            self.printed = text.len();
        }
    }
}
