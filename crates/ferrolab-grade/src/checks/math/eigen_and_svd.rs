//! Lesson 2, eigenvectors and SVD (notebooks/01-math/02-eigen-and-svd.ipynb): covariance,
//! power iteration and low-rank approximation.

use super::{random_matrix, LIMIT};
use crate::checks::reference::covariance;
use crate::checks::{incorrect, known_mistake};
use crate::compare::{matrix, number, shape, vector, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2, Axis, Slice};
use rand::Rng;

/// `math/covariance-matrix`.
pub const COVARIANCE_MATRIX: &str = "math/covariance-matrix";

/// `fn covariance_matrix(x: &Array2<f64>) -> Array2<f64>`: the f × f sample covariance
/// (n − 1) of the columns of `x`.
pub fn covariance_matrix<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>) -> Array2<f64> + Send + 'static,
{
    covariance_matrix_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type CovarianceFn = dyn Fn(&Array2<f64>) -> Array2<f64> + Send;

/// The body of [`covariance_matrix`], compiled once here rather than in every learner's crate.
fn covariance_matrix_boxed(grader: &Grader, learner: Box<CovarianceFn>) -> Report {
    let mut rng = grader.rng(7);
    // Heights (cm) and weights (kg) of four people: means far from zero, so forgetting
    // to centre shows.
    let people = array![[170.0, 65.0], [180.0, 80.0], [160.0, 55.0], [175.0, 72.0]];
    let cases = vec![
        people,
        array![[1.0, 2.0, 0.0], [3.0, 1.0, 1.0], [2.0, 6.0, 5.0]],
        random_matrix(&mut rng, 30, 4) + 5.0,
    ];
    let describe = |x: &Array2<f64>| {
        format!(
            "x = {} ({} rows × {} columns)",
            matrix(x),
            x.nrows(),
            x.ncols()
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |x| {
        learner(x)
    });
    for (x, got) in cases.iter().zip(run.outputs) {
        let expected = covariance(x, 1.0);
        if got.shape() != expected.shape() {
            let mut message = format!(
                "for input {} expected a {} matrix (features × features), got {}",
                describe(x),
                shape(expected.shape()),
                shape(got.shape())
            );
            if got.nrows() == x.nrows() {
                message.push_str(
                    ": looks like you computed x·xᵀ (samples × samples); the covariance is xᵀ·x (features × features)",
                );
            }
            return Report::new(COVARIANCE_MATRIX, Verdict::Incorrect { message });
        }
        if !Tolerance::TIGHT.matrices_close(&expected, &got) {
            let verdict = incorrect(
                &describe(x),
                &matrix(&expected),
                &matrix(&got),
                covariance_mistake(x, &got),
            );
            return Report::new(COVARIANCE_MATRIX, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(COVARIANCE_MATRIX, verdict);
    }
    Report::new(
        COVARIANCE_MATRIX,
        Verdict::Passed {
            summary: "3 data sets, 2 to 4 features, means far from zero".into(),
        },
    )
}

fn covariance_mistake(x: &Array2<f64>, got: &Array2<f64>) -> Option<String> {
    let n = x.nrows() as f64;
    let covariance = covariance(x, 1.0);
    if Tolerance::TIGHT.matrices_close(&(x.t().dot(x) / (n - 1.0)), got)
        || Tolerance::TIGHT.matrices_close(&(x.t().dot(x) / n), got)
    {
        Some(known_mistake(
            "looks like you forgot to centre: subtract each column's mean before multiplying",
        ))
    } else if Tolerance::TIGHT.matrices_close(&(&covariance * ((n - 1.0) / n)), got) {
        Some(known_mistake(format!(
            "looks like you divided by n = {n}; the sample covariance divides by n - 1 = {}",
            n - 1.0
        )))
    } else if Tolerance::TIGHT.matrices_close(&(&covariance * (n - 1.0)), got) {
        Some(known_mistake(
            "looks like you did not divide at all: divide by n - 1",
        ))
    } else {
        let std = covariance.diag().mapv(f64::sqrt);
        let correlation = &covariance / &std.view().insert_axis(Axis(1)) / &std;
        Tolerance::TIGHT.matrices_close(&correlation, got).then(|| {
            "looks like you computed correlations (divided by the standard deviations); keep the covariances".into()
        })
    }
}

// ---------------------------------------------------------------------------------

/// `math/power-iteration`.
pub const POWER_ITERATION: &str = "math/power-iteration";

/// How close a converged answer must be: power iteration in `f64` gets far closer.
const EIGEN_TOLERANCE: Tolerance = Tolerance {
    absolute: 1e-6,
    relative: 1e-6,
};

/// Rounds enough for every case's answer to converge.
const CONVERGED: usize = 500;

/// One matrix, the rounds to run, and the eigenpair expected after them.
#[derive(Debug, Clone)]
struct EigenCase {
    a: Array2<f64>,
    iterations: usize,
    eigenvalue: f64,
    eigenvector: Array1<f64>,
}

/// The answer after exactly `rounds` rounds, computed another way than a learner's
/// loop: `aᵏ` as a matrix product first, applied to the all-ones start, normalised once
/// (every round's normalisation only rescales), then the Rayleigh quotient.
fn after_rounds(a: &Array2<f64>, rounds: usize) -> EigenCase {
    let mut power = Array2::<f64>::eye(a.nrows());
    for _ in 0..rounds {
        power = a.dot(&power);
    }
    let direction = power.sum_axis(Axis(1));
    let unit = &direction / direction.dot(&direction).sqrt();
    EigenCase {
        a: a.clone(),
        iterations: rounds,
        eigenvalue: unit.dot(&a.dot(&unit)),
        eigenvector: unit,
    }
}

/// `fn power_iteration(a: &Array2<f64>, iterations: usize) -> (f64, Array1<f64>)`: the
/// dominant eigenvalue and its unit eigenvector.
pub fn power_iteration<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, usize) -> (f64, Array1<f64>) + Send + 'static,
{
    power_iteration_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type PowerIterationFn = dyn Fn(&Array2<f64>, usize) -> (f64, Array1<f64>) + Send;

/// An orthonormal basis of random directions (Gram–Schmidt on random columns).
fn random_rotation(rng: &mut impl Rng, n: usize) -> Array2<f64> {
    let mut q = random_matrix(rng, n, n);
    for j in 0..n {
        for i in 0..j {
            let projection = q.column(i).dot(&q.column(j));
            let previous = q.column(i).to_owned();
            q.column_mut(j).scaled_add(-projection, &previous);
        }
        let length = q.column(j).dot(&q.column(j)).sqrt();
        q.column_mut(j).mapv_inplace(|v| v / length);
    }
    q
}

/// The body of [`power_iteration`], compiled once here rather than in every learner's crate.
fn power_iteration_boxed(grader: &Grader, learner: Box<PowerIterationFn>) -> Report {
    let mut rng = grader.rng(8);
    let sqrt3 = 3f64.sqrt();
    let q = random_rotation(&mut rng, 5);
    let eigenvalues = array![10.0, 6.0, 3.0, 2.0, 1.0];
    let cases = vec![
        EigenCase {
            a: array![[2.0, 1.0], [1.0, 2.0]],
            iterations: CONVERGED,
            eigenvalue: 3.0,
            eigenvector: array![1.0, 1.0] / 2f64.sqrt(),
        },
        // Eigenvalues 3 + √3, 3 and 3 − √3.
        EigenCase {
            a: array![[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]],
            iterations: CONVERGED,
            eigenvalue: 3.0 + sqrt3,
            eigenvector: array![1.0, sqrt3 - 1.0, 2.0 - sqrt3],
        },
        // Eigenvalues −5.14 and 2.14: the dominant one is negative.
        EigenCase {
            a: array![[-5.0, 1.0], [1.0, 2.0]],
            iterations: CONVERGED,
            eigenvalue: (-3.0 - 53f64.sqrt()) / 2.0,
            eigenvector: array![1.0, (7.0 - 53f64.sqrt()) / 2.0],
        },
        // A random symmetric matrix with eigenvalues 10, 6, 3, 2, 1.
        EigenCase {
            a: (&q * &eigenvalues).dot(&q.t()),
            iterations: CONVERGED,
            eigenvalue: 10.0,
            eigenvector: q.column(0).to_owned(),
        },
    ];
    let mut cases: Vec<EigenCase> = cases
        .into_iter()
        .map(|c| EigenCase {
            eigenvector: &c.eigenvector / c.eigenvector.dot(&c.eigenvector).sqrt(),
            ..c
        })
        .collect();
    // `iterations` must count: the answer after exactly 3 rounds (far from converged,
    // since 6/10 shrinks slowly) and after none (the normalised start itself).
    cases.push(after_rounds(&cases[3].a, 3));
    cases.push(after_rounds(&cases[1].a, 0));
    let describe = |c: &EigenCase| format!("a = {}, iterations = {}", matrix(&c.a), c.iterations);
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        learner(&c.a, c.iterations)
    });
    for (case, (eigenvalue, eigenvector)) in cases.iter().zip(run.outputs) {
        if let Some(problem) = eigen_problem(case, eigenvalue, &eigenvector) {
            let message = format!("for input {} {problem}", describe(case));
            return Report::new(POWER_ITERATION, Verdict::Incorrect { message });
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(POWER_ITERATION, verdict);
    }
    Report::new(
        POWER_ITERATION,
        Verdict::Passed {
            summary: "4 symmetric matrices, 2×2 to 5×5, one with a negative dominant eigenvalue, \
                      and the answers after 3 rounds and after none"
                .into(),
        },
    )
}

/// What is wrong with an answer, in words; `None` when it is right.
fn eigen_problem(case: &EigenCase, eigenvalue: f64, eigenvector: &Array1<f64>) -> Option<String> {
    let expected = &case.eigenvector;
    if eigenvector.len() != expected.len() {
        return Some(format!(
            "expected an eigenvector of {} values (one per row of a), got {}",
            expected.len(),
            eigenvector.len()
        ));
    }
    if !eigenvalue.is_finite() || eigenvector.iter().any(|v| !v.is_finite()) {
        return Some(known_mistake(format!(
            "got eigenvalue {} and eigenvector {}: the numbers overflowed; divide the vector by its length after every multiplication",
            number(eigenvalue),
            vector(eigenvector)
        )));
    }
    let length = eigenvector.dot(eigenvector).sqrt();
    if !EIGEN_TOLERANCE.close(1.0, length) {
        return Some(known_mistake(format!(
            "expected an eigenvector of length 1, got {} of length {}: divide it by its length",
            vector(eigenvector),
            number(length)
        )));
    }
    // An eigenvector is only defined up to its sign.
    let alignment = eigenvector.dot(expected).abs();
    let off_by_one = [case.iterations + 1, case.iterations.saturating_sub(1)]
        .into_iter()
        .filter(|&r| r != case.iterations && case.iterations < CONVERGED)
        .find(|&r| {
            EIGEN_TOLERANCE.close(
                1.0,
                eigenvector.dot(&after_rounds(&case.a, r).eigenvector).abs(),
            )
        });
    if let Some(rounds) = off_by_one.filter(|_| !EIGEN_TOLERANCE.close(1.0, alignment)) {
        return Some(format!(
            "expected the vector after {} rounds, ±{}, got the one after {rounds}: {}",
            case.iterations,
            vector(expected),
            known_mistake("run exactly `iterations` rounds of multiply-and-normalise")
        ));
    }
    if !EIGEN_TOLERANCE.close(1.0, alignment) {
        return Some(format!(
            "expected the eigenvector ±{} (eigenvalue {}), got {}: {}",
            vector(expected),
            number(case.eigenvalue),
            vector(eigenvector),
            known_mistake("it is not the dominant eigenvector yet; multiply by a and normalise on every one of the iterations")
        ));
    }
    if !EIGEN_TOLERANCE.close(case.eigenvalue, eigenvalue) {
        let mut message = format!(
            "the eigenvector is right but expected the eigenvalue {}, got {}",
            number(case.eigenvalue),
            number(eigenvalue)
        );
        if EIGEN_TOLERANCE.close(case.eigenvalue.abs(), eigenvalue) {
            message.push_str(": the sign is lost; ‖a·v‖ is always positive, but the Rayleigh quotient vᵀ·a·v keeps the sign");
        } else if EIGEN_TOLERANCE.close(case.eigenvalue * case.eigenvalue, eigenvalue) {
            message.push_str(": that is its square; for a unit v the eigenvalue is vᵀ·a·v");
        }
        return Some(message);
    }
    None
}

// ---------------------------------------------------------------------------------

/// `math/rank-k-approximation`.
pub const RANK_K_APPROXIMATION: &str = "math/rank-k-approximation";

/// One low-rank reconstruction: the SVD factors and how many terms to keep.
#[derive(Debug, Clone)]
struct LowRank {
    u: Array2<f64>,
    sigma: Array1<f64>,
    vt: Array2<f64>,
    k: usize,
}

/// `fn rank_k_approximation(u, sigma, vt, k) -> Array2<f64>`: Σᵢ<k sigma[i]·uᵢ·vtᵢ.
pub fn rank_k_approximation<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array1<f64>, &Array2<f64>, usize) -> Array2<f64> + Send + 'static,
{
    rank_k_approximation_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type RankKFn = dyn Fn(&Array2<f64>, &Array1<f64>, &Array2<f64>, usize) -> Array2<f64> + Send;

fn low_rank(u: &Array2<f64>, sigma: &Array1<f64>, vt: &Array2<f64>, k: usize) -> Array2<f64> {
    let u_k = u.slice_axis(Axis(1), Slice::from(..k));
    (&u_k * &sigma.slice_axis(Axis(0), Slice::from(..k)))
        .dot(&vt.slice_axis(Axis(0), Slice::from(..k)))
}

/// The body of [`rank_k_approximation`], compiled once here rather than in every learner's crate.
fn rank_k_approximation_boxed(grader: &Grader, learner: Box<RankKFn>) -> Report {
    let mut rng = grader.rng(9);
    let square = LowRank {
        u: random_rotation(&mut rng, 4),
        sigma: array![9.0, 4.0, 2.0, 0.5],
        vt: random_rotation(&mut rng, 4).reversed_axes(),
        k: 2,
    };
    let tall_u = random_rotation(&mut rng, 6)
        .slice_axis(Axis(1), Slice::from(..4))
        .to_owned();
    let wide_vt = random_rotation(&mut rng, 5)
        .slice_axis(Axis(1), Slice::from(..4))
        .to_owned()
        .reversed_axes();
    let rectangular = |k| LowRank {
        u: tall_u.clone(),
        sigma: array![7.0, 3.0, 1.5, 1.0],
        vt: wide_vt.clone(),
        k,
    };
    let cases = vec![
        square,
        rectangular(1),
        rectangular(3),
        rectangular(4),
        rectangular(0),
    ];
    let describe = |c: &LowRank| {
        format!(
            "u of shape {}, sigma = {}, vt of shape {}, k = {}",
            shape(c.u.shape()),
            vector(&c.sigma),
            shape(c.vt.shape()),
            c.k
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        learner(&c.u, &c.sigma, &c.vt, c.k)
    });
    for (case, got) in cases.iter().zip(run.outputs) {
        let expected = low_rank(&case.u, &case.sigma, &case.vt, case.k);
        if got.shape() != expected.shape() {
            let message = format!(
                "for input {} expected a {} matrix (rows of u × columns of vt), got {}",
                describe(case),
                shape(expected.shape()),
                shape(got.shape())
            );
            return Report::new(RANK_K_APPROXIMATION, Verdict::Incorrect { message });
        }
        if !Tolerance::TIGHT.matrices_close(&expected, &got) {
            let verdict = incorrect(
                &describe(case),
                &matrix(&expected),
                &matrix(&got),
                rank_k_mistake(case, &got),
            );
            return Report::new(RANK_K_APPROXIMATION, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(RANK_K_APPROXIMATION, verdict);
    }
    Report::new(
        RANK_K_APPROXIMATION,
        Verdict::Passed {
            summary: "5 reconstructions, square and 6×5, from k = 0 to the full rank".into(),
        },
    )
}

fn rank_k_mistake(case: &LowRank, got: &Array2<f64>) -> Option<String> {
    let LowRank { u, sigma, vt, k } = case;
    let rank = sigma.len();
    let ones = Array1::<f64>::ones(rank);
    if *k < rank && Tolerance::TIGHT.matrices_close(&low_rank(u, sigma, vt, k + 1), got) {
        Some(known_mistake(format!(
            "looks like you kept {} terms; keep the first k = {k} (indices 0..k, not 0..=k)",
            k + 1
        )))
    } else if *k > 0 && Tolerance::TIGHT.matrices_close(&low_rank(u, sigma, vt, k - 1), got) {
        let kept = k - 1;
        let terms = if kept == 1 { "term" } else { "terms" };
        Some(known_mistake(format!(
            "looks like you kept {kept} {terms}; keep the first k = {k} (indices 0..k)"
        )))
    } else if Tolerance::TIGHT.matrices_close(&low_rank(u, &ones, vt, *k), got) {
        Some(known_mistake(
            "looks like the singular values are missing: scale each term by sigma[i]",
        ))
    } else if u.is_square()
        && vt.is_square()
        && Tolerance::TIGHT.matrices_close(
            &low_rank(&u.t().to_owned(), sigma, &vt.t().to_owned(), *k),
            got,
        )
    {
        Some(known_mistake("looks like you took rows of u (or columns of vt): the i-th term uses column i of u and row i of vt"))
    } else {
        let last = low_rank(
            &u.slice_axis(Axis(1), Slice::from(rank - k..)).to_owned(),
            &sigma
                .slice_axis(Axis(0), Slice::from(rank - k..))
                .to_owned(),
            &vt.slice_axis(Axis(0), Slice::from(rank - k..)).to_owned(),
            *k,
        );
        Tolerance::TIGHT.matrices_close(&last, got).then(|| {
            "looks like you kept the last k terms; the singular values are largest first, so keep the first k".into()
        })
    }
}
