//! Wrong answers to stage 0 (Rust) lesson 4, algorithms and complexity (notebooks/00-rust/04-algorithms-and-complexity.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "rust/binary-search",
            what: "returns the first match it meets",
            grade: |g| checks::rust::binary_search(g, lower_bound_any_match),
            says: "for input sorted = [10, 20, 20, 20, 30], target = 20 expected 1, got 2: you found a match, but not the first one",
        },
        Wrong {
            id: "rust/binary-search",
            what: "searches 0..len - 1, so it can never answer len",
            grade: |g| checks::rust::binary_search(g, lower_bound_short_range),
            says: "expected 5, got 4: every value is smaller than the target",
        },
        Wrong {
            id: "rust/binary-search",
            what: "finds the first value > target",
            grade: |g| checks::rust::binary_search(g, upper_bound),
            says: "expected 1, got 4: this is the first value > target",
        },
        Wrong {
            id: "rust/binary-search",
            what: "answers the last index whose value is smaller",
            grade: |g| checks::rust::binary_search(g, last_smaller),
            says: "one too far left",
        },
        Wrong {
            id: "rust/bfs-hops",
            what: "counts airports instead of flights",
            grade: |g| checks::rust::bfs_hops(g, hops_counting_airports),
            says: "expected Some(2), got Some(3): that counts airports, not flights",
        },
        Wrong {
            id: "rust/bfs-hops",
            what: "pops from the back of the queue (depth-first)",
            grade: |g| checks::rust::bfs_hops(g, hops_with_pop_back),
            says: "expected Some(2), got Some(4): you took airports from the back of the queue",
        },
        Wrong {
            id: "rust/bfs-hops",
            what: "answers Some(0) when there is no way",
            grade: |g| checks::rust::bfs_hops(g, hops_zero_when_unreachable),
            says: "expected None, got Some(0): there is no way from `from` to `to`",
        },
        Wrong {
            id: "rust/dijkstra",
            what: "returns when the target is pushed",
            grade: |g| checks::rust::dijkstra(g, km_returning_at_push),
            says: "expected Some(700), got Some(800): you stopped when `to` was pushed",
        },
        Wrong {
            id: "rust/dijkstra",
            what: "uses BinaryHeap without Reverse (a max-heap)",
            grade: |g| checks::rust::dijkstra(g, km_with_max_heap),
            says: "expected Some(700), got Some(1200): the heap hands out the farthest airport first",
        },
        Wrong {
            id: "rust/dijkstra",
            what: "answers Some(0) when there is no way",
            grade: |g| checks::rust::dijkstra(g, km_zero_when_unreachable),
            says: "expected None, got Some(0): `to` cannot be reached",
        },
    ]
}

fn lower_bound_any_match(sorted: &[f64], target: f64) -> usize {
    let (mut lo, mut hi) = (0, sorted.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if sorted[mid] == target {
            return mid;
        } else if sorted[mid] < target {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

fn lower_bound_short_range(sorted: &[f64], target: f64) -> usize {
    let (mut lo, mut hi) = (0, sorted.len().saturating_sub(1));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if sorted[mid] < target {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

fn upper_bound(sorted: &[f64], target: f64) -> usize {
    let (mut lo, mut hi) = (0, sorted.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if sorted[mid] <= target {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

fn last_smaller(sorted: &[f64], target: f64) -> usize {
    // Python's `bisect_left(a, x) - 1`, written as a scan.
    sorted
        .iter()
        .rposition(|v| *v < target)
        .unwrap_or(sorted.len())
}

fn hops_counting_airports(routes: &[Vec<usize>], from: usize, to: usize) -> Option<usize> {
    let mut airports = vec![0; routes.len()];
    airports[from] = 1;
    let mut queue = VecDeque::from([from]);
    while let Some(a) = queue.pop_front() {
        if a == to {
            return Some(airports[a]);
        }
        for &b in &routes[a] {
            if airports[b] == 0 {
                airports[b] = airports[a] + 1;
                queue.push_back(b);
            }
        }
    }
    None
}

fn hops_with_pop_back(routes: &[Vec<usize>], from: usize, to: usize) -> Option<usize> {
    let mut flights: Vec<Option<usize>> = vec![None; routes.len()];
    flights[from] = Some(0);
    let mut queue = VecDeque::from([from]);
    while let Some(a) = queue.pop_back() {
        if a == to {
            return flights[a];
        }
        for &b in &routes[a] {
            if flights[b].is_none() {
                flights[b] = Some(flights[a]? + 1);
                queue.push_back(b);
            }
        }
    }
    None
}

fn hops_zero_when_unreachable(routes: &[Vec<usize>], from: usize, to: usize) -> Option<usize> {
    let mut flights = vec![usize::MAX; routes.len()];
    flights[from] = 0;
    let mut queue = VecDeque::from([from]);
    while let Some(a) = queue.pop_front() {
        for &b in &routes[a] {
            if flights[b] == usize::MAX {
                flights[b] = flights[a] + 1;
                queue.push_back(b);
            }
        }
    }
    Some(if flights[to] == usize::MAX {
        0
    } else {
        flights[to]
    })
}

fn km_returning_at_push(routes: &[Vec<(usize, u64)>], from: usize, to: usize) -> Option<u64> {
    if from == to {
        return Some(0);
    }
    let mut best: Vec<Option<u64>> = vec![None; routes.len()];
    best[from] = Some(0);
    let mut heap = BinaryHeap::from([Reverse((0, from))]);
    while let Some(Reverse((km, a))) = heap.pop() {
        for &(b, leg) in &routes[a] {
            if b == to {
                return Some(km + leg);
            }
            if best[b].is_none_or(|d| km + leg < d) {
                best[b] = Some(km + leg);
                heap.push(Reverse((km + leg, b)));
            }
        }
    }
    None
}

fn km_with_max_heap(routes: &[Vec<(usize, u64)>], from: usize, to: usize) -> Option<u64> {
    let mut best: Vec<Option<u64>> = vec![None; routes.len()];
    best[from] = Some(0);
    let mut heap = BinaryHeap::from([(0, from)]);
    while let Some((km, a)) = heap.pop() {
        if a == to {
            return Some(km);
        }
        for &(b, leg) in &routes[a] {
            if best[b].is_none_or(|d| km + leg < d) {
                best[b] = Some(km + leg);
                heap.push((km + leg, b));
            }
        }
    }
    None
}

fn km_zero_when_unreachable(routes: &[Vec<(usize, u64)>], from: usize, to: usize) -> Option<u64> {
    let mut best = vec![u64::MAX; routes.len()];
    best[from] = 0;
    let mut heap = BinaryHeap::from([Reverse((0, from))]);
    while let Some(Reverse((km, a))) = heap.pop() {
        if a == to {
            return Some(km);
        }
        for &(b, leg) in &routes[a] {
            if km + leg < best[b] {
                best[b] = km + leg;
                heap.push(Reverse((km + leg, b)));
            }
        }
    }
    Some(0)
}
