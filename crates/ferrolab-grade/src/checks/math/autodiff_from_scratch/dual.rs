//! The grader's forward-mode numbers for lesson 5 (autodiff from scratch): a different
//! method from the learner's reverse mode, so the neuron and hinge-loss checks do not
//! depend on the learner's `backward`. Its own file because the lesson outgrew one.

use super::Autodiff;
use std::cell::RefCell;
use std::rc::Rc;

/// The grader's own [`Autodiff`] numbers: forward-mode dual numbers that carry their
/// partial derivatives with respect to every tracked input along with their value.
///
/// Values made with `Dual::from` are constants (no partials); the inputs a check
/// tracks share a board where `backward()` writes the gradients that `grad()` reads.
#[derive(Clone, Debug)]
pub struct Dual {
    data: f64,
    /// ∂self/∂(tracked input i), by i; empty for constants.
    partials: Vec<f64>,
    /// Shared by the tracked inputs of one computation.
    board: Option<Rc<RefCell<Vec<f64>>>>,
    /// The index of a tracked input.
    input: Option<usize>,
}

impl From<f64> for Dual {
    fn from(data: f64) -> Dual {
        Dual {
            data,
            partials: Vec::new(),
            board: None,
            input: None,
        }
    }
}

impl Dual {
    /// `count` tracked inputs with these numbers.
    pub(super) fn inputs(values: &[f64]) -> Vec<Dual> {
        let count = values.len();
        let board = Rc::new(RefCell::new(vec![0.0; count]));
        values
            .iter()
            .enumerate()
            .map(|(i, &data)| {
                let mut partials = vec![0.0; count];
                partials[i] = 1.0;
                Dual {
                    data,
                    partials,
                    board: Some(board.clone()),
                    input: Some(i),
                }
            })
            .collect()
    }

    /// A result of `self` and `other`: its number, and ∂/∂ each input by the chain rule.
    fn combine(&self, other: &Dual, data: f64, d_self: f64, d_other: f64) -> Dual {
        let len = self.partials.len().max(other.partials.len());
        let partial = |p: &[f64], i: usize| p.get(i).copied().unwrap_or(0.0);
        Dual {
            data,
            partials: (0..len)
                .map(|i| {
                    d_self * partial(&self.partials, i) + d_other * partial(&other.partials, i)
                })
                .collect(),
            board: self.board.clone().or_else(|| other.board.clone()),
            input: None,
        }
    }

    fn unary(&self, data: f64, derivative: f64) -> Dual {
        self.combine(&Dual::from(0.0), data, derivative, 0.0)
    }
}

impl Autodiff for Dual {
    fn data(&self) -> f64 {
        self.data
    }

    fn grad(&self) -> f64 {
        match (&self.board, self.input) {
            (Some(board), Some(i)) => board.borrow().get(i).copied().unwrap_or(0.0),
            _ => 0.0,
        }
    }

    fn add(&self, other: &Dual) -> Dual {
        self.combine(other, self.data + other.data, 1.0, 1.0)
    }

    fn mul(&self, other: &Dual) -> Dual {
        self.combine(other, self.data * other.data, other.data, self.data)
    }

    fn tanh(&self) -> Dual {
        let t = self.data.tanh();
        self.unary(t, 1.0 - t * t)
    }

    fn relu(&self) -> Dual {
        let positive = self.data > 0.0;
        self.unary(self.data.max(0.0), if positive { 1.0 } else { 0.0 })
    }

    fn backward(&self) {
        if let Some(board) = &self.board {
            let mut board = board.borrow_mut();
            for (i, slot) in board.iter_mut().enumerate() {
                *slot = self.partials.get(i).copied().unwrap_or(0.0);
            }
        }
    }
}
