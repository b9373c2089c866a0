//! Lesson 3, traits and generics (notebooks/00-rust/03-traits-and-generics.ipynb): a
//! `Vec2` that works with `+`, `-`, `*` and `{}`, an argmax generic over any comparable
//! type, and an `Iterator` of mini-batch ranges.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, number};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use std::fmt::Display;
use std::ops::{Add, Mul, Range, Sub};

// ---------------------------------------------------------------------------------

/// `rust/vec2-ops`.
pub const VEC2_OPS: &str = "rust/vec2-ops";

/// One operation the check asks of the learner's `Vec2`.
#[derive(Debug, Clone, Copy)]
enum Op {
    Show(f64, f64),
    Add([f64; 4]),
    Sub([f64; 4]),
    Scale(f64, f64, f64),
}

impl Op {
    fn describe(&self) -> String {
        let v = |x: f64, y: f64| format!("Vec2::new({}, {})", number(x), number(y));
        match *self {
            Op::Show(x, y) => format!("format!(\"{{}}\", {})", v(x, y)),
            Op::Add([a, b, c, d]) => format!("{} + {}", v(a, b), v(c, d)),
            Op::Sub([a, b, c, d]) => format!("{} - {}", v(a, b), v(c, d)),
            Op::Scale(x, y, k) => format!("{} * {}", v(x, y), number(k)),
        }
    }

    /// What `{}` must print for the result: both numbers as Rust's `{}` prints an `f64`.
    fn expected(&self) -> String {
        let (x, y) = match *self {
            Op::Show(x, y) => (x, y),
            Op::Add([a, b, c, d]) => (a + c, b + d),
            Op::Sub([a, b, c, d]) => (a - c, b - d),
            Op::Scale(x, y, k) => (k * x, k * y),
        };
        let mut text = String::from("(");
        text += &x.to_string();
        text += ", ";
        text += &y.to_string();
        text + ")"
    }
}

/// `Vec2` with `Add`, `Sub`, `Mul<f64>` and `Display`; the check is given `Vec2::new`.
pub fn vec2_ops<F, V>(grader: &Grader, new: F) -> Report
where
    F: Fn(f64, f64) -> V + Send + 'static,
    V: Add<Output = V> + Sub<Output = V> + Mul<f64, Output = V> + Display + Copy,
{
    let apply = move |op: &Op| -> String {
        match *op {
            Op::Show(x, y) => new(x, y).to_string(),
            Op::Add([a, b, c, d]) => (new(a, b) + new(c, d)).to_string(),
            Op::Sub([a, b, c, d]) => (new(a, b) - new(c, d)).to_string(),
            Op::Scale(x, y, k) => (new(x, y) * k).to_string(),
        }
    };
    vec2_ops_boxed(grader, Box::new(apply))
}

/// The learner's type behind one function from an operation to what `{}` prints.
type Vec2Fn = dyn Fn(&Op) -> String + Send;

