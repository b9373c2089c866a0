//! Lesson 5, autodiff from scratch (notebooks/01-math/05-autodiff-from-scratch.ipynb): the
//! learner's scalar autodiff engine, a neuron and a hinge loss built on it.
//!
//! The engine exists once, in the learner's exercise: `math/value-backward` grades it
//! through the [`Autodiff`] trait. The neuron and the loss are written generically over
//! that trait, so their checks run them on [`Dual`], the grader's own forward-mode
//! numbers: a different method from the learner's reverse mode, so a wrong `backward`
//! cannot make a right neuron fail (or the reverse).

use super::{close_to, LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, number, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};

mod dual;
pub use dual::Dual;

/// A scalar that records the operations applied to it, so that `backward()` can fill
/// in the gradient of the result with respect to every value it was computed from.
///
/// `math/value-backward` asks for an implementation (`Value`, after micrograd); the
/// neuron and loss exercises are written against this trait. New values come from
/// `V::from(number)`.
pub trait Autodiff: Clone + From<f64> {
    /// The number this value holds.
    fn data(&self) -> f64;
    /// d(result)/d(this value) after the last `backward()` of a result computed from it.
    fn grad(&self) -> f64;
    /// `self + other`, remembered.
    fn add(&self, other: &Self) -> Self;
    /// `self · other`, remembered.
    fn mul(&self, other: &Self) -> Self;
    /// `tanh(self)`, remembered.
    fn tanh(&self) -> Self;
    /// `max(self, 0)`, remembered.
    fn relu(&self) -> Self;
    /// Fill in `grad` of this value (1) and of every value it was computed from.
    fn backward(&self);
}

/// Gradients must match to this tolerance: the engine and the reference do the same
/// arithmetic in a different order.
const GRAD_TOLERANCE: Tolerance = Tolerance {
    absolute: 1e-9,
    relative: 1e-9,
};

fn all_close(expected: &[f64], got: &[f64]) -> bool {
    GRAD_TOLERANCE.all_close(expected, got)
}

// ---------------------------------------------------------------------------------

/// An expression over numbered inputs `a`, `b`, `c`, `d`: what the check builds with
/// the learner's values and differentiates itself.
#[derive(Debug, Clone)]
enum Expr {
    Input(usize),
    Add(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Tanh(Box<Expr>),
    Relu(Box<Expr>),
}

const NAMES: [&str; 4] = ["a", "b", "c", "d"];

fn input(i: usize) -> Expr {
    Expr::Input(i)
}
fn add(x: Expr, y: Expr) -> Expr {
    Expr::Add(Box::new(x), Box::new(y))
}
fn mul(x: Expr, y: Expr) -> Expr {
    Expr::Mul(Box::new(x), Box::new(y))
}
fn tanh(x: Expr) -> Expr {
    Expr::Tanh(Box::new(x))
}
fn relu(x: Expr) -> Expr {
    Expr::Relu(Box::new(x))
}

/// Backward rules, right or with one classic mistake, for naming the mistake.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rules {
    Right,
    /// Multiplication gives each input its own value times the gradient.
    MulOwnValue,
    /// tanh's derivative written with the input: 1 − a².
    TanhOfInput,
    /// tanh's derivative without the square: 1 − t.
    TanhNoSquare,
    /// relu passes the gradient whatever the input.
    ReluAlwaysPasses,
    /// The local derivative alone, not times the output's gradient.
    NoChainRule,
}

impl Expr {
    fn build<V: Autodiff>(&self, inputs: &[V]) -> V {
        match self {
            Expr::Input(i) => inputs[*i].clone(),
            Expr::Add(x, y) => x.build(inputs).add(&y.build(inputs)),
            Expr::Mul(x, y) => x.build(inputs).mul(&y.build(inputs)),
            Expr::Tanh(x) => x.build(inputs).tanh(),
            Expr::Relu(x) => x.build(inputs).relu(),
        }
    }

