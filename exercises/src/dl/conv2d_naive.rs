//! Exercise `dl/conv2d-naive`: what a convolution layer computes, with loops.

use ferrolab::prelude::*;

/// The 2-D convolution of one grey image `image` (`[height, width]`) with one kernel
/// `kernel` (`[kh, kw]`), stride 1, no padding, as deep learning defines it: output
/// pixel `(i, j)` is the sum of `image[i + a][j + b] · kernel[a][b]` over the kernel's
/// rows `a` and columns `b`. (Signal processing would flip the kernel first; `conv2d` in
/// tch and PyTorch does not.)
///
/// Returns `[height − kh + 1, width − kw + 1]`, `Kind::Float`.
pub fn conv2d_naive(image: &Tensor, kernel: &Tensor) -> Tensor {
    todo!()
}
