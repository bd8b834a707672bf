"""The sentence matcher: how likely two wordings are to state the same fact.

``match(a, b).score`` is the probability (0–1) that two wordings state the same fact, ``.same``
is ``score >= threshold`` (:data:`MATCH_THRESHOLD` by default) and ``.conflicts`` lists the
numbers, named actors or quoted words on which they disagree (:mod:`builder.align.conflicts`).

The score is a logistic regression over lexical features (see :func:`features`), WordNet
synonyms among them when its files are installed (:func:`builder.textfeat.senses`); its weights
were fitted on the MRPC-style paraphrase file in ``shared/eval-dev`` by
``benchmarks/bench_match.py`` (10-fold cross-validated; the figures are in that script's
output) and are hard-coded below, so nothing is fitted at run time and no ML library is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, LCSseq

from ..textfeat import (
    STOPWORDS,
    TIME_WORDS,
    Number,
    Prepared,
    _skeleton,
    prepare,
    senses,
    spelling_variant,
)
from .conflicts import PairConflict, _same_value, conflicts_between

#: Feature names, in the order of :data:`WEIGHTS`.
FEATURES: tuple[str, ...] = (
    "token_set",  # rapidfuzz token_set_ratio: high when one wording contains the other
    "token_sort",  # token_sort_ratio: same words, any order
    "partial",  # partial_ratio: best-matching substring
    "ratio",  # plain edit similarity of the lower-cased texts
    "word_edit",  # edit similarity of the stem sequences (word order and wording)
    "content_dice",  # Dice overlap of content-word stems
    "content_cover",  # share of the shorter wording's content words found in the longer one
    "bigram_dice",  # Dice overlap of stem bigrams
    "len_ratio",  # shorter / longer, in words
    "num_both",  # both wordings contain quantities
    "num_agree",  # their quantities are the same set
    "num_clash",  # each has a quantity the other lacks
    "name_dice",  # Dice overlap of capitalised names (spelling variants count as equal)
    "extra_max",  # content words of one wording missing from the other: the larger count /10
    "extra_min",  # ... the smaller count /10
    "char3_dice",  # Dice overlap of character trigrams (catches inflection and compounds)
    "lcs_short",  # longest common stem subsequence / shorter length
    "lcs_long",  # longest common stem subsequence / longer length
    "len_diff",  # absolute length difference in words /20
    "align_min",  # content words of one wording matched in the other (word, stem or WordNet synonym):
    "align_max",  #   the smaller and the larger of the two shares
    "align_syn",  # share of all content words matched only as synonyms
    "unaligned_max",  # content words with no match in the other wording: the larger count /10
    "unaligned_min",  # ... the smaller count /10
    # BLEU-1 precision of the shorter wording (MT metrics detect paraphrase, Madnani et al.
    # 2012): shared word tokens (stems, stop words included, repeats clipped) / shorter length
    "unigram_short",
    "negation_diff",  # difference in negation words (not, never, n't), 0, 1/2 or 1
    "reporting_diff",  # difference in reporting words (said, told, according), 0, 1/2 or 1
    "figures_only_max",  # figures (digits) of one wording absent from the other: larger count /5
    "figures_only_min",  # ... the smaller count /5
    # places where one wording says what the other does not: runs of its content words absent
    # from the other (stop words do not end a run), the larger count /6 ...
    "gaps_max",
    "gaps_min",  # ... and the smaller count /6
    # content words of one wording whose stems the other lacks, figures and time words aside
    # (textfeat.TIME_WORDS: rewrites re-anchor when, not what): the larger count /10 ...
    "missing_max",
    "missing_min",  # ... and the smaller count /10
)

#: Logistic-regression weights (intercept first, then one per feature in FEATURES). Fitted by
#: ``benchmarks/bench_match.py --fit`` (IRLS, L2 = 0.3, WordNet 3.0 from Debian's wordnet-base
#: installed) on the 4,076 MRPC-style pairs of shared/eval-dev/paraphrase-train.tsv, with the
#: threshold 0.53 (MATCH_THRESHOLD) chosen for accuracy. 10-fold cross-validation of the
#: same procedure (weights and threshold fitted on nine folds, scored on the tenth) gives
#: accuracy 0.782 / F1 0.843 on held-out folds (0.783 / 0.843 mean of ten fold shuffles, the
#: lowest 0.781); on all (training) pairs 0.789 / 0.847. missing_* added +0.4 / +0.25 pt (ten
#: shuffles), gaps_* +0.3 pt on both; before the unigram_short, negation_diff, reporting_diff
#: and figures_only_* features, and with the former ``wratio``, it was 0.756 / 0.826 held out.
#: The same count with reporting words ("said", "officials") also set aside: no gain.
#: Tried and not kept (held-out accuracy, mean over 5 fold shuffles): BLEU-2..4, TER- and
#: METEOR-like scores, word-frequency-weighted overlap (wordfreq's list), WordNet derivation /
#: similar-to links (+0.2 pt, but joined a seed pair of different casualty reports), squares
#: and products of the main features (-0.8 pt), kinds of unmatched words: all within ±0.3 pt;
#: TF-KLD word weights (Ji & Eisenstein 2013) learnt on the training folds (-0.3 pt), the cosine
#: of all-MiniLM-L6-v2 sentence embeddings (+0.05 pt, 5.6 ms a sentence), gradient boosting,
#: random forests, an RBF SVM and a small MLP on these features (all below this model).
#: The signs of correlated features (partial vs. token_sort, align_* vs. content_*) are not
#: meaningful one by one.
WEIGHTS: tuple[float, ...] = (
    -3.0835, 0.0275, 2.0523, -5.2195, 6.4453, 0.9350, -0.5862, 0.0460, -2.3712, -1.4837, -0.3331,
    0.6520, 0.4206, -0.2157, 0.7215, -0.2163, 2.2937, -2.2859, 2.8068, -3.7341, 1.0218, -0.3981,
    2.4264, 0.2565, -1.6869, 4.0204, -2.3730, 0.5480, -1.4663, -1.5978, 1.5907, 0.3691, -1.6796,
    0.4149,
)

#: match() score at which two wordings count as paraphrases (chosen for MRPC accuracy, as above).
#: Facts in a story are joined by the story-level decision of :mod:`.pairs` instead.
MATCH_THRESHOLD = 0.53


def _dice(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _names_match(a: Prepared, b: Prepared) -> tuple[int, int]:
    """(names of ``a`` found in ``b``, names of ``b`` found in ``a``), spelling variants equal."""

    def found(x: str, other: Prepared) -> bool:
        if x in other.names:
            return True
        if len(x) >= 4 and _skeleton(x) in other.name_skeletons:
            return True
        return len(x) >= 6 and any(spelling_variant(x, y) for y in other.names if len(y) >= 6)

    return sum(found(x, b) for x in a.names), sum(found(y, a) for y in b.names)


def _quantities(p: Prepared) -> tuple[Number, ...]:
    """Numbers that state a quantity (counts, money, percentages), not years or dates."""
    return p.quantities


def _alignment(a: Prepared, b: Prepared) -> tuple[int, int, int, int, int, int]:
    """A greedy word alignment of the content words, both ways: for each wording, how many of
    its content words have the same word, stem or a WordNet synonym in the other, how many only
    a synonym, and how many none — (matched_a, synonym_a, total_a, matched_b, synonym_b, total_b)."""
    ma, sa = _aligned(a, b)
    mb, sb = _aligned(b, a)
    return ma, sa, len(a.content_words), mb, sb, len(b.content_words)


def _aligned(mine: Prepared, other: Prepared) -> tuple[int, int]:
    """(content words of ``mine`` matched in ``other``, of them matched only as synonyms)."""
    words, stems_ = other.content_word_set, other.stem_set
    missing = [
        w for w, s in zip(mine.content_words, mine.content_word_stems, strict=True)
        if w not in words and s not in stems_
    ]
    matched = len(mine.content_words) - len(missing)
    if not missing:
        return matched, 0
    pool = other.sense_pool
    if not pool:
        return matched, 0
    synonyms = sum(1 for w in missing if not senses(w).isdisjoint(pool))
    return matched + synonyms, synonyms


def features(a: Prepared, b: Prepared) -> list[float]:
    """The matcher's features for two prepared wordings, each in 0–1 (see :data:`FEATURES`)."""
    feats = _features_but_partial(a, b)
    feats[_PARTIAL] = fuzz.partial_ratio(a.low, b.low) / 100
    return feats


