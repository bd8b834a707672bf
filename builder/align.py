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
from difflib import SequenceMatcher

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .config import AlignSettings
from .textfeat import STOPWORDS, Number, Prepared, prepare, spelling_variant, stem

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


#: Nouns that count people: counts of any of them fill one slot ("200 militiamen" vs
#: "300 fighters" disagree on how many people). Plain news vocabulary, not story-specific.
_PEOPLE = frozenset(
    stem(w)
    for w in """people persons person civilians fighters militiamen gunmen soldiers troops
    militants rebels insurgents combatants police policemen officers protesters demonstrators
    migrants refugees children women men adults workers employees staff students passengers
    residents victims patients members casualties dead wounded injured hostages prisoners
    detainees voters delegates recruits personnel volunteers""".split()
)


def _slot(n: Number) -> str:
    if n.slot in _PEOPLE or n.slot.endswith("men"):
        return "people"
    return n.slot


def number_conflicts(a: Prepared, b: Prepared) -> list[PairConflict]:
    """Quantities in the same slot that differ (``approximately 200`` vs ``Over 300``).

    Quantities equal on both sides are set aside (``approximately 200`` and ``over 200`` agree:
    qualifiers are not figures). What is left conflicts only when both count the same thing:
    the same noun, or two nouns for people (``militiamen`` / ``fighters``). Money and
    percentages, years, dates and ordinals never conflict here: two wordings of one event quote
    different prices and anchor it to different days far more often than they contradict each
    other (tuned on the MRPC pairs, where flagging them cost more true pairs than it caught).
    """
    qa = [n for n in _quantities(a) if n.kind == "count" and n.slot]
    qb = [n for n in _quantities(b) if n.kind == "count" and n.slot]
    left_a = [x for x in qa if not any(_same_value(x.value, y.value) for y in qb)]
    left_b = [y for y in qb if not any(_same_value(x.value, y.value) for x in qa)]
    out: list[PairConflict] = []
    used: set[int] = set()
    for x in left_a:
        for j, y in enumerate(left_b):
            if j not in used and _slot(x) == _slot(y):
                out.append(PairConflict("number", _format_value(x), _format_value(y)))
                used.add(j)
                break
    return out


_PARTICLES = ("al-", "el-", "al ", "el ")


def _person_words(name: str) -> set[str]:
    words = set()
    for w in name.lower().split():
        for p in _PARTICLES:
            if w.startswith(p):
                w = w[len(p) :]
        words.add(w.strip(".'"))
    return words


def _acronym_of(short: str, long: str) -> bool:
    letters = "".join(w[0] for w in long.replace("-", " ").split() if w[:1].isupper())
    return short.isupper() and len(short) >= 2 and short in (letters, letters.replace("O", ""))


def actor_conflicts(a: Prepared, b: Prepared) -> list[PairConflict]:
    """Different named speakers for one statement (``Miller said`` vs ``Blinken said``).

    Conservative on purpose: only named speakers count (``he said``, ``an official said`` are
    not named); one name inside the other (``Guterres`` / ``Antonio Guterres``,
    ``Moqtada al-Sadr`` / ``Sadr``), a spelling variant or an acronym (``IAEA``) is the same
    actor.
    """
    sa, sb = a.speaker, b.speaker
    if not sa or not sb:
        return []
    wa, wb = _person_words(sa), _person_words(sb)
    if any(spelling_variant(x, y) for x in wa for y in wb):
        return []
    if _acronym_of(sa, sb) or _acronym_of(sb, sa):
        return []
    return [PairConflict("actor", sa, sb)]


def _quote_words(q: str) -> list[str]:
    return [w for w in prepare(q.replace("-", " ")).words if not w[0].isdigit()]


def quote_conflicts(a: Prepared, b: Prepared) -> list[PairConflict]:
    """The same quotation with different words, not just spelling or a shorter excerpt.

    The two quotes are aligned word by word; words left out or added at either end (an
    excerpt, a different lead-in) and inside (a cut) are fine. A conflict is a *replaced*
    content word inside the overlap (``public's health`` / ``nation's health``).
    """
    out: list[PairConflict] = []
    for qa in a.quotes:
        for qb in b.quotes:
            wa, wb = _quote_words(qa), _quote_words(qb)
            if len(wa) < 3 or len(wb) < 3:
                continue
            if fuzz.partial_ratio(" ".join(wa), " ".join(wb)) < 70:
                continue  # two different quotations, not two versions of one
            ops = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
            equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
            if not equal:
                continue
            for tag, i1, i2, j1, j2 in ops[equal[0] : equal[-1] + 1]:
                if tag != "replace":
                    continue
                ca = [w for w in wa[i1:i2] if w not in STOPWORDS]
                cb = [w for w in wb[j1:j2] if w not in STOPWORDS]
                if not ca or not cb or "".join(ca) == "".join(cb):
                    continue  # only stop words changed, or "long-standing" / "longstanding"
                if not any(stem(x) == stem(y) or spelling_variant(x, y) for x in ca for y in cb):
                    out.append(PairConflict("quote", qa, qb))
                    break
    return out


def conflicts_between(a: Prepared, b: Prepared) -> list[PairConflict]:
    """All disagreements between two prepared wordings (see :func:`match`)."""
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
