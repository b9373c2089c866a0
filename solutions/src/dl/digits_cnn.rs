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
    // BEGIN SOLUTION
    tch::manual_seed(0);
    let vs = nn::VarStore::new(Device::Cpu);
    let p = vs.root();
    let padded = nn::ConvConfig {
        padding: 2,
        ..Default::default()
    };
    let model = nn::seq()
        .add(nn::conv2d(&p / "conv1", 1, 6, 5, padded))
        .add_fn(|t| t.relu().max_pool2d_default(2))
        .add(nn::conv2d(&p / "conv2", 6, 16, 5, Default::default()))
        .add_fn(|t| t.relu().max_pool2d_default(2).flatten(1, -1))
        .add(nn::linear(&p / "fc1", 400, 120, Default::default()))
        .add_fn(|t| t.relu())
        .add(nn::linear(&p / "fc2", 120, 84, Default::default()))
        .add_fn(|t| t.relu())
        .add(nn::linear(&p / "fc3", 84, 10, Default::default()));
    let mut opt = nn::Adam::default()
        .build(&vs, 1e-3)
        .expect("Adam takes these parameters");
    for _epoch in 0..6 {
        for (xb, yb) in tch::data::Iter2::new(x, y, 64).shuffle() {
            opt.backward_step(&model.forward(&xb).cross_entropy_for_logits(&yb));
        }
    }
    model
    // END SOLUTION
}
