#!/usr/bin/env python3
"""The PyTorch side of `ferrolab bench llm`: the character GPT of nanoGPT's CPU
configuration trained on Moby Dick, as crates/ferrolab/examples/llm_bench.rs trains it
with tch, with its times and validation loss as JSON on stdout.

    llm_bench.py --data-dir DIR [--iters N] [--threads N]

4 layers, 4 heads, 128 dimensions, context 64, batch 12, no dropout, no biases, the
output layer tied to the token embedding, exact GELU; AdamW (betas 0.9/0.99, weight
decay 0.1 on matrices only), lr 1e-3 with 100 warm-up steps and a cosine decay to 1e-4
at the last step, gradients clipped to norm 1. Both sides seed libtorch's generator
alike and draw the weights in the same order, pick batch starts with the same
splitmix64, and score every whole 64-character window of the last 10 % of the text.
Threads: `--threads` intra-op, one inter-op, set before any tensor work.
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

LAYERS, HEADS, DIMS, CONTEXT, BATCH = 4, 4, 128, 64, 12
LR, MIN_LR, WARMUP, WEIGHT_DECAY = 1e-3, 1e-4, 100, 0.1
SEED, EVAL_BATCH, LOG_EVERY = 1337, 128, 100
SETTINGS = (
    "nanoGPT shakespeare_char CPU: 4 layers, 4 heads, 128 dims, context 64, batch 12, "
    "AdamW 0.9/0.99 wd 0.1, lr 1e-3 warm-up 100 cosine to 1e-4, clip 1.0, seed 1337"
)
MASK64 = (1 << 64) - 1


class SplitMix:
    """splitmix64, as the Rust side writes it."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)


def build(vocab):
    """(matrices with weight decay, norms without), drawn in the Rust side's order."""
    proj_std = 0.02 / math.sqrt(2 * LAYERS)

    def normal(*dims, std=0.02):
        return torch.empty(*dims).normal_(0.0, std).requires_grad_()

    def ones():
        return torch.ones(DIMS, requires_grad=True)

    model = {"wte": normal(vocab, DIMS), "wpe": normal(CONTEXT, DIMS), "blocks": []}
    for _ in range(LAYERS):
        model["blocks"].append({
            "ln_1": ones(),
            "c_attn": normal(3 * DIMS, DIMS),
            "attn_proj": normal(DIMS, DIMS, std=proj_std),
            "ln_2": ones(),
            "c_fc": normal(4 * DIMS, DIMS),
            "mlp_proj": normal(DIMS, 4 * DIMS, std=proj_std),
        })
    model["ln_f"] = ones()
    return model


def groups(model):
    decay = [model["wte"], model["wpe"]]
    plain = []
    for block in model["blocks"]:
        decay += [block["c_attn"], block["attn_proj"], block["c_fc"], block["mlp_proj"]]
        plain += [block["ln_1"], block["ln_2"]]
    plain.append(model["ln_f"])
    return decay, plain


def norm(x, weight):
    return F.layer_norm(x, (DIMS,), weight, None, 1e-5)


def forward(model, x):
    b, t = x.shape
    h = F.embedding(x, model["wte"]) + model["wpe"][:t]
    for block in model["blocks"]:
        qkv = F.linear(norm(h, block["ln_1"]), block["c_attn"])
        q, k, v = (part.view(b, t, HEADS, DIMS // HEADS).transpose(1, 2) for part in qkv.split(DIMS, 2))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        h = h + F.linear(y.transpose(1, 2).contiguous().view(b, t, DIMS), block["attn_proj"])
        m = F.linear(F.gelu(F.linear(norm(h, block["ln_2"]), block["c_fc"])), block["mlp_proj"])
        h = h + m
    return F.linear(norm(h, model["ln_f"]), model["wte"])


def loss_of(model, x, y):
    logits = forward(model, x)
    return F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))


def learning_rate(step, iters):
    if step < WARMUP:
        return LR * (step + 1) / (WARMUP + 1)
    progress = min(1.0, (step - WARMUP) / (max(iters, WARMUP + 1) - WARMUP))
    return MIN_LR + 0.5 * (1.0 + math.cos(math.pi * progress)) * (LR - MIN_LR)


def batch(ids, starts):
    x = torch.stack([ids[s:s + CONTEXT] for s in starts])
    y = torch.stack([ids[s + 1:s + 1 + CONTEXT] for s in starts])
    return x, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--iters", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.iters < 1 or args.threads < 1:
        sys.exit("--iters and --threads must be at least 1")
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(SEED)

    path = Path(args.data_dir) / "moby-dick" / "moby-dick.txt"
    if not path.is_file():
        sys.exit(f"{path} is missing; run `./ferrolab data fetch moby-dick`")
    text = path.read_text(encoding="utf-8")
    vocab = sorted(set(text))
    index = {ch: i for i, ch in enumerate(vocab)}
    ids = torch.tensor([index[ch] for ch in text], dtype=torch.long)
    split = len(ids) * 9 // 10
    train, val = ids[:split], ids[split:]

    model = build(len(vocab))
    decay, plain = groups(model)
    parameters = sum(p.numel() for p in decay + plain)
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": plain, "weight_decay": 0.0}],
        lr=LR, betas=(0.9, 0.99), eps=1e-8,
    )
    rng = SplitMix(SEED)
    span = len(train) - CONTEXT - 1
    iter_seconds, train_losses = [], []
    for step in range(args.iters):
        started = time.perf_counter()
        starts = [rng.next() % span for _ in range(BATCH)]
        x, y = batch(train, starts)
        for group in opt.param_groups:
            group["lr"] = learning_rate(step, args.iters)
        loss = loss_of(model, x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(decay + plain, 1.0)
        opt.step()
        loss = loss.item()
        iter_seconds.append(time.perf_counter() - started)
        if step % LOG_EVERY == 0 or step + 1 == args.iters:
            train_losses.append((step, loss))

    started = time.perf_counter()
    windows = [i * CONTEXT for i in range((len(val) - 1) // CONTEXT)]
    total = 0.0
    with torch.no_grad():
        for i in range(0, len(windows), EVAL_BATCH):
            chunk = windows[i:i + EVAL_BATCH]
            x, y = batch(val, chunk)
            total += loss_of(model, x, y).item() * len(chunk)
    report = {
        "library": f"PyTorch {torch.__version__}",
        "runtime": f"Python {sys.version.split()[0]}",
        "threads": torch.get_num_threads(),
        "iters": args.iters,
        "parameters": parameters,
        "train_chars": len(train),
        "val_windows": len(windows),
        "settings": SETTINGS,
        "iter_seconds": iter_seconds,
        "train_losses": train_losses,
        "val_loss": total / len(windows),
        "eval_seconds": time.perf_counter() - started,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
