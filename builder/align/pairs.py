"""Which sentences of a story state one fact: candidates by meaning and the same-fact decision.

Outlets that rewrite a report share few words, so the lexical matcher (:mod:`.match`) alone
misses most rewrites and its word-overlap pre-filter never even offers them. Here every
sentence of a story gets a vector (:mod:`.meaning`), one matrix product gives the cosine of
every cross-source pair, and

* **candidates** are all pairs of sentences from two sources whose probability could reach
  the threshold: every feature but the matcher's score is computed for all pairs at once, as
  matrices, which bounds the probability; the matcher runs only for the pairs within reach;
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
from collections.abc import Callable

import numpy as np

from ..textfeat import Prepared
from .meaning import sentence_vectors, word_vectors

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
    """The same-fact evidence of one story's sentences (``source_of[i]``: source index; each
    source's sentences consecutive). Every feature but the matcher's score is computed for all
    pairs at once, as matrices (a few matrix products per pair of sources); the matcher's score
    only for the pairs that could reach a threshold with it (:meth:`may_reach`)."""

    def __init__(self, preps: list[Prepared], source_of: list[int], lexical: Callable[[int, int], float]) -> None:
        self.preps = preps
        self.source_of = source_of
        self.lexical = lexical  #: (i, j) -> the matcher's score
        n = len(preps)
        src = np.asarray(source_of, dtype=np.intp)
        self.spans: dict[int, tuple[int, int]] = {}
        for i, s in enumerate(source_of):
            a, _ = self.spans.get(s, (i, i))
            self.spans[s] = (a, i + 1)
        vectors = sentence_vectors([p.norm for p in preps]).astype(np.float64)
        self.cos = cos = vectors @ vectors.T
        rows = np.arange(n)
        # each sentence's nearest and runner-up in every source, for mutual_nearest and margins
        width = max(self.spans) + 1 if self.spans else 0
        best = np.zeros((n, width), dtype=np.intp)
        first = np.zeros((n, width))
        second = np.zeros((n, width))
        for s, (a, b) in self.spans.items():
            block = cos[:, a:b]
            order = np.argsort(-block, axis=1, kind="stable")[:, :2]
            best[:, s] = a + order[:, 0]
            first[:, s] = block[rows, order[:, 0]]
            if b - a > 1:
                second[:, s] = block[rows, order[:, 1]]
        near = best[:, src] == rows[None, :]  # near[i, j]: j is i's nearest in j's source
        margin = cos - np.where(near, second[:, src], first[:, src])
        # the sentences before (or after) both, when they belong to the same two sources
        neighbours = np.zeros((n, n))
        same_prev = np.zeros(n, dtype=bool)
        same_prev[1:] = src[1:] == src[:-1]
        neighbours[1:, 1:] = np.where(same_prev[1:, None] & same_prev[None, 1:], cos[:-1, :-1], 0.0)
        after = np.zeros((n, n))
        after[:-1, :-1] = np.where(same_prev[1:, None] & same_prev[None, 1:], cos[1:, 1:], 0.0)
        np.maximum(np.maximum(neighbours, after, out=neighbours), 0.0, out=neighbours)
        self.matrices = [
            cos,
            np.zeros((n, n)),  # lexical: per pair, on demand
            (near & near.T).astype(np.float64),
            margin + margin.T,
            np.minimum(margin, margin.T),
            self._soft_align(),
            neighbours,
            self._rare_cover(),
            self._shared_figures(),
        ]
        logit = np.full((n, n), WEIGHTS[0])
        for k, (w, m) in enumerate(zip(WEIGHTS[1:], self.matrices, strict=True)):
            if k != _LEXICAL:
                logit += w * m
        self._logit = logit  #: the decision's logit without the matcher's term
        self._prob: dict[tuple[int, int], float] = {}

    def _soft_align(self) -> np.ndarray:
        """F1 of soft word alignment for every pair: each content word's best cosine among the
        other wording's content words, averaged per sentence, both ways.

        Computed over the story's vocabulary (wire copy repeats most words): one product of the
        distinct words' vectors, then per sentence the best match of every word, then per pair
        of sentences the mean of those bests — a few array operations for the whole story."""
        n = len(self.preps)
        words = [sorted(w for w in p.content_word_set if w not in _REPORTING) for p in self.preps]
        vocab = sorted({w for ws in words for w in ws})
        out = np.zeros((n, n))
        have = [i for i in range(n) if words[i]]
        if not have:
            return out
        row = {w: k for k, w in enumerate(vocab)}
        table = word_vectors(vocab)
        sims = table @ table.T  # vocabulary × vocabulary
        occurrences = np.array([row[w] for i in have for w in words[i]], dtype=np.intp)
        counts = np.array([len(words[i]) for i in have], dtype=np.float64)
        starts = np.concatenate(([0], np.cumsum(counts[:-1]))).astype(np.intp)
        # best[v, j]: the best cosine of vocabulary word v among sentence j's words
        best = np.maximum.reduceat(sims[:, occurrences], starts, axis=1)
        # mean[i, j]: the mean, over sentence i's words, of their best cosine in sentence j
        mean = np.add.reduceat(best[occurrences].astype(np.float64), starts, axis=0) / counts[:, None]
        total = mean + mean.T
        f1 = np.divide(2 * mean * mean.T, total, out=np.zeros_like(total), where=total > 0)
        out[np.ix_(have, have)] = f1
        return out

    def _rare_cover(self) -> np.ndarray:
        """Share of the shorter wording's content words (each weighted by its rarity in the
        story, log inverse sentence frequency) that the other wording has, for every pair."""
        n = len(self.preps)
        counts = Counter(w for p in self.preps for w in p.content)
        vocab = {w: k for k, w in enumerate(counts)}
        rarity = np.array([math.log((n + 1) / (c + 0.5)) for c in counts.values()])
        inc = np.zeros((n, len(vocab)))
        for i, p in enumerate(self.preps):
            inc[i, [vocab[w] for w in p.content]] = 1.0
        shared = (inc * rarity) @ inc.T
        total = inc @ rarity
        size = inc.sum(axis=1)
        # the shorter of the two (the first on a tie, as the pair (i, j) with i < j is read)
        upper = np.triu(np.ones((n, n), dtype=bool))
        short_is_row = np.where(upper, size[:, None] <= size[None, :], size[:, None] < size[None, :])
        denominator = np.where(short_is_row, total[:, None], total[None, :])
        return np.divide(shared, denominator, out=np.zeros((n, n)), where=denominator > 0)

    def _shared_figures(self) -> np.ndarray:
        """Share of the figures (of the wording with fewer) the other has; 0.5 when either has none."""
        n = len(self.preps)
        figures = {f: k for k, f in enumerate({f for p in self.preps for f in p.figures})}
        inc = np.zeros((n, len(figures)))
        for i, p in enumerate(self.preps):
            inc[i, [figures[f] for f in p.figures]] = 1.0
        size = inc.sum(axis=1)
        fewer = np.minimum(size[:, None], size[None, :])
        return np.divide(inc @ inc.T, fewer, out=np.full((n, n), 0.5), where=fewer > 0)

    def candidates(self, threshold: float) -> set[tuple[int, int]]:
        """Pairs of sentences from two sources that could reach ``threshold`` (:meth:`may_reach`)."""
        bound = self._logit + max(0.0, WEIGHTS[1 + _LEXICAL])
        src = np.asarray(self.source_of)
        ok = np.triu(bound >= _logit_of(threshold), k=1) & (src[:, None] != src[None, :])
        return {(int(i), int(j)) for i, j in zip(*np.nonzero(ok), strict=True)}

    def features(self, i: int, j: int) -> list[float]:
        """:data:`FEATURES` of the pair (sentences of two different sources, ``i < j``)."""
        out = [float(m[i, j]) for m in self.matrices]
        out[_LEXICAL] = self.lexical(i, j)
        return out

    def may_reach(self, i: int, j: int, threshold: float) -> bool:
        """False when the pair's probability is provably below ``threshold`` (the matcher's score
        is not computed: the bound takes it as whichever of 0 and 1 raises the logit)."""
        key = (i, j) if i < j else (j, i)
        if key in self._prob:
            return self._prob[key] >= threshold
        return self._logit[key] + max(0.0, WEIGHTS[1 + _LEXICAL]) >= _logit_of(threshold)

    def probability(self, i: int, j: int) -> float:
        """Probability that sentences ``i`` and ``j`` (two sources) state the same fact."""
        key = (i, j) if i < j else (j, i)
        got = self._prob.get(key)
        if got is None:
            z = self._logit[key] + WEIGHTS[1 + _LEXICAL] * self.lexical(*key)
            got = self._prob[key] = 1.0 / (1.0 + math.exp(-z))
        return got


def _logit_of(p: float) -> float:
    return math.log(p / (1 - p))
