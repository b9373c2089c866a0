#!/usr/bin/env python3
"""The scikit-learn side of `ferrolab bench ml`: the same tasks, data and splits as
crates/ferrolab/examples/ml_bench.rs, with metric and fit time as JSON on stdout.

    ml_bench.py --data-dir DIR --write-splits FILE [--repeats N]

The split of every data set is drawn here (numpy, seed 42, 20 % held out) and written
to FILE, which the Rust side reads, so both fit on exactly the same rows. Features
are prepared by the same rules on both sides (listed in TASKS' comments). Fit time
is the median of N fits after one warm-up fit; prediction time is not counted.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

SEED = 42
TEST_SHARE = 0.2


def read(data_dir, set_name, file_name):
    path = Path(data_dir) / set_name / file_name
    if not path.is_file():
        sys.exit(f"{path} is missing; run `./ferrolab data fetch {set_name}`")
    return pd.read_csv(path)


def split(n, rng):
    """Test rows: the first 20 % of a seeded permutation; the rest train."""
    order = rng.permutation(n)
    cut = int(round(n * TEST_SHARE))
    return sorted(order[cut:].tolist()), sorted(order[:cut].tolist())


def standardise(train, test):
    """Training rows' mean and population standard deviation (ddof 0), applied to both."""
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std[std == 0] = 1.0
    return (train - mean) / std, (test - mean) / std


def timed_fit(make, x, y, repeats):
    """Median seconds of `repeats` fits after a warm-up; returns (model, seconds)."""
    model = make().fit(x, y)
    times = []
    for _ in range(repeats):
        fresh = make()
        started = time.perf_counter()
        fresh.fit(x, y)
        times.append(time.perf_counter() - started)
    return model, statistics.median(times)


def rmse(a, b):
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def accuracy(predicted, truth):
    return float(np.mean(np.asarray(predicted) == np.asarray(truth)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--write-splits", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)

    ames = read(args.data_dir, "ames", "ames.csv")
    cancer = read(args.data_dir, "breast-cancer", "breast-cancer.csv")
    digits = read(args.data_dir, "digits", "digits.csv")
    wine = read(args.data_dir, "wine", "wine.csv")
    splits = {
        "ames": split(len(ames), rng),
        "breast-cancer": split(len(cancer), rng),
        "digits": split(len(digits), rng),
        "wine": split(len(wine), rng),
    }
    Path(args.write_splits).write_text(
        json.dumps({name: {"train": tr, "test": te} for name, (tr, te) in splits.items()})
    )

    def xy(frame, name, target, features=None):
        features = features or [c for c in frame.columns if c != target]
        tr, te = splits[name]
        x = frame[features].to_numpy(dtype=float)
        y = frame[target].to_numpy()
        return x[tr], y[tr], x[te], y[te]

    results = []

    def record(task, data, metric, value, seconds, settings):
        results.append({"task": task, "data": data, "metric": metric, "value": value,
                        "fit_seconds": seconds, "settings": settings})

    # Linear regression: Ames, every numeric column but the price, raw (no scaling).
    numeric = [c for c in ames.columns
               if c != "Sale_Price" and pd.api.types.is_numeric_dtype(ames[c])]
    x_tr, y_tr, x_te, y_te = xy(ames, "ames", "Sale_Price", numeric)
    model, seconds = timed_fit(LinearRegression, x_tr, y_tr.astype(float), args.repeats)
    record("linear regression", "ames", "rmse", rmse(model.predict(x_te), y_te), seconds,
           f"OLS, {len(numeric)} numeric features")

    # Logistic regression: breast cancer, standardised; L2 with C = 1 (linfa: alpha = 1/C).
    x_tr, y_tr, x_te, y_te = xy(cancer, "breast-cancer", "target")
    x_tr, x_te = standardise(x_tr, x_te)
    make = lambda: LogisticRegression(C=1.0, max_iter=1000)
    model, seconds = timed_fit(make, x_tr, y_tr, args.repeats)
    record("logistic regression", "breast-cancer", "accuracy",
           accuracy(model.predict(x_te), y_te), seconds, "L2, C = 1, lbfgs")

    # Decision tree: digits (pixels are whole numbers 0..16, so many values tie), Gini, depth ≤ 10.
    x_tr, y_tr, x_te, y_te = xy(digits, "digits", "target")
    make = lambda: DecisionTreeClassifier(criterion="gini", max_depth=10, random_state=0)
    model, seconds = timed_fit(make, x_tr, y_tr, args.repeats)
    record("decision tree", "digits", "accuracy", accuracy(model.predict(x_te), y_te),
           seconds, "Gini, max depth 10")

    # The same tree on breast cancer: continuous measurements, hardly any tied values.
    x_tr, y_tr, x_te, y_te = xy(cancer, "breast-cancer", "target")
    make = lambda: DecisionTreeClassifier(criterion="gini", max_depth=5, random_state=0)
    model, seconds = timed_fit(make, x_tr, y_tr, args.repeats)
    record("decision tree", "breast-cancer", "accuracy", accuracy(model.predict(x_te), y_te),
           seconds, "Gini, max depth 5")

    # Gaussian naive Bayes: wine, raw features.
    x_tr, y_tr, x_te, y_te = xy(wine, "wine", "target")
    model, seconds = timed_fit(GaussianNB, x_tr, y_tr, args.repeats)
    record("gaussian naive bayes", "wine", "accuracy", accuracy(model.predict(x_te), y_te),
           seconds, "default variance smoothing")

    # SVM: breast cancer, standardised, RBF kernel exp(-gamma |x - x'|²) with gamma = 1/30, C = 1.
    x_tr, y_tr, x_te, y_te = xy(cancer, "breast-cancer", "target")
    x_tr, x_te = standardise(x_tr, x_te)
    make = lambda: SVC(C=1.0, kernel="rbf", gamma=1.0 / 30.0)
    model, seconds = timed_fit(make, x_tr, y_tr, args.repeats)
    record("svm (rbf)", "breast-cancer", "accuracy", accuracy(model.predict(x_te), y_te),
           seconds, "C = 1, gamma = 1/30")

    # K-means: all 1,797 digits, k = 10, k-means++ with 10 restarts; inertia (sum of squares).
    pixels = digits.drop(columns=["target"]).to_numpy(dtype=float)
    make = lambda: KMeans(n_clusters=10, n_init=10, max_iter=300, tol=1e-4, random_state=0)
    model, seconds = timed_fit(make, pixels, None, args.repeats)
    record("k-means", "digits", "inertia", float(model.inertia_), seconds,
           "k = 10, k-means++, 10 runs")

    # PCA: digits, 10 components fitted on the training rows; reconstruction RMSE of the test rows.
    x_tr, _, x_te, _ = xy(digits, "digits", "target")
    make = lambda: PCA(n_components=10, svd_solver="full")
    model, seconds = timed_fit(make, x_tr, None, args.repeats)
    restored = model.inverse_transform(model.transform(x_te))
    record("pca", "digits", "rmse", rmse(restored, x_te), seconds,
           "10 components, reconstruction of held-out rows")

    print(json.dumps({
        "library": f"scikit-learn {sklearn.__version__}",
        "runtime": f"Python {sys.version.split()[0]}, numpy {np.__version__}",
        "repeats": args.repeats,
        "results": results,
    }, indent=1))


if __name__ == "__main__":
    main()
