//! The Rust side of `ferrolab bench ml`: linfa on the same tasks, data and splits as
//! scikit-learn in `kernel/ml_bench.py`, with metric and fit time as JSON on stdout.
//!
//! ```text
//! cargo run --example ml_bench --features ml -p ferrolab -- --splits SPLITS.json [--repeats N]
//! ```
//!
//! `SPLITS.json` is written by `ml_bench.py --write-splits`: the train and test row
//! numbers of every data set, so both libraries fit on exactly the same rows. Features are
//! prepared by the same rules as there; fit time is the median of N fits after a warm-up.
//! Built with the workspace's dev profile (opt-level 2, debug assertions and overflow
//! checks on): the build the notebooks and the kernels use.

#[cfg(not(feature = "ml"))]
fn main() {
    eprintln!("ml_bench needs the `ml` feature: cargo run --example ml_bench --features ml -p ferrolab -- --splits FILE");
    std::process::exit(2);
}

#[cfg(feature = "ml")]
fn main() {
    if let Err(error) = bench::run() {
        eprintln!("ml_bench: {error}");
        std::process::exit(1);
    }
}

#[cfg(feature = "ml")]
mod bench {
    use ferrolab::prelude::*;
    use std::collections::HashMap;
    use std::error::Error;
    use std::time::Instant;

    type Result<T> = std::result::Result<T, Box<dyn Error>>;

    /// Train and test row numbers of one data set, as ml_bench.py drew them.
    #[derive(Debug, Deserialize)]
    struct Split {
        train: Vec<usize>,
        test: Vec<usize>,
    }

    /// One line of the report; the same fields as ml_bench.py's.
    #[derive(Debug, Serialize)]
    struct Outcome {
        task: &'static str,
        data: &'static str,
        metric: &'static str,
        value: f64,
        fit_seconds: f64,
        settings: String,
    }

    struct Args {
        splits: String,
        repeats: usize,
    }

