//! Exercise `math/value-backward`: the chain rule, one operation at a time, in a scalar
//! autodiff engine small enough to read in one sitting (after Karpathy's micrograd).
//!
//! A [`Value`] is a number that remembers how it was computed. `backward()` walks that
//! record from the result back to the inputs and fills in every `grad`: how much the
//! result changes per unit change of that value. Your part is `backward_step`: what one
//! operation hands back to its inputs.

use ferrolab::grade::checks::math::Autodiff;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// A shared handle to one node of the computation graph. Cloning copies the handle,
/// not the node, which is how one value can feed several operations.
#[derive(Clone)]
pub struct Value(Rc<RefCell<Node>>);

/// A number, its gradient, and the operation (with its inputs) that produced it.
struct Node {
    data: f64,
    grad: f64,
    op: Op,
}

/// How a value was made. Inputs are handles to earlier nodes, so the graph can only
/// point backwards: it has no cycles.
enum Op {
    /// An input or a parameter: made by `Value::from(number)`.
    Leaf,
    Add(Value, Value),
    Mul(Value, Value),
    Tanh(Value),
    Relu(Value),
}

// NOTEBOOK: NEXT CELL

impl Value {
    fn made_by(op: Op, data: f64) -> Value {
        Value(Rc::new(RefCell::new(Node {
            data,
            grad: 0.0,
            op,
        })))
    }

    /// The number this value holds. (The engine's own methods are defined here, before
    /// `backward_step` uses them; the `Autodiff` trait's versions below hand on to them.)
    pub fn data(&self) -> f64 {
        self.0.borrow().data
    }

    /// How much the result changes per unit change of this value, once `backward()` ran.
    pub fn grad(&self) -> f64 {
        self.0.borrow().grad
    }

    /// Replace the number, e.g. for a training step `p − lr·grad`.
    pub fn set_data(&self, data: f64) {
        self.0.borrow_mut().data = data;
    }

    /// Add `amount` to this value's gradient. A value used by several operations
    /// collects a share from each of them, so gradients add up rather than overwrite.
    fn add_grad(&self, amount: f64) {
        self.0.borrow_mut().grad += amount;
    }

    /// Every value this one depends on, each listed after all of its inputs.
    fn topological_order(&self) -> Vec<Value> {
        fn visit(value: &Value, seen: &mut HashSet<*const RefCell<Node>>, order: &mut Vec<Value>) {
            if !seen.insert(Rc::as_ptr(&value.0)) {
                return;
            }
            match &value.0.borrow().op {
                Op::Leaf => {}
                Op::Add(a, b) | Op::Mul(a, b) => {
                    visit(a, seen, order);
                    visit(b, seen, order);
                }
                Op::Tanh(a) | Op::Relu(a) => visit(a, seen, order),
            }
            order.push(value.clone());
        }
        let mut order = Vec::new();
        visit(self, &mut HashSet::new(), &mut order);
        order
    }
}

impl From<f64> for Value {
    fn from(data: f64) -> Value {
        Value::made_by(Op::Leaf, data)
    }
}

// NOTEBOOK: NEXT CELL

impl Value {
    /// Pass this value's gradient on to the inputs of the operation that made it (the
    /// chain rule): each input gets `grad` times the local derivative of the operation
    /// with respect to that input. Use `add_grad`; `out` is this value's number.
    fn backward_step(&self) {
        let node = self.0.borrow();
        let (out, grad) = (node.data, node.grad);
        match &node.op {
            Op::Leaf => {}
            Op::Add(a, b) => {
                todo!()
            }
            Op::Mul(a, b) => {
                todo!()
            }
            Op::Tanh(a) => {
                todo!()
            }
            Op::Relu(a) => {
                todo!()
            }
        }
    }
}

// NOTEBOOK: NEXT CELL

impl Autodiff for Value {
    fn data(&self) -> f64 {
        Value::data(self)
    }

    fn grad(&self) -> f64 {
        Value::grad(self)
    }

    fn add(&self, other: &Value) -> Value {
        Value::made_by(
            Op::Add(self.clone(), other.clone()),
            self.data() + other.data(),
        )
    }

    fn mul(&self, other: &Value) -> Value {
        Value::made_by(
            Op::Mul(self.clone(), other.clone()),
            self.data() * other.data(),
        )
    }

    fn tanh(&self) -> Value {
        Value::made_by(Op::Tanh(self.clone()), self.data().tanh())
    }

    fn relu(&self) -> Value {
        Value::made_by(Op::Relu(self.clone()), self.data().max(0.0))
    }

    /// Set `grad` of this value to 1 and of every value it depends on to d(this)/d(that).
    fn backward(&self) {
        let order = self.topological_order();
        for value in &order {
            value.0.borrow_mut().grad = 0.0;
        }
        self.0.borrow_mut().grad = 1.0;
        for value in order.iter().rev() {
            value.backward_step();
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Value(data={:.4}, grad={:.4})", self.data(), self.grad())
    }
}