fn vec2_ops_boxed(grader: &Grader, apply: Box<Vec2Fn>) -> Report {
    let mut rng = grader.rng(107);
    let mut random = || f64::from(rng.gen_range(-20..20)) / 4.0;
    let cases = vec![
        Op::Show(1.5, -2.0),
        Op::Add([1.0, 2.0, 10.0, 20.0]),
        Op::Sub([5.0, 3.0, 1.0, 1.0]),
        Op::Sub([0.5, -1.0, 2.0, 4.0]),
        Op::Scale(3.0, -4.0, 0.5),
        Op::Scale(2.0, 1.0, -3.0),
        Op::Add([random(), random(), random(), random()]),
        Op::Sub([random(), random(), random(), random()]),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        Op::describe,
        move |op: &Op| apply(op),
    );
    for (op, got) in cases.iter().zip(run.outputs) {
        let expected = op.expected();
        if got != expected {
            let verdict = incorrect(&op.describe(), &expected, &got, vec2_mistake(op, &got));
            return Report::new(VEC2_OPS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(VEC2_OPS, verdict);
    }
    Report::new(
        VEC2_OPS,
        Verdict::Passed {
            summary: "8 expressions with +, -, * k and {}".into(),
        },
    )
}

fn vec2_mistake(op: &Op, got: &str) -> Option<String> {
    let pair = |x: f64, y: f64| format!("({x}, {y})");
    if got.contains('{') || got.contains("x:") || got.starts_with("Vec2") {
        return Some(known_mistake(
            "that is the Debug form; Display must print just \"(x, y)\": `write!(f, \"({}, {})\", self.x, self.y)`",
        ));
    }
    match *op {
        Op::Sub([a, b, c, d]) if got == pair(c - a, d - b) => Some(known_mistake(
            "the subtraction is backwards: `a - b` is self - other, component by component",
        )),
        Op::Sub([a, b, c, d]) if got == pair(a + c, b + d) => Some(known_mistake(
            "`-` added the vectors: subtract the components",
        )),
        Op::Scale(x, y, k) if got == pair(k * x, y) || got == pair(x, k * y) => Some(
            known_mistake("only one component was multiplied: `* k` scales both x and y"),
        ),
        Op::Add([a, b, c, d]) if got == pair(a + b, c + d) => Some(known_mistake(
            "x was added to y: add x to x (self.x + other.x) and y to y",
        )),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------

/// `rust/argmax`.
pub const ARGMAX: &str = "rust/argmax";

/// `fn argmax<T: PartialOrd>(values: &[T]) -> Option<usize>`, graded at `T = f64`.
pub fn argmax<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64]) -> Option<usize> + Send + 'static,
{
    argmax_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ArgmaxFn = dyn Fn(&[f64]) -> Option<usize> + Send;

fn argmax_boxed(grader: &Grader, learner: Box<ArgmaxFn>) -> Report {
    let mut rng = grader.rng(108);
    let random: Vec<f64> = (0..100).map(|_| rng.gen_range(-1.0..1.0)).collect();
    let cases = vec![
        vec![0.1, 0.7, 0.2],
        vec![3.0, 9.0, 2.0, 9.0, 1.0],
        vec![-4.0, -1.5, -8.0],
        vec![5.0],
        vec![2.0, 2.0, 2.0],
        vec![],
        random,
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        |values: &Vec<f64>| format!("values = {}", list(values)),
        move |values: &Vec<f64>| learner(values),
    );
    for (values, got) in cases.iter().zip(run.outputs) {
        let largest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let expected = values.iter().position(|v| *v == largest);
        if got != expected {
            let verdict = incorrect(
                &format!("values = {}", list(values)),
                &format!("{expected:?}"),
                &format!("{got:?}"),
                argmax_mistake(values, got),
            );
            return Report::new(ARGMAX, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(ARGMAX, verdict);
    }
    Report::new(
        ARGMAX,
        Verdict::Passed {
            summary: "7 slices: ties, negatives, one value, empty".into(),
        },
    )
}

fn argmax_mistake(values: &[f64], got: Option<usize>) -> Option<String> {
    let largest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let smallest = values.iter().copied().fold(f64::INFINITY, f64::min);
    let last = values.iter().rposition(|v| *v == largest);
    let argmin = values.iter().position(|v| *v == smallest);
    if values.is_empty() {
        Some(known_mistake(
            "an empty slice has no largest value: return None",
        ))
    } else if got == last {
        Some(known_mistake("that is the last of the equal maxima; return the first (replace the best only when a value is strictly greater: `>`, not `>=`)"))
    } else if got == argmin {
        Some(known_mistake(
            "that is the smallest value's index: compare with `>` to find the largest",
        ))
    } else if values.len() > 1 && got == values.iter().rposition(|v| *v > values[0]) {
        Some(known_mistake("that is the last value larger than the first: compare every value with the best so far (`values[best]`), not with the first"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `rust/batches`.
pub const BATCHES: &str = "rust/batches";

/// At most this many batches are read from the learner's iterator, so one that never
/// ends is caught before the time limit.
const MOST_BATCHES: usize = 10_000;

/// `Batches`, an `Iterator<Item = Range<usize>>`; the check is given `Batches::new`.
pub fn batches<F, I>(grader: &Grader, new: F) -> Report
where
    F: Fn(usize, usize) -> I + Send + 'static,
    I: Iterator<Item = Range<usize>>,
{
    let collect = move |n: usize, size: usize| -> Vec<Range<usize>> {
        new(n, size).take(MOST_BATCHES).collect()
    };
    batches_boxed(grader, Box::new(collect))
}

/// The learner's iterator, collected: (n, size) → the batches it yields.
type BatchesFn = dyn Fn(usize, usize) -> Vec<Range<usize>> + Send;

fn batches_boxed(grader: &Grader, collect: Box<BatchesFn>) -> Report {
    let mut rng = grader.rng(109);
    let cases = vec![
        (10, 4),
        (12, 4),
        (3, 5),
        (5, 1),
        (0, 3),
        (7, 7),
        (rng.gen_range(100..200), rng.gen_range(8..33)),
    ];
    let describe = |(n, size): &(usize, usize)| format!("Batches::new({n}, {size})");
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(n, size): &(usize, usize)| collect(*n, *size),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (n, size) = *case;
        let expected: Vec<Range<usize>> = (0..n.div_ceil(size))
            .map(|b| b * size..n.min((b + 1) * size))
            .collect();
        if got != expected {
            let verdict = incorrect(
                &describe(case),
                &ranges(&expected),
                &ranges(&got),
                batches_mistake(n, size, &expected, &got),
            );
            return Report::new(BATCHES, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(BATCHES, verdict);
    }
    Report::new(
        BATCHES,
        Verdict::Passed {
            summary: "7 datasets: a short last batch, exact fits, fewer samples than a batch, none"
                .into(),
        },
    )
}

fn ranges(batches: &[Range<usize>]) -> String {
    let shown: Vec<String> = batches.iter().take(6).map(|r| format!("{r:?}")).collect();
    if batches.len() > 6 {
        format!("[{}, … {} batches in all]", shown.join(", "), batches.len())
    } else {
        format!("[{}]", shown.join(", "))
    }
}

fn batches_mistake(
    n: usize,
    size: usize,
    expected: &[Range<usize>],
    got: &[Range<usize>],
) -> Option<String> {
    if got.len() == MOST_BATCHES {
        Some(known_mistake(
            "your iterator never ends: return None once every sample has been handed out",
        ))
    } else if got.len() + 1 == expected.len()
        && expected.starts_with(got)
        && !n.is_multiple_of(size)
    {
        Some(known_mistake(
            "the last, shorter batch is missing: end it at n (`.min(self.n)`) instead of dropping it",
        ))
    } else if got.len() == expected.len() + 1 && got.starts_with(expected) {
        Some(known_mistake(
            "an empty batch came last: stop when start has reached n (`start >= n`), not after",
        ))
    } else if got.iter().any(|r| r.end > n) {
        Some(known_mistake(
            "a batch runs past the last sample: cap its end at n",
        ))
    } else {
        None
    }
}
