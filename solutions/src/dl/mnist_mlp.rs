//! Exercise `dl/mnist-mlp`: a model, not a function: build and train an MLP with `nn`.

use ferrolab::prelude::*;

/// Build a multilayer perceptron with `nn` and train it on the digits `x` (`[n, 784]`,
/// grey levels in 0..1) with labels `y` (`[n]`, `i64`); return the trained model.
///
/// The check calls this with 7,000 of the training digits and measures the accuracy of
/// what it returns on the 2,000 held-out test digits, which it never shows you: 0.93 or
/// more passes. Anything `nn` offers is allowed; keep training under a minute on a laptop.
pub fn train_mnist_mlp(x: &Tensor, y: &Tensor) -> nn::Sequential {
    // BEGIN SOLUTION
    tch::manual_seed(0);
    let vs = nn::VarStore::new(Device::Cpu);
    let root = vs.root();
    let model = nn::seq()
        .add(nn::linear(&root / "hidden", 784, 256, Default::default()))
        .add_fn(|t| t.relu())
        .add(nn::linear(&root / "out", 256, 10, Default::default()));
    let mut opt = nn::Adam::default()
        .build(&vs, 1e-3)
        .expect("Adam takes these parameters");
    for _epoch in 0..10 {
        for (xb, yb) in tch::data::Iter2::new(x, y, 64).shuffle() {
            let loss = model.forward(&xb).cross_entropy_for_logits(&yb);
            opt.backward_step(&loss);
        }
    }
    model
    // END SOLUTION
}