#: Position of the costliest feature (rapidfuzz partial_ratio, about half the time of all).
_PARTIAL = FEATURES.index("partial")


def _partial_floor(la: str, lb: str) -> float:
    """A lower bound of ``partial_ratio(la, lb) / 100`` at the cost of two plain ``ratio`` calls:
    partial_ratio is the best ``ratio`` of the shorter text against any stretch of the longer
    one of its length, so the first and the last such stretch bound it from below."""
    short, long_ = (la, lb) if len(la) <= len(lb) else (lb, la)
    n = len(short)
    if not n:
        return 0.0  # always a valid floor; ratio(short, "") would be 100 even when partial is 0
    return max(fuzz.ratio(short, long_[:n]), fuzz.ratio(short, long_[len(long_) - n :])) / 100


def _score_at_least(a: Prepared, b: Prepared, floor: float) -> float | None:
    """:func:`_prepared_score`, or None when the score is provably below ``floor``.

    All features but partial_ratio are computed; with partial_ratio replaced by the bound of
    :func:`_partial_floor` (or 1) on the side that raises the score, the model gives an upper
    bound of the score, and partial_ratio is computed only when that bound reaches ``floor``.
    Exact: a pair it drops does score below ``floor``.
    """
    if a is b or a.norm == b.norm:
        return _self_score(a.norm)
    feats = _features_but_partial(a, b)
    w = WEIGHTS[1 + _PARTIAL]
    feats[_PARTIAL] = _partial_floor(a.low, b.low) if w < 0 else 1.0
    z = WEIGHTS[0] + sum(wi * x for wi, x in zip(WEIGHTS[1:], feats, strict=True))
    if floor > 0 and z < math.log(floor / (1 - floor)) - 1e-6:
        return None
    feats[_PARTIAL] = fuzz.partial_ratio(a.low, b.low) / 100
    return _score(feats)


