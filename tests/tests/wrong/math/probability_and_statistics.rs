//! Wrong answers to math lesson 3, probability and statistics:
//! notebooks/01-math/03-probability-and-statistics.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "math/softmax",
            what: "exponentiates without subtracting the maximum",
            grade: |g| checks::math::softmax(g, softmax_naive),
            says: "for input x = [1000, 1001, 1002] expected [0.09, 0.2447, 0.6652], got [NaN, NaN, NaN]: exp(1002) overflows f64 to infinity",
        },
        Wrong {
            id: "math/mean-variance-std",
            what: "divides the variance by n",
            grade: |g| checks::math::mean_variance_std(g, population_variance),
            says: "expected (mean, variance, std) = (5, 4.5714, 2.1381), got (5, 4, 2): looks like you divided by n = 8",
        },
        Wrong {
            id: "math/mean-variance-std",
            what: "forgets the square root",
            grade: |g| checks::math::mean_variance_std(g, std_without_sqrt),
            says: "the standard deviation equals the variance: take its square root",
        },
        Wrong {
            id: "math/bayes-posterior",
            what: "answers with the sensitivity",
            grade: |g| checks::math::bayes_posterior(g, posterior_is_sensitivity),
            says: "expected 0.1538, got 0.9: that is the sensitivity, P(positive | disease)",
        },
        Wrong {
            id: "math/bayes-posterior",
            what: "uses the specificity as the false-positive rate",
            grade: |g| checks::math::bayes_posterior(g, specificity_as_false_positives),
            says: "used the specificity as the false-positive rate",
        },
        Wrong {
            id: "math/gaussian-mle",
            what: "divides by n - 1",
            grade: |g| checks::math::gaussian_mle(g, mle_unbiased_variance),
            says: "looks like you divided by n - 1 = 3: that is the unbiased sample variance; the maximum-likelihood estimate divides by n = 4",
        },
        Wrong {
            id: "math/permutation-test",
            what: "counts one side only",
            grade: |g| checks::math::permutation_test(g, one_sided_permutation_test),
            says: "that is a one-sided p-value",
        },
        Wrong {
            id: "math/permutation-test",
            what: "never shuffles",
            grade: |g| checks::math::permutation_test(g, permutation_test_without_shuffling),
            says: "every shuffle landed on the same side",
        },
        Wrong {
            id: "math/permutation-test",
            what: "shuffles a fixed 10,000 times, whatever `permutations` says",
            grade: |g| checks::math::permutation_test(g, permutation_test_fixed_count),
            says: "permutations = 7 expected a share of the 7 shuffles (0, 1/7, 2/7, … or 1), got",
        },
        Wrong {
            id: "math/permutation-test",
            what: "shuffles a fixed 10,000 times: the hint",
            grade: |g| checks::math::permutation_test(g, permutation_test_fixed_count),
            says: "looks like `permutations` is ignored: shuffle exactly `permutations` times",
        },
        Wrong {
            id: "math/permutation-test",
            what: "keeps the sign of the observed difference",
            grade: |g| checks::math::permutation_test(g, permutation_test_signed_observed),
            says: "with mean(a) < mean(b) the observed difference is negative, so every shuffle beat it",
        },
        Wrong {
            id: "math/permutation-test",
            what: "counts only shuffles strictly more extreme (>)",
            grade: |g| checks::math::permutation_test(g, permutation_test_strictly_more),
            says: "a shuffle as extreme as the observed difference counts: use ≥, not >",
        },
        Wrong {
            id: "math/permutation-test",
            what: "shuffles one time too few (1..permutations)",
            grade: |g| checks::math::permutation_test(g, permutation_test_one_shuffle_short),
            says: "looks like you counted one shuffle too many or too few",
        },
        Wrong {
            id: "math/bayes-posterior",
            what: "stops at P(disease and positive)",
            grade: |g| checks::math::bayes_posterior(g, joint_instead_of_posterior),
            says: "that is P(disease and positive)",
        },
        Wrong {
            id: "math/bayes-posterior",
            what: "leaves out the prior",
            grade: |g| checks::math::bayes_posterior(g, posterior_without_prior),
            says: "the prior is missing",
        },
        Wrong {
            id: "math/gaussian-mle",
            what: "returns the standard deviation",
            grade: |g| checks::math::gaussian_mle(g, mle_standard_deviation),
            says: "that is the standard deviation; return the variance",
        },
        Wrong {
            id: "math/permutation-test",
            what: "counts the less extreme shuffles",
            grade: |g| checks::math::permutation_test(g, permutation_test_less_extreme),
            says: "that is the share of shuffles *less* extreme",
        },
        Wrong {
            id: "math/softmax",
            what: "divides by the sum without exp",
            grade: |g| checks::math::softmax(g, softmax_without_exp),
            says: "looks like you divided the inputs by their sum",
        },
        Wrong {
            id: "math/mean-variance-std",
            what: "divides the sum by n - 1 for the mean too",
            grade: |g| checks::math::mean_variance_std(g, mean_over_n_minus_1),
            says: "the mean is off: it divides the sum by n - 1 = 7, not n = 8",
        },
        Wrong {
            id: "math/mean-variance-std",
            what: "takes the standard deviation from the population formula",
            grade: |g| checks::math::mean_variance_std(g, std_over_n),
            says: "the standard deviation divides by n; use the square root of your (n - 1) variance",
        },
        Wrong {
            id: "math/mean-variance-std",
            what: "returns the standard deviation before the variance",
            grade: |g| checks::math::mean_variance_std(g, variance_and_std_swapped),
            says: "the variance and the standard deviation are swapped",
        },
        Wrong {
            id: "math/softmax",
            what: "never divides by the sum",
            grade: |g| checks::math::softmax(g, softmax_undivided),
            says: "not 1: divide each exp(x) by the sum of all of them",
        },
    ]
}

