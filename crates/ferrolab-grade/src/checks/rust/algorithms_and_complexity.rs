//! Lesson 4, algorithms and complexity (notebooks/00-rust/04-algorithms-and-complexity.ipynb):
//! binary search (the lower bound), breadth-first search for the fewest flights and
//! Dijkstra's shortest route, on graphs numbered like the notebook's airports.

use super::LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use rand::Rng;
use std::collections::BinaryHeap;

/// `Some(3)` → "Some(3)", `None` → "None": how both sides of a verdict are written.
fn option<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "None".to_string(), |v| format!("Some({v})"))
}

// ---------------------------------------------------------------------------------

/// `rust/binary-search`.
pub const BINARY_SEARCH: &str = "rust/binary-search";

/// `fn lower_bound(sorted: &[f64], target: f64) -> usize`: the first index whose value is `>= target`.
pub fn binary_search<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], f64) -> usize + Send + 'static,
{
    binary_search_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type LowerBoundFn = dyn Fn(&[f64], f64) -> usize + Send;

fn binary_search_boxed(grader: &Grader, learner: Box<LowerBoundFn>) -> Report {
    let mut rng = grader.rng(401);
    let repeated = vec![10.0, 20.0, 20.0, 20.0, 30.0];
    // 1,000 values with many repeats (0..200), and a target that occurs in them.
    let mut big: Vec<f64> = (0..1000).map(|_| rng.gen_range(0..200) as f64).collect();
    big.sort_by(f64::total_cmp);
    let big_target = big[rng.gen_range(100..900)];
    let cases = vec![
        (repeated.clone(), 20.0),
        (repeated.clone(), 25.0),
        (repeated.clone(), 35.0),
        (repeated.clone(), 5.0),
        (repeated, 30.0),
        (vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0], 1.0),
        (vec![0.5, 1.5, 2.5, 3.5, 4.5, 5.5], 4.5),
        (vec![7.0], 7.0),
        (vec![], 1.0),
        (big, big_target),
    ];
    let describe = |(sorted, target): &(Vec<f64>, f64)| {
        format!("sorted = {}, target = {target}", list(sorted))
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(sorted, target)| learner(sorted, *target),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (sorted, target) = case;
        // In a sorted slice, the values below the target are exactly the ones before it.
        let expected = sorted.iter().filter(|v| **v < *target).count();
        if got != expected {
            let verdict = incorrect(
                &describe(case),
                &expected.to_string(),
                &got.to_string(),
                lower_bound_mistake(sorted, *target, expected, got),
            );
            return Report::new(BINARY_SEARCH, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(BINARY_SEARCH, verdict);
    }
    Report::new(
        BINARY_SEARCH,
        Verdict::Passed {
            summary: "10 searches: repeated values, targets below, between and above all values, an empty slice, 1,000 values".into(),
        },
    )
}

fn lower_bound_mistake(sorted: &[f64], target: f64, expected: usize, got: usize) -> Option<String> {
    let n = sorted.len();
    let first_above = sorted.iter().take_while(|v| **v <= target).count();
    if expected == n && n > 0 && got == n - 1 {
        Some(known_mistake("every value is smaller than the target, so the answer is sorted.len(), one past the last index: start with hi = sorted.len(), not sorted.len() - 1"))
    } else if got == first_above && got != expected {
        Some(known_mistake("this is the first value > target (an upper bound); the lower bound is the first value >= target: when sorted[mid] == target keep searching to the left (hi = mid)"))
    } else if got < n && sorted[got] == target && got > expected {
        Some(known_mistake("you found a match, but not the first one: when sorted[mid] == target don't return mid, keep searching to the left (hi = mid)"))
    } else if got + 1 == expected {
        Some(known_mistake("one too far left: that is the last value < target; the lower bound is the index after it"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `rust/bfs-hops`.
pub const BFS_HOPS: &str = "rust/bfs-hops";

/// `fn fewest_flights(routes: &[Vec<usize>], from: usize, to: usize) -> Option<usize>`.
pub fn bfs_hops<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[Vec<usize>], usize, usize) -> Option<usize> + Send + 'static,
{
    bfs_hops_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type FewestFlightsFn = dyn Fn(&[Vec<usize>], usize, usize) -> Option<usize> + Send;

type HopsCase = (Vec<Vec<usize>>, usize, usize);

fn bfs_hops_boxed(grader: &Grader, learner: Box<FewestFlightsFn>) -> Report {
    let mut rng = grader.rng(402);
    let example = vec![vec![1, 2], vec![3], vec![3], vec![]];
    // Depth-first order (a stack) reaches 4 through 1, 2, 3 before it tries 5.
    let detour = vec![vec![5, 1], vec![2], vec![3], vec![4], vec![], vec![4]];
    let cycle = vec![vec![1], vec![0, 2], vec![1, 3], vec![]];
    let random = random_graph(&mut rng, 60, 3);
    let (a, b) = (rng.gen_range(0..60), rng.gen_range(0..60));
    let cases: Vec<HopsCase> = vec![
        (example.clone(), 0, 3),
        (detour, 0, 4),
        (example.clone(), 3, 0),
        (example.clone(), 2, 2),
        (example, 0, 1),
        (cycle.clone(), 0, 3),
        (cycle, 3, 0),
        (vec![vec![1], vec![0], vec![]], 0, 2),
        (random.clone(), a, b),
        (random, b, a),
    ];
    let describe =
        |(routes, from, to): &HopsCase| format!("routes = {routes:?}, from = {from}, to = {to}");
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(routes, from, to)| learner(routes, *from, *to),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (routes, from, to) = case;
        let expected = hops_by_levels(routes, *from, *to);
        if got != expected {
            let verdict = incorrect(
                &describe(case),
                &option(expected),
                &option(got),
                hops_mistake(routes, *from, *to, expected, got),
            );
            return Report::new(BFS_HOPS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(BFS_HOPS, verdict);
    }
    Report::new(
        BFS_HOPS,
        Verdict::Passed {
            summary: "10 trips: direct, two and three flights, cycles, unreachable airports, a 60-airport network".into(),
        },
    )
}

/// Random one-way routes: each airport gets up to `most` destinations other than itself.
fn random_graph(rng: &mut impl Rng, n: usize, most: usize) -> Vec<Vec<usize>> {
    (0..n)
        .map(|a| {
            let k = rng.gen_range(0..=most);
            let mut out: Vec<usize> = (0..k).map(|_| rng.gen_range(0..n)).collect();
            out.retain(|b| *b != a);
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect()
}

/// Grow the set of airports reachable in 0, 1, 2, ... flights until `to` is in it.
fn hops_by_levels(routes: &[Vec<usize>], from: usize, to: usize) -> Option<usize> {
    let mut reached = vec![false; routes.len()];
    reached[from] = true;
    let mut level = vec![from];
    for flights in 0..routes.len() {
        if level.contains(&to) {
            return Some(flights);
        }
        let mut next = Vec::new();
        for b in level.iter().flat_map(|a| routes[*a].iter().copied()) {
            if !reached[b] {
                reached[b] = true;
                next.push(b);
            }
        }
        level = next;
    }
    None
}

/// What a search gives that takes from the back of its queue (a stack): depth-first order.
fn hops_with_a_stack(routes: &[Vec<usize>], from: usize, to: usize) -> Option<usize> {
    let mut depth = vec![usize::MAX; routes.len()];
    depth[from] = 0;
    let mut stack = vec![from];
    while let Some(a) = stack.pop() {
        if a == to {
            return Some(depth[a]);
        }
        for &b in &routes[a] {
            if depth[b] == usize::MAX {
                depth[b] = depth[a] + 1;
                stack.push(b);
            }
        }
    }
    None
}

fn hops_mistake(
    routes: &[Vec<usize>],
    from: usize,
    to: usize,
    expected: Option<usize>,
    got: Option<usize>,
) -> Option<String> {
    match (expected, got) {
        (None, Some(_)) => Some(known_mistake("there is no way from `from` to `to` here: when the queue runs empty without reaching `to`, return None")),
        (Some(e), Some(g)) if g == e + 1 => Some(known_mistake(format!("that counts airports, not flights: a trip through {} airports takes {e} flights (from itself, 0)", e + 1))),
        (Some(_), Some(g)) if Some(g) == hops_with_a_stack(routes, from, to) => Some(known_mistake("you took airports from the back of the queue (a stack: depth-first), which finds a route, not the shortest; take them from the front with VecDeque::pop_front")),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------

/// `rust/dijkstra`.
pub const DIJKSTRA: &str = "rust/dijkstra";

/// `fn shortest_km(routes: &[Vec<(usize, u64)>], from: usize, to: usize) -> Option<u64>`.
pub fn dijkstra<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[Vec<(usize, u64)>], usize, usize) -> Option<u64> + Send + 'static,
{
    dijkstra_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type ShortestKmFn = dyn Fn(&[Vec<(usize, u64)>], usize, usize) -> Option<u64> + Send;

type KmCase = (Vec<Vec<(usize, u64)>>, usize, usize);

fn dijkstra_boxed(grader: &Grader, learner: Box<ShortestKmFn>) -> Report {
    let mut rng = grader.rng(403);
    // The direct-looking routes are the long ones: 0 → 2 → 1 → 4 is 700 km, 0 → 2 → 4
    // 800 and 0 → 1 → 4 1,200.
    let detours = vec![
        vec![(2, 100), (1, 700)],
        vec![(4, 500)],
        vec![(4, 700), (1, 100)],
        vec![],
        vec![],
    ];
    let example = vec![vec![(1, 100), (2, 500)], vec![(2, 150)], vec![]];
    let random: Vec<Vec<(usize, u64)>> = random_graph(&mut rng, 80, 4)
        .into_iter()
        .map(|out| {
            out.into_iter()
                .map(|b| (b, rng.gen_range(100..3000)))
                .collect()
        })
        .collect();
    let (a, b) = (rng.gen_range(0..80), rng.gen_range(0..80));
    let cases: Vec<KmCase> = vec![
        (detours.clone(), 0, 4),
        (example.clone(), 0, 2),
        (example.clone(), 2, 0),
        (example, 1, 1),
        (detours, 2, 4),
        (
            vec![vec![(1, 2_000)], vec![(0, 2_000), (2, 3_000)], vec![]],
            0,
            2,
        ),
        (random.clone(), a, b),
        (random, b, a),
    ];
    let describe =
        |(routes, from, to): &KmCase| format!("routes = {routes:?}, from = {from}, to = {to}");
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(routes, from, to)| learner(routes, *from, *to),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (routes, from, to) = case;
        let expected = km_by_relaxation(routes, *from, *to);
        if got != expected {
            let verdict = incorrect(
                &describe(case),
                &option(expected),
                &option(got),
                dijkstra_mistake(routes, *from, *to, expected, got),
            );
            return Report::new(DIJKSTRA, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(DIJKSTRA, verdict);
    }
    Report::new(
        DIJKSTRA,
        Verdict::Passed {
            summary: "8 trips: detours shorter than direct flights, unreachable airports, an 80-airport network".into(),
        },
    )
}

/// Bellman–Ford: shorten every airport's distance over every route until nothing changes.
fn km_by_relaxation(routes: &[Vec<(usize, u64)>], from: usize, to: usize) -> Option<u64> {
    let mut km: Vec<Option<u64>> = vec![None; routes.len()];
    km[from] = Some(0);
    let mut changed = true;
    while changed {
        changed = false;
        for (a, out) in routes.iter().enumerate() {
            let Some(here) = km[a] else { continue };
            for (b, leg) in out {
                if km[*b].is_none_or(|there| here + leg < there) {
                    km[*b] = Some(here + leg);
                    changed = true;
                }
            }
        }
    }
    km[to]
}

/// What Dijkstra gives with a max-heap (no `Reverse`): the farthest airport comes out first.
fn km_with_a_max_heap(routes: &[Vec<(usize, u64)>], from: usize, to: usize) -> Option<u64> {
    let mut settled = vec![false; routes.len()];
    let mut heap = BinaryHeap::new();
    heap.push((0u64, from));
    while let Some((km, a)) = heap.pop() {
        if a == to {
            return Some(km);
        }
        if std::mem::replace(&mut settled[a], true) {
            continue;
        }
        heap.extend(routes[a].iter().map(|(b, leg)| (km + leg, *b)));
    }
    None
}

/// What Dijkstra gives when it stops as soon as `to` is *pushed*, before shorter ways are known.
fn km_stopping_at_push(routes: &[Vec<(usize, u64)>], from: usize, to: usize) -> Option<u64> {
    if from == to {
        return Some(0);
    }
    let mut done = vec![false; routes.len()];
    let mut heap = BinaryHeap::from([std::cmp::Reverse((0u64, from))]);
    while let Some(std::cmp::Reverse((km, a))) = heap.pop() {
        if std::mem::replace(&mut done[a], true) {
            continue;
        }
        for (b, leg) in &routes[a] {
            if *b == to {
                return Some(km + leg);
            }
            heap.push(std::cmp::Reverse((km + leg, *b)));
        }
    }
    None
}

fn dijkstra_mistake(
    routes: &[Vec<(usize, u64)>],
    from: usize,
    to: usize,
    expected: Option<u64>,
    got: Option<u64>,
) -> Option<String> {
    if expected.is_none() && got.is_some() {
        Some(known_mistake(
            "`to` cannot be reached from `from` here: when the heap runs empty, return None",
        ))
    } else if got == km_stopping_at_push(routes, from, to) {
        Some(known_mistake("you stopped when `to` was pushed onto the heap; a shorter way may still come out of the heap first: return only when `to` is popped"))
    } else if got == km_with_a_max_heap(routes, from, to) {
        Some(known_mistake("the heap hands out the farthest airport first: Rust's BinaryHeap is a max-heap, so push Reverse((km, airport)) to get the closest first"))
    } else {
        None
    }
}
