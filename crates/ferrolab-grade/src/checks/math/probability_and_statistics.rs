//! Lesson 3, probability and statistics
//! (notebooks/01-math/03-probability-and-statistics.ipynb): describing a sample, Bayes'
//! theorem, maximum likelihood, a permutation test and softmax.

use super::{close_to, random_vec, LIMIT};
use crate::checks::reference::softmax as softmax_reference;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, number, vector, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Σ (xᵢ − mean)².
fn squared_deviations(x: &[f64]) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m).powi(2)).sum()
}

fn triple((a, b, c): (f64, f64, f64)) -> String {
    format!("({}, {}, {})", number(a), number(b), number(c))
}

fn pair((a, b): (f64, f64)) -> String {
    format!("({}, {})", number(a), number(b))
}

// ---------------------------------------------------------------------------------

/// `math/mean-variance-std`.
pub const MEAN_VARIANCE_STD: &str = "math/mean-variance-std";

/// `fn mean_variance_std(x: &[f64]) -> (f64, f64, f64)`: mean, sample variance (n − 1)
/// and standard deviation.
pub fn mean_variance_std<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64]) -> (f64, f64, f64) + Send + 'static,
{
    mean_variance_std_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type MeanVarianceStdFn = dyn Fn(&[f64]) -> (f64, f64, f64) + Send;

/// The body of [`mean_variance_std`], compiled once here rather than in every learner's crate.
fn mean_variance_std_boxed(grader: &Grader, learner: Box<MeanVarianceStdFn>) -> Report {
    let mut rng = grader.rng(10);
    let cases = vec![
        vec![2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0],
        vec![1.0, 3.0],
        // Ages (years) of ten Titanic passengers.
        vec![29.0, 0.92, 2.0, 30.0, 25.0, 48.0, 63.0, 39.0, 53.0, 71.0],
        random_vec(&mut rng, 50),
    ];
    let describe = |x: &Vec<f64>| format!("x = {}", list(x));
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |x| {
        learner(x)
    });
    for (x, got) in cases.iter().zip(run.outputs) {
        let n = x.len() as f64;
        let variance = squared_deviations(x) / (n - 1.0);
        let expected = (mean(x), variance, variance.sqrt());
        let close = |e: f64, g: f64| Tolerance::TIGHT.close(e, g);
        if !(close(expected.0, got.0) && close(expected.1, got.1) && close(expected.2, got.2)) {
            let verdict = incorrect(
                &describe(x),
                &format!("(mean, variance, std) = {}", triple(expected)),
                &triple(got),
                describe_mistake(x, expected, got),
            );
            return Report::new(MEAN_VARIANCE_STD, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(MEAN_VARIANCE_STD, verdict);
    }
    Report::new(
        MEAN_VARIANCE_STD,
        Verdict::Passed {
            summary: "4 samples, from 2 values to 50".into(),
        },
    )
}

fn describe_mistake(x: &[f64], expected: (f64, f64, f64), got: (f64, f64, f64)) -> Option<String> {
    let n = x.len() as f64;
    let population = squared_deviations(x) / n;
    if !close_to(got.0, expected.0) {
        return if close_to(got.0, x.iter().sum::<f64>() / (n - 1.0)) {
            Some(known_mistake(format!(
                "the mean is off: it divides the sum by n - 1 = {}, not n = {n}",
                n - 1.0
            )))
        } else {
            Some("the mean is off: add up the values and divide by how many there are".into())
        };
    }
    if close_to(got.1, population) {
        Some(known_mistake(format!(
            "looks like you divided by n = {n}: that is the population variance; the sample variance divides by n - 1 = {}",
            n - 1.0
        )))
    } else if close_to(got.1, expected.1) && close_to(got.2, expected.1) {
        Some(known_mistake(
            "the standard deviation equals the variance: take its square root",
        ))
    } else if close_to(got.1, expected.1) && close_to(got.2, population.sqrt()) {
        Some(known_mistake(
            "the standard deviation divides by n; use the square root of your (n - 1) variance",
        ))
    } else if close_to(got.1, expected.2) && close_to(got.2, expected.1) {
        Some(known_mistake(
            "the variance and the standard deviation are swapped",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/bayes-posterior`.
pub const BAYES_POSTERIOR: &str = "math/bayes-posterior";

/// `fn bayes_posterior(prior, sensitivity, specificity) -> f64`: P(disease | positive).
pub fn bayes_posterior<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(f64, f64, f64) -> f64 + Send + 'static,
{
    bayes_posterior_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type BayesPosteriorFn = dyn Fn(f64, f64, f64) -> f64 + Send;

fn posterior(prior: f64, sensitivity: f64, specificity: f64) -> f64 {
    let sick = sensitivity * prior;
    sick / (sick + (1.0 - specificity) * (1.0 - prior))
}

/// The body of [`bayes_posterior`], compiled once here rather than in every learner's crate.
fn bayes_posterior_boxed(grader: &Grader, learner: Box<BayesPosteriorFn>) -> Report {
    // (prior, sensitivity, specificity): a rare disease, a common one, a perfect test,
    // and a coin-flip test that teaches nothing.
    let cases: Vec<(f64, f64, f64)> = vec![
        (0.01, 0.9, 0.95),
        (0.3, 0.8, 0.7),
        (0.001, 0.99, 0.999),
        (0.2, 1.0, 0.9),
        (0.05, 0.5, 0.5),
    ];
    let describe = |&(p, se, sp): &(f64, f64, f64)| {
        format!(
            "prior = {}, sensitivity = {}, specificity = {}",
            number(p),
            number(se),
            number(sp)
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |&(p, se, sp)| learner(p, se, sp),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (p, se, sp) = *case;
        let expected = posterior(p, se, sp);
        if !Tolerance::TIGHT.close(expected, got) {
            let verdict = incorrect(
                &describe(case),
                &number(expected),
                &number(got),
                bayes_mistake(*case, got),
            );
            return Report::new(BAYES_POSTERIOR, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(BAYES_POSTERIOR, verdict);
    }
    Report::new(
        BAYES_POSTERIOR,
        Verdict::Passed {
            summary: "5 tests, prevalence from 0.1% to 30%".into(),
        },
    )
}

fn bayes_mistake((p, se, sp): (f64, f64, f64), got: f64) -> Option<String> {
    if close_to(got, se) {
        Some(known_mistake("that is the sensitivity, P(positive | disease); the question is the reverse, P(disease | positive), which also depends on how rare the disease is (the prior)"))
    } else if close_to(got, se * p / (se * p + sp * (1.0 - p))) {
        Some(known_mistake("looks like you used the specificity as the false-positive rate; healthy people test positive with probability 1 - specificity"))
    } else if close_to(got, se * p) {
        Some(known_mistake("that is P(disease and positive); divide by P(positive), the total over the sick and the healthy"))
    } else if close_to(got, se / (se + 1.0 - sp)) {
        Some(known_mistake(
            "the prior is missing: weight the sick by P(disease) and the healthy by 1 - P(disease)",
        ))
    } else if !(0.0..=1.0).contains(&got) {
        Some("a probability lies between 0 and 1".into())
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/gaussian-mle`.
pub const GAUSSIAN_MLE: &str = "math/gaussian-mle";

/// `fn gaussian_mle(x: &[f64]) -> (f64, f64)`: the maximum-likelihood mean and variance (÷ n).
pub fn gaussian_mle<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64]) -> (f64, f64) + Send + 'static,
{
    gaussian_mle_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type GaussianMleFn = dyn Fn(&[f64]) -> (f64, f64) + Send;

/// The body of [`gaussian_mle`], compiled once here rather than in every learner's crate.
fn gaussian_mle_boxed(grader: &Grader, learner: Box<GaussianMleFn>) -> Report {
    let mut rng = grader.rng(12);
    let cases = vec![
        vec![1.0, 2.0, 3.0, 6.0],
        vec![4.5],
        vec![-2.0, 0.5, 0.5, 3.0, 10.0],
        random_vec(&mut rng, 40),
    ];
    let describe = |x: &Vec<f64>| format!("x = {}", list(x));
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |x| {
        learner(x)
    });
    for (x, got) in cases.iter().zip(run.outputs) {
        let n = x.len() as f64;
        let expected = (mean(x), squared_deviations(x) / n);
        if !(Tolerance::TIGHT.close(expected.0, got.0) && Tolerance::TIGHT.close(expected.1, got.1))
        {
            let verdict = incorrect(
                &describe(x),
                &format!("(mean, variance) = {}", pair(expected)),
                &pair(got),
                mle_mistake(x, expected, got),
            );
            return Report::new(GAUSSIAN_MLE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(GAUSSIAN_MLE, verdict);
    }
    Report::new(
        GAUSSIAN_MLE,
        Verdict::Passed {
            summary: "4 samples, including a single value".into(),
        },
    )
}

fn mle_mistake(x: &[f64], expected: (f64, f64), got: (f64, f64)) -> Option<String> {
    let n = x.len() as f64;
    if !close_to(got.0, expected.0) {
        Some("the mean is off: the likelihood is largest at the sample mean".into())
    } else if n > 1.0 && close_to(got.1, squared_deviations(x) / (n - 1.0)) {
        Some(known_mistake(format!(
            "looks like you divided by n - 1 = {}: that is the unbiased sample variance; the maximum-likelihood estimate divides by n = {n}",
            n - 1.0
        )))
    } else if close_to(got.1, expected.1.sqrt()) {
        Some(known_mistake(
            "that is the standard deviation; return the variance σ²",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `math/permutation-test`.
pub const PERMUTATION_TEST: &str = "math/permutation-test";

/// How many shuffles the check asks for: the Monte Carlo error of a p-value is then
/// at most √(0.25 / 20000) ≈ 0.0035.
const PERMUTATIONS: usize = 20_000;

/// How far a learner's p-value may be from the exact one: about 5 Monte Carlo standard
/// errors, so a correct answer with any random stream passes.
const P_VALUE_SLACK: f64 = 0.02;

/// Two samples and the seed of the generator handed to the learner.
#[derive(Debug, Clone)]
struct TwoSamples {
    a: Vec<f64>,
    b: Vec<f64>,
    permutations: usize,
    seed: u64,
}

/// `fn permutation_test(a, b, permutations, rng) -> f64`: the two-sided p-value for a
/// difference in means.
pub fn permutation_test<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], &[f64], usize, &mut StdRng) -> f64 + Send + 'static,
{
    permutation_test_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type PermutationTestFn = dyn Fn(&[f64], &[f64], usize, &mut StdRng) -> f64 + Send;

/// The exact p-values: two-sided, one-sided, and two-sided without the ties (what `>`
/// in place of `≥` counts), from every way of choosing which pooled values form group `a`.
fn exact_p_values(a: &[f64], b: &[f64]) -> ExactP {
    let pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    let total: f64 = pooled.iter().sum();
    let (na, nb) = (a.len(), b.len());
    let observed = mean(a) - mean(b);
    // Ties (the observed split itself) must count despite rounding.
    let slack = 1e-9 * (1.0 + observed.abs());
    let (mut splits, mut two_sided, mut one_sided, mut strictly) = (0u64, 0u64, 0u64, 0u64);
    let mut chosen = Vec::with_capacity(na);
    fn walk(
        start: usize,
        left: usize,
        pooled: &[f64],
        chosen: &mut Vec<f64>,
        visit: &mut dyn FnMut(&[f64]),
    ) {
        if left == 0 {
            visit(chosen);
            return;
        }
        for i in start..=pooled.len() - left {
            chosen.push(pooled[i]);
            walk(i + 1, left - 1, pooled, chosen, visit);
            chosen.pop();
        }
    }
    walk(0, na, &pooled, &mut chosen, &mut |group: &[f64]| {
        let sum_a: f64 = group.iter().sum();
        let difference = sum_a / na as f64 - (total - sum_a) / nb as f64;
        splits += 1;
        if difference.abs() >= observed.abs() - slack {
            two_sided += 1;
        }
        if difference.abs() > observed.abs() + slack {
            strictly += 1;
        }
        let beyond = if observed >= 0.0 {
            difference >= observed - slack
        } else {
            difference <= observed + slack
        };
        if beyond {
            one_sided += 1;
        }
    });
    let share = |count: u64| count as f64 / splits as f64;
    ExactP {
        two_sided: share(two_sided),
        one_sided: share(one_sided),
        strictly: share(strictly),
    }
}

/// [`exact_p_values`]' answer.
struct ExactP {
    two_sided: f64,
    one_sided: f64,
    strictly: f64,
}

/// The body of [`permutation_test`], compiled once here rather than in every learner's crate.
fn permutation_test_boxed(grader: &Grader, learner: Box<PermutationTestFn>) -> Report {
    let mut rng = grader.rng(13);
    let seed = rng.gen::<u64>();
    let cases = vec![
        // Clearly apart: only the most extreme splits are as extreme.
        TwoSamples {
            a: vec![12.1, 14.3, 13.8, 15.0, 14.9],
            b: vec![10.2, 11.5, 12.0, 10.8, 11.9],
            permutations: PERMUTATIONS,
            seed,
        },
        // A borderline difference, where one- and two-sided tests disagree.
        TwoSamples {
            a: vec![5.1, 6.3, 5.9, 7.2, 6.8, 5.5],
            b: vec![4.9, 5.6, 6.1, 5.0, 5.8, 4.4, 5.2],
            permutations: PERMUTATIONS,
            seed: seed + 1,
        },
        // Heavily overlapping groups of different sizes.
        TwoSamples {
            a: vec![3.0, 7.0, 5.0, 9.0],
            b: vec![4.0, 6.0, 8.0, 5.5, 2.0, 7.5],
            permutations: PERMUTATIONS,
            seed: seed + 2,
        },
        // Only 7 shuffles: the p-value is a share of them, a multiple of 1/7, which a
        // function that shuffles some other number of times almost never returns.
        TwoSamples {
            a: vec![5.1, 6.3, 5.9, 7.2, 6.8, 5.5],
            b: vec![4.9, 5.6, 6.1, 5.0, 5.8, 4.4, 5.2],
            permutations: 7,
            seed: seed + 3,
        },
        // The first pair the other way round: mean(a) < mean(b), so the observed
        // difference is negative and only its absolute value makes a two-sided test.
        TwoSamples {
            a: vec![10.2, 11.5, 12.0, 10.8, 11.9],
            b: vec![12.1, 14.3, 13.8, 15.0, 14.9],
            permutations: PERMUTATIONS,
            seed: seed + 4,
        },
        // No difference at all: every shuffle ties the observed 0, and ties count, so
        // the p-value is exactly 1 (5 of 5), not 4/5 or 6/5.
        TwoSamples {
            a: vec![4.0, 4.0, 4.0],
            b: vec![4.0, 4.0, 4.0, 4.0],
            permutations: 5,
            seed: seed + 5,
        },
    ];
    let describe = |c: &TwoSamples| {
        format!(
            "a = {}, b = {}, permutations = {}",
            list(&c.a),
            list(&c.b),
            c.permutations
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let mut rng = StdRng::seed_from_u64(c.seed);
        learner(&c.a, &c.b, c.permutations, &mut rng)
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        let shuffles = case.permutations as f64;
        if case.permutations < PERMUTATIONS {
            let count = got * shuffles;
            if !(0.0..=1.0).contains(&got) || (count - count.round()).abs() > 1e-6 {
                let verdict = incorrect(
                    &describe(case),
                    &format!(
                        "a share of the {} shuffles (0, 1/{}, 2/{}, … or 1)",
                        case.permutations, case.permutations, case.permutations
                    ),
                    &number(got),
                    Some(known_mistake("looks like `permutations` is ignored: shuffle exactly `permutations` times and divide the count by it")),
                );
                return Report::new(PERMUTATION_TEST, verdict);
            }
            let all_equal = case.a.iter().chain(&case.b).all(|v| *v == case.a[0]);
            if all_equal && got != 1.0 {
                let one_off = [(shuffles - 1.0) / shuffles, (shuffles + 1.0) / shuffles]
                    .iter()
                    .any(|p| (got - p).abs() < 1e-9);
                let hint = one_off.then(|| known_mistake("looks like you counted one shuffle too many or too few: shuffle exactly `permutations` times, starting the count at 0"));
                let verdict = incorrect(
                    &describe(case),
                    "1 (every shuffle ties the observed difference, 0)",
                    &number(got),
                    hint,
                );
                return Report::new(PERMUTATION_TEST, verdict);
            }
            continue;
        }
        let exact = exact_p_values(&case.a, &case.b);
        let two_sided = exact.two_sided;
        if !got.is_finite() || (got - two_sided).abs() > P_VALUE_SLACK {
            let verdict = incorrect(
                &describe(case),
                &format!(
                    "a p-value near {} (exact, ± {P_VALUE_SLACK})",
                    number(two_sided)
                ),
                &number(got),
                permutation_mistake(&exact, got, mean(&case.a) < mean(&case.b)),
            );
            return Report::new(PERMUTATION_TEST, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(PERMUTATION_TEST, verdict);
    }
    Report::new(
        PERMUTATION_TEST,
        Verdict::Passed {
            summary: format!(
                "4 pairs of samples, each p-value within {P_VALUE_SLACK} of the exact one from all possible splits (one with mean(a) < mean(b)), a share of exactly 7 shuffles when asked for 7, and exactly 1 for samples with no difference"
            ),
        },
    )
}

/// The mistake behind a p-value far from the exact one, if it is a known one.
fn permutation_mistake(exact: &ExactP, got: f64, observed_negative: bool) -> Option<String> {
    let ExactP {
        two_sided,
        one_sided,
        strictly,
    } = *exact;
    if (got - strictly).abs() <= P_VALUE_SLACK && (two_sided - strictly).abs() > P_VALUE_SLACK {
        Some(known_mistake(
            "a shuffle as extreme as the observed difference counts: use ≥, not >",
        ))
    } else if observed_negative && got > 1.0 - P_VALUE_SLACK && two_sided < 0.5 {
        Some(known_mistake("with mean(a) < mean(b) the observed difference is negative, so every shuffle beat it: take its absolute value, |mean(a) - mean(b)|"))
    } else if (got - one_sided).abs() <= P_VALUE_SLACK
        && (two_sided - one_sided).abs() > P_VALUE_SLACK
    {
        Some(known_mistake("that is a one-sided p-value: compare absolute differences, |mean(first) - mean(rest)| ≥ |observed|"))
    } else if (got - (1.0 - two_sided)).abs() <= P_VALUE_SLACK {
        Some(known_mistake("that is the share of shuffles *less* extreme than the observed difference; count those at least as extreme (≥)"))
    } else if got > 1.0 {
        Some(known_mistake("a p-value is a share of the shuffles, between 0 and 1: divide the count by the number of permutations"))
    } else if got == 0.0 || got == 1.0 {
        Some(known_mistake("every shuffle landed on the same side: shuffle the pooled values again for each permutation, then split them into the first a.len() values and the rest"))
    } else {
        None
    }
}

/// `math/softmax`.
pub const SOFTMAX: &str = "math/softmax";

/// `fn softmax(x: &Array1<f64>) -> Array1<f64>`: exp(xᵢ) / Σⱼ exp(xⱼ), computed stably.
pub fn softmax<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>) -> Array1<f64> + Send + 'static,
{
    softmax_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type SoftmaxFn = dyn Fn(&Array1<f64>) -> Array1<f64> + Send;

/// The body of [`softmax`], compiled once here rather than in every learner's crate.
fn softmax_boxed(grader: &Grader, learner: Box<SoftmaxFn>) -> Report {
    let mut rng = grader.rng(5);
    let cases: Vec<Array1<f64>> = vec![
        array![1.0, 2.0, 3.0],
        array![0.0, 0.0, 0.0, 0.0],
        array![-1.0, 0.0, 5.0, 2.5],
        array![1000.0, 1001.0, 1002.0],
        array![-1000.0, 0.0],
        Array1::from(random_vec(&mut rng, 10)),
    ];
    let describe = |x: &Array1<f64>| format!("x = {}", vector(x));
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |x| {
        learner(x)
    });
    for (x, got) in cases.iter().zip(run.outputs) {
        let expected = softmax_reference(x.view());
        if expected.len() != got.len() {
            let message = format!(
                "for input {} expected {} probabilities (one per input), got {}",
                describe(x),
                expected.len(),
                got.len()
            );
            return Report::new(SOFTMAX, Verdict::Incorrect { message });
        }
        if !Tolerance::TIGHT.all_close(&expected.to_vec(), &got.to_vec()) {
            let verdict = incorrect(
                &describe(x),
                &vector(&expected),
                &vector(&got),
                softmax_mistake(x, &got),
            );
            return Report::new(SOFTMAX, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SOFTMAX, verdict);
    }
    Report::new(
        SOFTMAX,
        Verdict::Passed {
            summary: "6 inputs, including 1000-sized ones that overflow exp".into(),
        },
    )
}

fn softmax_mistake(x: &Array1<f64>, got: &Array1<f64>) -> Option<String> {
    let max = x.fold(f64::NEG_INFINITY, |m, v| m.max(*v));
    let total: f64 = got.sum();
    if got.iter().any(|v| !v.is_finite()) && max > 709.0 {
        Some(known_mistake(format!(
            "exp({}) overflows f64 to infinity, and inf / inf is NaN; subtract the largest input from every input \
             before exp: softmax gives the same answer for shifted inputs",
            number(max)
        )))
    } else if Tolerance::TIGHT.all_close(&(x / x.sum()).to_vec(), &got.to_vec()) {
        Some(known_mistake(
            "looks like you divided the inputs by their sum; apply exp to each input first",
        ))
    } else if !Tolerance::TIGHT.close(1.0, total) {
        Some(known_mistake(format!(
            "the outputs add up to {}, not 1: divide each exp(x) by the sum of all of them",
            number(total)
        )))
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checks::incorrect_message as message;

    #[test]
    fn softmax_catches_overflow() {
        let grader = Grader::new();
        let naive = |x: &Array1<f64>| {
            let e = x.mapv(f64::exp);
            &e / e.sum()
        };
        let text = message(softmax(&grader, naive));
        assert!(text.contains("for input x = [1000, 1001, 1002]"), "{text}");
        assert!(text.contains("subtract the largest input"), "{text}");
    }
}
