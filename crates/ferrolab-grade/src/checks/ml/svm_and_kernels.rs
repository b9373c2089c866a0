//! Lesson 5, SVMs and kernels (notebooks/03-ml/05-svm-and-kernels.ipynb): the RBF kernel,
//! a kernel SVM's decision function and one gradient step on the hinge loss.

use super::{close, random_matrix, FUNCTION_LIMIT as LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{matrix, number, shape, vector, Tolerance};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{array, Array1, Array2, ArrayView1};
use rand::Rng;

/// `ml/rbf-kernel`.
pub const RBF_KERNEL: &str = "ml/rbf-kernel";

/// `fn rbf_kernel(a: &Array2<f64>, b: &Array2<f64>, gamma: f64) -> Array2<f64>`:
/// `K[[i, j]] = exp(-gamma·|a_i - b_j|²)`.
pub fn rbf_kernel<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array2<f64>, f64) -> Array2<f64> + Send + 'static,
{
    rbf_kernel_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type RbfKernelFn = dyn Fn(&Array2<f64>, &Array2<f64>, f64) -> Array2<f64> + Send;

/// Squared distances between the rows of `a` and of `b`.
fn squared_distances(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.nrows()), |(i, j)| {
        (&a.row(i) - &b.row(j)).mapv(|d| d * d).sum()
    })
}

