//! Exercise `rust/dijkstra`: the shortest route by distance, with a priority queue.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The length in kilometres of the shortest route from airport `from` to airport `to`,
/// or `None` when `to` cannot be reached.
///
/// `routes[a]` lists `(b, km)` for every direct flight from `a` to `b` of `km` kilometres
/// (airports are numbered `0..routes.len()`; a route is one-way; distances are whole
/// kilometres, so they can go in a `BinaryHeap`). The route from an airport to itself
/// is `Some(0)`.
///
/// Example: with `routes = [vec![(1, 100), (2, 500)], vec![(2, 150)], vec![]]`,
/// `shortest_km(&routes, 0, 2)` is `Some(250)` (0 → 1 → 2 beats the direct 500 km).
///
/// Use Dijkstra's algorithm: a min-heap (`BinaryHeap` of `Reverse((km, airport))`) hands
/// out the closest airport not yet settled; a distance is final only when its airport
/// comes *out* of the heap.
pub fn shortest_km(routes: &[Vec<(usize, u64)>], from: usize, to: usize) -> Option<u64> {
    // BEGIN SOLUTION
    let mut best: Vec<Option<u64>> = vec![None; routes.len()];
    best[from] = Some(0);
    let mut heap = BinaryHeap::from([Reverse((0, from))]);
    while let Some(Reverse((km, airport))) = heap.pop() {
        if airport == to {
            return Some(km);
        }
        for &(next, leg) in &routes[airport] {
            let through = km + leg;
            if best[next].is_none_or(|b| through < b) {
                best[next] = Some(through);
                heap.push(Reverse((through, next)));
            }
        }
    }
    None
    // END SOLUTION
}
