//! The Rust side of `ferrolab bench llm`: tch trains the character GPT of nanoGPT's CPU
//! configuration on Moby Dick as `kernel/llm_bench.py` does with PyTorch, and prints its
//! times and validation loss as JSON on stdout.
//!
//! ```text
//! cargo run --example llm_bench --features dl -p ferrolab -- [--iters N] [--threads N]
//! ```
//!
//! The configuration is nanoGPT's `shakespeare_char` run on a CPU: 4 layers, 4 heads, 128
//! dimensions, context 64, batch 12, no dropout, no biases, the output layer tied to the
//! token embedding, GELU, AdamW (betas 0.9/0.99, weight decay 0.1 on matrices only),
//! learning rate 1e-3 with 100 warm-up steps and a cosine decay to 1e-4 at the last step,
//! gradients clipped to norm 1. Both sides draw the weights in the same order from
//! libtorch's generator seeded alike (so they start equal), pick the same batch starts
//! (splitmix64, written on both sides), and score the same thing: every whole 64-character
//! window of the last 10 % of the text, under no_grad. What remains different is how each
//! binding drives the same libtorch: Python's interpreter and Python-side AdamW against
//! tch's C wrappers and libtorch's C++ AdamW.

fn main() {
    if let Err(error) = bench::run() {
        eprintln!("llm_bench: {error}");
        std::process::exit(1);
    }
}

mod bench {
    use ferrolab::prelude::*;
    use ferrolab::random::SplitMix64;
    use std::error::Error;
    use std::time::Instant;
    use tch::nn::{self, OptimizerConfig};
    use tch::{Device, Kind, Tensor};

    type Result<T> = std::result::Result<T, Box<dyn Error>>;

    const LAYERS: usize = 4;
    const HEADS: i64 = 4;
    const DIMS: i64 = 128;
    const CONTEXT: usize = 64;
    const BATCH: usize = 12;
    const LR: f64 = 1e-3;
    const MIN_LR: f64 = 1e-4;
    const WARMUP: usize = 100;
    const WEIGHT_DECAY: f64 = 0.1;
    const SEED: i64 = 1337;
    const EVAL_BATCH: usize = 128;
    const LOG_EVERY: usize = 100;

    /// The report; the same fields as llm_bench.py's.
    #[derive(Debug, Serialize)]
    struct Report {
        library: &'static str,
        runtime: &'static str,
        threads: i32,
        iters: usize,
        parameters: i64,
        train_chars: usize,
        val_windows: usize,
        settings: &'static str,
        iter_seconds: Vec<f64>,
        train_losses: Vec<(usize, f64)>,
        val_loss: f64,
        eval_seconds: f64,
    }

    /// The bench's one description of what both sides train; compared before a table is printed.
    const SETTINGS: &str =
        "nanoGPT shakespeare_char CPU: 4 layers, 4 heads, 128 dims, context 64, batch 12, \
        AdamW 0.9/0.99 wd 0.1, lr 1e-3 warm-up 100 cosine to 1e-4, clip 1.0, seed 1337";

