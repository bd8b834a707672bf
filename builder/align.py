"""Align stage: match sentences across a story's sources and merge the matches into facts.

Two public entry points:

* :func:`match` compares two wordings: ``match(a, b).score`` is the probability (0–1) that they
  state the same fact, ``.same`` is ``score >= threshold`` (``AlignSettings.threshold`` by
  default) and ``.conflicts`` lists the numbers, named actors or quoted words on which they
  disagree (empty when they agree).
* :func:`align_story` splits every source's body into sentences, finds candidate pairs with one
  rapidfuzz ``process.cdist`` call over the whole story, confirms them with :func:`match`, joins
  them into facts (at most one sentence per source per fact) and orders the facts by merging the
  sources' reading orders.

The score is a logistic regression over lexical features (see :func:`features`); its weights
were fitted on the MRPC-style paraphrase file in ``shared/eval-dev`` by
``benchmarks/bench_match.py`` (10-fold cross-validated; the figures are in that script's
output) and are hard-coded below, so nothing is fitted at run time and no ML library is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .config import AlignSettings
from .textfeat import Number, Prepared, prepare, spelling_variant

# --- the matcher -------------------------------------------------------------------------------

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
    "name_extra",  # share of names found in one wording only
)

#: Logistic-regression weights (intercept first), fitted by benchmarks/bench_match.py.
WEIGHTS: tuple[float, ...] = (0.0,) * (len(FEATURES) + 1)


def _dice(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _names_match(a: frozenset[str], b: frozenset[str]) -> tuple[int, int]:
    """(names of ``a`` found in ``b``, names of ``b`` found in ``a``), spelling variants equal."""
    in_b = sum(1 for x in a if x in b or any(spelling_variant(x, y) for y in b))
    in_a = sum(1 for y in b if y in a or any(spelling_variant(x, y) for x in a))
    return in_b, in_a


def _quantities(p: Prepared) -> list[Number]:
    """Numbers that state a quantity (counts, money, percentages), not years or dates."""
    return [n for n in p.numbers if n.kind in ("count", "money", "percent")]


def _same_value(x: float, y: float) -> bool:
    """Equal up to the rounding news copy does (``2.47 billion`` vs ``2.5 billion``)."""
    if x == y:
        return True
    big = max(abs(x), abs(y))
    return big > 0 and abs(x - y) / big <= 0.02


def features(a: Prepared, b: Prepared) -> list[float]:
    """The matcher's features for two prepared wordings, each in 0–1 (see :data:`FEATURES`)."""
    la, lb = a.low, b.low
    words_a, words_b = len(a.words) or 1, len(b.words) or 1
    bigrams_a = set(zip(a.stems, a.stems[1:], strict=False))
    bigrams_b = set(zip(b.stems, b.stems[1:], strict=False))
    ca, cb = a.content, b.content
    smaller = min(len(ca), len(cb))
    qa, qb = _quantities(a), _quantities(b)
    va = {round(n.value, 6) for n in qa}
    vb = {round(n.value, 6) for n in qb}
    only_a = [x for x in va if not any(_same_value(x, y) for y in vb)]
    only_b = [y for y in vb if not any(_same_value(x, y) for x in va)]
    na, nb = a.names, b.names
    in_b, in_a = _names_match(na, nb)
    names_total = len(na) + len(nb)
    return [
        fuzz.token_set_ratio(la, lb) / 100,
        fuzz.token_sort_ratio(la, lb) / 100,
        fuzz.partial_ratio(la, lb) / 100,
        fuzz.ratio(la, lb) / 100,
        Indel.normalized_similarity(a.stems, b.stems),
        _dice(ca, cb),
        len(ca & cb) / smaller if smaller else 1.0,
        _dice(bigrams_a, bigrams_b),
        min(words_a, words_b) / max(words_a, words_b),
        1.0 if va and vb else 0.0,
        1.0 if va and vb and not only_a and not only_b else 0.0,
        1.0 if only_a and only_b else 0.0,
        (in_b + in_a) / names_total if names_total else 1.0,
        (names_total - in_a - in_b) / names_total if names_total else 0.0,
    ]