    fn value(&self, xs: &[f64]) -> f64 {
        match self {
            Expr::Input(i) => xs[*i],
            Expr::Add(x, y) => x.value(xs) + y.value(xs),
            Expr::Mul(x, y) => x.value(xs) * y.value(xs),
            Expr::Tanh(x) => x.value(xs).tanh(),
            Expr::Relu(x) => x.value(xs).max(0.0),
        }
    }

    /// Reverse mode on the tree: hand `upstream` (d result / d self) down to the inputs.
    fn backprop(&self, xs: &[f64], upstream: f64, rules: Rules, grads: &mut [f64]) {
        let chain = |local: f64| {
            if rules == Rules::NoChainRule {
                local
            } else {
                local * upstream
            }
        };
        match self {
            Expr::Input(i) => grads[*i] += upstream,
            Expr::Add(x, y) => {
                x.backprop(xs, chain(1.0), rules, grads);
                y.backprop(xs, chain(1.0), rules, grads);
            }
            Expr::Mul(x, y) => {
                let (vx, vy) = (x.value(xs), y.value(xs));
                let (for_x, for_y) = if rules == Rules::MulOwnValue {
                    (vx, vy)
                } else {
                    (vy, vx)
                };
                x.backprop(xs, chain(for_x), rules, grads);
                y.backprop(xs, chain(for_y), rules, grads);
            }
            Expr::Tanh(x) => {
                let (a, t) = (x.value(xs), x.value(xs).tanh());
                let local = match rules {
                    Rules::TanhOfInput => 1.0 - a * a,
                    Rules::TanhNoSquare => 1.0 - t,
                    _ => 1.0 - t * t,
                };
                x.backprop(xs, chain(local), rules, grads);
            }
            Expr::Relu(x) => {
                let passes = rules == Rules::ReluAlwaysPasses || x.value(xs) > 0.0;
                x.backprop(xs, chain(if passes { 1.0 } else { 0.0 }), rules, grads);
            }
        }
    }

    fn gradients(&self, xs: &[f64], rules: Rules) -> Vec<f64> {
        let mut grads = vec![0.0; xs.len()];
        self.backprop(xs, 1.0, rules, &mut grads);
        grads
    }

    /// `tanh(a·b + c)`, written the way people write maths.
    fn text(&self) -> String {
        match self {
            Expr::Input(i) => NAMES[*i].to_string(),
            Expr::Add(x, y) => format!("{} + {}", x.text(), y.text()),
            Expr::Mul(x, y) => format!("{}·{}", x.factor_text(), y.factor_text()),
            Expr::Tanh(x) => format!("tanh({})", x.text()),
            Expr::Relu(x) => format!("relu({})", x.text()),
        }
    }

    fn factor_text(&self) -> String {
        match self {
            Expr::Add(..) => format!("({})", self.text()),
            _ => self.text(),
        }
    }
}

/// One graph to differentiate, and what to say when only it fails.
#[derive(Debug, Clone)]
struct GraphCase {
    expr: Expr,
    inputs: Vec<f64>,
    hint: &'static str,
}

impl GraphCase {
    fn describe(&self) -> String {
        let values: Vec<String> = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, x)| format!("{} = {}", NAMES[i], number(*x)))
            .collect();
        format!("{} with {}", self.expr.text(), values.join(", "))
    }
}

/// What the learner's engine (or function) computed: the value and the inputs' gradients.
#[derive(Debug, Clone)]
struct Outcome {
    data: f64,
    grads: Vec<f64>,
}

