//! Exercise `dl/fashion-cnn`: a regularised CNN of your own, graded on clothes it never saw.

use ferrolab::prelude::*;

/// Build a convolutional network with `nn` and train it on the Fashion-MNIST images `x`
/// (`[n, 1, 28, 28]`, grey levels in 0..1) with labels `y` (`[n]`, `i64`); return the
/// trained model.
///
/// The check calls this with 10,000 training images and measures the returned model's
/// accuracy on the 10,000 test images (which it never receives): 0.84 or more passes.
/// The model is called with `forward_t(x, false)`, so its dropout and batch norm behave
/// as at test time. Keep training under a minute on a laptop.
pub fn train_fashion_cnn(x: &Tensor, y: &Tensor) -> nn::SequentialT {
    todo!()
}