fn rbf_kernel_boxed(grader: &Grader, learner: Box<RbfKernelFn>) -> Report {
    let mut rng = grader.rng(201);
    // Two rows against three: a transposed answer has the wrong shape.
    let cases = vec![
        (
            array![[0.0, 0.0], [1.0, 0.0]],
            array![[0.0, 0.0], [0.0, 2.0], [3.0, 4.0]],
            0.5,
        ),
        (
            array![[1.0, 2.0, 3.0]],
            array![[1.0, 2.0, 3.0], [2.0, 2.0, 5.0]],
            2.0,
        ),
        (
            random_matrix(&mut rng, 5, 3),
            random_matrix(&mut rng, 4, 3),
            0.3,
        ),
    ];
    let describe = |(a, b, gamma): &(Array2<f64>, Array2<f64>, f64)| {
        format!(
            "a = {}, b = {}, gamma = {}",
            matrix(a),
            matrix(b),
            number(*gamma)
        )
    };
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe,
        move |(a, b, gamma)| learner(a, b, *gamma),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (a, b, gamma) = case;
        let squared = squared_distances(a, b);
        let expected = squared.mapv(|d| (-gamma * d).exp());
        if expected.shape() != got.shape() {
            let mut message = format!(
                "for input {} expected a {} matrix (one row per row of `a`, one column per row of `b`), got {}",
                describe(case),
                shape(expected.shape()),
                shape(got.shape())
            );
            if got.shape() == [b.nrows(), a.nrows()] {
                message.push_str(": looks like rows and columns are swapped; K[[i, j]] compares row i of `a` with row j of `b`");
            }
            return Report::new(RBF_KERNEL, Verdict::Incorrect { message });
        }
        if !Tolerance::TIGHT.matrices_close(&expected, &got) {
            let verdict = incorrect(
                &describe(case),
                &matrix(&expected),
                &matrix(&got),
                rbf_mistake(a, b, *gamma, &got),
            );
            return Report::new(RBF_KERNEL, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(RBF_KERNEL, verdict);
    }
    Report::new(
        RBF_KERNEL,
        Verdict::Passed {
            summary: "3 kernel matrices, 2×3 to 5×4, three values of gamma".into(),
        },
    )
}

fn rbf_mistake(a: &Array2<f64>, b: &Array2<f64>, gamma: f64, got: &Array2<f64>) -> Option<String> {
    let squared = squared_distances(a, b);
    let like = |candidate: Array2<f64>| Tolerance::TIGHT.matrices_close(&candidate, got);
    if like(squared.mapv(|d| (-gamma * d.sqrt()).exp())) {
        Some(known_mistake("looks like you used the distance |a_i - b_j|; the RBF kernel uses the squared distance (no square root)"))
    } else if like(squared.mapv(|d| (gamma * d).exp())) {
        Some(known_mistake("the exponent must be negative: exp(-gamma·d²) is 1 for identical rows and falls towards 0 with distance"))
    } else if like(squared.mapv(|d| (-d).exp())) {
        Some(known_mistake(
            "looks like gamma is missing: multiply the squared distance by gamma before exp",
        ))
    } else if like(squared.mapv(|d| (-d / gamma).exp())) {
        Some(known_mistake("looks like you divided by gamma; multiply by it (linfa's Gaussian kernel takes eps = 1/gamma, which may be what you remembered)"))
    } else if like(a.dot(&b.t())) {
        Some(known_mistake(
            "that is the linear kernel a_i·b_j; the RBF kernel is exp(-gamma·|a_i - b_j|²)",
        ))
    } else if got.iter().any(|v| *v > 1.0 + 1e-12) {
        Some(known_mistake(
            "an RBF kernel value is never above 1 (exp of something ≤ 0)",
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------

/// `ml/svm-decision`.
pub const SVM_DECISION: &str = "ml/svm-decision";

/// `fn svm_decision(support, dual, bias, gamma, x) -> Array1<f64>`:
/// `f(x) = Σ dual_i·exp(-gamma·|support_i - x|²) + bias` for every row of `x`.
pub fn svm_decision<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array2<f64>, &Array1<f64>, f64, f64, &Array2<f64>) -> Array1<f64> + Send + 'static,
{
    svm_decision_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type SvmDecisionFn =
    dyn Fn(&Array2<f64>, &Array1<f64>, f64, f64, &Array2<f64>) -> Array1<f64> + Send;

/// Support vectors, their signed weights, bias, gamma, rows to score.
type DecisionCase = (Array2<f64>, Array1<f64>, f64, f64, Array2<f64>);

fn describe_decision((support, dual, bias, gamma, x): &DecisionCase) -> String {
    format!(
        "support = {}, dual = {}, bias = {}, gamma = {}, x = {}",
        matrix(support),
        vector(dual),
        number(*bias),
        number(*gamma),
        matrix(x)
    )
}

/// The decision values with a chosen kernel and bias sign, for diagnosis.
fn decision_with(
    case: &DecisionCase,
    kernel: &Array2<f64>,
    weighted: bool,
    bias_sign: f64,
) -> Array1<f64> {
    let (_, dual, bias, _, _) = case;
    let weights = if weighted {
        dual.clone()
    } else {
        Array1::ones(dual.len())
    };
    kernel.dot(&weights) + bias_sign * bias
}

fn vectors_close(a: &Array1<f64>, b: &Array1<f64>) -> bool {
    a.len() == b.len() && a.iter().zip(b.iter()).all(|(p, q)| close(*p, *q))
}

fn svm_decision_boxed(grader: &Grader, learner: Box<SvmDecisionFn>) -> Report {
    let mut rng = grader.rng(202);
    let random_dual: Array1<f64> = (0..6).map(|_| rng.gen_range(-1.0..1.0)).collect();
    let cases: Vec<DecisionCase> = vec![
        (
            array![[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]],
            array![0.5, -0.3, 0.8],
            -0.2,
            0.5,
            array![[0.0, 0.0], [1.0, 0.5], [3.0, 3.0], [-1.0, 2.0]],
        ),
        (
            array![[1.0, 2.0, 3.0]],
            array![-1.5],
            0.4,
            2.0,
            array![[1.0, 2.0, 3.0], [1.0, 2.0, 4.0]],
        ),
        (
            random_matrix(&mut rng, 6, 3),
            random_dual,
            0.1,
            0.3,
            random_matrix(&mut rng, 5, 3),
        ),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe_decision,
        move |(support, dual, bias, gamma, x)| learner(support, dual, *bias, *gamma, x),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (support, _, _, gamma, x) = case;
        // Rows of x against support vectors.
        let squared = squared_distances(x, support);
        let rbf = squared.mapv(|d| (-gamma * d).exp());
        let expected = decision_with(case, &rbf, true, 1.0);
        if got.len() != expected.len() {
            let mut message = format!(
                "for input {} expected {} scores (one per row of x), got {}",
                describe_decision(case),
                expected.len(),
                got.len()
            );
            if got.len() == support.nrows() {
                message.push_str(": looks like one value per support vector; add up over the support vectors for each row of x");
            }
            return Report::new(SVM_DECISION, Verdict::Incorrect { message });
        }
        if !vectors_close(&expected, &got) {
            let mistake = if vectors_close(&decision_with(case, &rbf, true, 0.0), &got) {
                Some(known_mistake(
                    "the bias is missing: add it once per row, after the sum over support vectors",
                ))
            } else if vectors_close(&decision_with(case, &rbf, true, -1.0), &got) {
                Some(known_mistake(
                    "looks like you subtracted the bias; f(x) = Σ dual_i·K(support_i, x) + bias",
                ))
            } else if vectors_close(&decision_with(case, &rbf, false, 1.0), &got) {
                Some(known_mistake(
                    "each kernel value must be weighted by its dual coefficient dual[i]",
                ))
            } else if vectors_close(
                &decision_with(case, &squared.mapv(|d| (gamma * d).exp()), true, 1.0),
                &got,
            ) {
                Some(known_mistake(
                    "the exponent must be negative: exp(-gamma·|support_i - x|²)",
                ))
            } else if vectors_close(&decision_with(case, &x.dot(&support.t()), true, 1.0), &got) {
                Some(known_mistake("that is the linear kernel support_i·x; this SVM uses the RBF kernel exp(-gamma·|support_i - x|²)"))
            } else {
                None
            };
            let verdict = incorrect(
                &describe_decision(case),
                &vector(&expected),
                &vector(&got),
                mistake,
            );
            return Report::new(SVM_DECISION, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SVM_DECISION, verdict);
    }
    Report::new(
        SVM_DECISION,
        Verdict::Passed {
            summary: "3 trained models, 1 to 6 support vectors".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `ml/hinge-step`.
pub const HINGE_STEP: &str = "ml/hinge-step";

/// `fn hinge_step(w, b, x, y, lambda, lr) -> (Array1<f64>, f64)`: one subgradient step on one row.
pub fn hinge_step<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Array1<f64>, f64, ArrayView1<'_, f64>, f64, f64, f64) -> (Array1<f64>, f64)
        + Send
        + 'static,
{
    hinge_step_boxed(grader, Box::new(learner))
}

/// The learner's implementation, boxed so the check is compiled once.
type HingeStepFn =
    dyn Fn(&Array1<f64>, f64, ArrayView1<'_, f64>, f64, f64, f64) -> (Array1<f64>, f64) + Send;

/// One step's input: w, b, x, y, lambda, lr.
type StepCase = (Array1<f64>, f64, Array1<f64>, f64, f64, f64);

fn describe_step((w, b, x, y, lambda, lr): &StepCase) -> String {
    format!(
        "w = {}, b = {}, x = {}, y = {}, lambda = {}, lr = {} (margin y·(w·x + b) = {})",
        vector(w),
        number(*b),
        vector(x),
        number(*y),
        number(*lambda),
        number(*lr),
        number(y * (w.dot(x) + b))
    )
}

/// The step computed with a chosen margin rule, regulariser and sign, for diagnosis.
fn step_with(
    case: &StepCase,
    threshold: f64,
    regularise: bool,
    sign: f64,
    update_bias: bool,
) -> (Array1<f64>, f64) {
    let (w, b, x, y, lambda, lr) = case;
    let margin = y * (w.dot(x) + b);
    let reg = if regularise { *lambda } else { 0.0 };
    let (grad_w, grad_b) = if margin < threshold {
        (w * reg - &(x * *y), -y)
    } else {
        (w * reg, 0.0)
    };
    let grad_b = if update_bias { grad_b } else { 0.0 };
    (w - &(grad_w * (sign * lr)), b - sign * lr * grad_b)
}

fn step_close(a: &(Array1<f64>, f64), b: &(Array1<f64>, f64)) -> bool {
    a.0.len() == b.0.len()
        && a.0.iter().zip(b.0.iter()).all(|(p, q)| close(*p, *q))
        && close(a.1, b.1)
}

fn hinge_step_boxed(grader: &Grader, learner: Box<HingeStepFn>) -> Report {
    let mut rng = grader.rng(203);
    let random_w: Array1<f64> = (0..4).map(|_| rng.gen_range(-1.0..1.0)).collect();
    let random_x: Array1<f64> = (0..4).map(|_| rng.gen_range(-2.0..2.0)).collect();
    let cases: Vec<StepCase> = vec![
        // Wrong side of the boundary: margin -0.5.
        (array![0.5, -0.5], 0.0, array![1.0, 2.0], 1.0, 0.1, 0.1),
        // Beyond the margin (2): only the regulariser acts.
        (array![1.0, 1.0], 0.0, array![1.0, 1.0], 1.0, 0.1, 0.1),
        // Right side but inside the margin (0.5), label -1.
        (array![0.5, 0.25], 0.0, array![-0.5, -1.0], -1.0, 0.2, 0.5),
        // A bias that decides: margin 1.1 with b, 0.5 if b is left out.
        (array![0.5, 0.25], -0.6, array![-0.5, -1.0], -1.0, 0.2, 0.5),
        // Exactly on the margin (1, exact in binary): the hinge is flat from 1 on.
        (array![1.0, 0.5], 0.0, array![0.5, 1.0], 1.0, 0.1, 0.1),
        (random_w, 0.3, random_x, -1.0, 0.01, 0.05),
    ];
    let run = run_cases(
        grader.limit(LIMIT),
        cases.clone(),
        describe_step,
        move |(w, b, x, y, lambda, lr)| learner(w, *b, x.view(), *y, *lambda, *lr),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let expected = step_with(case, 1.0, true, 1.0, true);
        if got.0.len() != expected.0.len() {
            let message = format!(
                "for input {} expected a new w with {} weights, got {}",
                describe_step(case),
                expected.0.len(),
                got.0.len()
            );
            return Report::new(HINGE_STEP, Verdict::Incorrect { message });
        }
        if !step_close(&expected, &got) {
            let margin_without_b = {
                let mut unbiased = case.clone();
                unbiased.1 = 0.0;
                let (w, b) = step_with(&unbiased, 1.0, true, 1.0, true);
                (w, b + case.1)
            };
            let mistake = if case.1 != 0.0 && step_close(&margin_without_b, &got) {
                Some(known_mistake("looks like the margin left out b: it is y·(w·x + b), and decides whether the hinge acts"))
            } else if step_close(&step_with(case, f64::INFINITY, true, 1.0, true), &got) {
                Some(known_mistake("looks like you always applied the hinge gradient; when the margin is 1 or more the hinge is flat and only lambda·w acts"))
            } else if step_close(&step_with(case, 0.0, true, 1.0, true), &got) {
                Some(known_mistake("looks like you updated only misclassified rows (margin < 0); rows inside the margin (margin < 1) count too"))
            } else if step_close(&step_with(case, 1.0, true, -1.0, true), &got) {
                Some(known_mistake("looks like you stepped along the gradient; a descent step subtracts lr·gradient"))
            } else if step_close(&step_with(case, 1.0, false, 1.0, true), &got) {
                Some(known_mistake(
                    "the regulariser's pull lambda·w is missing from the gradient of w",
                ))
            } else if step_close(&step_with(case, 1.0, true, 1.0, false), &got) {
                Some(known_mistake("b did not move: when the margin is below 1 its gradient is -y, so b becomes b + lr·y"))
            } else {
                None
            };
            let verdict = incorrect(
                &describe_step(case),
                &format!("w = {}, b = {}", vector(&expected.0), number(expected.1)),
                &format!("w = {}, b = {}", vector(&got.0), number(got.1)),
                mistake,
            );
            return Report::new(HINGE_STEP, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(HINGE_STEP, verdict);
    }
    Report::new(
        HINGE_STEP,
        Verdict::Passed {
            summary: "6 steps: a misclassified row, a row beyond the margin, a row inside it, a row whose bias decides, a row exactly on it, a random row".into(),
        },
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rbf(a: &Array2<f64>, b: &Array2<f64>, gamma: f64) -> Array2<f64> {
        squared_distances(a, b).mapv(|d| (-gamma * d).exp())
    }

    #[test]
    fn a_correct_kernel_passes_and_a_missing_square_is_named() {
        assert!(rbf_kernel(&Grader::new(), rbf).passed());
        let report = rbf_kernel(
            &Grader::new(),
            |a: &Array2<f64>, b: &Array2<f64>, g: f64| {
                squared_distances(a, b).mapv(|d| (-g * d.sqrt()).exp())
            },
        );
        let Verdict::Incorrect { message } = report.verdict else {
            panic!()
        };
        assert!(message.contains("squared distance"), "{message}");
    }

    #[test]
    fn a_missing_bias_is_named() {
        let no_bias = |sv: &Array2<f64>, dual: &Array1<f64>, _: f64, g: f64, x: &Array2<f64>| {
            squared_distances(x, sv).mapv(|d| (-g * d).exp()).dot(dual)
        };
        let Verdict::Incorrect { message } = svm_decision(&Grader::new(), no_bias).verdict else {
            panic!()
        };
        assert!(message.contains("bias is missing"), "{message}");
    }

    #[test]
    fn the_reference_step_passes() {
        let reference =
            |w: &Array1<f64>, b: f64, x: ArrayView1<'_, f64>, y: f64, l: f64, lr: f64| {
                step_with(
                    &(w.clone(), b, x.to_owned(), y, l, lr),
                    1.0,
                    true,
                    1.0,
                    true,
                )
            };
        assert!(hinge_step(&Grader::new(), reference).passed());
    }
}
