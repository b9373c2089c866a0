//! Lesson 4, convolutional networks (notebooks/04-dl/04-convolutional-networks.ipynb): a
//! convolution's output size, a convolution with loops, and a CNN of the learner's own
//! graded on digits it never saw.

use super::{random_matrix, read, same, shape_text, tensor2, to_f64};
use crate::checks::{incorrect, known_mistake};
use crate::compare::{list, number};
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::Array2;
use std::time::Duration;
use tch::Tensor;

/// `dl/conv-output-size`.
pub const CONV_OUTPUT_SIZE: &str = "dl/conv-output-size";

/// `fn conv_output_size(input, kernel, stride, padding) -> i64`: ⌊(input + 2p − k) / s⌋ + 1.
pub fn conv_output_size<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(i64, i64, i64, i64) -> i64 + Send + 'static,
{
    // LeNet's layers, a strided layer whose division is not exact, and padding > 0 with
    // stride > 1, so forgetting the floor, the 2 in 2p or the + 1 each shows.
    let cases: Vec<[i64; 4]> = vec![
        [28, 5, 1, 2],
        [14, 5, 1, 0],
        [28, 2, 2, 0],
        [32, 3, 2, 1],
        [224, 7, 2, 3],
        [10, 4, 3, 0],
    ];
    let describe = |c: &[i64; 4]| {
        format!(
            "input {}, kernel {}, stride {}, padding {}",
            c[0], c[1], c[2], c[3]
        )
    };
    let run = run_cases(
        grader.limit(Duration::from_secs(5)),
        cases.clone(),
        describe,
        move |c| learner(c[0], c[1], c[2], c[3]),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let [n, k, s, p] = *case;
        let expected = (n + 2 * p - k) / s + 1;
        if got != expected {
            let mistake = if got == (n + 2 * p - k) / s {
                Some(known_mistake(
                    "one short: the kernel fits once at the start before any step, so add 1",
                ))
            } else if got == (n + p - k) / s + 1 {
                Some(known_mistake(
                    "padding goes on both sides: add 2 × padding to the input",
                ))
            } else if got == n + 2 * p - k + 1 {
                Some(known_mistake("the stride is missing: the kernel moves `stride` pixels at a time, so divide by it"))
            } else {
                None
            };
            let verdict = incorrect(
                &describe(case),
                &number(expected as f64),
                &number(got as f64),
                mistake,
            );
            return Report::new(CONV_OUTPUT_SIZE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(CONV_OUTPUT_SIZE, verdict);
    }
    Report::new(
        CONV_OUTPUT_SIZE,
        Verdict::Passed {
            summary: "6 layers, LeNet's and ResNet's first among them".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `dl/conv2d-naive`.
pub const CONV2D_NAIVE: &str = "dl/conv2d-naive";

/// `fn conv2d_naive(image: &Tensor, kernel: &Tensor) -> Tensor`: cross-correlation, valid.
pub fn conv2d_naive<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor) -> Tensor + Send + 'static,
{
    let mut rng = grader.rng(27);
    // Kernels that are not symmetric under a flip, and non-square shapes.
    let cases: Vec<(Array2<f32>, Array2<f32>)> = vec![
        (
            random_matrix(&mut rng, 6, 5),
            ndarray::array![[1.0, 2.0], [0.0, -1.0], [0.5, 0.0]],
        ),
        (random_matrix(&mut rng, 8, 8), random_matrix(&mut rng, 3, 3)),
    ];
    let describe = |c: &(Array2<f32>, Array2<f32>)| {
        format!(
            "a [{}, {}] image and a [{}, {}] kernel",
            c.0.nrows(),
            c.0.ncols(),
            c.1.nrows(),
            c.1.ncols()
        )
    };
    let run = run_cases(
        grader.limit(Duration::from_secs(30)),
        cases.clone(),
        describe,
        move |c| read(&learner(&tensor2(&c.0), &tensor2(&c.1))),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (image, kernel) = (to_f64(&case.0), to_f64(&case.1));
        let expected = correlate(&image, &kernel);
        let shape = [expected.nrows() as i64, expected.ncols() as i64];
        let input = describe(case);
        if got.shape != shape {
            let hint = if got.shape == [image.nrows() as i64, image.ncols() as i64] {
                known_mistake("the output has the image's size: without padding, the kernel fits only height − kh + 1 times down and width − kw + 1 times across")
            } else {
                "the kernel fits height − kh + 1 times down and width − kw + 1 times across".into()
            };
            let message = format!(
                "for input {input} expected shape {}, got {}: {hint}",
                shape_text(&shape),
                shape_text(&got.shape)
            );
            return Report::new(CONV2D_NAIVE, Verdict::Incorrect { message });
        }
        let flat = |a: &Array2<f64>| a.iter().copied().collect::<Vec<f64>>();
        if !same(&flat(&expected), &got) {
            let (kh, kw) = kernel.dim();
            let flipped =
                Array2::from_shape_fn((kh, kw), |(a, b)| kernel[[kh - 1 - a, kw - 1 - b]]);
            let mistake = same(&flat(&correlate(&image, &flipped)), &got).then(|| {
                known_mistake("the kernel is flipped: that is convolution as signal processing defines it; deep learning's conv2d slides the kernel as it is")
            });
            let verdict = incorrect(&input, &list(&flat(&expected)), &list(&got.values), mistake);
            return Report::new(CONV2D_NAIVE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(CONV2D_NAIVE, verdict);
    }
    Report::new(
        CONV2D_NAIVE,
        Verdict::Passed {
            summary: "2 images: every output pixel matches tch's conv2d".into(),
        },
    )
}

/// The grader's own valid cross-correlation.
fn correlate(image: &Array2<f64>, kernel: &Array2<f64>) -> Array2<f64> {
    let (kh, kw) = kernel.dim();
    let (h, w) = (image.nrows() + 1 - kh, image.ncols() + 1 - kw);
    Array2::from_shape_fn((h, w), |(i, j)| {
        let mut sum = 0.0;
        for a in 0..kh {
            for b in 0..kw {
                sum += image[[i + a, j + b]] * kernel[[a, b]];
            }
        }
        sum
    })
}

// ---------------------------------------------------------------------------------

/// `dl/digits-cnn`.
pub const DIGITS_CNN: &str = "dl/digits-cnn";

/// Accuracy on the 2,000 held-out digits that passes: above lesson 2's MLP (0.941).
/// LeNet-5 as the lesson builds it reaches 0.963 on them after 6 epochs on 7,000 digits
/// (LeCun's 99 % needs the full 60,000).
pub const DIGITS_CNN_TARGET: f64 = 0.95;

/// `fn train_digits_cnn(x: &Tensor, y: &Tensor) -> M` for any `nn::ModuleT` model: trained
/// on 7,000 digits `[n, 1, 28, 28]`, scored on the 2,000 test digits it never receives.
pub fn digits_cnn<F, M>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor) -> M + Send + 'static,
    M: tch::nn::ModuleT + 'static,
{
    let verdict =
        super::shared::graded_models::grade_cnn(grader, "mnist", 7000, DIGITS_CNN_TARGET, learner);
    Report::new(DIGITS_CNN, verdict)
}
