#!/usr/bin/env python3
"""The PyTorch side of `ferrolab bench dl`: one model trained on Fashion-MNIST, as
crates/ferrolab/examples/dl_bench.rs trains it with tch, with epoch times and test
accuracy as JSON on stdout.

    dl_bench.py --data-dir DIR --model {mlp,lenet,lstm} [--epochs N] [--threads N]
                [--train-limit N]

Both sides read the same idx.gz files, scale pixels to 0..1 (no other normalisation),
take the first N training images, build the same layers with PyTorch's default
initialisation and train with Adam (lr 1e-3), batch 128, cross-entropy, a fresh
permutation each epoch. Both seed libtorch's generator with SEED and draw from it in
the same order (the Rust side fills its layers as PyTorch does), so they start from the
same weights and see the same batches. An epoch's
time covers shuffling, batching, forward, backward and the optimiser step; the test
set is scored once after the last epoch, under `torch.no_grad()`, and timed apart.
Threads: `--threads` intra-op, one inter-op, set before any tensor work.
"""
import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

BATCH = 128
LEARNING_RATE = 1e-3
EVAL_BATCH = 1000
SEED = 0
SET = "fashion-mnist"


def read_idx(data_dir, name):
    """An idx file (gzip) as a numpy array: magic 0 0 type ndim, ndim big-endian sizes, data."""
    path = Path(data_dir) / SET / f"{name}.gz"
    if not path.is_file():
        sys.exit(f"{path} is missing; run `./ferrolab data fetch {SET}`")
    raw = gzip.decompress(path.read_bytes())
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        sys.exit(f"{path} is not an unsigned-byte idx file; run `./ferrolab data fetch {SET} --force`")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        sys.exit(f"{path} holds {data.size} bytes for shape {dims}; run `./ferrolab data fetch {SET} --force`")
    return data.reshape(dims)


def load(data_dir, train_limit):
    """(train images, train labels, test images, test labels): images (n, 1, 28, 28) in 0..1."""

    def images(name):
        pixels = read_idx(data_dir, name).astype(np.float32) / 255.0
        return torch.from_numpy(pixels).unsqueeze(1)

    def labels(name):
        return torch.from_numpy(read_idx(data_dir, name).astype(np.int64))

    x_train, y_train = images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte")
    if train_limit is not None:
        x_train, y_train = x_train[:train_limit], y_train[:train_limit]
    return x_train, y_train, images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte")


class Lstm(nn.Module):
    """Each image as 28 time steps of one 28-pixel row; the last hidden state → 10 classes."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, 64, batch_first=True)
        self.out = nn.Linear(64, 10)

    def forward(self, x):
        _, (h, _) = self.lstm(x.view(-1, 28, 28))
        return self.out(h[-1])


def build(model):
    """The model and its settings line (the same text as the Rust side's)."""
    if model == "mlp":
        return nn.Sequential(
            nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)
        ), "784-256-10, ReLU"
    if model == "lenet":
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
        ), "conv 6@5x5 pad 2, pool, conv 16@5x5, pool, fc 120-84-10, ReLU"
    if model == "lstm":
        return Lstm(), "28 rows x 28 pixels, LSTM 64, last hidden state -> 10"
    sys.exit(f"unknown model `{model}`; use mlp, lenet or lstm")


def train_epoch(model, optimiser, x, y):
    model.train()
    order = torch.randperm(len(x))
    for start in range(0, len(x), BATCH):
        batch = order[start:start + BATCH]
        loss = F.cross_entropy(model(x[batch]), y[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()


def accuracy(model, x, y):
    model.eval()
    right = 0
    with torch.no_grad():
        for start in range(0, len(x), EVAL_BATCH):
            predicted = model(x[start:start + EVAL_BATCH]).argmax(dim=1)
            right += int((predicted == y[start:start + EVAL_BATCH]).sum())
    return right / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--train-limit", type=int, default=None)
    args = parser.parse_args()
    if args.epochs < 1 or args.threads < 1 or (args.train_limit is not None and args.train_limit < 1):
        sys.exit("--epochs, --threads and --train-limit must be at least 1")
    # Inter-op threads can only be set before the first parallel work.
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)

    x_train, y_train, x_test, y_test = load(args.data_dir, args.train_limit)
    model, settings = build(args.model)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    epoch_seconds = []
    for _ in range(args.epochs):
        started = time.perf_counter()
        train_epoch(model, optimiser, x_train, y_train)
        epoch_seconds.append(time.perf_counter() - started)
    started = time.perf_counter()
    test_accuracy = accuracy(model, x_test, y_test)
    eval_seconds = time.perf_counter() - started

    print(json.dumps({
        "library": f"PyTorch {torch.__version__}",
        "runtime": f"Python {sys.version.split()[0]}, CPU",
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "results": [{
            "model": args.model,
            "epochs": args.epochs,
            "train_images": len(x_train),
            "test_images": len(x_test),
            "batch_size": BATCH,
            "parameters": sum(p.numel() for p in model.parameters()),
            "epoch_seconds": epoch_seconds,
            "eval_seconds": eval_seconds,
            "test_accuracy": test_accuracy,
            "settings": settings,
        }],
    }, indent=1))


if __name__ == "__main__":
    main()
