//! Lesson 7, model selection (notebooks/03-ml/07-model-selection.ipynb): k-fold indices,
//! polynomial features and a stratified split.

use super::FUNCTION_LIMIT as LIMIT;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{matrix, number, vector, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2};
use rand::seq::SliceRandom;
use rand::Rng;

/// `[0, 3, 7]`, or the first and last few of a long list.
fn rows_text(rows: &[usize]) -> String {
    let shown: Vec<String> = if rows.len() > 10 {
        let mut shown: Vec<String> = rows[..4].iter().map(usize::to_string).collect();
        shown.push(format!("… {} more …", rows.len() - 6));
        shown.extend(rows[rows.len() - 2..].iter().map(usize::to_string));
        shown
    } else {
        rows.iter().map(usize::to_string).collect()
    };
    format!("[{}]", shown.join(", "))
}

/// How often each of `0..n` appears in `groups`; rows outside `0..n` are returned apart.
fn coverage(n: usize, groups: &[&[usize]]) -> (Vec<usize>, Vec<usize>) {
    let mut seen = vec![0; n];
    let mut outside = Vec::new();
    for &row in groups.iter().flat_map(|g| g.iter()) {
        match seen.get_mut(row) {
            Some(count) => *count += 1,
            None => outside.push(row),
        }
    }
    (seen, outside)
}

/// What is wrong with how `groups` cover `0..n` (each row exactly once), if anything.
fn coverage_problem(n: usize, groups: &[&[usize]]) -> Option<String> {
    let (seen, outside) = coverage(n, groups);
    if let Some(row) = outside.first() {
        return Some(format!("row {row} does not exist (rows are 0..{n})"));
    }
    let missing: Vec<usize> = (0..n).filter(|&r| seen[r] == 0).collect();
    let twice: Vec<usize> = (0..n).filter(|&r| seen[r] > 1).collect();
    if !twice.is_empty() {
        return Some(format!(
            "rows {} appear more than once; every row belongs to exactly one group",
            rows_text(&twice)
        ));
    }
    if !missing.is_empty() {
        let mut text = format!(
            "rows {} are in no group; every row must be used",
            rows_text(&missing)
        );
        // k folds of n / k rows each, and the n % k rows left over in none (shuffled or not).
        let k = groups.len();
        if missing.len() == n % k && groups.iter().all(|g| g.len() == n / k) {
            text.push_str(&format!(
                " ({})",
                known_mistake("looks like the n % k rows left over were dropped: share the remainder out, one extra row per fold")
            ));
        }
        return Some(text);
    }
    None
}

// ---------------------------------------------------------------------------------

/// `ml/kfold-indices`.
pub const KFOLD_INDICES: &str = "ml/kfold-indices";

