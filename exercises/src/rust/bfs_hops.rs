//! Exercise `rust/bfs-hops`: breadth-first search, the fewest flights between two airports.

use std::collections::VecDeque;

/// The fewest flights needed to travel from airport `from` to airport `to`, or `None`
/// when no sequence of flights gets there.
///
/// `routes[a]` lists the airports that have a direct flight *from* `a` (airports are
/// numbered `0..routes.len()`; a route is one-way). A trip from an airport to itself takes
/// `Some(0)` flights; a direct flight is `Some(1)`. Count flights (edges), not airports.
///
/// Example: with `routes = [vec![1, 2], vec![3], vec![3], vec![]]`, `fewest_flights(&routes, 0, 3)`
/// is `Some(2)` (0 → 1 → 3) and `fewest_flights(&routes, 3, 0)` is `None`.
///
/// Use breadth-first search: a queue (`VecDeque`) visits airports in order of their
/// distance from `from`, so the first time `to` is reached is by the fewest flights.
pub fn fewest_flights(routes: &[Vec<usize>], from: usize, to: usize) -> Option<usize> {
    todo!()
}