pub fn softmax_naive(x: &Array1<f64>) -> Array1<f64> {
    let exps = x.mapv(f64::exp);
    &exps / exps.sum()
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

pub fn population_variance(x: &[f64]) -> (f64, f64, f64) {
    let m = mean(x);
    let variance = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / x.len() as f64;
    (m, variance, variance.sqrt())
}

pub fn std_without_sqrt(x: &[f64]) -> (f64, f64, f64) {
    let m = mean(x);
    let variance = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() as f64 - 1.0);
    (m, variance, variance)
}

pub fn posterior_is_sensitivity(_prior: f64, sensitivity: f64, _specificity: f64) -> f64 {
    sensitivity
}

pub fn specificity_as_false_positives(prior: f64, sensitivity: f64, specificity: f64) -> f64 {
    sensitivity * prior / (sensitivity * prior + specificity * (1.0 - prior))
}

pub fn mle_unbiased_variance(x: &[f64]) -> (f64, f64) {
    let m = mean(x);
    let n = x.len() as f64;
    let variance = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (m, variance)
}

pub fn one_sided_permutation_test(
    a: &[f64],
    b: &[f64],
    permutations: usize,
    rng: &mut StdRng,
) -> f64 {
    let observed = mean(a) - mean(b);
    let mut pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    let mut count = 0;
    for _ in 0..permutations {
        pooled.shuffle(rng);
        let (first, rest) = pooled.split_at(a.len());
        if mean(first) - mean(rest) >= observed {
            count += 1;
        }
    }
    count as f64 / permutations as f64
}

pub fn permutation_test_without_shuffling(
    a: &[f64],
    b: &[f64],
    permutations: usize,
    _rng: &mut StdRng,
) -> f64 {
    let observed = (mean(a) - mean(b)).abs();
    let pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    let mut count = 0;
    for _ in 0..permutations {
        let (first, rest) = pooled.split_at(a.len());
        if (mean(first) - mean(rest)).abs() > observed {
            count += 1;
        }
    }
    count as f64 / permutations as f64
}