def _features_but_partial(a: Prepared, b: Prepared) -> list[float]:
    """:func:`features` with 0 in place of the partial_ratio feature."""
    la, lb = a.low, b.low
    words_a, words_b = len(a.words) or 1, len(b.words) or 1
    bigrams_a, bigrams_b = a.bigrams, b.bigrams
    ca, cb = a.content, b.content
    smaller = min(len(ca), len(cb))
    va, vb = a.quantity_values, b.quantity_values
    only_a = [x for x in va if not any(_same_value(x, y) for y in vb)]
    only_b = [y for y in vb if not any(_same_value(x, y) for x in va)]
    na, nb = a.names, b.names
    in_b, in_a = _names_match(a, b)
    names_total = len(na) + len(nb)
    common = len(ca & cb)
    extra_a, extra_b = len(ca) - common, len(cb) - common
    lcs = LCSseq.similarity(a.stems, b.stems)
    ma, sa, ta, mb, sb, tb = _alignment(a, b)
    share_a, share_b = ma / ta if ta else 1.0, mb / tb if tb else 1.0
    token_set, token_sort, ratio = (
        fuzz.token_set_ratio(la, lb), fuzz.token_sort_ratio(la, lb), fuzz.ratio(la, lb)
    )
    counts_a, counts_b = a.stem_counts, b.stem_counts
    if len(counts_a) > len(counts_b):
        counts_a, counts_b = counts_b, counts_a
    shared = sum(min(n, counts_b[s]) for s, n in counts_a.items() if s in counts_b)
    figs_a, figs_b = a.figures, b.figures
    fig_only_a, fig_only_b = len(figs_a - figs_b), len(figs_b - figs_a)
    (gaps_a, missing_a), (gaps_b, missing_b) = _absent(a, b.stem_set), _absent(b, a.stem_set)
    return [
        token_set / 100,
        token_sort / 100,
        0.0,  # partial_ratio: filled in by the callers (see _score_at_least)
        ratio / 100,
        Indel.normalized_similarity(a.stems, b.stems),
        2 * common / (len(ca) + len(cb)) if ca or cb else 1.0,
        common / smaller if smaller else 1.0,
        _dice(bigrams_a, bigrams_b),
        min(words_a, words_b) / max(words_a, words_b),
        1.0 if va and vb else 0.0,
        1.0 if va and vb and not only_a and not only_b else 0.0,
        1.0 if only_a and only_b else 0.0,
        (in_b + in_a) / names_total if names_total else 1.0,
        min(max(extra_a, extra_b), 10) / 10,
        min(min(extra_a, extra_b), 10) / 10,
        _dice(a.trigrams, b.trigrams),
        lcs / min(words_a, words_b),
        lcs / max(words_a, words_b),
        min(abs(len(a.words) - len(b.words)), 20) / 20,
        min(share_a, share_b),
        max(share_a, share_b),
        (sa + sb) / (ta + tb) if ta + tb else 0.0,
        min(max(ta - ma, tb - mb), 10) / 10,
        min(min(ta - ma, tb - mb), 10) / 10,
        shared / min(words_a, words_b),
        min(abs(a.negations - b.negations), 2) / 2,
        min(abs(a.reporting - b.reporting), 2) / 2,
        min(max(fig_only_a, fig_only_b), 5) / 5,
        min(min(fig_only_a, fig_only_b), 5) / 5,
        min(max(gaps_a, gaps_b), 6) / 6,
        min(min(gaps_a, gaps_b), 6) / 6,
        min(max(missing_a, missing_b), 10) / 10,
        min(min(missing_a, missing_b), 10) / 10,
    ]