/// `fn kfold_indices(n: usize, k: usize, seed: u64) -> Vec<Vec<usize>>`: `k` shuffled, disjoint,
/// balanced folds covering `0..n`, the same for the same seed.
pub fn kfold_indices<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(usize, usize, u64) -> Vec<Vec<usize>> + Send + 'static,
{
    kfold_indices_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type KfoldFn = dyn Fn(usize, usize, u64) -> Vec<Vec<usize>> + Send;

fn kfold_indices_boxed(grader: &Grader, learner: Box<KfoldFn>) -> Report {
    let seed = grader.seed();
    // Uneven splits first: (10, 4) deals 3, 3, 2, 2, where folds cut every
    // n.div_ceil(k) rows give 3, 3, 3, 1. The last three repeat one input and change
    // its seed: same seed, same folds; another seed, other folds.
    let cases: Vec<(usize, usize, u64)> = vec![
        (10, 4, seed + 6),
        (10, 5, seed),
        (11, 4, seed + 1),
        (7, 7, seed + 2),
        (150, 5, seed + 3),
        (100, 10, seed + 4),
        (100, 10, seed + 4),
        (100, 10, seed + 5),
    ];
    let describe = |(n, k, seed): &(usize, usize, u64)| format!("n = {n}, k = {k}, seed = {seed}");
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(n, k, seed)| learner(*n, *k, *seed),
    );
    let outputs = run.outputs;
    for (case, folds) in cases.iter().zip(&outputs) {
        let (n, k, _) = *case;
        let wrong = |message: String| {
            Report::new(
                KFOLD_INDICES,
                Verdict::Incorrect {
                    message: format!("for input {} {message}", describe(case)),
                },
            )
        };
        let sizes: Vec<usize> = folds.iter().map(Vec::len).collect();
        let chunk = n.div_ceil(k);
        let chunked = (0..n)
            .step_by(chunk.max(1))
            .map(|start| chunk.min(n - start))
            .collect::<Vec<_>>();
        let ceil_chunks = |sizes: &[usize]| {
            n % k != 0
                && sizes
                    .iter()
                    .filter(|&&s| s > 0)
                    .copied()
                    .eq(chunked.iter().copied())
        };
        if folds.len() != k {
            let mistake = if ceil_chunks(&sizes) {
                format!(": looks like you cut folds of n.div_ceil(k) = {chunk} rows, which leaves too few folds; deal the rows out one at a time (row i to fold i % k)")
            } else {
                String::new()
            };
            return wrong(format!("expected {k} folds, got {}{mistake}", folds.len()));
        }
        let groups: Vec<&[usize]> = folds.iter().map(Vec::as_slice).collect();
        if let Some(problem) = coverage_problem(n, &groups) {
            return wrong(format!(
                "expected every row 0..{n} in exactly one fold: {problem}"
            ));
        }
        let (smallest, largest) = (
            sizes.iter().min().copied().unwrap_or(0),
            sizes.iter().max().copied().unwrap_or(0),
        );
        if largest - smallest > 1 && ceil_chunks(&sizes) {
            return wrong(format!(
                "expected fold sizes that differ by at most one ({} or {} rows), got sizes {sizes:?}: {}",
                n / k,
                chunk,
                known_mistake(format!("looks like you cut folds of n.div_ceil(k) = {chunk} rows, which leaves the last fold short; deal the rows out one at a time (row i to fold i % k)"))
            ));
        }
        if largest - smallest > 1 {
            return wrong(format!(
                "expected fold sizes that differ by at most one ({} or {} rows), got sizes {sizes:?}: {}",
                n / k,
                n.div_ceil(k),
                known_mistake("looks like the remainder went into one fold; deal the rows out one at a time (row i to fold i % k)")
            ));
        }
        if n >= 100 {
            let in_order = folds.iter().flatten().copied().eq(0..n);
            let round_robin = folds
                .iter()
                .enumerate()
                .all(|(f, fold)| fold.iter().all(|&r| r % k == f));
            if in_order || round_robin {
                return wrong(
                    "expected shuffled folds, got folds of rows in their original order: shuffle the row numbers with the seeded generator first (data files are often sorted, by class or by date)"
                        .into(),
                );
            }
        }
    }
    if outputs.len() == cases.len() {
        let sorted = |folds: &Vec<Vec<usize>>| -> Vec<Vec<usize>> {
            folds
                .iter()
                .map(|f| {
                    let mut f = f.clone();
                    f.sort_unstable();
                    f
                })
                .collect()
        };
        if sorted(&outputs[5]) != sorted(&outputs[6]) {
            let message = format!(
                "for input {} twice, expected the same folds both times (the seed fixes them), got different ones: seed your generator with `StdRng::seed_from_u64(seed)` instead of `thread_rng()`",
                describe(&cases[5])
            );
            return Report::new(KFOLD_INDICES, Verdict::Incorrect { message });
        }
        if sorted(&outputs[6]) == sorted(&outputs[7]) {
            let message = format!(
                "for inputs {} and {} expected different folds, got the same: the seed is ignored",
                describe(&cases[6]),
                describe(&cases[7])
            );
            return Report::new(KFOLD_INDICES, Verdict::Incorrect { message });
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(KFOLD_INDICES, verdict);
    }
    Report::new(
        KFOLD_INDICES,
        Verdict::Passed {
            summary: "6 sizes from 7 rows in 7 folds to 150 rows in 5, uneven ones such as 10 rows in 4 folds included: disjoint, covering, balanced, shuffled and seeded".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/polynomial-features`.
pub const POLYNOMIAL_FEATURES: &str = "ml/polynomial-features";

/// `fn polynomial_features(x: &Array1<f64>, degree: usize) -> Array2<f64>`: columns `x, x², …, x^degree`.
pub fn polynomial_features<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>, usize) -> Array2<f64> + Send + 'static,
{
    polynomial_features_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type PolynomialFn = dyn Fn(&Array1<f64>, usize) -> Array2<f64> + Send;

fn powers(x: &Array1<f64>, from: i32, to: i32) -> Array2<f64> {
    let count = (to - from + 1).max(0) as usize;
    Array2::from_shape_fn((x.len(), count), |(i, j)| x[i].powi(from + j as i32))
}

fn polynomial_features_boxed(grader: &Grader, learner: Box<PolynomialFn>) -> Report {
    let mut rng = grader.rng(221);
    let random: Array1<f64> = (0..10).map(|_| rng.gen_range(-2.0..2.0)).collect();
    let cases = vec![
        (array![1.0, 2.0, 3.0], 3),
        (array![-1.5, 0.5], 1),
        (array![2.0], 4),
        (random, 5),
    ];
    let describe =
        |(x, degree): &(Array1<f64>, usize)| format!("x = {}, degree = {degree}", vector(x));
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(x, degree)| learner(x, *degree),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (x, degree) = case;
        let d = *degree as i32;
        let expected = powers(x, 1, d);
        if Tolerance::TIGHT.matrices_close(&expected, &got) {
            continue;
        }
        let mistake = if Tolerance::TIGHT.matrices_close(&powers(x, 0, d), &got) {
            Some(known_mistake("looks like you added a column of ones (x⁰); leave it out, the linear model fits its own intercept"))
        } else if Tolerance::TIGHT.matrices_close(&powers(x, 0, d - 1), &got) {
            Some(known_mistake(
                "the columns run from x⁰ to x^(degree-1); they should run from x¹ to x^degree",
            ))
        } else if Tolerance::TIGHT.matrices_close(
            &Array2::from_shape_fn((x.len(), *degree), |(i, j)| x[i] * (j + 1) as f64),
            &got,
        ) {
            Some(known_mistake(
                "looks like you multiplied x by the power (x·j); raise it to the power: x.powi(j)",
            ))
        } else if got.shape() == [*degree, x.len()] {
            Some(known_mistake(
                "rows and columns are swapped: one row per value of x, one column per power",
            ))
        } else {
            None
        };
        let verdict = incorrect(&describe(case), &matrix(&expected), &matrix(&got), mistake);
        return Report::new(POLYNOMIAL_FEATURES, verdict);
    }
    if let Some(verdict) = run.failure {
        return Report::new(POLYNOMIAL_FEATURES, verdict);
    }
    Report::new(
        POLYNOMIAL_FEATURES,
        Verdict::Passed {
            summary: "4 inputs, degrees 1 to 5".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/stratified-split`.
pub const STRATIFIED_SPLIT: &str = "ml/stratified-split";

/// `fn stratified_split(labels: &[usize], test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>)`:
/// `(train, test)` with each class's share kept.
pub fn stratified_split<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[usize], f64, u64) -> (Vec<usize>, Vec<usize>) + Send + 'static,
{
    stratified_split_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type StratifiedFn = dyn Fn(&[usize], f64, u64) -> (Vec<usize>, Vec<usize>) + Send;

type SplitCase = (Vec<usize>, f64, u64);

/// Labels with `counts[c]` rows of class `c`, shuffled by `rng` (or in class order).
fn labels_with(counts: &[usize], rng: Option<&mut rand::rngs::StdRng>) -> Vec<usize> {
    let mut labels: Vec<usize> = counts
        .iter()
        .enumerate()
        .flat_map(|(c, &n)| std::iter::repeat_n(c, n))
        .collect();
    if let Some(rng) = rng {
        labels.shuffle(rng);
    }
    labels
}

fn class_counts(labels: &[usize], rows: &[usize]) -> Vec<usize> {
    let classes = labels.iter().max().map_or(0, |m| m + 1);
    let mut counts = vec![0; classes];
    for &r in rows {
        if let Some(&label) = labels.get(r) {
            counts[label] += 1;
        }
    }
    counts
}

fn stratified_split_boxed(grader: &Grader, learner: Box<StratifiedFn>) -> Report {
    let mut rng = grader.rng(222);
    let seed = grader.seed();
    // 5 % of the rows are class 1: the imbalanced case a plain random split gets wrong.
    let rare = labels_with(&[190, 10], Some(&mut rng));
    let three = labels_with(&[50, 30, 20], Some(&mut rng));
    // Sorted by class, as data files often are.
    let sorted = labels_with(&[60, 40], None);
    let cases: Vec<SplitCase> = vec![
        (rare.clone(), 0.2, seed),
        (three, 0.3, seed + 1),
        (sorted.clone(), 0.25, seed + 2),
        (rare.clone(), 0.2, seed),
        (rare, 0.2, seed + 3),
        // Shares with fractions on both sides of .5 (3.9, 2.1, 2.7 rows): only round()
        // gives 4, 2 and 3; floor and ceil each miss at least one.
        (labels_with(&[13, 7, 9], Some(&mut rng)), 0.3, seed + 4),
    ];
    let describe = |(labels, share, seed): &SplitCase| {
        let counts = class_counts(labels, &(0..labels.len()).collect::<Vec<_>>());
        format!(
            "{} labels (class counts {counts:?}), test_share = {}, seed = {seed}",
            labels.len(),
            number(*share)
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(labels, share, seed)| learner(labels, *share, *seed),
    );
    let outputs = run.outputs;
    for (case, (train, test)) in cases.iter().zip(&outputs) {
        let (labels, share, _) = case;
        let n = labels.len();
        let wrong = |message: String| {
            Report::new(
                STRATIFIED_SPLIT,
                Verdict::Incorrect {
                    message: format!("for input {} {message}", describe(case)),
                },
            )
        };
        if let Some(problem) = coverage_problem(n, &[train.as_slice(), test.as_slice()]) {
            return wrong(format!(
                "expected every row in exactly one of train and test: {problem}"
            ));
        }
        let totals = class_counts(labels, &(0..n).collect::<Vec<_>>());
        let expected: Vec<usize> = totals
            .iter()
            .map(|&t| (t as f64 * share).round() as usize)
            .collect();
        let got = class_counts(labels, test);
        let off = |got: &[usize]| got != expected.as_slice();
        let rounded = |f: fn(f64) -> f64| -> Vec<usize> {
            totals
                .iter()
                .map(|&t| f(t as f64 * share) as usize)
                .collect()
        };
        if off(&got) {
            let mistake = if !off(&class_counts(labels, train)) {
                "looks like you returned (test, train); return (train, test)".to_string()
            } else if got == rounded(f64::floor) || got == rounded(f64::ceil) {
                known_mistake("looks like you rounded down or up: each class gives round(n_c × test_share) rows, the nearest whole number")
            } else if (test.len() as f64 - n as f64 * share).abs() <= 1.0 {
                "the test set has the right size but not the right class mix: looks like one random split of all rows; split each class on its own".to_string()
            } else {
                format!(
                    "each class should give round(n_c × {}) rows to the test set",
                    number(*share)
                )
            };
            return wrong(format!(
                "expected test rows per class {expected:?}, got {got:?}: {mistake}"
            ));
        }
        if labels.windows(2).all(|w| w[0] <= w[1]) {
            let firsts: Vec<usize> = totals
                .iter()
                .scan(0, |start, &t| {
                    let s = *start;
                    *start += t;
                    Some(s)
                })
                .zip(&expected)
                .flat_map(|(s, &e)| s..s + e)
                .collect();
            let mut chosen = test.clone();
            chosen.sort_unstable();
            if chosen == firsts {
                return wrong("expected a random choice within each class, got the first rows of each class: shuffle each class's rows with the seeded generator before cutting".into());
            }
        }
    }
    if outputs.len() == cases.len() {
        let set = |rows: &Vec<usize>| -> Vec<usize> {
            let mut r = rows.clone();
            r.sort_unstable();
            r
        };
        if set(&outputs[0].1) != set(&outputs[3].1) {
            let message = format!("for input {} twice, expected the same split both times (the seed fixes it), got different ones: seed your generator with `StdRng::seed_from_u64(seed)`", describe(&cases[0]));
            return Report::new(STRATIFIED_SPLIT, Verdict::Incorrect { message });
        }
        if set(&outputs[0].1) == set(&outputs[4].1) {
            let message = format!(
                "for inputs {} and {} expected different splits, got the same: the seed is ignored",
                describe(&cases[0]),
                describe(&cases[4])
            );
            return Report::new(STRATIFIED_SPLIT, Verdict::Incorrect { message });
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(STRATIFIED_SPLIT, verdict);
    }
    Report::new(
        STRATIFIED_SPLIT,
        Verdict::Passed {
            summary: "4 label sets (5 % minority, three classes, sorted by class, shares that need rounding): class shares kept, random within classes, seeded".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_names_dropped_and_repeated_rows() {
        assert_eq!(coverage_problem(4, &[&[0, 1], &[2, 3]]), None);
        let dropped = coverage_problem(5, &[&[0, 1], &[2, 3]]).unwrap_or_default();
        assert!(
            dropped.contains("rows [4] are in no group") && dropped.contains("dropped"),
            "{dropped}"
        );
        let twice = coverage_problem(3, &[&[0, 1], &[1, 2]]).unwrap_or_default();
        assert!(twice.contains("more than once"), "{twice}");
    }

    #[test]
    fn reference_answers_pass() {
        use rand::SeedableRng;
        // Right answers written unlike the solutions (the test in
        // tests/tests/independent_checks.rs keeps checks and solutions apart).
        let kfold = |n: usize, k: usize, seed: u64| {
            let mut rows: Vec<usize> = (0..n).collect();
            rows.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
            (0..k)
                .map(|f| rows.iter().skip(f).step_by(k).copied().collect())
                .collect::<Vec<Vec<usize>>>()
        };
        assert!(kfold_indices(&Grader::new(), kfold).passed());
        assert!(
            polynomial_features(&Grader::new(), |x: &Array1<f64>, d: usize| powers(
                x, 1, d as i32
            ))
            .passed()
        );
        let split = |labels: &[usize], share: f64, seed: u64| {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let mut halves: (Vec<usize>, Vec<usize>) = (vec![], vec![]);
            for class in 0..=labels.iter().copied().max().unwrap_or(0) {
                let mut members: Vec<usize> = (labels.iter().enumerate())
                    .filter_map(|(i, &label)| (label == class).then_some(i))
                    .collect();
                members.shuffle(&mut rng);
                let (test, train) =
                    members.split_at((members.len() as f64 * share).round() as usize);
                halves.0.extend(train);
                halves.1.extend(test);
            }
            halves
        };
        assert!(stratified_split(&Grader::new(), split).passed());
    }
}