    fn args() -> Result<Args> {
        let mut splits = None;
        let mut repeats = 5;
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--splits" => splits = args.next(),
                "--repeats" => {
                    repeats = args
                        .next()
                        .and_then(|n| n.parse().ok())
                        .ok_or("--repeats needs a whole number")?
                }
                other => {
                    return Err(format!(
                        "unknown argument `{other}`; use --splits FILE [--repeats N]"
                    )
                    .into())
                }
            }
        }
        let splits = splits.ok_or(
            "--splits FILE is required (write it with kernel/ml_bench.py --write-splits FILE)",
        )?;
        Ok(Args { splits, repeats })
    }

    /// Median seconds of `repeats` runs of `fit` after one warm-up run, and the warm-up's model.
    fn timed<M>(repeats: usize, mut fit: impl FnMut() -> Result<M>) -> Result<(M, f64)> {
        let model = fit()?;
        let mut times = Vec::with_capacity(repeats);
        for _ in 0..repeats {
            let started = Instant::now();
            fit()?;
            times.push(started.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let median = match times.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => times[n / 2],
            n => (times[n / 2 - 1] + times[n / 2]) / 2.0,
        };
        Ok((model, median))
    }

    fn rows<T: Clone>(a: &Array1<T>, index: &[usize]) -> Array1<T> {
        a.select(Axis(0), index)
    }

    fn matrix_rows(a: &Array2<f64>, index: &[usize]) -> Array2<f64> {
        a.select(Axis(0), index)
    }

    /// Training rows' mean and population standard deviation, applied to both sets.
    fn standardise(train: &Array2<f64>, test: &Array2<f64>) -> Result<(Array2<f64>, Array2<f64>)> {
        let mean = train.mean_axis(Axis(0)).ok_or("no training rows")?;
        let std = train
            .std_axis(Axis(0), 0.0)
            .mapv(|s| if s > 0.0 { s } else { 1.0 });
        Ok(((train - &mean) / &std, (test - &mean) / &std))
    }

    fn accuracy<T: PartialEq>(predicted: &Array1<T>, truth: &Array1<T>) -> f64 {
        let right = predicted.iter().zip(truth).filter(|(p, t)| p == t).count();
        right as f64 / truth.len().max(1) as f64
    }

    fn rmse(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
        ((a - b).mapv(|d| d * d).mean().unwrap_or(f64::NAN)).sqrt()
    }

    /// Features (every column but `target`) and the class of every row.
    fn labelled(frame: &DataFrame) -> Result<(Array2<f64>, Array1<usize>)> {
        let names: Vec<String> = frame
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .filter(|n| n != "target")
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let x = frame.to_array(&refs)?;
        let y = frame.to_column("target")?.mapv(|t| t as usize);
        Ok((x, y))
    }

    fn split_of<'a>(splits: &'a HashMap<String, Split>, name: &str) -> Result<&'a Split> {
        splits
            .get(name)
            .ok_or_else(|| format!("the splits file has no split for `{name}`").into())
    }

    pub fn run() -> Result<()> {
        let args = args()?;
        let text = std::fs::read_to_string(&args.splits)
            .map_err(|e| format!("reading {}: {e}", args.splits))?;
        let splits: HashMap<String, Split> = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a splits file: {e}", args.splits))?;
        let repeats = args.repeats;
        let mut results = Vec::new();

        // Linear regression: Ames, every numeric column but the price, raw.
        let ames = ferrolab::data::ames()?;
        let numeric: Vec<String> = ames
            .columns()
            .iter()
            .filter(|c| c.dtype().is_primitive_numeric() && c.name().as_str() != "Sale_Price")
            .map(|c| c.name().to_string())
            .collect();
        let refs: Vec<&str> = numeric.iter().map(String::as_str).collect();
        let x = ames.to_array(&refs)?;
        let y = ames.to_column("Sale_Price")?;
        let s = split_of(&splits, "ames")?;
        let train = Dataset::new(matrix_rows(&x, &s.train), rows(&y, &s.train));
        let (model, seconds) = timed(repeats, || Ok(LinearRegression::new().fit(&train)?))?;
        let predicted = model.predict(&matrix_rows(&x, &s.test));
        let truth = rows(&y, &s.test);
        let error = (&predicted - &truth)
            .mapv(|d| d * d)
            .mean()
            .unwrap_or(f64::NAN)
            .sqrt();
        results.push(Outcome {
            task: "linear regression",
            data: "ames",
            metric: "rmse",
            value: error,
            fit_seconds: seconds,
            settings: format!("OLS, {} numeric features", numeric.len()),
        });

        // Logistic regression: breast cancer, standardised, L2 with alpha = 1/C = 1.
        let (x, y) = labelled(&ferrolab::data::breast_cancer()?)?;
        let s = split_of(&splits, "breast-cancer")?;
        let (x_train, x_test) = standardise(&matrix_rows(&x, &s.train), &matrix_rows(&x, &s.test))?;
        let (y_train, y_test) = (rows(&y, &s.train), rows(&y, &s.test));
        let train = Dataset::new(x_train.clone(), y_train.clone());
        let (model, seconds) = timed(repeats, || {
            Ok(LogisticRegression::new()
                .alpha(1.0)
                .max_iterations(1000)
                .fit(&train)?)
        })?;
        results.push(Outcome {
            task: "logistic regression",
            data: "breast-cancer",
            metric: "accuracy",
            value: accuracy(&model.predict(&x_test), &y_test),
            fit_seconds: seconds,
            settings: "L2, alpha = 1, L-BFGS (argmin)".into(),
        });

        // SVM on the same standardised rows: RBF exp(-|x - x'|² / 30), i.e. gamma = 1/30, C = 1.
        let svm_train = Dataset::new(x_train, y_train.mapv(|t| t == 1));
        let (model, seconds) = timed(repeats, || {
            Ok(Svm::<f64, bool>::params()
                .pos_neg_weights(1.0, 1.0)
                .gaussian_kernel(30.0)
                .fit(&svm_train)?)
        })?;
        results.push(Outcome {
            task: "svm (rbf)",
            data: "breast-cancer",
            metric: "accuracy",
            value: accuracy(&model.predict(&x_test), &y_test.mapv(|t| t == 1)),
            fit_seconds: seconds,
            settings: "C = 1, gamma = 1/30 (Gaussian eps = 30)".into(),
        });

        // The same tree on breast cancer: continuous measurements, hardly any tied values.
        let (cx, cy) = labelled(&ferrolab::data::breast_cancer()?)?;
        let cs = split_of(&splits, "breast-cancer")?;
        let cancer_train = Dataset::new(matrix_rows(&cx, &cs.train), rows(&cy, &cs.train));
        let (model, seconds) = timed(repeats, || {
            Ok(DecisionTree::params()
                .split_quality(SplitQuality::Gini)
                .max_depth(Some(5))
                .fit(&cancer_train)?)
        })?;
        results.push(Outcome {
            task: "decision tree",
            data: "breast-cancer",
            metric: "accuracy",
            value: accuracy(
                &model.predict(&matrix_rows(&cx, &cs.test)),
                &rows(&cy, &cs.test),
            ),
            fit_seconds: seconds,
            settings: "Gini, max depth 5".into(),
        });

        // Decision tree: digits (pixels are whole numbers 0..16, so many values tie), Gini, depth ≤ 10.
        let (x, y) = labelled(&ferrolab::data::digits()?)?;
        let s = split_of(&splits, "digits")?;
        let train = Dataset::new(matrix_rows(&x, &s.train), rows(&y, &s.train));
        let (model, seconds) = timed(repeats, || {
            Ok(DecisionTree::params()
                .split_quality(SplitQuality::Gini)
                .max_depth(Some(10))
                .fit(&train)?)
        })?;
        results.push(Outcome {
            task: "decision tree",
            data: "digits",
            metric: "accuracy",
            value: accuracy(
                &model.predict(&matrix_rows(&x, &s.test)),
                &rows(&y, &s.test),
            ),
            fit_seconds: seconds,
            settings: "Gini, max depth 10".into(),
        });

        // Gaussian naive Bayes: wine, raw features.
        let (wx, wy) = labelled(&ferrolab::data::wine()?)?;
        let ws = split_of(&splits, "wine")?;
        let wine_train = Dataset::new(matrix_rows(&wx, &ws.train), rows(&wy, &ws.train));
        let (model, seconds) = timed(repeats, || Ok(GaussianNb::params().fit(&wine_train)?))?;
        results.push(Outcome {
            task: "gaussian naive bayes",
            data: "wine",
            metric: "accuracy",
            value: accuracy(
                &model.predict(&matrix_rows(&wx, &ws.test)),
                &rows(&wy, &ws.test),
            ),
            fit_seconds: seconds,
            settings: "default variance smoothing".into(),
        });

        // K-means: all 1,797 digits, k = 10, k-means++ with 10 runs; inertia as a sum of squares.
        let records = DatasetBase::from(x.clone());
        let (model, seconds) = timed(repeats, || {
            Ok(KMeans::params_with_rng(10, rng(0))
                .n_runs(10)
                .max_n_iterations(300)
                .tolerance(1e-4)
                .fit(&records)?)
        })?;
        let clusters = model.predict(&x);
        let centroids = model.centroids();
        let inertia: f64 = x
            .rows()
            .into_iter()
            .zip(clusters.iter())
            .map(|(row, &c)| (&row - &centroids.row(c)).mapv(|d| d * d).sum())
            .sum();
        results.push(Outcome {
            task: "k-means",
            data: "digits",
            metric: "inertia",
            value: inertia,
            fit_seconds: seconds,
            settings: "k = 10, k-means++, 10 runs".into(),
        });

        // PCA: 10 components fitted on the training digits; reconstruction RMSE of the test rows.
        let x_train = DatasetBase::from(matrix_rows(&x, &s.train));
        let x_test = matrix_rows(&x, &s.test);
        let (model, seconds) = timed(repeats, || Ok(Pca::params(10).fit(&x_train)?))?;
        let embedded: Array2<f64> = model.predict(&x_test);
        let restored = model.inverse_transform(embedded);
        results.push(Outcome {
            task: "pca",
            data: "digits",
            metric: "rmse",
            value: rmse(&restored, &x_test),
            fit_seconds: seconds,
            settings: "10 components, reconstruction of held-out rows".into(),
        });

        let report = serde_json::json!({
            "library": "linfa 0.8.1",
            "runtime": "Rust, dev profile (opt-level 2, debug assertions on)",
            "repeats": repeats,
            "results": results,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
        Ok(())
    }
}
