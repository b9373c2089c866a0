//! Wrong answers to dl lesson 3, training well: notebooks/04-dl/03-training-well.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "dl/momentum-step",
            what: "puts lr inside the velocity",
            grade: |g| checks::dl::momentum_step(g, momentum_lr_inside),
            says: "the velocity includes lr",
        },
        Wrong {
            id: "dl/momentum-step",
            what: "averages the gradient into the velocity",
            grade: |g| checks::dl::momentum_step(g, momentum_averaged),
            says: "that is an average, (1 - mu) * grad",
        },
        Wrong {
            id: "dl/momentum-step",
            what: "steps along the gradient, not the velocity",
            grade: |g| checks::dl::momentum_step(g, momentum_ignored),
            says: "the parameter moved by the gradient alone",
        },
        Wrong {
            id: "dl/momentum-step",
            what: "adds the step",
            grade: |g| checks::dl::momentum_step(g, momentum_uphill),
            says: "the parameter moved uphill",
        },
        Wrong {
            id: "dl/adam-step",
            what: "skips the bias correction",
            grade: |g| checks::dl::adam_step(g, adam_uncorrected),
            says: "the step skips the bias correction",
        },
        Wrong {
            id: "dl/adam-step",
            what: "averages the gradient, not its square, into v",
            grade: |g| checks::dl::adam_step(g, adam_v_of_gradient),
            says: "v averages the *squared* gradient",
        },
        Wrong {
            id: "dl/adam-step",
            what: "divides by v̂ without the square root",
            grade: |g| checks::dl::adam_step(g, adam_without_root),
            says: "the step divides by v̂ itself",
        },
        Wrong {
            id: "dl/xavier-uniform",
            what: "uses He's bound",
            grade: |g| checks::dl::xavier_uniform(g, xavier_with_he_bound),
            says: "that is He's bound",
        },
        Wrong {
            id: "dl/xavier-uniform",
            what: "draws from a normal distribution",
            grade: |g| checks::dl::xavier_uniform(g, xavier_normal),
            says: "draw from a uniform distribution",
        },
        Wrong {
            id: "dl/xavier-uniform",
            what: "forgets to centre the values",
            grade: |g| checks::dl::xavier_uniform(g, xavier_not_centred),
            says: "the values are all positive",
        },
        Wrong {
            id: "dl/xavier-uniform",
            what: "swaps the shape",
            grade: |g| checks::dl::xavier_uniform(g, xavier_swapped),
            says: "the shape is swapped",
        },
    ]
}

pub fn momentum_lr_inside(
    p: &Tensor,
    g: &Tensor,
    v: &Tensor,
    lr: f64,
    mu: f64,
) -> (Tensor, Tensor) {
    let v = v * mu + g * lr;
    (p - &v, v)
}

pub fn momentum_averaged(p: &Tensor, g: &Tensor, v: &Tensor, lr: f64, mu: f64) -> (Tensor, Tensor) {
    let v = v * mu + g * (1.0 - mu);
    (p - &v * lr, v)
}

pub fn momentum_ignored(p: &Tensor, g: &Tensor, v: &Tensor, lr: f64, mu: f64) -> (Tensor, Tensor) {
    (p - g * lr, v * mu + g)
}

pub fn momentum_uphill(p: &Tensor, g: &Tensor, v: &Tensor, lr: f64, mu: f64) -> (Tensor, Tensor) {
    let v = v * mu + g;
    (p + &v * lr, v)
}

type Adam = (Tensor, Tensor, Tensor);

/// Adam with switches for the three known mistakes.
fn adam(p: &Tensor, g: &Tensor, m: &Tensor, v: &Tensor, t: i32, lr: f64, how: [bool; 3]) -> Adam {
    let [correct, square, root] = how;
    let m = m * 0.9 + g * 0.1;
    let v = v * 0.999
        + if square {
            g.square()
        } else {
            g.shallow_clone()
        } * 0.001;
    let (cm, cv) = if correct {
        (1.0 - 0.9f64.powi(t), 1.0 - 0.999f64.powi(t))
    } else {
        (1.0, 1.0)
    };
    let scale = if root { (&v / cv).sqrt() } else { &v / cv };
    (p - (&m / cm) / (scale + 1e-8) * lr, m, v)
}

pub fn adam_uncorrected(p: &Tensor, g: &Tensor, m: &Tensor, v: &Tensor, t: i32, lr: f64) -> Adam {
    adam(p, g, m, v, t, lr, [false, true, true])
}

pub fn adam_v_of_gradient(p: &Tensor, g: &Tensor, m: &Tensor, v: &Tensor, t: i32, lr: f64) -> Adam {
    adam(p, g, m, v, t, lr, [true, false, true])
}

pub fn adam_without_root(p: &Tensor, g: &Tensor, m: &Tensor, v: &Tensor, t: i32, lr: f64) -> Adam {
    adam(p, g, m, v, t, lr, [true, true, false])
}

fn uniform(fan_out: i64, fan_in: i64, a: f64) -> Tensor {
    Tensor::rand([fan_out, fan_in], (Kind::Float, Device::Cpu)) * (2.0 * a) - a
}

pub fn xavier_with_he_bound(fan_out: i64, fan_in: i64) -> Tensor {
    uniform(fan_out, fan_in, (6.0 / fan_in as f64).sqrt())
}

pub fn xavier_normal(fan_out: i64, fan_in: i64) -> Tensor {
    let std = (2.0 / (fan_in + fan_out) as f64).sqrt();
    Tensor::randn([fan_out, fan_in], (Kind::Float, Device::Cpu)) * std
}

pub fn xavier_not_centred(fan_out: i64, fan_in: i64) -> Tensor {
    let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
    Tensor::rand([fan_out, fan_in], (Kind::Float, Device::Cpu)) * a
}

pub fn xavier_swapped(fan_out: i64, fan_in: i64) -> Tensor {
    uniform(fan_in, fan_out, (6.0 / (fan_in + fan_out) as f64).sqrt())
}