def _absent(p: Prepared, other_stems: frozenset[str]) -> tuple[int, int]:
    """What ``p`` says that the other wording (its stems ``other_stems``) does not:

    - gaps: runs of ``p``'s content words whose stems the other lacks (stop words between two
      such words do not end a run): one added clause is one gap, scattered rewording many;
    - words: how many such words are neither figures nor time words (``TIME_WORDS``).
    """
    gaps = words = 0
    open_run = False
    for word, s in zip(p.words, p.stems, strict=True):
        if word in STOPWORDS:
            continue
        if s in other_stems:
            open_run = False
            continue
        if not open_run:
            gaps, open_run = gaps + 1, True
        if not word[0].isdigit() and word not in TIME_WORDS:
            words += 1
    return gaps, words


def _score(feats: list[float]) -> float:
    z = WEIGHTS[0] + sum(w * x for w, x in zip(WEIGHTS[1:], feats, strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Match:
    """The result of :func:`match`."""

    score: float  #: probability that the two wordings state one fact, 0–1
    same: bool  #: ``score >= threshold``
    conflicts: list[PairConflict] = field(default_factory=list)


def match(a: str, b: str, threshold: float | None = None) -> Match:
    """Compare two wordings of a sentence.

    ``threshold`` defaults to :data:`MATCH_THRESHOLD`. Conflicts are reported whatever the
    score, so a caller can see why two similar sentences disagree; a pair "says the same
    thing" when ``m.same and not m.conflicts``.
    """
    if threshold is None:
        threshold = MATCH_THRESHOLD
    pa, pb = prepare(a), prepare(b)
    score = _score(features(pa, pb))
    return Match(score, score >= threshold, conflicts_between(pa, pb))


def _prepared_score(a: Prepared, b: Prepared) -> float:
    """:func:`match`'s score of two prepared wordings; a wording against an identical one is
    scored once per text (identical normalised texts give identical features)."""
    if a is b or a.norm == b.norm:
        return _self_score(a.norm)
    return _score(features(a, b))


@lru_cache(maxsize=1 << 14)
def _self_score(norm: str) -> float:
    p = prepare(norm)
    return _score(_self_features(p) if p.low and p.words else features(p, p))


def _self_features(p: Prepared) -> list[float]:
    """:func:`features` of a wording against itself, without comparing (``p.low`` and
    ``p.words`` not empty): every similarity is 1, every difference 0."""
    both = 1.0 if p.quantity_values else 0.0
    return [
        1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,  # token_set ... len_ratio
        both, both, 0.0,  # num_both, num_agree, num_clash
        1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0,  # name_dice ... len_diff
        1.0, 1.0, 0.0, 0.0, 0.0,  # align_min, align_max, align_syn, unaligned_max, unaligned_min
        1.0, 0.0, 0.0, 0.0, 0.0,  # unigram_short, negation_diff ... figures_only_min
        0.0, 0.0,  # gaps_max, gaps_min
        0.0, 0.0,  # missing_max, missing_min
    ]