def _score(feats: list[float]) -> float:
    z = WEIGHTS[0] + sum(w * x for w, x in zip(WEIGHTS[1:], feats, strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


# --- conflicts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairConflict:
    """A disagreement between two wordings: ``kind`` is "number", "actor" or "quote"."""

    kind: str
    a_value: str
    b_value: str


def _format_value(n: Number) -> str:
    """A display key for a quantity that groups equal values written differently."""
    v = n.value
    text = f"{int(v):,}" if v == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")
    if n.kind == "money":
        return n.text if n.text[:1] in "$£€¥" else text
    if n.kind == "percent":
        return text + "%"
    return text


def number_conflicts(a: Prepared, b: Prepared) -> list[PairConflict]:
    """Quantities in the same slot that differ (``approximately 200`` vs ``Over 300``).

    Quantities equal on both sides are set aside. What is left conflicts when the two counts
    count the same thing (same noun stem or both money / both percent), or when each side has
    exactly one quantity left of one kind — two aligned wordings of one fact that each give one
    figure give it for the same thing. Years and dates never conflict: they usually differ
    because the wordings anchor the event differently ("on Sunday" vs "Dec. 1").
    """
    qa, qb = _quantities(a), _quantities(b)
    left_a = [x for x in qa if not any(_same_value(x.value, y.value) for y in qb)]
    left_b = [y for y in qb if not any(_same_value(x.value, y.value) for x in qa)]
    out: list[PairConflict] = []
    used: set[int] = set()
    for x in left_a:
        for j, y in enumerate(left_b):
            if j in used or x.kind != y.kind:
                continue
            same_slot = (x.slot and x.slot == y.slot) or x.kind in ("money", "percent")
            sole = (
                sum(1 for n in left_a if n.kind == x.kind) == 1
                and sum(1 for n in left_b if n.kind == y.kind) == 1
            )
            if same_slot or sole:
                out.append(PairConflict("number", _format_value(x), _format_value(y)))
                used.add(j)
                break
    return out


def actor_conflicts(a: Prepared, b: Prepared) -> list[PairConflict]:
    """Different named speakers for one statement (``Miller said`` vs ``Blinken said``).

    Conservative on purpose: only named speakers count (``he said``, ``an official said`` are
    not named), and one name inside the other (``Guterres`` / ``Antonio Guterres``) or a
    spelling variant is the same person.
    """
    sa, sb = a.speaker, b.speaker
    if not sa or not sb:
        return []
    wa, wb = sa.lower().split(), sb.lower().split()
    if any(spelling_variant(x, y) for x in wa for y in wb):
        return []
    return [PairConflict("actor", sa, sb)]


def _quote_words(q: str) -> list[str]:
    return [w for w in prepare(q).words if not w[0].isdigit()]


def quote_conflicts(a: Prepared, b: Prepared) -> list[PairConflict]:
    """The same quotation with different words (not just spelling or a shorter excerpt)."""
    out: list[PairConflict] = []
    for qa in a.quotes:
        for qb in b.quotes:
            wa, wb = _quote_words(qa), _quote_words(qb)
            if len(wa) < 3 or len(wb) < 3:
                continue
            if fuzz.partial_ratio(" ".join(wa), " ".join(wb)) < 60:
                continue  # two different quotations, not two versions of one
            only_a = [w for w in wa if w not in wb and not any(spelling_variant(w, v) for v in wb)]
            only_b = [w for w in wb if w not in wa and not any(spelling_variant(w, v) for v in wa)]
            # one quote an excerpt of the other is fine; words changed on both sides are not
            if only_a and only_b:
                out.append(PairConflict("quote", qa, qb))
    return out


def conflicts_between(a: Prepared, b: Prepared) -> list[PairConflict]:
    return number_conflicts(a, b) + actor_conflicts(a, b) + quote_conflicts(a, b)


@dataclass(frozen=True)
class Match:
    """The result of :func:`match`."""

    score: float  #: probability that the two wordings state one fact, 0–1
    same: bool  #: ``score >= threshold``
    conflicts: list[PairConflict] = field(default_factory=list)


def match(a: str, b: str, threshold: float | None = None) -> Match:
    """Compare two wordings of a sentence.

    ``threshold`` defaults to ``AlignSettings().threshold``. Conflicts are reported whatever the
    score, so a caller can see why two similar sentences disagree; a pair "says the same
    thing" when ``m.same and not m.conflicts``.
    """
    if threshold is None:
        threshold = AlignSettings().threshold
    pa, pb = prepare(a), prepare(b)
    score = _score(features(pa, pb))
    return Match(score, score >= threshold, conflicts_between(pa, pb))
