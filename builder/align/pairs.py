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
from collections import Counter

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
    "neighbours",  # cosine of the sentences before (or after) both, the larger
    # share of the shorter wording's content words found in the other, each weighted by its
    # rarity in the story (log inverse sentence frequency): sharing a story's rare word counts
    "rare_cover",
    # share of the figures (of the wording with fewer) found in the other; 0.5 when either has none
    "shared_figures",
)

#: Logistic-regression weights (intercept first). Fitted by ``benchmarks/bench_facts.py --fit``.
WEIGHTS: tuple[float, ...] = (-8.0041, 2.8122, 0.9500, 0.4652, 0.9637, 0.8993, 6.2938, 1.6394, 2.2761, 3.6336)
_LEXICAL = FEATURES.index("lexical")
#: words that say who said something, not what happened: left out of the soft alignment
_REPORTING = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "according"})

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
        self._content: list[np.ndarray | None] = [None] * n
        counts = Counter(w for p in preps for w in p.content)
        self._rarity = {w: math.log((n + 1) / (c + 0.5)) for w, c in counts.items()}
        self._soft: dict[tuple[str, str], float] = {}  # by the two texts: wire copy repeats them
        self._prob: dict[tuple[int, int], float] = {}
        self._partial: dict[tuple[int, int], float] = {}

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

    def _words(self, i: int) -> np.ndarray:
        got = self._content[i]
        if got is None:
            words = sorted(w for w in self.preps[i].content_word_set if w not in _REPORTING)
            got = self._content[i] = word_vectors(words)
        return got

    def soft_align(self, i: int, j: int) -> float:
        """F1 of soft alignment: each content word's best cosine among the other's words."""
        ta, tb = self.preps[i].norm, self.preps[j].norm
        key = (ta, tb) if ta <= tb else (tb, ta)
        got = self._soft.get(key)
        if got is None:
            sims = self._words(i) @ self._words(j).T
            if not sims.size:
                got = 0.0
            else:
                ra, rb = float(sims.max(axis=1).mean()), float(sims.max(axis=0).mean())
                got = 2 * ra * rb / (ra + rb) if ra + rb > 0 else 0.0
            self._soft[key] = got
        return got

    def _margin(self, i: int, j: int) -> tuple[bool, float]:
        best, first, second = self._best[(i, self.source_of[j])]
        c = float(self.cos[i, j])
        return best == j, c - (second if best == j else first)

    def features(self, i: int, j: int, lexical: bool = True) -> list[float]:
        """:data:`FEATURES` of the pair (sentences of two different sources); with ``lexical``
        false the matcher's score is left at 0 (see :meth:`may_reach`)."""
        near_i, margin_i = self._margin(i, j)
        near_j, margin_j = self._margin(j, i)
        neighbours = 0.0
        for d in (-1, 1):
            x, y = i + d, j + d
            if (
                0 <= x < len(self.preps) and 0 <= y < len(self.preps)
                and self.source_of[x] == self.source_of[i] and self.source_of[y] == self.source_of[j]
            ):
                neighbours = max(neighbours, float(self.cos[x, y]))
        return [
            float(self.cos[i, j]),
            self.lexical(i, j) if lexical else 0.0,
            1.0 if near_i and near_j else 0.0,
            margin_i + margin_j,
            min(margin_i, margin_j),
            self.soft_align(i, j),
            neighbours,
            self._rare_cover(i, j),
            _shared_figures(self.preps[i], self.preps[j]),
        ]

    def _rare_cover(self, i: int, j: int) -> float:
        a, b = self.preps[i].content, self.preps[j].content
        short, other = (a, b) if len(a) <= len(b) else (b, a)
        total = sum(self._rarity[w] for w in short)
        return sum(self._rarity[w] for w in short & other) / total if total > 0 else 0.0

    def _logit_but_lexical(self, i: int, j: int) -> float:
        """The decision's logit without the matcher's term (the costliest feature)."""
        got = self._partial.get((i, j))
        if got is None:
            feats = self.features(i, j, lexical=False)
            got = self._partial[(i, j)] = WEIGHTS[0] + sum(
                w * x for n, (w, x) in enumerate(zip(WEIGHTS[1:], feats, strict=True)) if n != _LEXICAL
            )
        return got

    def may_reach(self, i: int, j: int, threshold: float) -> bool:
        """False when the pair's probability is provably below ``threshold`` (the matcher's score
        is not computed: the bound takes it as whichever of 0 and 1 raises the logit)."""
        key = (i, j) if i < j else (j, i)
        if key in self._prob:
            return self._prob[key] >= threshold
        bound = self._logit_but_lexical(*key) + max(0.0, WEIGHTS[1 + _LEXICAL])
        return bound >= math.log(threshold / (1 - threshold))

    def probability(self, i: int, j: int) -> float:
        """Probability that sentences ``i`` and ``j`` (two sources) state the same fact."""
        key = (i, j) if i < j else (j, i)
        got = self._prob.get(key)
        if got is None:
            z = self._logit_but_lexical(*key) + WEIGHTS[1 + _LEXICAL] * self.lexical(*key)
            got = self._prob[key] = 1.0 / (1.0 + math.exp(-z))
        return got


def _shared_figures(a: Prepared, b: Prepared) -> float:
    fa, fb = a.figures, b.figures
    if not fa or not fb:
        return 0.5
    return len(fa & fb) / min(len(fa), len(fb))
