"""Which sentences of a story state one fact: candidates by meaning and the same-fact decision.

Outlets that rewrite a report share few words, so the lexical matcher (:mod:`.match`) alone
misses most rewrites and its word-overlap pre-filter never even offers them. Here every
sentence of a story gets a vector (:mod:`.meaning`), one matrix product gives the cosine of
every cross-source pair, and

* **candidates** are, for each sentence and each other source, its :data:`NEAREST` nearest
  sentences there by cosine (added to the matcher's word-overlap candidates);
* the **decision** is a logistic regression (:data:`FEATURES`, :data:`WEIGHTS`) over meaning
  (cosine; a soft word alignment, each word's best cosine in the other wording), wording
  (the matcher's score), the story around the pair (are the two each other's nearest sentence
  between their sources, and by what margin; do the neighbouring sentences correspond too).
  Its output is the probability that the two sentences state the same fact, fitted on
  hand-labelled pairs of real stories (``benchmarks/bench_facts.py --fit``, cross-validated by
  story).
"""

from __future__ import annotations

import math

import numpy as np

from ..textfeat import Prepared
from .meaning import sentence_vectors, word_vectors

#: For each sentence and each other source, how many nearest sentences by cosine are candidates.
NEAREST = 2

#: Feature names, in the order of :data:`WEIGHTS` (after the intercept).
FEATURES: tuple[str, ...] = (
    "cosine",  # cosine of the two sentence vectors
    "lexical",  # the matcher's score (match.py): wording
    "mutual_nearest",  # 1 when each is the other's nearest sentence in the other's source
    "margin_sum",  # cosine minus the runner-up's, from each side (sum) ...
    "margin_min",  # ... and the smaller of the two
    "soft_align",  # F1 of each content word's best cosine among the other wording's words
    "neighbours",  # soft_align of the sentences before (or after) both, the larger
)

#: Logistic-regression weights (intercept first). Fitted by ``benchmarks/bench_facts.py --fit``.
WEIGHTS: tuple[float, ...] = (-6.5796, 3.1891, 1.5583, 0.6303, 1.1123, 0.6701, 7.5751, 2.4569)

_REPORTING = frozenset({"said", "says", "say", "told", "added", "according"})


class StoryPairs:
    """The same-fact evidence of one story's sentences (``source_of[i]``: source index)."""

    def __init__(self, preps: list[Prepared], source_of: list[int], lexical) -> None:
        self.preps = preps
        self.source_of = source_of
        self.lexical = lexical  #: (i, j) -> the matcher's score
        n = len(preps)
        vectors = sentence_vectors([p.norm for p in preps])
        self.cos = vectors @ vectors.T
        self.spans: dict[int, tuple[int, int]] = {}
        for i, s in enumerate(source_of):
            a, _ = self.spans.get(s, (i, i))
            self.spans[s] = (a, i + 1)
        # for each sentence and source: its best and second-best cosine there, and where
        self._best: dict[tuple[int, int], tuple[int, float, float]] = {}
        for s, (a, b) in self.spans.items():
            block = self.cos[:, a:b]
            order = np.argsort(-block, axis=1, kind="stable")
            for i in range(n):
                if source_of[i] == s:
                    continue
                first = int(order[i, 0])
                second = float(block[i, order[i, 1]]) if b - a > 1 else 0.0
                self._best[(i, s)] = (a + first, float(block[i, first]), second)
        self._words: list[np.ndarray | None] = [None] * n
        self._soft: dict[tuple[int, int], float] = {}
        self._prob: dict[tuple[int, int], float] = {}

    def candidates(self, k: int = NEAREST) -> set[tuple[int, int]]:
        """Each sentence's ``k`` nearest sentences by cosine in every other source, as (i, j), i < j."""
        out: set[tuple[int, int]] = set()
        for s, (a, b) in self.spans.items():
            block = self.cos[:, a:b]
            kk = min(k, b - a)
            top = np.argpartition(-block, kk - 1, axis=1)[:, :kk]
            for i in range(len(self.preps)):
                if self.source_of[i] == s:
                    continue
                for c in top[i]:
                    j = a + int(c)
                    out.add((i, j) if i < j else (j, i))
        return out

    def _vectors(self, i: int) -> np.ndarray:
        v = self._words[i]
        if v is None:
            words = [w for w in self.preps[i].content_word_set if w not in _REPORTING]
            v = self._words[i] = word_vectors(sorted(words))
        return v

    def soft_align(self, i: int, j: int) -> float:
        """F1 of soft word alignment: each content word's best cosine among the other's words."""
        key = (i, j) if i < j else (j, i)
        got = self._soft.get(key)
        if got is None:
            a, b = self._vectors(i), self._vectors(j)
            if not len(a) or not len(b):
                got = 0.0
            else:
                sims = a @ b.T
                ra, rb = float(sims.max(axis=1).mean()), float(sims.max(axis=0).mean())
                got = 2 * ra * rb / (ra + rb) if ra + rb > 0 else 0.0
            self._soft[key] = got
        return got

    def _margin(self, i: int, j: int) -> tuple[bool, float]:
        best, first, second = self._best[(i, self.source_of[j])]
        c = float(self.cos[i, j])
        return best == j, c - (second if best == j else first)

    def features(self, i: int, j: int) -> list[float]:
        """:data:`FEATURES` of the pair (sentences of two different sources)."""
        near_i, margin_i = self._margin(i, j)
        near_j, margin_j = self._margin(j, i)
        neighbours = 0.0
        for d in (-1, 1):
            x, y = i + d, j + d
            if (
                0 <= x < len(self.preps) and 0 <= y < len(self.preps)
                and self.source_of[x] == self.source_of[i] and self.source_of[y] == self.source_of[j]
            ):
                neighbours = max(neighbours, self.soft_align(x, y))
        return [
            float(self.cos[i, j]),
            self.lexical(i, j),
            1.0 if near_i and near_j else 0.0,
            margin_i + margin_j,
            min(margin_i, margin_j),
            self.soft_align(i, j),
            neighbours,
        ]

    def probability(self, i: int, j: int) -> float:
        """Probability that sentences ``i`` and ``j`` (two sources) state the same fact."""
        key = (i, j) if i < j else (j, i)
        got = self._prob.get(key)
        if got is None:
            z = WEIGHTS[0] + sum(w * x for w, x in zip(WEIGHTS[1:], self.features(*key), strict=True))
            got = self._prob[key] = 1.0 / (1.0 + math.exp(-z))
        return got
