//! Wrong answers to math lesson 5, autodiff from scratch:
//! notebooks/01-math/05-autodiff-from-scratch.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::grade::checks::math::Autodiff;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "math/value-backward",
            what: "gives each factor of a product its own value",
            grade: |g| checks::math::value_backward(g, Slip::<MUL_OWN_VALUE>::from),
            says: "for input a·b with a = 2, b = -3 expected gradients [a: -3, b: 2], got [a: 2, b: -3]: looks like a product gives each input its *own* number",
        },
        Wrong {
            id: "math/value-backward",
            what: "differentiates tanh at its input",
            grade: |g| checks::math::value_backward(g, Slip::<TANH_OF_INPUT>::from),
            says: "looks like tanh's derivative was computed from its input (1 - a²)",
        },
        Wrong {
            id: "math/value-backward",
            what: "overwrites gradients instead of adding to them",
            grade: |g| checks::math::value_backward(g, Slip::<OVERWRITES>::from),
            says: "a is used three times here: its gradient must add up the share of every use",
        },
        Wrong {
            id: "math/value-backward",
            what: "forgets the chain rule",
            grade: |g| checks::math::value_backward(g, Slip::<NO_CHAIN_RULE>::from),
            says: "the local derivatives are not multiplied by the output's gradient",
        },
        Wrong {
            id: "math/neuron",
            what: "leaves out the tanh",
            grade: |g| checks::math::neuron(g, linear_neuron),
            says: "looks like the tanh is missing",
        },
        Wrong {
            id: "math/neuron",
            what: "squashes with relu instead of tanh",
            grade: |g| checks::math::neuron(g, relu_neuron),
            says: "that is a relu neuron; this one uses tanh",
        },
        Wrong {
            id: "math/neuron",
            what: "computes with plain numbers",
            grade: |g| checks::math::neuron(g, disconnected_neuron),
            says: "no gradient reaches the weights",
        },
        Wrong {
            id: "math/hinge-loss",
            what: "sums instead of averaging",
            grade: |g| checks::math::hinge_loss(g, summed_hinge_loss),
            says: "that is the sum; the loss is the mean: multiply by 1/3",
        },
        Wrong {
            id: "math/neuron",
            what: "applies tanh to each product",
            grade: |g| checks::math::neuron(g, tanh_per_product_neuron),
            says: "looks like tanh was applied to each product",
        },
        Wrong {
            id: "math/hinge-loss",
            what: "leaves out the relu",
            grade: |g| checks::math::hinge_loss(g, hinge_loss_without_relu),
            says: "looks like the relu is missing",
        },
        Wrong {
            id: "math/value-backward",
            what: "differentiates tanh as 1 - t",
            grade: |g| checks::math::value_backward(g, Slip::<TANH_NO_SQUARE>::from),
            says: "looks like tanh's derivative is 1 - t; it is 1 - t²",
        },
        Wrong {
            id: "math/value-backward",
            what: "lets relu pass every gradient back",
            grade: |g| checks::math::value_backward(g, Slip::<RELU_ALWAYS_PASSES>::from),
            says: "relu passed the gradient back for a negative input",
        },
        Wrong {
            id: "math/neuron",
            what: "leaves out the bias",
            grade: |g| checks::math::neuron(g, neuron_without_bias),
            says: "looks like the bias is missing: add it to the weighted sum",
        },
        Wrong {
            id: "math/hinge-loss",
            what: "computes with plain numbers",
            grade: |g| checks::math::hinge_loss(g, disconnected_hinge_loss),
            says: "the value is right but no gradient reaches the scores",
        },
        Wrong {
            id: "math/hinge-loss",
            what: "adds y·s to the margin",
            grade: |g| checks::math::hinge_loss(g, hinge_loss_sign_flipped),
            says: "the sign is flipped: the margin term is 1 - y·s",
        },
        Wrong {
            id: "math/hinge-loss",
            what: "forgets the margin of 1",
            grade: |g| checks::math::hinge_loss(g, hinge_loss_without_margin),
            says: "the margin of 1 is missing: relu(1 - y·s), not relu(-y·s)",
        },
    ]
}

const MUL_OWN_VALUE: u8 = 0;

const TANH_OF_INPUT: u8 = 1;

const OVERWRITES: u8 = 2;

const NO_CHAIN_RULE: u8 = 3;

const TANH_NO_SQUARE: u8 = 4;

const RELU_ALWAYS_PASSES: u8 = 5;

/// A value of an engine that makes slip `S` in its backward rules.
#[derive(Clone)]
pub struct Slip<const S: u8>(Rc<RefCell<Node<S>>>);

struct Node<const S: u8> {
    data: f64,
    grad: f64,
    op: &'static str,
    inputs: Vec<Slip<S>>,
}

impl<const S: u8> From<f64> for Slip<S> {
    fn from(data: f64) -> Self {
        Slip::made("leaf", vec![], data)
    }
}

impl<const S: u8> Slip<S> {
    fn made(op: &'static str, inputs: Vec<Slip<S>>, data: f64) -> Self {
        Slip(Rc::new(RefCell::new(Node {
            data,
            grad: 0.0,
            op,
            inputs,
        })))
    }

    fn order(&self, seen: &mut HashSet<*const RefCell<Node<S>>>, out: &mut Vec<Slip<S>>) {
        if seen.insert(Rc::as_ptr(&self.0)) {
            for input in &self.0.borrow().inputs {
                input.order(seen, out);
            }
            out.push(self.clone());
        }
    }
}

