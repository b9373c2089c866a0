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
    // BEGIN SOLUTION
    tch::manual_seed(0);
    let vs = nn::VarStore::new(Device::Cpu);
    let p = vs.root();
    let same = nn::ConvConfig {
        padding: 1,
        ..Default::default()
    };
    let model = nn::seq_t()
        .add(nn::conv2d(&p / "conv1", 1, 16, 3, same))
        .add(nn::batch_norm2d(&p / "bn1", 16, Default::default()))
        .add_fn(|t| t.relu().max_pool2d_default(2))
        .add(nn::conv2d(&p / "conv2", 16, 32, 3, same))
        .add(nn::batch_norm2d(&p / "bn2", 32, Default::default()))
        .add_fn(|t| t.relu().max_pool2d_default(2).flatten(1, -1))
        .add_fn_t(|t, train| t.dropout(0.25, train))
        .add(nn::linear(&p / "fc", 32 * 7 * 7, 10, Default::default()));
    let mut opt = nn::Adam::default()
        .build(&vs, 1e-3)
        .expect("Adam takes these parameters");
    for _epoch in 0..4 {
        for (xb, yb) in tch::data::Iter2::new(x, y, 64).shuffle() {
            let loss = model.forward_t(&xb, true).cross_entropy_for_logits(&yb);
            opt.backward_step(&loss);
        }
    }
    model
    // END SOLUTION
}
