//! Lesson 3, training well (notebooks/04-dl/03-training-well.ipynb): one step of SGD
//! with momentum, one step of Adam, and Xavier's uniform initialisation.

use super::{random_matrix, read, same, shape_text, tensor2, to_f64, Output, LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::Array2;
use tch::Tensor;

/// `dl/momentum-step`.
pub const MOMENTUM_STEP: &str = "dl/momentum-step";

/// A parameter, its gradient and velocity, and the step's settings.
#[derive(Debug, Clone)]
struct MomentumCase {
    param: Array2<f32>,
    grad: Array2<f32>,
    velocity: Array2<f32>,
    lr: f64,
    mu: f64,
}

/// `fn momentum_step(param, grad, velocity, lr, mu) -> (param, velocity)`, PyTorch's convention.
pub fn momentum_step<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor, f64, f64) -> (Tensor, Tensor) + Send + 'static,
{
    momentum_step_boxed(grader, Box::new(learner))
}

type MomentumFn = dyn Fn(&Tensor, &Tensor, &Tensor, f64, f64) -> (Tensor, Tensor) + Send;

fn momentum_step_boxed(grader: &Grader, learner: Box<MomentumFn>) -> Report {
    let mut rng = grader.rng(25);
    let mut case = |lr: f64, mu: f64| MomentumCase {
        param: random_matrix(&mut rng, 2, 3),
        grad: random_matrix(&mut rng, 2, 3),
        velocity: random_matrix(&mut rng, 2, 3),
        lr,
        mu,
    };
    // lr ≠ 1 - mu in every case, so "lr inside the velocity" and "an average" differ.
    let cases = vec![case(0.05, 0.9), case(0.2, 0.5)];
    let describe = |c: &MomentumCase| {
        format!(
            "a [2, 3] parameter with a non-zero velocity, lr = {}, mu = {}",
            c.lr, c.mu
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let (p, v) = learner(
            &tensor2(&c.param),
            &tensor2(&c.grad),
            &tensor2(&c.velocity),
            c.lr,
            c.mu,
        );
        (read(&p), read(&v))
    });
    for (case, (param, velocity)) in cases.iter().zip(run.outputs) {
        let (p, g, v) = (
            to_f64(&case.param),
            to_f64(&case.grad),
            to_f64(&case.velocity),
        );
        let flat = |a: &Array2<f64>| a.iter().copied().collect::<Vec<f64>>();
        let new_v = &v * case.mu + &g;
        let new_p = &p - &(&new_v * case.lr);
        let input = describe(case);
        if param.shape != [2, 3] || velocity.shape != [2, 3] {
            let message = format!(
                "for input {input} both results should have the parameter's shape [2, 3], got {} and {}",
                shape_text(&param.shape),
                shape_text(&velocity.shape)
            );
            return Report::new(MOMENTUM_STEP, Verdict::Incorrect { message });
        }
        if !same(&flat(&new_v), &velocity) {
            let mistake = if same(&flat(&(&v * case.mu + &(&g * case.lr))), &velocity) {
                Some(known_mistake("the velocity includes lr: in PyTorch's convention it sums raw gradients, velocity = mu * velocity + grad, and lr scales the step"))
            } else if same(&flat(&(&v * case.mu + &(&g * (1.0 - case.mu)))), &velocity) {
                Some(known_mistake("that is an average, (1 - mu) * grad: SGD's momentum adds the whole gradient, velocity = mu * velocity + grad"))
            } else {
                None
            };
            let what = format!("{input}, velocity");
            return Report::new(
                MOMENTUM_STEP,
                incorrect(
                    &what,
                    &list(&flat(&new_v)),
                    &list(&velocity.values),
                    mistake,
                ),
            );
        }
        if !same(&flat(&new_p), &param) {
            let mistake = if same(&flat(&(&p - &(&g * case.lr))), &param) {
                Some(known_mistake("the parameter moved by the gradient alone: step along the new velocity, param - lr * velocity"))
            } else if same(&flat(&(&p + &(&new_v * case.lr))), &param) {
                Some(known_mistake(
                    "the parameter moved uphill: subtract lr * velocity",
                ))
            } else {
                None
            };
            let what = format!("{input}, param");
            return Report::new(
                MOMENTUM_STEP,
                incorrect(&what, &list(&flat(&new_p)), &list(&param.values), mistake),
            );
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(MOMENTUM_STEP, verdict);
    }
    Report::new(
        MOMENTUM_STEP,
        Verdict::Passed {
            summary: "2 steps: velocity and parameter match PyTorch's SGD with momentum".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `dl/adam-step`.
pub const ADAM_STEP: &str = "dl/adam-step";

/// A parameter with its gradient and Adam's running averages at step `t`.
#[derive(Debug, Clone)]
struct AdamCase {
    param: Array2<f32>,
    grad: Array2<f32>,
    m: Array2<f32>,
    v: Array2<f32>,
    t: i32,
    lr: f64,
}

const BETA1: f64 = 0.9;
const BETA2: f64 = 0.999;
const EPS: f64 = 1e-8;

/// `fn adam_step(param, grad, m, v, t, lr) -> (param, m, v)` with β1 0.9, β2 0.999, ε 1e-8.
pub fn adam_step<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor, &Tensor, i32, f64) -> (Tensor, Tensor, Tensor)
        + Send
        + 'static,
{
    adam_step_boxed(grader, Box::new(learner))
}

type AdamFn =
    dyn Fn(&Tensor, &Tensor, &Tensor, &Tensor, i32, f64) -> (Tensor, Tensor, Tensor) + Send;

fn adam_step_boxed(grader: &Grader, learner: Box<AdamFn>) -> Report {
    let mut rng = grader.rng(26);
    let positive = |rng: &mut rand::rngs::StdRng| random_matrix(rng, 2, 3).mapv(|x| x * x * 0.01);
    // One gradient entry is tiny (1e-9): there √v̂ is smaller than ε, and ε's sign shows.
    let mut tiny = random_matrix(&mut rng, 2, 3);
    tiny[[0, 0]] = 1e-9;
    let cases = vec![
        AdamCase {
            param: random_matrix(&mut rng, 2, 3),
            grad: tiny,
            m: Array2::zeros((2, 3)),
            v: Array2::zeros((2, 3)),
            t: 1,
            lr: 0.01,
        },
        AdamCase {
            param: random_matrix(&mut rng, 2, 3),
            grad: random_matrix(&mut rng, 2, 3),
            m: random_matrix(&mut rng, 2, 3).mapv(|x| x * 0.1),
            v: positive(&mut rng),
            t: 3,
            lr: 0.001,
        },
    ];
    let describe = |c: &AdamCase| {
        let start = if c.t == 1 {
            "m = v = 0"
        } else {
            "non-zero m and v"
        };
        format!(
            "a [2, 3] parameter at step t = {} with {start}, lr = {}",
            c.t, c.lr
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let (p, m, v) = learner(
            &tensor2(&c.param),
            &tensor2(&c.grad),
            &tensor2(&c.m),
            &tensor2(&c.v),
            c.t,
            c.lr,
        );
        [read(&p), read(&m), read(&v)]
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = adam_verdict(case, &got, &describe(case)) {
            return Report::new(ADAM_STEP, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(ADAM_STEP, verdict);
    }
    Report::new(
        ADAM_STEP,
        Verdict::Passed {
            summary: "2 steps (the first, and a later one): param, m and v match Adam".into(),
        },
    )
}

fn adam_verdict(case: &AdamCase, got: &[Output; 3], input: &str) -> Option<Verdict> {
    let (p, g) = (to_f64(&case.param), to_f64(&case.grad));
    let (m0, v0) = (to_f64(&case.m), to_f64(&case.v));
    let flat = |a: &Array2<f64>| a.iter().copied().collect::<Vec<f64>>();
    let m = &m0 * BETA1 + &(&g * (1.0 - BETA1));
    let v = &v0 * BETA2 + &(g.mapv(|x| x * x) * (1.0 - BETA2));
    let step = |m: &Array2<f64>, v: &Array2<f64>, correct: bool, root: bool| {
        let (cm, cv) = if correct {
            (1.0 - BETA1.powi(case.t), 1.0 - BETA2.powi(case.t))
        } else {
            (1.0, 1.0)
        };
        let scale = v.mapv(|x| if root { (x / cv).sqrt() } else { x / cv });
        &p - &((m / cm) / &(scale + EPS) * case.lr)
    };
    let [param, new_m, new_v] = got;
    for (name, output) in [("param", param), ("m", new_m), ("v", new_v)] {
        if output.shape != [2, 3] {
            let message = format!(
                "for input {input} {name} should have the parameter's shape [2, 3], got {}",
                shape_text(&output.shape)
            );
            return Some(Verdict::Incorrect { message });
        }
    }
    if !same(&flat(&m), new_m) {
        let what = format!("{input}, m");
        return Some(incorrect(
            &what,
            &list(&flat(&m)),
            &list(&new_m.values),
            None,
        ));
    }
    if !same(&flat(&v), new_v) {
        let mistake = same(&flat(&(&v0 * BETA2 + &(&g * (1.0 - BETA2)))), new_v).then(|| {
            known_mistake("v averages the *squared* gradient (grad.square()), not the gradient")
        });
        let what = format!("{input}, v");
        return Some(incorrect(
            &what,
            &list(&flat(&v)),
            &list(&new_v.values),
            mistake,
        ));
    }
    let expected = step(&m, &v, true, true);
    if !same(&flat(&expected), param) {
        let mistake = if same(&flat(&step(&m, &v, false, true)), param) {
            Some(known_mistake("the step skips the bias correction: divide m by (1 - β1^t) and v by (1 - β2^t) before using them; at t = 1 it makes the first step lr-sized instead of tiny"))
        } else if same(&flat(&step(&m, &v, true, false)), param) {
            Some(known_mistake(
                "the step divides by v̂ itself: divide by its square root, √v̂ + ε",
            ))
        } else {
            None
        };
        let what = format!("{input}, param");
        return Some(incorrect(
            &what,
            &list(&flat(&expected)),
            &list(&param.values),
            mistake,
        ));
    }
    None
}

// ---------------------------------------------------------------------------------

/// `dl/xavier-uniform`.
pub const XAVIER_UNIFORM: &str = "dl/xavier-uniform";

/// `fn xavier_uniform(fan_out: i64, fan_in: i64) -> Tensor`: U(−a, a), a = √(6 / (fan_in + fan_out)).
pub fn xavier_uniform<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(i64, i64) -> Tensor + Send + 'static,
{
    xavier_uniform_boxed(grader, Box::new(learner))
}

type XavierFn = dyn Fn(i64, i64) -> Tensor + Send;

fn xavier_uniform_boxed(grader: &Grader, learner: Box<XavierFn>) -> Report {
    // Sizes where Glorot's and He's bounds differ, and fan_out ≠ fan_in so a swapped shape shows.
    let cases: Vec<(i64, i64)> = vec![(300, 100), (64, 512)];
    let describe = |c: &(i64, i64)| format!("fan_out = {}, fan_in = {}", c.0, c.1);
    let seed = grader.seed() as i64;
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |&(fan_out, fan_in)| {
            tch::manual_seed(seed);
            let first = read(&learner(fan_out, fan_in));
            let second = read(&learner(fan_out, fan_in));
            (first, second)
        },
    );
    for (&(fan_out, fan_in), (weights, again)) in cases.iter().zip(run.outputs) {
        let input = describe(&(fan_out, fan_in));
        if weights.shape != [fan_out, fan_in] {
            let mistake = if weights.shape == [fan_in, fan_out] {
                known_mistake(
                    "the shape is swapped: nn::Linear stores a weight as [fan_out, fan_in]",
                )
            } else {
                "the weight of a layer is [fan_out, fan_in]".to_string()
            };
            let message = format!(
                "for input {input} expected shape {}, got {}: {mistake}",
                shape_text(&[fan_out, fan_in]),
                shape_text(&weights.shape)
            );
            return Report::new(XAVIER_UNIFORM, Verdict::Incorrect { message });
        }
        let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
        let he = (6.0 / fan_in as f64).sqrt();
        let n = weights.values.len() as f64;
        let mean = weights.values.iter().sum::<f64>() / n;
        let std = (weights
            .values
            .iter()
            .map(|w| (w - mean).powi(2))
            .sum::<f64>()
            / n)
            .sqrt();
        let largest = weights.values.iter().fold(0.0f64, |m, w| m.max(w.abs()));
        let describe_got =
            format!("largest |w| {largest:.4}, mean {mean:.4}, standard deviation {std:.4}");
        let wanted = format!(
            "values in [-{a:.4}, {a:.4}], mean near 0, standard deviation {:.4} (a/√3)",
            a / 3f64.sqrt()
        );
        let fail = |mistake: Option<String>| {
            Report::new(
                XAVIER_UNIFORM,
                incorrect(&input, &wanted, &describe_got, mistake),
            )
        };
        if (std - he / 3f64.sqrt()).abs() < 0.01 * he && largest <= he * 1.0001 {
            return fail(Some(known_mistake("that is He's bound √(6 / fan_in), for ReLU layers; Glorot's uses both fans, √(6 / (fan_in + fan_out))")));
        }
        if largest > a * 1.0001 {
            let normal = (std - a).abs() < 0.05 * a
                || (std - (2.0 / (fan_in + fan_out) as f64).sqrt()).abs() < 0.05 * a;
            let mistake = normal.then(|| known_mistake("some values lie outside [-a, a]: draw from a uniform distribution (Tensor::rand gives [0, 1)), not a normal one"));
            return fail(mistake);
        }
        if mean.abs() > 0.05 * a || (std - a / 3f64.sqrt()).abs() > 0.05 * a || largest < 0.95 * a {
            let mistake = (mean > 0.4 * a)
                .then(|| known_mistake("the values are all positive: Tensor::rand draws from [0, 1), so scale it to [-a, a] with rand * 2a - a"));
            return fail(mistake);
        }
        if weights.values == again.values {
            let message = format!(
                "for input {input} two calls returned the same weights: draw fresh random numbers on each call (tch's generator)"
            );
            return Report::new(XAVIER_UNIFORM, Verdict::Incorrect { message });
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(XAVIER_UNIFORM, verdict);
    }
    Report::new(
        XAVIER_UNIFORM,
        Verdict::Passed {
            summary: "2 layers: shape, bound, mean and spread match Glorot's uniform".into(),
        },
    )
}