impl<const S: u8> Autodiff for Slip<S> {
    fn data(&self) -> f64 {
        self.0.borrow().data
    }
    fn grad(&self) -> f64 {
        self.0.borrow().grad
    }
    fn add(&self, other: &Self) -> Self {
        Slip::made(
            "+",
            vec![self.clone(), other.clone()],
            self.data() + other.data(),
        )
    }
    fn mul(&self, other: &Self) -> Self {
        Slip::made(
            "*",
            vec![self.clone(), other.clone()],
            self.data() * other.data(),
        )
    }
    fn tanh(&self) -> Self {
        Slip::made("tanh", vec![self.clone()], self.data().tanh())
    }
    fn relu(&self) -> Self {
        Slip::made("relu", vec![self.clone()], self.data().max(0.0))
    }
    fn backward(&self) {
        let mut order = Vec::new();
        self.order(&mut HashSet::new(), &mut order);
        order.iter().for_each(|v| v.0.borrow_mut().grad = 0.0);
        self.0.borrow_mut().grad = 1.0;
        for value in order.iter().rev() {
            let node = value.0.borrow();
            let inputs: Vec<f64> = node.inputs.iter().map(Autodiff::data).collect();
            let local: Vec<f64> = match (node.op, inputs.as_slice()) {
                ("+", _) => vec![1.0, 1.0],
                ("*", [a, b]) if S == MUL_OWN_VALUE => vec![*a, *b],
                ("*", [a, b]) => vec![*b, *a],
                ("tanh", [a]) if S == TANH_OF_INPUT => vec![1.0 - a * a],
                ("tanh", _) if S == TANH_NO_SQUARE => vec![1.0 - node.data],
                ("relu", _) if S == RELU_ALWAYS_PASSES => vec![1.0],
                ("tanh", _) => vec![1.0 - node.data * node.data],
                ("relu", _) => vec![if node.data > 0.0 { 1.0 } else { 0.0 }],
                _ => vec![],
            };
            for (input, local) in node.inputs.iter().zip(local) {
                let share = if S == NO_CHAIN_RULE {
                    local
                } else {
                    local * node.grad
                };
                let mut input = input.0.borrow_mut();
                if S == OVERWRITES {
                    input.grad = share;
                } else {
                    input.grad += share;
                }
            }
        }
    }
}

pub fn linear_neuron<V: Autodiff>(weights: &[V], bias: &V, inputs: &[V]) -> V {
    weights
        .iter()
        .zip(inputs)
        .fold(bias.clone(), |sum, (w, x)| sum.add(&w.mul(x)))
}

pub fn relu_neuron<V: Autodiff>(weights: &[V], bias: &V, inputs: &[V]) -> V {
    linear_neuron(weights, bias, inputs).relu()
}

pub fn disconnected_neuron<V: Autodiff>(weights: &[V], bias: &V, inputs: &[V]) -> V {
    let sum: f64 = weights
        .iter()
        .zip(inputs)
        .map(|(w, x)| w.data() * x.data())
        .sum::<f64>()
        + bias.data();
    V::from(sum.tanh())
}

pub fn summed_hinge_loss<V: Autodiff>(scores: &[V], labels: &[f64]) -> V {
    scores
        .iter()
        .zip(labels)
        .fold(V::from(0.0), |total, (s, y)| {
            total.add(&V::from(1.0).add(&s.mul(&V::from(-y))).relu())
        })
}

pub fn tanh_per_product_neuron<V: Autodiff>(weights: &[V], bias: &V, inputs: &[V]) -> V {
    weights
        .iter()
        .zip(inputs)
        .fold(bias.clone(), |sum, (w, x)| sum.add(&w.mul(x).tanh()))
}

pub fn hinge_loss_without_relu<V: Autodiff>(scores: &[V], labels: &[f64]) -> V {
    let total = scores
        .iter()
        .zip(labels)
        .fold(V::from(0.0), |total, (s, y)| {
            total.add(&V::from(1.0).add(&s.mul(&V::from(-y))))
        });
    total.mul(&V::from(1.0 / scores.len() as f64))
}

pub fn neuron_without_bias<V: Autodiff>(weights: &[V], _bias: &V, inputs: &[V]) -> V {
    let sum = (weights.iter().zip(inputs)).fold(V::from(0.0), |sum, (w, x)| sum.add(&w.mul(x)));
    sum.tanh()
}

/// The mean over the examples of relu(margin + sign·y·s).
fn hinge<V: Autodiff>(scores: &[V], labels: &[f64], margin: f64, sign: f64) -> V {
    let total = scores
        .iter()
        .zip(labels)
        .fold(V::from(0.0), |total, (s, y)| {
            total.add(&V::from(margin).add(&s.mul(&V::from(sign * y))).relu())
        });
    total.mul(&V::from(1.0 / scores.len() as f64))
}

pub fn disconnected_hinge_loss<V: Autodiff>(scores: &[V], labels: &[f64]) -> V {
    let total: f64 = (scores.iter().zip(labels))
        .map(|(s, y)| (1.0 - y * s.data()).max(0.0))
        .sum();
    V::from(total / scores.len() as f64)
}

pub fn hinge_loss_sign_flipped<V: Autodiff>(scores: &[V], labels: &[f64]) -> V {
    hinge(scores, labels, 1.0, 1.0)
}

pub fn hinge_loss_without_margin<V: Autodiff>(scores: &[V], labels: &[f64]) -> V {
    hinge(scores, labels, 0.0, -1.0)
}