fn graph_cases() -> Vec<GraphCase> {
    let (a, b, c, d) = (input(0), input(1), input(2), input(3));
    vec![
        GraphCase {
            expr: add(a.clone(), b.clone()),
            inputs: vec![2.0, -3.0],
            hint: "a sum passes the output's gradient unchanged to both inputs",
        },
        GraphCase {
            expr: mul(a.clone(), b.clone()),
            inputs: vec![2.0, -3.0],
            hint: "each input of a product gets the *other* input's number times the output's gradient",
        },
        GraphCase {
            expr: tanh(a.clone()),
            inputs: vec![0.5],
            hint: "the derivative of tanh is 1 - t², with t = tanh(a) the output's number",
        },
        GraphCase {
            expr: relu(a.clone()),
            inputs: vec![2.0],
            hint: "relu passes the output's gradient on where its input was positive",
        },
        GraphCase {
            expr: relu(a.clone()),
            inputs: vec![-1.5],
            hint: "relu passes nothing back where its input was negative: its output is flat there",
        },
        GraphCase {
            expr: add(mul(a.clone(), a.clone()), a.clone()),
            inputs: vec![3.0],
            hint: "a is used three times here: its gradient must add up the share of every use (add_grad adds; never overwrite grad)",
        },
        GraphCase {
            expr: mul(tanh(add(mul(a.clone(), b.clone()), c.clone())), d),
            inputs: vec![0.5, -1.2, 0.3, 2.0],
            hint: "deep inside a graph, each rule must multiply its local derivative by the output's gradient (the chain rule)",
        },
        GraphCase {
            expr: add(relu(add(mul(a.clone(), b), mul(c.clone(), c))), tanh(a)),
            inputs: vec![1.5, -0.4, 1.1],
            hint: "check each rule again on a mixed graph",
        },
    ]
}

/// `math/value-backward`.
pub const VALUE_BACKWARD: &str = "math/value-backward";

/// The learner's `Value` engine, given by its constructor: `check!(math::value_backward, Value::from)`.
pub fn value_backward<V, F>(grader: &Grader, new: F) -> Report
where
    V: Autodiff,
    F: Fn(f64) -> V + Send + 'static,
{
    let evaluate = move |case: &GraphCase| {
        let inputs: Vec<V> = case.inputs.iter().map(|&x| new(x)).collect();
        let output = case.expr.build(&inputs);
        output.backward();
        Outcome {
            data: output.data(),
            grads: inputs.iter().map(Autodiff::grad).collect(),
        }
    };
    value_backward_boxed(grader, Box::new(evaluate))
}

/// Builds one graph with the learner's values and runs their `backward`.
type EvaluateGraph = dyn Fn(&GraphCase) -> Outcome + Send;

