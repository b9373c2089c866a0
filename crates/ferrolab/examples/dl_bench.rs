//! The Rust side of `ferrolab bench dl`: tch trains one model on Fashion-MNIST as PyTorch
//! does in `kernel/dl_bench.py`, and prints epoch times and test accuracy as JSON on stdout.
//!
//! ```text
//! cargo run --example dl_bench --features dl -p ferrolab -- --model mlp|lenet|lstm \
//!     [--epochs N] [--threads N] [--train-limit N]
//! ```
//!
//! Both sides read the same idx.gz files (here through `ferrolab::data::fashion_mnist()`),
//! use pixels in 0..1, the first N training images, the same layers, Adam (lr 1e-3),
//! batch 128, cross-entropy and a fresh seeded permutation each epoch. An epoch's time
//! covers shuffling, batching, forward, backward and the optimiser step; the test set is
//! scored once after the last epoch, under `no_grad`, and timed apart.
//!
//! Layers start from PyTorch's default initialisation, drawn in PyTorch's order from
//! libtorch's generator with the Python side's seed, and each epoch's permutation comes
//! from the same generator: both programs start from the same weights and see the same
//! batches, so the accuracies can be compared closely. tch's own defaults differ (Kaiming
//! uniform with the ReLU gain, √6 times PyTorch's bound, zero biases for convolutions and
//! the LSTM, biases drawn before weights) and would make this a comparison of two
//! initialisations and two seeds rather than of two bindings to the same libtorch.
//! Built with the workspace's dev profile (opt-level 2): the build the notebooks use
//! (`required-features = ["dl"]` in Cargo.toml, so plain workspace builds skip it).

fn main() {
    if let Err(error) = bench::run() {
        eprintln!("dl_bench: {error}");
        std::process::exit(1);
    }
}

mod bench {
    use ferrolab::prelude::*;
    use std::error::Error;
    use std::time::Instant;
    use tch::nn::{self, Module, OptimizerConfig, RNN};
    use tch::{Device, Kind, Tensor};

    type Result<T> = std::result::Result<T, Box<dyn Error>>;

    const BATCH: i64 = 128;
    const LEARNING_RATE: f64 = 1e-3;
    const EVAL_BATCH: i64 = 1000;
    const SEED: i64 = 0;

    /// The report; the same fields as dl_bench.py's.
    #[derive(Debug, Serialize)]
    struct Report {
        library: &'static str,
        runtime: &'static str,
        threads: i32,
        interop_threads: i32,
        results: Vec<Outcome>,
    }

    #[derive(Debug, Serialize)]
    struct Outcome {
        model: String,
        epochs: usize,
        train_images: i64,
        test_images: i64,
        batch_size: i64,
        parameters: i64,
        epoch_seconds: Vec<f64>,
        eval_seconds: f64,
        test_accuracy: f64,
        settings: &'static str,
    }

    struct Args {
        model: String,
        epochs: usize,
        threads: i32,
        train_limit: Option<i64>,
    }

    fn whole_number<T: std::str::FromStr + PartialOrd + From<u8>>(
        flag: &str,
        value: Option<String>,
    ) -> Result<T> {
        value
            .and_then(|n| n.parse::<T>().ok())
            .filter(|n| *n >= T::from(1))
            .ok_or_else(|| format!("{flag} needs a whole number of at least 1").into())
    }

