//! Wrong answers to dl lesson 2, an MLP on handwritten digits:
//! notebooks/04-dl/02-mlp-on-mnist.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "dl/mlp-forward",
            what: "leaves out the ReLU",
            grade: |g| checks::dl::mlp_forward(g, mlp_without_relu),
            says: "there is no ReLU between the layers",
        },
        Wrong {
            id: "dl/mlp-forward",
            what: "applies ReLU to the logits too",
            grade: |g| checks::dl::mlp_forward(g, mlp_relu_on_output),
            says: "the output went through ReLU too",
        },
        Wrong {
            id: "dl/sgd-step",
            what: "adds the gradient",
            grade: |g| checks::dl::sgd_step(g, sgd_uphill),
            says: "the parameters moved uphill",
        },
        Wrong {
            id: "dl/sgd-step",
            what: "ignores the learning rate",
            grade: |g| checks::dl::sgd_step(g, sgd_without_lr),
            says: "the step ignores lr",
        },
        Wrong {
            id: "dl/sgd-step",
            what: "keeps the gradients",
            grade: |g| checks::dl::sgd_step(g, sgd_without_zeroing),
            says: "the gradients were not reset",
        },
        Wrong {
            id: "dl/sgd-step",
            what: "updates outside no_grad",
            grade: |g| checks::dl::sgd_step(g, sgd_recorded),
            says: "do the update inside tch::no_grad",
        },
        Wrong {
            id: "dl/sgd-step",
            what: "replaces each parameter by a new tensor",
            grade: |g| checks::dl::sgd_step(g, sgd_replacing),
            says: "a parameter was replaced by a new tensor",
        },
        Wrong {
            id: "dl/sgd-step",
            what: "updates a copy",
            grade: |g| checks::dl::sgd_step(g, sgd_on_a_copy),
            says: "the parameters did not change",
        },
        Wrong {
            id: "dl/mnist-mlp",
            what: "returns an untrained model",
            grade: |g| checks::dl::mnist_mlp(g, untrained_mlp),
            says: "that is chance level: the model looks untrained",
        },
        Wrong {
            id: "dl/mnist-mlp",
            what: "trains on the test digits",
            grade: |g| checks::dl::mnist_mlp(g, mlp_trained_on_test),
            says: "it looks trained on the test split",
        },
    ]
}

pub fn mlp_without_relu(x: &Tensor, p: &[Tensor]) -> Tensor {
    (x.matmul(&p[0].tr()) + &p[1]).matmul(&p[2].tr()) + &p[3]
}

pub fn mlp_relu_on_output(x: &Tensor, p: &[Tensor]) -> Tensor {
    let hidden = (x.matmul(&p[0].tr()) + &p[1]).relu();
    (hidden.matmul(&p[2].tr()) + &p[3]).relu()
}

fn step_each(params: &mut [Tensor], update: impl Fn(&mut Tensor)) {
    tch::no_grad(|| {
        for p in params.iter_mut() {
            update(p);
        }
    });
}

pub fn sgd_uphill(params: &mut [Tensor], lr: f64) {
    step_each(params, |p| {
        let step = p.grad() * lr;
        *p += step;
        p.zero_grad();
    });
}

pub fn sgd_without_lr(params: &mut [Tensor], _lr: f64) {
    step_each(params, |p| {
        let step = p.grad();
        *p -= step;
        p.zero_grad();
    });
}

pub fn sgd_without_zeroing(params: &mut [Tensor], lr: f64) {
    step_each(params, |p| {
        let step = p.grad() * lr;
        *p -= step;
    });
}

pub fn sgd_recorded(params: &mut [Tensor], lr: f64) {
    for p in params.iter_mut() {
        let step = p.grad() * lr;
        *p -= step;
        p.zero_grad();
    }
}

pub fn sgd_replacing(params: &mut [Tensor], lr: f64) {
    for p in params.iter_mut() {
        let moved = (p.detach() - p.grad() * lr).set_requires_grad(true);
        *p = moved;
    }
}

pub fn sgd_on_a_copy(params: &mut [Tensor], lr: f64) {
    step_each(params, |p| {
        let mut copy = p.copy();
        copy -= p.grad() * lr;
        p.zero_grad();
    });
}

/// The reference architecture, trained on `x`, `y` for `epochs` epochs.
fn mlp_trained(x: &Tensor, y: &Tensor, epochs: usize) -> nn::Sequential {
    tch::manual_seed(0);
    let vs = nn::VarStore::new(Device::Cpu);
    let root = vs.root();
    let model = nn::seq()
        .add(nn::linear(&root / "hidden", 784, 256, Default::default()))
        .add_fn(|t| t.relu())
        .add(nn::linear(&root / "out", 256, 10, Default::default()));
    let mut opt = nn::Adam::default()
        .build(&vs, 1e-3)
        .expect("Adam takes these parameters");
    for _ in 0..epochs {
        for (xb, yb) in tch::data::Iter2::new(x, y, 64).shuffle() {
            opt.backward_step(&model.forward(&xb).cross_entropy_for_logits(&yb));
        }
    }
    model
}

pub fn untrained_mlp(x: &Tensor, y: &Tensor) -> nn::Sequential {
    mlp_trained(x, y, 0)
}

pub fn mlp_trained_on_test(_x: &Tensor, _y: &Tensor) -> nn::Sequential {
    let test = ferrolab::data::mnist().expect("mnist is installed").test;
    let (x, y) = test.to_tensors(Device::Cpu);
    mlp_trained(&x.reshape([-1, 784]), &y, 10)
}