/// The body of [`value_backward`], compiled once here rather than in every learner's crate.
fn value_backward_boxed(grader: &Grader, evaluate: Box<EvaluateGraph>) -> Report {
    let cases = graph_cases();
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        GraphCase::describe,
        move |c| evaluate(c),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let value = case.expr.value(&case.inputs);
        if !GRAD_TOLERANCE.close(value, got.data) {
            let message = format!(
                "for input {} expected the value {}, got {}: the forward pass (add, mul, tanh, relu) must compute the numbers as before",
                case.describe(),
                number(value),
                number(got.data)
            );
            return Report::new(VALUE_BACKWARD, Verdict::Incorrect { message });
        }
        let expected = case.expr.gradients(&case.inputs, Rules::Right);
        if !all_close(&expected, &got.grads) {
            let verdict = incorrect(
                &case.describe(),
                &format!("gradients {}", named(&expected)),
                &named(&got.grads),
                Some(backward_mistake(case, &got.grads)),
            );
            return Report::new(VALUE_BACKWARD, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(VALUE_BACKWARD, verdict);
    }
    Report::new(
        VALUE_BACKWARD,
        Verdict::Passed {
            summary: "8 graphs: each rule alone, a value used three times, and two deep graphs"
                .into(),
        },
    )
}

/// `[a: 1, b: -3]`.
fn named(grads: &[f64]) -> String {
    let parts: Vec<String> = grads
        .iter()
        .enumerate()
        .map(|(i, g)| format!("{}: {}", NAMES.get(i).unwrap_or(&"?"), number(*g)))
        .collect();
    format!("[{}]", parts.join(", "))
}

fn backward_mistake(case: &GraphCase, got: &[f64]) -> String {
    let mistakes = [
        (Rules::MulOwnValue, known_mistake("looks like a product gives each input its *own* number times the gradient; it is the other input's: a gets b·grad, b gets a·grad")),
        (Rules::TanhOfInput, known_mistake("looks like tanh's derivative was computed from its input (1 - a²); it is 1 - t² where t = tanh(a) is the output's number (`out`)")),
        (Rules::TanhNoSquare, known_mistake("looks like tanh's derivative is 1 - t; it is 1 - t², with t the output's number")),
        (Rules::ReluAlwaysPasses, known_mistake("relu passed the gradient back for a negative input; pass it only where the output is positive")),
        (Rules::NoChainRule, known_mistake("looks like the local derivatives are not multiplied by the output's gradient `grad` (the chain rule)")),
    ];
    mistakes
        .iter()
        .find(|(rules, _)| all_close(&case.expr.gradients(&case.inputs, *rules), got))
        .map_or(case.hint.to_string(), |(_, text)| text.clone())
}

// ---------------------------------------------------------------------------------

/// The value of a learner's function on tracked inputs and the gradients of its inputs.
fn value_and_grads(output: &Dual, inputs: &[Dual]) -> Outcome {
    output.backward();
    Outcome {
        data: output.data(),
        grads: inputs.iter().map(Autodiff::grad).collect(),
    }
}

// ---------------------------------------------------------------------------------

/// `math/neuron`.
pub const NEURON: &str = "math/neuron";

/// One neuron's weights, bias and inputs.
#[derive(Debug, Clone)]
struct NeuronCase {
    weights: Vec<f64>,
    bias: f64,
    inputs: Vec<f64>,
}

impl NeuronCase {
    fn describe(&self) -> String {
        format!(
            "weights = {}, bias = {}, inputs = {}",
            list(&self.weights),
            number(self.bias),
            list(&self.inputs)
        )
    }

    fn sum(&self) -> f64 {
        self.weights
            .iter()
            .zip(&self.inputs)
            .map(|(w, x)| w * x)
            .sum::<f64>()
            + self.bias
    }

    /// Value and gradients (weights, then bias, then inputs) of `squash(sum)`.
    fn expected(&self, squash: fn(f64) -> (f64, f64), with_bias: bool) -> Outcome {
        let sum = if with_bias {
            self.sum()
        } else {
            self.sum() - self.bias
        };
        let (data, slope) = squash(sum);
        let mut grads: Vec<f64> = self.inputs.iter().map(|x| slope * x).collect();
        grads.push(if with_bias { slope } else { 0.0 });
        grads.extend(self.weights.iter().map(|w| slope * w));
        Outcome { data, grads }
    }
}

fn tanh_with_slope(s: f64) -> (f64, f64) {
    let t = s.tanh();
    (t, 1.0 - t * t)
}

/// `fn neuron<V: Autodiff>(weights: &[V], bias: &V, inputs: &[V]) -> V`: tanh(w·x + b).
pub fn neuron<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[Dual], &Dual, &[Dual]) -> Dual + Send + 'static,
{
    neuron_boxed(grader, Box::new(learner))
}

/// The learner's neuron, called with the grader's [`Dual`] numbers.
type NeuronFn = dyn Fn(&[Dual], &Dual, &[Dual]) -> Dual + Send;