    fn args() -> Result<Args> {
        let mut parsed = Args {
            model: String::new(),
            epochs: 3,
            threads: 2,
            train_limit: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--model" => parsed.model = args.next().unwrap_or_default(),
                "--epochs" => parsed.epochs = whole_number::<u32>("--epochs", args.next())? as usize,
                "--threads" => parsed.threads = whole_number::<i32>("--threads", args.next())?,
                "--train-limit" => {
                    parsed.train_limit = Some(whole_number::<i64>("--train-limit", args.next())?)
                }
                other => {
                    return Err(format!(
                        "unknown argument `{other}`; use --model mlp|lenet|lstm [--epochs N] [--threads N] [--train-limit N]"
                    )
                    .into())
                }
            }
        }
        if parsed.model.is_empty() {
            return Err("--model mlp|lenet|lstm is required".into());
        }
        Ok(parsed)
    }

    /// Layers are created empty (zeros draw no random numbers) and filled afterwards by
    /// [`draw_like_pytorch`].
    const EMPTY: nn::Init = nn::Init::Const(0.0);

    fn linear(vs: nn::Path, inputs: i64, outputs: i64) -> nn::Linear {
        let config = nn::LinearConfig {
            ws_init: EMPTY,
            bs_init: Some(EMPTY),
            bias: true,
        };
        nn::linear(vs, inputs, outputs, config)
    }

    fn conv(vs: nn::Path, inputs: i64, outputs: i64, kernel: i64, padding: i64) -> nn::Conv2D {
        let config = nn::ConvConfig {
            padding,
            ws_init: EMPTY,
            bs_init: EMPTY,
            ..Default::default()
        };
        nn::conv2d(vs, inputs, outputs, kernel, config)
    }

    /// PyTorch's bound for a linear or convolution weight: `kaiming_uniform_(a = √5)`,
    /// computed step by step as torch/nn/init.py does, so the bound is the same double.
    fn kaiming_bound(fan_in: i64) -> f64 {
        let a = 5f64.sqrt();
        let gain = (2.0 / (1.0 + a * a)).sqrt();
        let std = gain / (fan_in as f64).sqrt();
        3f64.sqrt() * std
    }

    /// PyTorch's bound for biases (and every LSTM parameter, with fan_in = hidden size).
    fn bias_bound(fan_in: i64) -> f64 {
        1.0 / (fan_in as f64).sqrt()
    }

    /// Every parameter of a model, in the order PyTorch initialises them, with its bound.
    fn pytorch_draws(model: &str) -> Vec<(&'static str, f64)> {
        let layer =
            |weight, bias, fan_in| [(weight, kaiming_bound(fan_in)), (bias, bias_bound(fan_in))];
        match model {
            "mlp" => [
                layer("fc1.weight", "fc1.bias", 784),
                layer("fc2.weight", "fc2.bias", 256),
            ]
            .concat(),
            "lenet" => [
                layer("conv1.weight", "conv1.bias", 25),
                layer("conv2.weight", "conv2.bias", 6 * 25),
                layer("fc1.weight", "fc1.bias", 400),
                layer("fc2.weight", "fc2.bias", 120),
                layer("fc3.weight", "fc3.bias", 84),
            ]
            .concat(),
            "lstm" => {
                let lstm = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"];
                let mut draws: Vec<_> = lstm.iter().map(|name| (*name, bias_bound(64))).collect();
                draws.extend(layer("out.weight", "out.bias", 64));
                draws
            }
            _ => Vec::new(),
        }
    }

    /// Fill the parameters with PyTorch's default initialisation, drawn in PyTorch's order
    /// from libtorch's generator seeded as the Python side seeds it: both programs then
    /// start from the same weights and shuffle with the same permutations, so their
    /// accuracies differ only by the two optimisers' rounding (tch calls libtorch's C++
    /// Adam, PyTorch its Python one), not by the luck of two draws.
    fn draw_like_pytorch(vs: &nn::VarStore, model: &str) -> Result<()> {
        let variables = vs.variables();
        let draws = pytorch_draws(model);
        if draws.len() != variables.len() {
            return Err(format!(
                "{model}: {} parameters to draw, {} in the model",
                draws.len(),
                variables.len()
            )
            .into());
        }
        tch::manual_seed(SEED);
        tch::no_grad(|| -> Result<()> {
            for (name, bound) in draws {
                let mut parameter = variables
                    .get(name)
                    .or_else(|| variables.get(&format!("lstm.{name}")))
                    .ok_or_else(|| format!("{model} has no parameter `{name}`"))?
                    .shallow_clone();
                let _ = parameter.f_uniform_(-bound, bound)?;
            }
            Ok(())
        })
    }

    /// Each image as 28 time steps of one 28-pixel row; the last hidden state → 10 classes.
    #[derive(Debug)]
    struct RowLstm {
        lstm: nn::LSTM,
        out: nn::Linear,
    }

    impl Module for RowLstm {
        fn forward(&self, xs: &Tensor) -> Tensor {
            let (_, state) = self.lstm.seq(&xs.view([-1, 28, 28]));
            state.h().get(-1).apply(&self.out)
        }
    }

    /// The model and its settings line (the same text as the Python side's).
    fn build(vs: &nn::VarStore, model: &str) -> Result<(Box<dyn Module>, &'static str)> {
        let root = vs.root();
        Ok(match model {
            "mlp" => (
                Box::new(
                    nn::seq()
                        .add_fn(|x| x.flat_view())
                        .add(linear(&root / "fc1", 784, 256))
                        .add_fn(|x| x.relu())
                        .add(linear(&root / "fc2", 256, 10)),
                ),
                "784-256-10, ReLU",
            ),
            "lenet" => (
                Box::new(
                    nn::seq()
                        .add(conv(&root / "conv1", 1, 6, 5, 2))
                        .add_fn(|x| x.relu().max_pool2d_default(2))
                        .add(conv(&root / "conv2", 6, 16, 5, 0))
                        .add_fn(|x| x.relu().max_pool2d_default(2).flat_view())
                        .add(linear(&root / "fc1", 400, 120))
                        .add_fn(|x| x.relu())
                        .add(linear(&root / "fc2", 120, 84))
                        .add_fn(|x| x.relu())
                        .add(linear(&root / "fc3", 84, 10)),
                ),
                "conv 6@5x5 pad 2, pool, conv 16@5x5, pool, fc 120-84-10, ReLU",
            ),
            "lstm" => {
                let hidden = 64;
                let config = nn::RNNConfig {
                    w_ih_init: EMPTY,
                    w_hh_init: EMPTY,
                    b_ih_init: Some(EMPTY),
                    b_hh_init: Some(EMPTY),
                    ..Default::default()
                };
                let model = RowLstm {
                    lstm: nn::lstm(&root / "lstm", 28, hidden, config),
                    out: linear(&root / "out", hidden, 10),
                };
                (
                    Box::new(model),
                    "28 rows x 28 pixels, LSTM 64, last hidden state -> 10",
                )
            }
            other => return Err(format!("unknown model `{other}`; use mlp, lenet or lstm").into()),
        })
    }

    fn train_epoch(
        model: &dyn Module,
        optimiser: &mut nn::Optimizer,
        x: &Tensor,
        y: &Tensor,
    ) -> Result<()> {
        let n = x.size()[0];
        let order = Tensor::randperm(n, (Kind::Int64, Device::Cpu));
        for start in (0..n).step_by(BATCH as usize) {
            let batch = order.narrow(0, start, BATCH.min(n - start));
            let logits = model.forward(&x.index_select(0, &batch));
            let loss = logits.cross_entropy_for_logits(&y.index_select(0, &batch));
            optimiser.backward_step(&loss);
        }
        Ok(())
    }

    fn accuracy(model: &dyn Module, x: &Tensor, y: &Tensor) -> Result<f64> {
        let n = x.size()[0];
        let right = tch::no_grad(|| -> Result<i64> {
            let mut right = 0;
            for start in (0..n).step_by(EVAL_BATCH as usize) {
                let length = EVAL_BATCH.min(n - start);
                let predicted = model.forward(&x.narrow(0, start, length)).argmax(1, false);
                let hits = predicted.eq_tensor(&y.narrow(0, start, length));
                right += hits.sum(Kind::Int64).f_int64_value(&[])?;
            }
            Ok(right)
        })?;
        Ok(right as f64 / n.max(1) as f64)
    }

    pub fn run() -> Result<()> {
        let args = args()?;
        // Inter-op threads can only be set before the first parallel work.
        tch::set_num_interop_threads(1);
        tch::set_num_threads(args.threads);

        let split = ferrolab::data::fashion_mnist()?;
        let (mut x_train, mut y_train) = split.train.to_tensors(Device::Cpu);
        if let Some(limit) = args.train_limit {
            let limit = limit.min(x_train.size()[0]);
            x_train = x_train.narrow(0, 0, limit);
            y_train = y_train.narrow(0, 0, limit);
        }
        let (x_test, y_test) = split.test.to_tensors(Device::Cpu);

        let vs = nn::VarStore::new(Device::Cpu);
        let (model, settings) = build(&vs, &args.model)?;
        draw_like_pytorch(&vs, &args.model)?;
        let mut optimiser = nn::Adam::default().build(&vs, LEARNING_RATE)?;
        let mut epoch_seconds = Vec::with_capacity(args.epochs);
        for _ in 0..args.epochs {
            let started = Instant::now();
            train_epoch(model.as_ref(), &mut optimiser, &x_train, &y_train)?;
            epoch_seconds.push(started.elapsed().as_secs_f64());
        }
        let started = Instant::now();
        let test_accuracy = accuracy(model.as_ref(), &x_test, &y_test)?;
        let eval_seconds = started.elapsed().as_secs_f64();

        let report = Report {
            library: "tch 0.24.0 (libtorch 2.11.0 from the venv's torch wheel)",
            runtime: "Rust, dev profile (opt-level 2), CPU",
            threads: tch::get_num_threads(),
            interop_threads: tch::get_num_interop_threads(),
            results: vec![Outcome {
                model: args.model,
                epochs: args.epochs,
                train_images: x_train.size()[0],
                test_images: x_test.size()[0],
                batch_size: BATCH,
                parameters: vs
                    .trainable_variables()
                    .iter()
                    .map(Tensor::numel)
                    .sum::<usize>() as i64,
                epoch_seconds,
                eval_seconds,
                test_accuracy,
                settings,
            }],
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
        Ok(())
    }
}
