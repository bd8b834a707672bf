"""Sentence meaning: WordLlama's static embeddings, loaded once per process, cached by text.

WordLlama (``wordllama`` on PyPI, MIT licence) ships its weights in its wheel: a 32,000 × 256
token-embedding table (16 MB of float32) distilled from Llama 2's token embeddings and trained so
that the average of a text's token vectors places texts of one meaning near each other. A
sentence vector is that average, normalised; a word vector is the same for the word alone. No
network is needed or tried (``disable_download``); the model loads in about 0.2 s and embeds a
sentence in about 0.1 ms on one core.

Vectors are memoised by the text's hash (blake2b), so ``watch`` and incremental builds embed only
new sentences; the memo is bounded and starts afresh when full.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

import numpy as np

DIM = 256  #: width of a vector
MEMO_SIZE = 200_000  #: vectors kept before the memo starts afresh (256 float32 = 1 KB each)

_lock = threading.Lock()
_model = None
_sentences: dict[bytes, np.ndarray] = {}
_words: dict[str, np.ndarray] = {}


class ModelMissing(RuntimeError):
    """WordLlama or its shipped weights cannot be loaded."""


def model():  # -> wordllama.inference.WordLlamaInference
    """The WordLlama model, loaded on first use (once per process) from its package folder."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                try:
                    import wordllama
                    from wordllama import WordLlama
                except ImportError as exc:  # pragma: no cover - a dependency of the package
                    raise ModelMissing("the sentence model needs the 'wordllama' package: pip install wordllama") from exc
                # 0.4.0 looks for its tokenizer relative to cache_dir: its own folder holds both
                folder = Path(wordllama.__file__).parent
                try:
                    _model = WordLlama.load(cache_dir=folder, disable_download=True)
                except Exception as exc:
                    raise ModelMissing(f"cannot load WordLlama's weights from {folder}: {exc}") from exc
    return _model


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _remember(memo: dict, items: list, vectors: np.ndarray) -> None:
    if len(memo) + len(items) > MEMO_SIZE:
        memo.clear()
    for k, v in zip(items, vectors, strict=True):
        memo[k] = v


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """Unit vectors of ``texts`` (rows, float32); an empty text gets a zero vector."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    keys = [_key(t) for t in texts]
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in _sentences and t.strip()}
    if todo:
        _remember(_sentences, list(todo), _embed(list(todo.values())))
    for n, k in enumerate(keys):
        v = _sentences.get(k)
        if v is not None:
            out[n] = v
    return out


_WORD = re.compile(r"[^\W_][\w'’-]*")


def word_vectors(words: list[str]) -> np.ndarray:
    """Unit vectors of single words (rows, float32)."""
    todo = list(dict.fromkeys(w for w in words if w not in _words))
    if todo:
        _remember(_words, todo, _embed(todo))
    if not words:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([_words[w] for w in words])


def _embed(texts: list[str]) -> np.ndarray:
    vectors = np.asarray(model().embed(texts, norm=False), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)