/// The body of [`neuron`], compiled once here rather than in every learner's crate.
fn neuron_boxed(grader: &Grader, learner: Box<NeuronFn>) -> Report {
    let mut rng = grader.rng(17);
    let random: Vec<f64> = super::random_vec(&mut rng, 8)
        .into_iter()
        .map(|v| v / 10.0)
        .collect();
    let cases = vec![
        // A negative sum (-0.5) first, where a relu and a missing tanh disagree.
        NeuronCase {
            weights: vec![0.5, -1.0],
            bias: -0.25,
            inputs: vec![1.0, 0.75],
        },
        NeuronCase {
            weights: vec![2.0],
            bias: -1.0,
            inputs: vec![-0.3],
        },
        NeuronCase {
            weights: random[..4].to_vec(),
            bias: 0.1,
            inputs: random[4..].to_vec(),
        },
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        NeuronCase::describe,
        move |c| {
            let tracked: Vec<f64> = c
                .weights
                .iter()
                .chain([&c.bias])
                .chain(&c.inputs)
                .copied()
                .collect();
            let all = Dual::inputs(&tracked);
            let n = c.weights.len();
            let output = learner(&all[..n], &all[n], &all[n + 1..]);
            value_and_grads(&output, &all)
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let expected = case.expected(tanh_with_slope, true);
        let right =
            GRAD_TOLERANCE.close(expected.data, got.data) && all_close(&expected.grads, &got.grads);
        if !right {
            let verdict = incorrect(
                &case.describe(),
                &format!("the value {}", number(expected.data)),
                &number(got.data),
                Some(neuron_mistake(case, &expected, &got)),
            );
            return Report::new(NEURON, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(NEURON, verdict);
    }
    Report::new(
        NEURON,
        Verdict::Passed {
            summary: "3 neurons of 1 to 4 inputs: value and the gradient of every weight, the bias and every input".into(),
        },
    )
}

fn neuron_mistake(case: &NeuronCase, expected: &Outcome, got: &Outcome) -> String {
    let matches = |o: Outcome| GRAD_TOLERANCE.close(o.data, got.data);
    if GRAD_TOLERANCE.close(expected.data, got.data) {
        if got.grads.iter().all(|g| *g == 0.0) {
            known_mistake("the value is right but no gradient reaches the weights: build the neuron from the values' mul, add and tanh, not from their f64 numbers wrapped in V::from")
        } else {
            format!(
                "the value is right but the gradients are not: expected {} (weights, bias, inputs), got {}",
                list(&expected.grads),
                list(&got.grads)
            )
        }
    } else if matches(case.expected(|s| (s, 1.0), true)) {
        known_mistake(
            "looks like the tanh is missing: a neuron squashes its weighted sum with tanh",
        )
    } else if matches(case.expected(tanh_with_slope, false)) {
        known_mistake("looks like the bias is missing: add it to the weighted sum before the tanh")
    } else if matches(case.expected(|s| (s.max(0.0), f64::from(u8::from(s > 0.0))), true)) {
        known_mistake("that is a relu neuron; this one uses tanh")
    } else if close_to(
        got.data,
        case.weights
            .iter()
            .zip(&case.inputs)
            .map(|(w, x)| (w * x).tanh())
            .sum::<f64>()
            + case.bias,
    ) {
        known_mistake("looks like tanh was applied to each product; add up w·x and the bias first, then apply tanh once")
    } else {
        "compute tanh(w₀·x₀ + w₁·x₁ + … + b)".into()
    }
}

// ---------------------------------------------------------------------------------

/// `math/hinge-loss`.
pub const HINGE_LOSS: &str = "math/hinge-loss";

/// Scores and labels for one loss.
#[derive(Debug, Clone)]
struct HingeCase {
    scores: Vec<f64>,
    labels: Vec<f64>,
}

impl HingeCase {
    fn describe(&self) -> String {
        format!(
            "scores = {}, labels = {}",
            list(&self.scores),
            list(&self.labels)
        )
    }

    /// `mean(relu(margin − y·s))` (or its sum), with its gradient.
    fn loss(&self, margin: f64, sign: f64, mean: bool, clip: bool) -> Outcome {
        let scale = if mean {
            1.0 / self.scores.len() as f64
        } else {
            1.0
        };
        let mut data = 0.0;
        let mut grads = Vec::new();
        for (s, y) in self.scores.iter().zip(&self.labels) {
            let term = margin - sign * y * s;
            let active = !clip || term > 0.0;
            data += if active { term * scale } else { 0.0 };
            grads.push(if active { -sign * y * scale } else { 0.0 });
        }
        Outcome { data, grads }
    }
}

/// `fn hinge_loss<V: Autodiff>(scores: &[V], labels: &[f64]) -> V`: mean(relu(1 − yᵢ·sᵢ)).
pub fn hinge_loss<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[Dual], &[f64]) -> Dual + Send + 'static,
{
    hinge_loss_boxed(grader, Box::new(learner))
}

/// The learner's loss, called with the grader's [`Dual`] numbers.
type HingeLossFn = dyn Fn(&[Dual], &[f64]) -> Dual + Send;

/// The body of [`hinge_loss`], compiled once here rather than in every learner's crate.
fn hinge_loss_boxed(grader: &Grader, learner: Box<HingeLossFn>) -> Report {
    let cases = vec![
        // Right with room, right but inside the margin, and wrong.
        HingeCase {
            scores: vec![2.0, 0.5, -0.3],
            labels: vec![1.0, 1.0, 1.0],
        },
        HingeCase {
            scores: vec![-1.5, 0.2, 0.7, -0.4],
            labels: vec![-1.0, -1.0, 1.0, 1.0],
        },
        HingeCase {
            scores: vec![3.0],
            labels: vec![-1.0],
        },
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        HingeCase::describe,
        move |c| {
            let scores = Dual::inputs(&c.scores);
            let output = learner(&scores, &c.labels);
            value_and_grads(&output, &scores)
        },
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let expected = case.loss(1.0, 1.0, true, true);
        let right =
            GRAD_TOLERANCE.close(expected.data, got.data) && all_close(&expected.grads, &got.grads);
        if !right {
            let verdict = incorrect(
                &case.describe(),
                &format!(
                    "the loss {} with gradients {}",
                    number(expected.data),
                    list(&expected.grads)
                ),
                &format!("{} with gradients {}", number(got.data), list(&got.grads)),
                Some(hinge_mistake(case, &expected, &got)),
            );
            return Report::new(HINGE_LOSS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(HINGE_LOSS, verdict);
    }
    Report::new(
        HINGE_LOSS,
        Verdict::Passed {
            summary: "3 batches mixing examples beyond the margin, inside it and misclassified"
                .into(),
        },
    )
}

fn hinge_mistake(case: &HingeCase, expected: &Outcome, got: &Outcome) -> String {
    let matches = |o: Outcome| GRAD_TOLERANCE.close(o.data, got.data);
    if GRAD_TOLERANCE.close(expected.data, got.data) {
        if got.grads.iter().all(|g| *g == 0.0) {
            known_mistake("the value is right but no gradient reaches the scores: build the loss from the scores' mul, add and relu, not from their f64 numbers")
        } else {
            "the value is right but the gradients are not".into()
        }
    } else if matches(case.loss(1.0, 1.0, false, true)) {
        known_mistake(format!(
            "that is the sum; the loss is the mean: multiply by 1/{}",
            case.scores.len()
        ))
    } else if matches(case.loss(1.0, -1.0, true, true)) {
        known_mistake("the sign is flipped: the margin term is 1 - y·s (a right, confident score makes it negative)")
    } else if matches(case.loss(1.0, 1.0, true, false)) {
        known_mistake("looks like the relu is missing: examples beyond the margin (y·s > 1) must cost 0, not a negative amount")
    } else if matches(case.loss(0.0, 1.0, true, true)) {
        known_mistake("the margin of 1 is missing: relu(1 - y·s), not relu(-y·s)")
    } else {
        "compute the mean over the examples of relu(1 - yᵢ·sᵢ)".into()
    }
}
