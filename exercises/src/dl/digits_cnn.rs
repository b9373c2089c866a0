//! Exercise `dl/digits-cnn`: a convolutional network of your own, graded on unseen digits.

use ferrolab::prelude::*;

/// Build a convolutional network with `nn` and train it on the digits `x` (`[n, 1, 28,
/// 28]`, grey levels in 0..1) with labels `y` (`[n]`, `i64`); return the trained model.
///
/// The check calls this with 7,000 training digits and measures the returned model's
/// accuracy on the 2,000 held-out test digits (which it never receives): 0.95 or more
/// passes, beyond what the lesson-2 MLP reaches. The model is called with `forward_t(x,
/// false)`, so dropout or batch norm in it behave as at test time. Keep training under a
/// minute on a laptop.
pub fn train_digits_cnn(x: &Tensor, y: &Tensor) -> nn::Sequential {
    todo!()
}
