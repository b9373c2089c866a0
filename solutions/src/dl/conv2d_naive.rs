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
    // BEGIN SOLUTION
    let (height, width) = (image.size()[0], image.size()[1]);
    let (kh, kw) = (kernel.size()[0], kernel.size()[1]);
    let (out_h, out_w) = (height - kh + 1, width - kw + 1);
    let mut values = Vec::new();
    for i in 0..out_h {
        for j in 0..out_w {
            let patch = image.narrow(0, i, kh).narrow(1, j, kw);
            values.push((patch * kernel).sum(Kind::Float).double_value(&[]) as f32);
        }
    }
    Tensor::from_slice(&values).reshape([out_h, out_w])
    // END SOLUTION
}
