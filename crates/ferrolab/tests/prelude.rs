//! The prelude gives a lesson everything with one `use`, and the real libraries work
//! through it: libtorch (matmul, autograd, a training step), polars, linfa, charts.

#![cfg(feature = "full")]

use ferrolab::prelude::*;

#[test]
fn tch_matmul_on_the_cpu() {
    let a = Tensor::from_slice(&[1.0f32, 2.0, 3.0, 4.0]).reshape([2, 2]);
    let b = Tensor::from_slice(&[5.0f32, 6.0, 7.0, 8.0]).reshape([2, 2]);
    let c = a.matmul(&b).to_array2::<f32>().unwrap();
    assert_eq!(c, array![[19.0, 22.0], [43.0, 50.0]]);
}

#[test]
fn tch_autograd_matches_the_derivative() {
    // d/dx (x³ + 2x) = 3x² + 2 → 14 at x = 2.
    let x = Tensor::from_slice(&[2.0f64]).set_requires_grad(true);
    let y = x.pow_tensor_scalar(3) + &x * 2.0;
    y.backward();
    let grad = x.grad().double_value(&[0]);
    assert!((grad - 14.0).abs() < 1e-12, "gradient {grad}");
}

#[test]
fn a_training_step_lowers_the_loss() {
    seed_everything(0);
    let vs = nn::VarStore::new(Device::Cpu);
    let model = nn::seq()
        .add(nn::linear(vs.root() / "l1", 2, 8, Default::default()))
        .add_fn(|t| t.relu())
        .add(nn::linear(vs.root() / "l2", 8, 1, Default::default()));
    let mut opt = nn::Sgd::default().build(&vs, 0.1).unwrap();
    // y = x0 - 2 x1 on a fixed grid.
    let xs: Vec<f32> = (0..32)
        .flat_map(|i| [(i % 8) as f32 / 8.0, (i / 8) as f32 / 4.0])
        .collect();
    let x = Tensor::from_slice(&xs).reshape([32, 2]);
    let y = (x.select(1, 0) - x.select(1, 1) * 2.0).unsqueeze(1);
    let loss_of = |m: &nn::Sequential| {
        m.forward(&x)
            .mse_loss(&y, Reduction::Mean)
            .double_value(&[])
    };
    let before = loss_of(&model);
    for _ in 0..50 {
        let loss = model.forward(&x).mse_loss(&y, Reduction::Mean);
        opt.backward_step(&loss);
    }
    let after = loss_of(&model);
    assert!(after < before * 0.5, "loss {before} → {after}");
}

#[test]
fn polars_lazy_query() {
    let fares = df!(
        "class" => [1i64, 1, 2, 3, 3, 3],
        "fare" => [80.0, 60.0, 20.0, 8.0, 7.0, 9.0]
    )
    .unwrap();
    let mean = fares
        .lazy()
        .group_by([col("class")])
        .agg([col("fare").mean().alias("mean_fare")])
        .sort(["class"], SortMultipleOptions::default())
        .collect()
        .unwrap();
    assert_eq!(
        mean.to_column("mean_fare").unwrap(),
        array![70.0, 20.0, 8.0]
    );
}

#[test]
fn linfa_fits_a_line() {
    let x = Array2::from_shape_fn((20, 1), |(i, _)| i as f64);
    let y = x.column(0).mapv(|v| 3.0 * v + 1.0);
    let model = LinearRegression::default()
        .fit(&Dataset::new(x.clone(), y))
        .unwrap();
    assert!((model.params()[0] - 3.0).abs() < 1e-9 && (model.intercept() - 1.0).abs() < 1e-9);
    let pred = model.predict(&array![[100.0]]);
    assert!((pred[0] - 301.0).abs() < 1e-6);
}

#[test]
fn arrays_and_tensors_convert_both_ways() {
    let a = Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f64);
    let t = a.to_tensor().unwrap();
    assert_eq!(t.size(), vec![3, 4]);
    assert_eq!(t.kind(), Kind::Double);
    assert_eq!(t.to_array2::<f64>().unwrap(), a);
}

#[test]
fn device_is_reported() {
    let info = DeviceInfo::detect();
    assert_eq!(device(), info.device);
}
