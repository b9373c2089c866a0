//! Wrong answers to stage 0 (Rust) lesson 3, traits and generics
//! (notebooks/00-rust/03-traits-and-generics.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use std::fmt;
use std::ops::{Add, Mul, Range, Sub};

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "rust/vec2-ops",
            what: "Display prints the Debug form",
            grade: |g| {
                checks::rust::vec2_ops(g, |x, y| V {
                    x,
                    y,
                    bug: Bug::DebugText,
                })
            },
            says: "that is the Debug form",
        },
        Wrong {
            id: "rust/vec2-ops",
            what: "subtracts the wrong way round",
            grade: |g| {
                checks::rust::vec2_ops(g, |x, y| V {
                    x,
                    y,
                    bug: Bug::SubBackwards,
                })
            },
            says: "the subtraction is backwards",
        },
        Wrong {
            id: "rust/vec2-ops",
            what: "adds where it should subtract",
            grade: |g| {
                checks::rust::vec2_ops(g, |x, y| V {
                    x,
                    y,
                    bug: Bug::SubAdds,
                })
            },
            says: "`-` added the vectors",
        },
        Wrong {
            id: "rust/vec2-ops",
            what: "scales only x",
            grade: |g| {
                checks::rust::vec2_ops(g, |x, y| V {
                    x,
                    y,
                    bug: Bug::ScaleX,
                })
            },
            says: "only one component was multiplied",
        },
        Wrong {
            id: "rust/vec2-ops",
            what: "adds x to y",
            grade: |g| {
                checks::rust::vec2_ops(g, |x, y| V {
                    x,
                    y,
                    bug: Bug::AddCrossed,
                })
            },
            says: "x was added to y",
        },
        Wrong {
            id: "rust/argmax",
            what: ">= keeps the last maximum",
            grade: |g| checks::rust::argmax(g, |v| best_index(v, |a, b| a >= b)),
            says: "the last of the equal maxima",
        },
        Wrong {
            id: "rust/argmax",
            what: "finds the smallest",
            grade: |g| checks::rust::argmax(g, |v| best_index(v, |a, b| a < b)),
            says: "the smallest value's index",
        },
        Wrong {
            id: "rust/argmax",
            what: "answers Some(0) for an empty slice",
            grade: |g| checks::rust::argmax(g, |v: &[f64]| best_index(v, |a, b| a > b).or(Some(0))),
            says: "an empty slice has no largest value",
        },
        Wrong {
            id: "rust/argmax",
            what: "compares with the first value, not the best so far",
            grade: |g| checks::rust::argmax(g, argmax_against_first),
            says: "the last value larger than the first",
        },
        Wrong {
            id: "rust/batches",
            what: "drops the last, shorter batch",
            grade: |g| {
                checks::rust::batches(g, |n, size| B {
                    n,
                    size,
                    start: 0,
                    bug: BatchBug::DropLast,
                })
            },
            says: "the last, shorter batch is missing",
        },
        Wrong {
            id: "rust/batches",
            what: "yields an empty batch at the end",
            grade: |g| {
                checks::rust::batches(g, |n, size| B {
                    n,
                    size,
                    start: 0,
                    bug: BatchBug::EmptyLast,
                })
            },
            says: "an empty batch came last",
        },
        Wrong {
            id: "rust/batches",
            what: "last batch not capped at n",
            grade: |g| {
                checks::rust::batches(g, |n, size| B {
                    n,
                    size,
                    start: 0,
                    bug: BatchBug::Uncapped,
                })
            },
            says: "a batch runs past the last sample",
        },
        Wrong {
            id: "rust/batches",
            what: "never returns None",
            grade: |g| {
                checks::rust::batches(g, |n, size| B {
                    n,
                    size,
                    start: 0,
                    bug: BatchBug::Endless,
                })
            },
            says: "your iterator never ends",
        },
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Bug {
    DebugText,
    SubBackwards,
    SubAdds,
    ScaleX,
    AddCrossed,
}

/// A Vec2 with one mistake in it.
#[derive(Debug, Clone, Copy)]
struct V {
    x: f64,
    y: f64,
    bug: Bug,
}

impl Add for V {
    type Output = V;
    fn add(self, o: V) -> V {
        if self.bug == Bug::AddCrossed {
            V {
                x: self.x + self.y,
                y: o.x + o.y,
                ..self
            }
        } else {
            V {
                x: self.x + o.x,
                y: self.y + o.y,
                ..self
            }
        }
    }
}

impl Sub for V {
    type Output = V;
    fn sub(self, o: V) -> V {
        if self.bug == Bug::SubBackwards {
            V {
                x: o.x - self.x,
                y: o.y - self.y,
                ..self
            }
        } else if self.bug == Bug::SubAdds {
            self + o
        } else {
            V {
                x: self.x - o.x,
                y: self.y - o.y,
                ..self
            }
        }
    }
}

impl Mul<f64> for V {
    type Output = V;
    fn mul(self, k: f64) -> V {
        let y = if self.bug == Bug::ScaleX {
            self.y
        } else {
            self.y * k
        };
        V {
            x: self.x * k,
            y,
            ..self
        }
    }
}

impl fmt::Display for V {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bug == Bug::DebugText {
            write!(f, "Vec2 {{ x: {}, y: {} }}", self.x, self.y)
        } else {
            write!(f, "({}, {})", self.x, self.y)
        }
    }
}

fn best_index(values: &[f64], better: fn(f64, f64) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, v) in values.iter().enumerate() {
        if best.is_none_or(|b| better(*v, values[b])) {
            best = Some(i);
        }
    }
    best
}

fn argmax_against_first(values: &[f64]) -> Option<usize> {
    let first = *values.first()?;
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if *v > first {
            best = i;
        }
    }
    Some(best)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum BatchBug {
    DropLast,
    EmptyLast,
    Uncapped,
    Endless,
}

/// Batches with one mistake in them.
struct B {
    n: usize,
    size: usize,
    start: usize,
    bug: BatchBug,
}

impl Iterator for B {
    type Item = Range<usize>;
    fn next(&mut self) -> Option<Range<usize>> {
        let end = self.start + self.size;
        let done = match self.bug {
            BatchBug::DropLast => end > self.n,
            BatchBug::EmptyLast => self.start > self.n,
            BatchBug::Uncapped => self.start >= self.n,
            BatchBug::Endless => false,
        };
        if done {
            return None;
        }
        let batch = match self.bug {
            BatchBug::Uncapped => self.start..end,
            _ => self.start..end.min(self.n),
        };
        self.start = end;
        Some(batch)
    }
}