    fn parse_args() -> Result<(usize, i32)> {
        let (mut iters, mut threads) = (2000usize, 2i32);
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next().ok_or(format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--iters" => iters = value.parse().map_err(|_| format!("--iters {value}?"))?,
                "--threads" => {
                    threads = value.parse().map_err(|_| format!("--threads {value}?"))?
                }
                _ => return Err(format!("unknown flag {flag} (--iters N, --threads N)").into()),
            }
        }
        if iters == 0 || threads < 1 {
            return Err("--iters and --threads must be at least 1".into());
        }
        Ok((iters, threads))
    }

    /// One block's weights, named as nanoGPT names them.
    struct Block {
        ln_1: Tensor,
        c_attn: Tensor,
        attn_proj: Tensor,
        ln_2: Tensor,
        c_fc: Tensor,
        mlp_proj: Tensor,
    }

    struct Gpt {
        wte: Tensor,
        wpe: Tensor,
        blocks: Vec<Block>,
        ln_f: Tensor,
    }

    /// Draw every matrix in nanoGPT's parameter order from libtorch's generator
    /// (normal, std 0.02; the residual projections 0.02 / sqrt(2 · layers)).
    fn build(vs: &nn::VarStore, vocab: i64) -> Gpt {
        let decay = vs.root().set_group(0);
        let plain = vs.root().set_group(1);
        let proj_std = 0.02 / (2.0 * LAYERS as f64).sqrt();
        let normal = |name: &str, dims: &[i64], std: f64| {
            let t = Tensor::empty(dims, (Kind::Float, Device::Cpu)).normal_(0.0, std);
            decay.var_copy(name, &t)
        };
        let ones = |name: &str| plain.ones(name, &[DIMS]);
        let wte = normal("wte", &[vocab, DIMS], 0.02);
        let wpe = normal("wpe", &[CONTEXT as i64, DIMS], 0.02);
        let blocks = (0..LAYERS)
            .map(|i| Block {
                ln_1: ones(&format!("h{i}_ln_1")),
                c_attn: normal(&format!("h{i}_c_attn"), &[3 * DIMS, DIMS], 0.02),
                attn_proj: normal(&format!("h{i}_attn_proj"), &[DIMS, DIMS], proj_std),
                ln_2: ones(&format!("h{i}_ln_2")),
                c_fc: normal(&format!("h{i}_c_fc"), &[4 * DIMS, DIMS], 0.02),
                mlp_proj: normal(&format!("h{i}_mlp_proj"), &[DIMS, 4 * DIMS], proj_std),
            })
            .collect();
        let ln_f = ones("ln_f");
        Gpt {
            wte,
            wpe,
            blocks,
            ln_f,
        }
    }

    fn norm(x: &Tensor, weight: &Tensor) -> Tensor {
        x.layer_norm([DIMS], Some(weight), None::<&Tensor>, 1e-5, false)
    }

    impl Gpt {
        /// Logits `[batch, time, vocab]` for ids `[batch, time]`.
        // `h += ...` would add in place, over a tensor autograd saved for the backward pass.
        #[allow(clippy::assign_op_pattern)]
        fn forward(&self, x: &Tensor) -> Tensor {
            let (b, t) = x.size2().unwrap_or((0, 0));
            let positions = self.wpe.narrow(0, 0, t);
            let mut h = Tensor::embedding(&self.wte, x, -1, false, false) + positions;
            for block in &self.blocks {
                let qkv = norm(&h, &block.ln_1).linear(&block.c_attn, None::<Tensor>);
                let heads = |part: &Tensor| part.view([b, t, HEADS, DIMS / HEADS]).transpose(1, 2);
                let parts = qkv.split(DIMS, 2);
                let (q, k, v) = (heads(&parts[0]), heads(&parts[1]), heads(&parts[2]));
                let y = Tensor::scaled_dot_product_attention(
                    &q,
                    &k,
                    &v,
                    None::<Tensor>,
                    0.0,
                    true,
                    None,
                    false,
                );
                let y = y.transpose(1, 2).contiguous().view([b, t, DIMS]);
                h = h + y.linear(&block.attn_proj, None::<Tensor>);
                let m = norm(&h, &block.ln_2)
                    .linear(&block.c_fc, None::<Tensor>)
                    .gelu("none")
                    .linear(&block.mlp_proj, None::<Tensor>);
                h = h + m;
            }
            norm(&h, &self.ln_f).linear(&self.wte, None::<Tensor>)
        }

        fn loss(&self, x: &Tensor, y: &Tensor) -> Tensor {
            let logits = self.forward(x);
            let vocab = logits.size()[2];
            logits
                .view([-1, vocab])
                .cross_entropy_for_logits(&y.view([-1]))
        }
    }

    /// nanoGPT's schedule: linear warm-up, then cosine from LR to MIN_LR at the last step.
    fn learning_rate(step: usize, iters: usize) -> f64 {
        if step < WARMUP {
            return LR * (step + 1) as f64 / (WARMUP + 1) as f64;
        }
        let progress = (step - WARMUP) as f64 / (iters.max(WARMUP + 1) - WARMUP) as f64;
        let coeff = 0.5 * (1.0 + (std::f64::consts::PI * progress.min(1.0)).cos());
        MIN_LR + coeff * (LR - MIN_LR)
    }

    fn batch(ids: &[i64], starts: &[usize]) -> (Tensor, Tensor) {
        let rows = starts.len() as i64;
        let take = |offset: usize| -> Tensor {
            let flat: Vec<i64> = starts
                .iter()
                .flat_map(|&s| ids[s + offset..s + offset + CONTEXT].iter().copied())
                .collect();
            Tensor::from_slice(&flat).view([rows, CONTEXT as i64])
        };
        (take(0), take(1))
    }

    pub fn run() -> Result<()> {
        let (iters, threads) = parse_args()?;
        tch::set_num_threads(threads);
        tch::set_num_interop_threads(1);
        tch::manual_seed(SEED);

        let text = ferrolab::data::moby_dick()?;
        let vocab: Vec<char> = text
            .chars()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let ids: Vec<i64> = text
            .chars()
            .map(|c| vocab.binary_search(&c).map(|i| i as i64))
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| "a character outside the vocabulary")?;
        let split = ids.len() * 9 / 10;
        let (train, val) = ids.split_at(split);

        let vs = nn::VarStore::new(Device::Cpu);
        let model = build(&vs, vocab.len() as i64);
        let parameters: i64 = vs
            .trainable_variables()
            .iter()
            .map(Tensor::numel)
            .sum::<usize>() as i64;
        let config = nn::AdamW {
            beta1: 0.9,
            beta2: 0.99,
            wd: WEIGHT_DECAY,
            eps: 1e-8,
            amsgrad: false,
        };
        let mut opt = config.build(&vs, LR)?;
        opt.set_weight_decay_group(0, WEIGHT_DECAY);
        opt.set_weight_decay_group(1, 0.0);

        // splitmix64 picks the batch starts; llm_bench.py writes the same generator.
        let mut rng = SplitMix64(SEED as u64);
        let span = (train.len() - CONTEXT - 1) as u64;
        let (mut iter_seconds, mut train_losses) = (Vec::with_capacity(iters), Vec::new());
        for step in 0..iters {
            let started = Instant::now();
            let starts: Vec<usize> = (0..BATCH)
                .map(|_| (rng.next_u64() % span) as usize)
                .collect();
            let (x, y) = batch(train, &starts);
            opt.set_lr(learning_rate(step, iters));
            let loss = model.loss(&x, &y);
            opt.zero_grad();
            loss.backward();
            opt.clip_grad_norm(1.0);
            opt.step();
            let loss = loss.double_value(&[]);
            iter_seconds.push(started.elapsed().as_secs_f64());
            if step % LOG_EVERY == 0 || step + 1 == iters {
                train_losses.push((step, loss));
            }
        }

        let started = Instant::now();
        let windows: Vec<usize> = (0..(val.len() - 1) / CONTEXT)
            .map(|i| i * CONTEXT)
            .collect();
        let mut total = 0.0;
        tch::no_grad(|| {
            for chunk in windows.chunks(EVAL_BATCH) {
                let (x, y) = batch(val, chunk);
                total += model.loss(&x, &y).double_value(&[]) * chunk.len() as f64;
            }
        });
        let val_loss = total / windows.len() as f64;
        let report = Report {
            library: "tch 0.24",
            runtime: "Rust, libtorch from the venv's torch 2.11.0",
            threads,
            iters,
            parameters,
            train_chars: train.len(),
            val_windows: windows.len(),
            settings: SETTINGS,
            iter_seconds,
            train_losses,
            val_loss,
            eval_seconds: started.elapsed().as_secs_f64(),
        };
        println!("{}", serde_json::to_string(&report)?);
        Ok(())
    }
}
