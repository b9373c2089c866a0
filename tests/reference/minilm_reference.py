"""Reference sentence embeddings of all-MiniLM-L6-v2, for notebooks/05-llm/05-minilm.ipynb.

Written independently of ferrolab's Rust: the safetensors header is parsed with json and
the tensors read with numpy, BERT's tokenizer (basic tokenizer + WordPiece) and its
forward pass are written here in plain torch, each sentence is encoded alone (no
padding), and the embedding is sentence-transformers' recipe: the mean of the last
hidden states over the tokens, then L2 normalisation.

Run from the repository root with the project's venv (torch and numpy only):

    .venv/bin/python tests/reference/minilm_reference.py

It reads the installed `minilm`, `moby-dick`, `spam-assassin` and `movielens` data sets
(`$FERROLAB_DATA`, else `~/.local/share/ferrolab/data`; `./ferrolab data list` shows the
folder) and writes `tests/reference/minilm-embeddings.json`: each sentence, its token
ids and its 384-dimensional embedding.
"""

import json
import math
import os
import struct
import sys
import unicodedata
from pathlib import Path

import numpy as np
import torch

# Real sentences from the installed data sets, chosen to exercise the tokenizer:
# capitals, em dashes, "!", an accented title, a mailing-list tag, different lengths.
SENTENCES = [
    ("moby-dick", "Call me Ishmael."),
    (
        "moby-dick",
        "Some years ago—never mind how long precisely—having little or no money in my "
        "purse, and nothing particular to interest me on shore, I thought I would sail "
        "about a little and see the watery part of the world.",
    ),
    ("moby-dick", "There is magic in it."),
    (
        "moby-dick",
        "But look! here come more crowds, pacing straight for the water, and seemingly "
        "bound for a dive.",
    ),
    ("spam-assassin", "EASY CREDIT REPAIR SOFTWARE IS HERE!!!"),
    ("spam-assassin", "Have You Dreamed Of Your Own Home Based Business?"),
    ("spam-assassin", "Re: [ILUG] Backup solutions"),
    ("movielens", "Léon: The Professional (a.k.a. The Professional) (Léon)"),
]

SOURCES = {
    "moby-dick": "moby-dick/moby-dick.txt",
    "spam-assassin": "spam-assassin/emails.csv",
    "movielens": "movielens/movielens.csv",
}

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "minilm-embeddings.json"


def data_dir() -> Path:
    env = os.environ.get("FERROLAB_DATA")
    if env:
        return Path(env)
    return Path.home() / ".local" / "share" / "ferrolab" / "data"


def read_safetensors(path: Path) -> dict:
    """Every tensor of a safetensors file: an 8-byte little-endian header length, a JSON
    header of name -> dtype, shape, byte offsets, then the raw bytes."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = memoryview(raw)[8 + n :]
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=dtypes[info["dtype"]])
        tensors[name] = torch.from_numpy(array.reshape(info["shape"]).copy())
    return tensors


# ---- BERT's tokenizer, uncased -------------------------------------------------------


def is_punctuation(c: str) -> bool:
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def is_cjk(cp: int) -> bool:
    ranges = [
        (0x4E00, 0x9FFF),
        (0x3400, 0x4DBF),
        (0x20000, 0x2A6DF),
        (0x2A700, 0x2B73F),
        (0x2B740, 0x2B81F),
        (0x2B820, 0x2CEAF),
        (0xF900, 0xFAFF),
        (0x2F800, 0x2FA1F),
    ]
    return any(lo <= cp <= hi for lo, hi in ranges)


def basic_tokens(text: str) -> list:
    cleaned = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD:
            continue
        if c in " \t\n\r" or unicodedata.category(c) == "Zs":
            cleaned.append(" ")
        elif unicodedata.category(c).startswith("C"):
            continue
        elif is_cjk(cp):
            cleaned.append(f" {c} ")
        else:
            cleaned.append(c)
    words = []
    for word in "".join(cleaned).split():
        word = unicodedata.normalize("NFD", word.lower())
        word = "".join(c for c in word if unicodedata.category(c) != "Mn")
        current = ""
        for c in word:
            if is_punctuation(c):
                if current:
                    words.append(current)
                words.append(c)
                current = ""
            else:
                current += c
        if current:
            words.append(current)
    return words


def wordpiece(word: str, vocab: dict) -> list:
    if len(word) > 100:
        return [vocab["[UNK]"]]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                pieces.append(vocab[piece])
                break
            end -= 1
        if end == start:
            return [vocab["[UNK]"]]
        start = end
    return pieces


def encode(text: str, vocab: dict) -> list:
    ids = [vocab["[CLS]"]]
    for word in basic_tokens(text):
        ids.extend(wordpiece(word, vocab))
    ids.append(vocab["[SEP]"])
    return ids


# ---- BERT's forward pass -------------------------------------------------------------


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def gelu(x):
    """The exact (erf) GELU of BERT's "gelu"."""
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def embed(ids: list, w: dict, config: dict) -> torch.Tensor:
    """One sentence's embedding: hidden states of all tokens, their mean, L2-normalised."""
    eps = config["layer_norm_eps"]
    heads = config["num_attention_heads"]
    t = torch.tensor(ids)
    n = len(ids)
    x = (
        w["embeddings.word_embeddings.weight"][t]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    dim = x.shape[-1]
    d = dim // heads
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        def lin(name, h):
            return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q, k, v = (
            lin(f"attention.self.{m}", x).reshape(n, heads, d).transpose(0, 1)
            for m in ("query", "key", "value")
        )
        scores = q @ k.transpose(1, 2) / math.sqrt(d)
        context = (scores.softmax(-1) @ v).transpose(0, 1).reshape(n, dim)
        x = layer_norm(
            x + lin("attention.output.dense", context),
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
            eps,
        )
        h = lin("output.dense", gelu(lin("intermediate.dense", x)))
        x = layer_norm(
            x + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps
        )
    pooled = x.mean(0)
    return pooled / pooled.norm()


def main() -> int:
    data = data_dir()
    model = data / "minilm"
    if not (model / "model.safetensors").exists():
        print(
            f"all-MiniLM-L6-v2 is not installed in {model}: run `./ferrolab data fetch minilm`",
            file=sys.stderr,
        )
        return 1
    for source, sentence in SENTENCES:
        text = (data / SOURCES[source]).read_text(encoding="utf-8")
        if sentence not in text:
            print(f"{sentence!r} is not in the {source} data set", file=sys.stderr)
            return 1
    config = json.loads((model / "config.json").read_text())
    tokens = (model / "vocab.txt").read_text(encoding="utf-8").split("\n")
    vocab = {t: i for i, t in enumerate(tokens) if t}
    # Double precision: the reference's own rounding stays far below the 1e-4 compared.
    weights = {k: v.double() for k, v in read_safetensors(model / "model.safetensors").items()}
    torch.set_grad_enabled(False)
    out = []
    for source, sentence in SENTENCES:
        ids = encode(sentence, vocab)
        embedding = embed(ids, weights, config)
        out.append(
            {
                "source": source,
                "text": sentence,
                "ids": ids,
                "embedding": [round(float(v), 7) for v in embedding],
            }
        )
    record = {
        "model": "all-MiniLM-L6-v2 (installed `minilm` data set)",
        "recipe": "mean of the last hidden states over the tokens, L2-normalised; float64",
        "written_by": "tests/reference/minilm_reference.py",
        "sentences": out,
    }
    OUT.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(out)} embeddings to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