pub fn permutation_test_fixed_count(
    a: &[f64],
    b: &[f64],
    _permutations: usize,
    rng: &mut StdRng,
) -> f64 {
    solutions::math::permutation_test::permutation_test(a, b, 10_000, rng)
}

pub fn joint_instead_of_posterior(prior: f64, sensitivity: f64, _specificity: f64) -> f64 {
    sensitivity * prior
}

pub fn posterior_without_prior(_prior: f64, sensitivity: f64, specificity: f64) -> f64 {
    sensitivity / (sensitivity + 1.0 - specificity)
}

pub fn mle_standard_deviation(x: &[f64]) -> (f64, f64) {
    let m = mean(x);
    let variance = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / x.len() as f64;
    (m, variance.sqrt())
}

pub fn permutation_test_less_extreme(
    a: &[f64],
    b: &[f64],
    permutations: usize,
    rng: &mut StdRng,
) -> f64 {
    1.0 - solutions::math::permutation_test::permutation_test(a, b, permutations, rng)
}

pub fn softmax_without_exp(x: &Array1<f64>) -> Array1<f64> {
    x / x.sum()
}

pub fn mean_over_n_minus_1(x: &[f64]) -> (f64, f64, f64) {
    let n = x.len() as f64 - 1.0;
    let m = x.iter().sum::<f64>() / n;
    let variance = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n;
    (m, variance, variance.sqrt())
}

pub fn std_over_n(x: &[f64]) -> (f64, f64, f64) {
    let m = mean(x);
    let squares = x.iter().map(|v| (v - m).powi(2)).sum::<f64>();
    let n = x.len() as f64;
    (m, squares / (n - 1.0), (squares / n).sqrt())
}

pub fn variance_and_std_swapped(x: &[f64]) -> (f64, f64, f64) {
    let m = mean(x);
    let variance = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() as f64 - 1.0);
    (m, variance.sqrt(), variance)
}

pub fn softmax_undivided(x: &Array1<f64>) -> Array1<f64> {
    let max = x.fold(f64::NEG_INFINITY, |m, v| m.max(*v));
    x.mapv(|v| (v - max).exp())
}

/// A permutation test whose observed statistic and comparison are given as closures, so
/// each wrong answer below changes exactly one thing.
fn permutation_test_with(
    a: &[f64],
    b: &[f64],
    shuffles: std::ops::Range<usize>,
    rng: &mut StdRng,
    as_extreme: impl Fn(f64, f64) -> bool,
    observed: f64,
    permutations: usize,
) -> f64 {
    let mut pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    let mut count = 0;
    for _ in shuffles {
        pooled.shuffle(rng);
        let (first, rest) = pooled.split_at(a.len());
        if as_extreme((mean(first) - mean(rest)).abs(), observed) {
            count += 1;
        }
    }
    count as f64 / permutations as f64
}

pub fn permutation_test_signed_observed(
    a: &[f64],
    b: &[f64],
    permutations: usize,
    rng: &mut StdRng,
) -> f64 {
    let observed = mean(a) - mean(b);
    permutation_test_with(
        a,
        b,
        0..permutations,
        rng,
        |d, o| d >= o,
        observed,
        permutations,
    )
}

pub fn permutation_test_strictly_more(
    a: &[f64],
    b: &[f64],
    permutations: usize,
    rng: &mut StdRng,
) -> f64 {
    let observed = (mean(a) - mean(b)).abs();
    permutation_test_with(
        a,
        b,
        0..permutations,
        rng,
        |d, o| d > o,
        observed,
        permutations,
    )
}

pub fn permutation_test_one_shuffle_short(
    a: &[f64],
    b: &[f64],
    permutations: usize,
    rng: &mut StdRng,
) -> f64 {
    let observed = (mean(a) - mean(b)).abs();
    permutation_test_with(
        a,
        b,
        1..permutations,
        rng,
        |d, o| d >= o,
        observed,
        permutations,
    )
}
