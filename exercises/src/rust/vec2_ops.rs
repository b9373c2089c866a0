//! Exercise `rust/vec2-ops`: a small 2-D vector type that works with `+`, `-`, `*` and `{}`.

use std::fmt;
use std::ops::{Add, Mul, Sub};

/// A point or direction in the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vec2 {
    pub x: f64,
    pub y: f64,
}

impl Vec2 {
    /// The vector (x, y).
    pub fn new(x: f64, y: f64) -> Vec2 {
        Vec2 { x, y }
    }
}

/// `a + b`: component by component.
impl Add for Vec2 {
    type Output = Vec2;

    fn add(self, other: Vec2) -> Vec2 {
        todo!()
    }
}

/// `a - b`: component by component (the arrow from b to a).
impl Sub for Vec2 {
    type Output = Vec2;

    fn sub(self, other: Vec2) -> Vec2 {
        todo!()
    }
}

/// `a * k`: both components times the number k.
impl Mul<f64> for Vec2 {
    type Output = Vec2;

    fn mul(self, k: f64) -> Vec2 {
        todo!()
    }
}

/// `format!("{v}")` gives `(x, y)`, each number as `{}` prints an `f64`: `(1.5, -2)`.
impl fmt::Display for Vec2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}
