"""Sentence meaning: WordLlama's static token embeddings, loaded once per process.

WordLlama (``wordllama`` on PyPI, MIT licence) ships its weights in its wheel: a 32,000 × 256
token-embedding table (16 MB of float32) distilled from Llama 2's token embeddings and trained so
that the mean of a text's token vectors places texts of one meaning near each other. A
sentence's vector is that mean, normalised (what ``WordLlama.embed`` computes); a word's vector
is the same for the word on its own, for the soft alignment of two wordings (:mod:`.pairs`). No network is needed or tried
(``disable_download``); the model loads in about 0.5 s (88 MB of peak memory, its imports included) and a sentence
costs about 0.1 ms.

Tokenisations are memoised by the text's hash (blake2b), so ``watch`` and incremental builds
tokenise only new sentences; the memo is bounded and starts afresh when full.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DIM = 256  #: width of a vector
MEMO_SIZE = 200_000  #: tokenised sentences (and word vectors) kept before a memo starts afresh


class ModelMissing(RuntimeError):
    """WordLlama or its shipped weights cannot be loaded."""


@dataclass(frozen=True)
class Model:
    tokenizer: object  #: the ``tokenizers.Tokenizer`` shipped with WordLlama
    table: np.ndarray  #: token embeddings, rows as shipped (float32)



_lock = threading.Lock()
_model: Model | None = None
_tokens: dict[bytes, np.ndarray] = {}


def model() -> Model:
    """The WordLlama model, loaded on first use (once per process) from its package folder."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _load()
    return _model


def _load() -> Model:
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ModelMissing("the sentence model needs the 'wordllama' package: pip install wordllama") from exc
    # 0.4.0 looks for its tokenizer relative to cache_dir: its own folder holds both
    folder = Path(wordllama.__file__).parent
    try:
        loaded = WordLlama.load(cache_dir=folder, disable_download=True)
    except Exception as exc:
        raise ModelMissing(f"cannot load WordLlama's weights from {folder}: {exc}") from exc
    table = np.ascontiguousarray(loaded.embedding, dtype=np.float32)
    return Model(loaded.tokenizer, table)


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def tokens(texts: list[str]) -> list[np.ndarray]:
    """Token ids of each text (memoised by the text's hash)."""
    keys = [_key(t) for t in texts]
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in _tokens}
    if todo:
        if len(_tokens) + len(todo) > MEMO_SIZE:
            _tokens.clear()
        # text decoded with a lossless fallback may hold lone surrogates, which the tokenizer refuses
        safe = [t.encode("utf-8", "replace").decode("utf-8") for t in todo.values()]
        encoded = model().tokenizer.encode_batch(safe, add_special_tokens=False)
        for k, enc in zip(todo, encoded, strict=True):
            # WordLlama's tokenizer pads a batch to its longest text: keep the text's own tokens
            ids = np.asarray(enc.ids, dtype=np.int32)
            _tokens[k] = ids[np.asarray(enc.attention_mask, dtype=bool)]
    return [_tokens[k] for k in keys]


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """Unit vectors of ``texts`` (rows, float32); a text with no tokens gets a zero vector."""
    m = model()
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for n, ids in enumerate(tokens(texts)):
        if len(ids):
            v = m.table[ids].mean(axis=0)
            norm = float(np.linalg.norm(v))
            if norm > 0:
                out[n] = v / norm
    return out


#: words that say who said something, not what happened: left out of the soft alignment
REPORTING = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "according"})


_words: dict[str, np.ndarray] = {}


def word_vectors(words: list[str]) -> np.ndarray:
    """Unit vectors of single words, each embedded on its own (rows, float32; memoised)."""
    todo = [w for w in dict.fromkeys(words) if w not in _words]
    if todo:
        if len(_words) + len(todo) > MEMO_SIZE:
            _words.clear()
        for w, v in zip(todo, sentence_vectors(todo), strict=True):
            _words[w] = v
    if not words:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([_words[w] for w in words])
