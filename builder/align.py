"""Align stage: match sentences across a story's sources and merge the matches into facts.

Two public entry points:

* :func:`match` compares two wordings: ``match(a, b).score`` is the probability (0–1) that they
  state the same fact, ``.same`` is ``score >= threshold`` (``AlignSettings.threshold`` by
  default) and ``.conflicts`` lists the numbers, named actors or quoted words on which they
  disagree (empty when they agree).
* :func:`align_story` splits every source's body into sentences, finds candidate pairs (a
  word-overlap shortlist, then token_set_ratio), confirms them with :func:`match`, joins
  them into facts (at most one sentence per source per fact) and orders the facts by merging the
  sources' reading orders.

The score is a logistic regression over lexical features (see :func:`features`), WordNet
synonyms among them when its files are installed (:func:`builder.textfeat.senses`); its weights
were fitted on the MRPC-style paraphrase file in ``shared/eval-dev`` by
``benchmarks/bench_match.py`` (10-fold cross-validated; the figures are in that script's
output) and are hard-coded below, so nothing is fitted at run time and no ML library is needed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, LCSseq

from .config import AlignSettings
from .disjoint import DisjointSets
from .models import Conflict, Fact, Sentence, Source, Variant
from .sentences import source_sentences
from .textfeat import (
    _LATIN_WORD,
    _NUMBER_WORDS,
    STOPWORDS,
    TIME_WORDS,
    Number,
    Prepared,
    _skeleton,
    prepare,
    senses,
    spelling_variant,
    stem,
)

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
#: threshold 0.53 (AlignSettings.threshold) chosen for accuracy. 10-fold cross-validation of the
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


def _same_value(x: float, y: float) -> bool:
    """Equal up to the rounding news copy does (``2.47 billion`` vs ``2.5 billion``)."""
    if x == y:
        return True
    big = max(abs(x), abs(y))
    return big > 0 and abs(x - y) / big <= 0.02


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


# --- conflicts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairConflict:
    """A disagreement between two wordings: ``kind`` is "number", "actor" or "quote"."""

    kind: str
    a_value: str
    b_value: str


#: How far an estimate may stray from its figure: "about 200" admits 180–220, "nearly 200" 180–200.
_ESTIMATE = 0.1


def _range(n: Number) -> tuple[float, float]:
    """The values a wording admits for its quantity: ``more than 3,000`` admits 3,150."""
    v = n.value
    if n.bound == "above":
        return v, math.inf
    if n.bound == "below":
        return 0.0, v
    if n.bound == "nearly":
        return v * (1 - _ESTIMATE), v
    if n.bound == "about":
        return v * (1 - _ESTIMATE), v * (1 + _ESTIMATE)
    return v, v


def _compatible(x: Number, y: Number) -> bool:
    """Whether two quantities agree: equal up to rounding, or one inside the range the other's
    qualifier admits (``more than 3,000`` / ``3,150``; not ``approximately 200`` / ``at least
    300``). Two bounds of one kind at different figures (``over 200`` / ``over 300``) are two
    different reports of the count, not one report with a margin: they disagree."""
    if _same_value(x.value, y.value):
        return True
    if x.bound == y.bound and x.bound != "about":
        return False
    lo_x, hi_x = _range(x)
    lo_y, hi_y = _range(y)
    return max(lo_x, lo_y) <= min(hi_x, hi_y) * 1.02


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
#: "others" counts whoever the sentence counted first ("killed two and injured 150 others"),
#: which in news copy is people. "lives" are people when lost (see _what_is_counted).
_PEOPLE = frozenset(
    stem(w)
    for w in """people persons person woman man child civilians fighters militiamen gunmen soldiers troops
    militants rebels insurgents combatants police policemen officers protesters demonstrators
    migrants refugees children women men adults workers employees staff students passengers
    residents victims patients members casualties dead wounded injured hostages prisoners
    detainees voters delegates recruits personnel volunteers others""".split()
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
    qa, qb = a.counts, b.counts
    if not qa or not qb:
        return []
    left_a = [x for x in qa if not any(_same_value(x.value, y.value) for y in qb)]
    left_b = [y for y in qb if not any(_same_value(x.value, y.value) for x in qa)]
    out: list[PairConflict] = []
    counted_b = [_what_is_counted(b, y) for y in left_b]
    used: set[int] = set()
    for x in left_a:
        counted = _what_is_counted(a, x)
        for j, y in enumerate(left_b):
            if j not in used and counted_b[j] == counted and not _compatible(x, y):
                out.append(PairConflict("number", _format_value(x), _format_value(y)))
                used.add(j)
                break
    return out


_CASUALTY = re.compile(r"(?:kill|dead|die[ds]?$|dying|death|injur|wound|hurt|casualt|murder|slain|perish|fatal)")
_WORD_RUN = re.compile(r"[A-Za-z][\w'-]*|\d[\d,.]*")
#: where the words about a figure end: a clause break or a conjunction
_CLAUSE_END = re.compile(r"[,;:()]|\b(?:and|but|or|while|as|after|before|when|whereas)\b")


def _is_figure_word(word: str) -> bool:
    return word[0].isdigit() or word.lower().split("-")[0] in _NUMBER_WORDS


def _around(p: Prepared, n: Number) -> tuple[str, str]:
    """The wording's text before and after a figure (both empty if it cannot be found)."""
    at = p.norm.find(n.text)
    return (p.norm[:at], p.norm[at + len(n.text) :]) if at >= 0 else ("", "")


def _what_is_counted(p: Prepared, n: Number) -> tuple[str, bool]:
    """What a count counts, and whether it is a toll (:func:`_counts_casualties`). Lives are
    lives lost, a toll of people (``claimed 2,000 lives`` / ``killed 2,500 people``), unless
    the words before save them (``saved 300 lives``: a count of its own)."""
    head, tail = _around(p, n)
    if (
        n.slot == _LIVES
        and tail.split(maxsplit=1)[:1] == ["lives"]  # the stem is living's too
        and not any(stem(w.lower()) in _SAVING for w in _WORD_RUN.findall(head)[-3:])
    ):
        return "people", True
    return _slot(n), _counts_casualties(n, head, tail)


_LIVES = stem("lives")
_SAVING = frozenset(stem(w) for w in ("save", "saving", "spare", "sparing", "rescue", "rescuing", "protect"))


def _counts_casualties(n: Number, head: str, tail: str) -> bool:
    """Whether a count of people counts the dead or hurt (``12 people were hurt``, ``killing
    12``, ``injured more than 100``, ``eight dead``) rather than those present (``a bus
    carrying 40 passengers``). Two wordings of one fact often give both kinds (``A bus carrying
    40 passengers crashed`` / ``A bus crashed, injuring 12 people``): a headcount and a toll are
    two figures, not a disagreement. Told by the counted noun, and by the three words before the
    figure and the four after it within its clause, up to another figure (``head``, ``tail``:
    the wording's text before and after it, from :func:`_around`)."""
    if _CASUALTY.match(n.slot):
        return True
    before: list[str] = []
    for word in reversed(_WORD_RUN.findall(head)[-3:]):
        if _is_figure_word(word):
            break
        before.append(word)
    if cut := _CLAUSE_END.search(tail):
        tail = tail[: cut.start()]
    after: list[str] = []
    for word in _WORD_RUN.findall(tail)[:4]:
        if _is_figure_word(word):
            break
        after.append(word)
    return any(_CASUALTY.match(w.lower()) for w in (*before, *after))


_PARTICLES = ("al-", "el-", "al ", "el ")


def _person_words(name: str) -> list[str]:
    """The words of a name, lower case, without Arabic particles (``al-``), in order."""
    words: list[str] = []
    for w in name.lower().split():
        for p in _PARTICLES:
            if w.startswith(p):
                w = w[len(p) :]
        w = w.strip(".'")
        if w not in words:
            words.append(w)
    return words


def _short_form_of(short: str, long: str) -> bool:
    """``IAEA`` for the International Atomic Energy Agency, or a clipped first word: ``Fed`` for
    the Federal Reserve."""
    words = long.replace("-", " ").split()
    if " " not in short and len(words) > 1 and len(short) >= 3 and words[0].startswith(short) and words[0] != short:
        return True
    letters = "".join(w[0] for w in words if w[:1].isupper())
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
    if _short_form_of(sa, sb) or _short_form_of(sb, sa):
        return []
    if _mentions(b, sa) or _mentions(a, sb):
        return []  # "Civil defense ... the White Helmets said" vs "the Civil Defense said"
    return [PairConflict("actor", sa, sb)]


def _mentions(p: Prepared, name: str) -> bool:
    """Whether the wording names ``name`` anywhere (its words in order, any case)."""
    words = [w for w in _person_words(name) if w not in STOPWORDS]
    return bool(words) and f" {' '.join(words)} " in f" {p.low} "


#: Contractions spelled out, so that ``don't`` and ``do not`` quote the same words.
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b", re.IGNORECASE), "can not"),
    (re.compile(r"\bwon't\b", re.IGNORECASE), "will not"),
    (re.compile(r"n't\b", re.IGNORECASE), " not"),
    (re.compile(r"'re\b", re.IGNORECASE), " are"),
    (re.compile(r"'ve\b", re.IGNORECASE), " have"),
    (re.compile(r"'ll\b", re.IGNORECASE), " will"),
    (re.compile(r"\bI'm\b", re.IGNORECASE), "I am"),
)


@lru_cache(maxsize=1 << 14)
def _quote_words(q: str) -> tuple[str, ...]:
    q = q.replace("\u2019", "'")
    for pattern, spelled_out in _CONTRACTIONS:
        q = pattern.sub(spelled_out, q)
    return tuple(w for w in prepare(q.replace("-", " ")).words if not w[0].isdigit())


def _same_word(x: str, y: str) -> bool:
    """One word in two forms: same stem, a spelling variant, one glued to a prefix of the other
    (``Tech's``/``NovaTech's``) or WordNet synonyms (``felt``/``feel``,
    ``obligation``/``responsibility``; never antonyms such as ``win``/``lose``)."""
    if stem(x) == stem(y) or spelling_variant(x, y):
        return True
    short, long_ = sorted((x, y), key=len)
    return _glued_into(short, long_) or not senses(x).isdisjoint(senses(y))


def _glued_into(part: str, whole: str) -> bool:
    """Whether ``part`` (five letters or more) opens or ends ``whole`` written as one word:
    ``Tech's`` in ``NovaTech's``, ``longstanding`` in ``old feuds and long standing`` run
    together (an outlet that cut the words around a compound it spells without a hyphen)."""
    return len(part) >= 5 and (whole.startswith(part) or whole.endswith(part))


def _cut_around(kept: list[str], words: tuple[str, ...], glued: str) -> bool:
    """Whether one wording kept a single (compound) word where the other has several, glued."""
    return len(kept) == 1 and len(words) >= 2 and _glued_into(kept[0], glued)


def quote_conflicts(a: Prepared, b: Prepared) -> list[PairConflict]:
    """The same quotation with different words, not just spelling or a shorter excerpt.

    The two quotes are aligned word by word; words left out or added at either end (an
    excerpt, a different lead-in) and inside (a cut) are fine. A conflict is a *replaced*
    content word inside the overlap (``public's health`` / ``nation's health``) that is not
    another form or a synonym of the word it replaces (:func:`_same_word`).
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
                glued_a, glued_b = "".join(wa[i1:i2]), "".join(wb[j1:j2])
                if not ca or not cb or "".join(ca) == "".join(cb) or glued_a == glued_b:
                    continue  # only stop words changed, "long-standing" / "longstanding", "per cent"
                if _cut_around(cb, wa[i1:i2], glued_a) or _cut_around(ca, wb[j1:j2], glued_b):
                    continue  # "old feuds and long-standing" / "longstanding"
                if not any(_same_word(x, y) for x in ca for y in cb):
                    out.append(PairConflict("quote", qa, qb))
                    break
    return out


def conflicts_between(a: Prepared, b: Prepared) -> list[PairConflict]:
    """All disagreements between two prepared wordings (see :func:`match`)."""
    if a is b or a.norm == b.norm:
        return []  # one wording agrees with itself
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


# --- aligning a story --------------------------------------------------------------------------

#: Pre-filter: token_set_ratio (0–100) below which two sentences are never compared in
#: full. Rewrites of one fact keep most of their names and key words, so they stay above it.
#: On the 124 real articles of shared/eval-dev/stories, half the pairs that passed at 50 scored
#: between 50 and 55, and of the 539 sentence pairs joined into facts only one came from them
#: (a wrong join of two different claims); at 55 the align stage does about a fifth less work.
PREFILTER = 55
#: For each sentence, only its best candidate in each other source is scored in full: a fact
#: holds one sentence per source, and the pair list is the union over both directions. The
#: best is sought among the SHORTLIST partners with the most words in common (see
#: _candidate_pairs).
SHORTLIST = 2
#: Below ``threshold`` a pair still joins when the two sentences are each other's best match
#: between their two sources, score at least this, and the shorter one's content words are
#: mostly in the longer one: a rewrite that adds a clause ("..., adding the fighters had
#: crossed in small groups") is the same fact in a story, though not an MRPC paraphrase.
MUTUAL_SCORE = 0.2
MUTUAL_COVER = 0.6


@dataclass
class _Sent:
    source: int  #: index of the source in the story
    sentence: Sentence
    prep: Prepared
    rel: float  #: relative position in its source, 0–1


class _Groups(DisjointSets):
    """Union-find over sentences where a group holds at most one sentence per source."""

    def __init__(self, sents: list[_Sent]) -> None:
        super().__init__(len(sents))
        self.sources = [{s.source} for s in sents]

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj or self.sources[ri] & self.sources[rj]:
            return False
        if len(self.sources[ri]) < len(self.sources[rj]):
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.sources[ri] |= self.sources[rj]
        return True


def _candidate_pairs(sents: list[_Sent]) -> list[tuple[int, int]]:
    """Pairs of sentences from different sources worth a full :func:`match`.

    Each sentence is paired with its best partner in each *other* source by token_set_ratio at
    or above :data:`PREFILTER` (ties go to the later sentence). token_set_ratio is not computed
    for every cross-source pair: a cheap word-overlap similarity (shared words weighted by their
    length, one small matrix product per story) shortlists, for each sentence and each other
    source, the :data:`SHORTLIST` most overlapping partners, and only the pairs on either
    side's shortlist are scored (rapidfuzz ``process.cpdist``). The best partner by
    token_set_ratio is on the shortlist for over 99% of the sentences of a news corpus; the rest
    are mostly sentences with no real counterpart.
    """
    import numpy as np  # rapidfuzz's cpdist returns a numpy array

    spans: list[tuple[int, int]] = []  # (start, end) of each source's sentences in ``sents``
    start = 0
    for end in range(1, len(sents) + 1):
        if end == len(sents) or sents[end].source != sents[start].source:
            spans.append((start, end))
            start = end
    if len(spans) < 2:
        return []
    lows = [s.prep.low for s in sents]
    # word overlap: incidence matrix of (sentence, distinct word), words weighted by length + 1
    split = [low.split() for low in lows]
    flat = [w for words in split for w in words]
    vocab = {w: k for k, w in enumerate(dict.fromkeys(flat))}
    rows = np.repeat(np.arange(len(sents)), [len(words) for words in split])
    cols = np.fromiter(map(vocab.__getitem__, flat), dtype=np.intp, count=len(flat))
    weight = np.fromiter((len(w) + 1 for w in vocab), dtype=np.float32, count=len(vocab))
    inc = np.zeros((len(sents), len(vocab)), dtype=np.float32)
    inc[rows, cols] = 1.0  # a word repeated in a sentence counts once
    # einsum without optimisation never calls BLAS, whose threads would spin on matrices this small
    shared = np.einsum("ik,jk->ij", inc * weight, inc, optimize=False)
    size = np.einsum("ik,k->i", inc, weight, optimize=False)
    overlap = shared / (size[:, None] + size[None, :] + 1.0)
    k = SHORTLIST
    blocks: list[tuple[int, int, int, int, np.ndarray, np.ndarray]] = []
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for x, (a0, a1) in enumerate(spans):
        for b0, b1 in spans[x + 1 :]:
            sub = overlap[a0:a1, b0:b1]
            short = np.zeros(sub.shape, dtype=bool)
            if sub.shape[1] <= k:
                short[:] = True
            else:
                top = np.argpartition(-sub, k - 1, axis=1)[:, :k]
                np.put_along_axis(short, top, True, axis=1)
            if sub.shape[0] <= k:
                short[:] = True
            else:
                top = np.argpartition(-sub, k - 1, axis=0)[:k, :]
                np.put_along_axis(short, top, True, axis=0)
            short &= sub > 0
            r, c = np.nonzero(short)
            blocks.append((a0, a1, b0, b1, r, c))
            left.append(r + a0)
            right.append(c + b0)
    li, ri = np.concatenate(left), np.concatenate(right)
    # Wire copy repeats wordings across sources, so most shortlisted pairs repeat a pair of
    # texts already listed (two in three on a synthetic archive): each distinct pair is scored
    # once (token_set_ratio is symmetric).
    slot: dict[tuple[str, str], int] = {}
    firsts: list[str] = []
    seconds: list[str] = []
    which = np.empty(len(li), dtype=np.intp)
    for k, (i, j) in enumerate(zip(li.tolist(), ri.tolist(), strict=True)):
        x, y = lows[i], lows[j]
        key = (x, y) if x <= y else (y, x)
        u = slot.get(key)
        if u is None:
            u = slot[key] = len(firsts)
            firsts.append(key[0])
            seconds.append(key[1])
        which[k] = u
    exact = process.cpdist(
        firsts, seconds, scorer=fuzz.token_set_ratio, dtype=np.uint8, score_cutoff=PREFILTER
    )[which]
    pairs: set[tuple[int, int]] = set()
    at = 0
    for a0, a1, b0, b1, r, c in blocks:
        block = np.zeros((a1 - a0, b1 - b0), dtype=np.uint8)
        block[r, c] = exact[at : at + len(r)]
        at += len(r)
        # best partners of each row among the columns, and of each column among the rows:
        # sort by (score, index) descending, as a stable sort of the reversed block does
        for mat, r0, c0, swap in ((block, a0, b0, False), (block.T, b0, a0, True)):
            cols_ = mat.shape[1]
            order = np.argsort(-mat[:, ::-1].astype(np.int16), axis=1, kind="stable")[:, :1]
            best = cols_ - 1 - order
            keep = np.take_along_axis(mat, best, axis=1) > 0
            for rr, cc in zip(*np.nonzero(keep), strict=True):
                i, j = r0 + int(rr), c0 + int(best[rr, cc])
                pairs.add((j, i) if swap else (i, j))
    return sorted(pairs)


def _merge_order(groups: list[list[int]], sents: list[_Sent]) -> list[list[int]]:
    """Order facts by merging the sources' reading orders.

    Each source contributes "fact A comes before fact B" for its consecutive facts; a
    topological sort (Kahn) follows those edges, picking among the facts that are free to come
    next the one with the smallest mean relative position in its sources. When sources disagree
    (a cycle), the fact with the smallest mean position is taken next anyway.
    """
    fact_of = {i: g for g, members in enumerate(groups) for i in members}
    by_source: dict[int, list[int]] = {}
    for i, s in enumerate(sents):
        by_source.setdefault(s.source, []).append(i)
    succ: list[set[int]] = [set() for _ in groups]
    indeg = [0] * len(groups)
    for members in by_source.values():
        chain = [fact_of[i] for i in members]
        for a, b in zip(chain, chain[1:], strict=False):
            if a != b and b not in succ[a]:
                succ[a].add(b)
                indeg[b] += 1
    key = [sum(sents[i].rel for i in m) / len(m) for m in groups]
    done = [False] * len(groups)
    order: list[int] = []
    for _ in groups:
        free = [g for g in range(len(groups)) if not done[g] and indeg[g] == 0]
        pool = free or [g for g in range(len(groups)) if not done[g]]
        g = min(pool, key=lambda k: (key[k], k))
        done[g] = True
        order.append(g)
        for h in succ[g]:
            indeg[h] -= 1
    return [groups[g] for g in order]


_UNNAMED_SPEAKER = re.compile(
    r"[\"]\s*,?\s*(?P<who>(?:a|an|the)\s[^\",.]{3,60}?)\s+(?:said|says|told|added)\b"
)


def _speaker(texts: list[Prepared]) -> str | None:
    """Who is quoted: a named speaker in any wording, else a described one ("an official")."""
    quoted = [p for p in texts if p.quotes]
    if not quoted:
        return None
    for p in quoted:
        if p.speaker:
            return p.speaker
    for p in quoted:
        if m := _UNNAMED_SPEAKER.search(p.norm):
            return m.group("who")
    return None


def _finder(parent: dict[str, str]) -> Callable[[str], str]:
    """Union-find's ``find`` over ``parent`` (values are their own root until joined)."""

    def find(v: str) -> str:
        while parent.setdefault(v, v) != v:
            v = parent[v]
        return v

    return find


def _fact_conflicts(members: list[_Sent], ids: list[str], order: dict[str, int]) -> list[Conflict]:
    """Pairwise conflicts of a fact's wordings, merged into "value → sources" per disagreement.

    Values that conflict with each other (directly or through a third) form one Conflict, so
    ``{"200": [a, b, d], "300": [c, e]}`` reads as who says what.
    """
    edges: dict[str, list[tuple[tuple[str, str], tuple[str, str]]]] = {}
    between: dict[tuple[str, str], list[PairConflict]] = {}  # wire copy repeats wordings
    for x in range(len(members)):
        for y in range(x + 1, len(members)):
            if ids[x] == ids[y]:
                continue  # two sentences of one source (see _split_claims): not a disagreement
            pa, pb = members[x].prep, members[y].prep
            key = (pa.norm, pb.norm)
            if key not in between:
                between[key] = conflicts_between(pa, pb)
            for c in between[key]:
                edges.setdefault(c.kind, []).append(
                    ((c.a_value, ids[x]), (c.b_value, ids[y]))
                )
    out: list[Conflict] = []
    for kind in ("number", "actor", "quote"):
        parent: dict[str, str] = {}
        find = _finder(parent)
        holders: dict[str, set[str]] = {}
        for (va, sa), (vb, sb) in edges.get(kind, []):
            holders.setdefault(va, set()).add(sa)
            holders.setdefault(vb, set()).add(sb)
            parent[find(va)] = find(vb)
        components: dict[str, dict[str, list[str]]] = {}
        for value, srcs in holders.items():
            components.setdefault(find(value), {})[value] = sorted(srcs, key=order.__getitem__)
        for values in components.values():
            if len(values) > 1:
                out.append(Conflict(kind, dict(sorted(values.items(), key=lambda kv: order[kv[1][0]]))))
    return out


def align_story(sources: list[Source], settings: AlignSettings = AlignSettings()) -> list[Fact]:  # noqa: B008 - frozen dataclass
    """Merge a story's sources into facts, in reading order (ids ``f1``, ``f2``, ...).

    1. Every source's body is split into sentences (:func:`builder.sentences.source_sentences`).
    2. Candidate pairs from :func:`_candidate_pairs`; each is scored with :func:`match`'s
       model (pairs provably below both thresholds are dropped unscored); pairs at
       ``settings.threshold`` or above are joined greedily, best first, into groups holding at
       most one sentence per source.
    3. Groups from disjoint sources that give different figures for the same thing (a number
       conflict) and are loosely similar (:data:`LINK_SCORE`) are joined too, so the digest shows
       one fact with who reports which figure rather than two unrelated facts.
    4. Each group becomes a :class:`Fact`; its canonical text is chosen by
       :func:`_canonical_choice` and its facts are ordered by :func:`_merge_order`.
    """
    if len(sources) == 1:
        return _single_source_facts(sources[0])
    sents: list[_Sent] = []
    for k, src in enumerate(sources):
        own = source_sentences(src)
        for s in own:
            sents.append(_Sent(k, s, prepare(s.norm), s.index / max(1, len(own) - 1)))
    if not sents:
        return []
    # pairs scoring below both the threshold and MUTUAL_SCORE can join nothing, nor change which
    # pair is another's mutual best: they are left out (and scored on demand by _pair_score)
    # Wire copy repeats the same two wordings across many pairs of sources, and the features
    # are symmetric: each pair of distinct wordings is scored once.
    # The scores are remembered across stories and rebuilds too: when `watch` realigns a story
    # after one source changed, only the pairs with that source's new sentences cost anything.
    floor = min(settings.threshold, MUTUAL_SCORE)
    scores: dict[tuple[int, int], float] = {}
    if len(_PAIR_MEMO) > PAIR_MEMO_SIZE:
        _PAIR_MEMO.clear()
    for i, j in _candidate_pairs(sents):
        pa, pb = sents[i].prep, sents[j].prep
        key = (pa.norm, pb.norm, floor) if pa.norm <= pb.norm else (pb.norm, pa.norm, floor)
        if key in _PAIR_MEMO:
            sc = _PAIR_MEMO[key]
        else:
            sc = _PAIR_MEMO[key] = _score_at_least(pa, pb, floor)
        if sc is not None:
            scores[(i, j)] = sc
    groups = _Groups(sents)
    mutual = _mutual_best(scores, sents)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    for (i, j), sc in ranked:
        if sc >= settings.threshold or (
            sc >= MUTUAL_SCORE and (i, j) in mutual and _cover(sents[i].prep, sents[j].prep) >= MUTUAL_COVER
        ):
            groups.union(i, j)
    links = _figure_links(sents)
    refused: list[tuple[int, int]] = []
    if links:
        neighbours = _neighbour_groups(sents, groups)
        for i, j in links:
            gi, gj = groups.find(i), groups.find(j)
            if gi != gj and neighbours[gi] & neighbours[gj]:
                if groups.union(i, j):
                    merged = neighbours[gi] | neighbours[gj]
                    neighbours[gi] = neighbours[gj] = merged
                else:
                    refused.append((i, j))
    members: dict[int, list[int]] = {}
    for i in range(len(sents)):
        members.setdefault(groups.find(i), []).append(i)
    ordered = _merge_order(list(members.values()), sents)
    split = _split_claims(refused, sents, groups, members)
    facts = _make_facts(ordered, sents, sources, scores, split=split)
    # The canonical wording should not come from a copy: trace the copies, then choose again.
    from .trace import copies  # trace reads facts; imported here to keep the modules acyclic

    copied = copies(sources, facts, settings)
    if any(f.canonical_source in copied for f in facts):
        facts = _make_facts(ordered, sents, sources, scores, copied, facts)
    return facts


def _split_claims(
    refused: list[tuple[int, int]], sents: list[_Sent], groups: _Groups, members: dict[int, list[int]]
) -> dict[int, list[int]]:
    """Figures a source gives in the sentence next to its wording of a fact: member → sentences.

    One source may say in two sentences what another says in one (``A ferry hit a pier.
    Officials say 14 people were hurt.`` / ``A ferry hit a pier and 12 people were hurt,
    officials said.``). A fact holds one sentence per source, so the figure link between the
    two counts (:func:`_figure_links`) cannot join them, and the disagreement would go unseen.
    It is kept as the fact's when the sentence with the other figure stands right before or
    after its source's wording of the fact, that wording gives no figure of its own (else the
    next sentence is a claim of its own: ``... 2.5 million more Americans were affected. Only
    8,000 Canadians were.``), and the sentence is matched with no other source (had it a
    counterpart, it would be a fact of its own, not the rest of this one).
    """
    out: dict[int, list[int]] = {}
    for a, b in refused:
        for i, j in ((a, b), (b, a)):
            if len(members[groups.find(j)]) > 1:
                continue
            for k in members[groups.find(i)]:
                if (
                    sents[k].source == sents[j].source
                    and abs(sents[k].sentence.index - sents[j].sentence.index) == 1
                    and not sents[k].prep.quantities
                    and j not in out.get(k, ())  # linked through two members of the fact
                ):
                    out.setdefault(k, []).append(j)
    return out


#: (wording, wording, floor) → score, or None when provably below the floor
_PAIR_MEMO: dict[tuple[str, str, float], float | None] = {}
PAIR_MEMO_SIZE = 50_000  #: entries kept before the memo starts afresh (bounds its memory)


def _single_source_facts(source: Source) -> list[Fact]:
    """A story told by one source: each sentence is a fact of its own, in reading order.

    The same facts the general path makes (nothing to match, copy or contradict), without it."""
    facts: list[Fact] = []
    for n, s in enumerate(source_sentences(source), start=1):
        speaker = _speaker([prepare(s.norm)]) if '"' in s.norm else None
        facts.append(
            Fact(
                id=f"f{n}",
                text=s.text,
                canonical_source=source.id,
                sources=[source.id],
                variants=[Variant(source.id, s.text, s.index, 1.0)],
                conflicts=[],
                speaker=speaker,
            )
        )
    return facts


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


def _mutual_best(scores: dict[tuple[int, int], float], sents: list[_Sent]) -> set[tuple[int, int]]:
    """Pairs whose sentences are each other's best-scoring partner in the other's source."""
    best: dict[tuple[int, int], tuple[float, int]] = {}  # (sentence, other source) → (score, j)
    for (i, j), sc in scores.items():
        for x, y in ((i, j), (j, i)):
            key = (x, sents[y].source)
            if sc > best.get(key, (-1.0, -1))[0]:
                best[key] = (sc, y)
    return {
        (i, j)
        for (i, j) in scores
        if best[(i, sents[j].source)][1] == j and best[(j, sents[i].source)][1] == i
    }


def _cover(a: Prepared, b: Prepared) -> float:
    """Share of the shorter wording's content words (spelling variants equal) in the longer one."""
    short, long_ = (a, b) if len(a.content) <= len(b.content) else (b, a)
    if not short.content:
        return 0.0
    hit = sum(
        1 for w in short.content
        if w in long_.content or (len(w) >= 4 and _skeleton(w) in long_.name_skeletons)
    )
    return hit / len(short.content)


#: How many sentences before and after count as a sentence's context (see _neighbour_groups).
CONTEXT = 2


def _neighbour_groups(sents: list[_Sent], groups: _Groups) -> dict[int, set[int]]:
    """For each group, the groups of the sentences within :data:`CONTEXT` of its sentences.

    Two groups that share a neighbour group sit in the same place of the story in two sources —
    the evidence that two different figures are two sources' versions of one report.
    """
    out: dict[int, set[int]] = {}
    start = 0
    for end in range(1, len(sents) + 1):
        if end < len(sents) and sents[end].source == sents[start].source:
            continue
        for i in range(start, end):
            g = groups.find(i)
            near = {groups.find(k) for k in range(max(start, i - CONTEXT), min(end, i + CONTEXT + 1))}
            out.setdefault(g, set()).update(near - {g})
        start = end
    return out


def _after_number(p: Prepared, n: Number) -> set[str]:
    """Lower-case content stems in the dozen words after a figure: what the counted ones did."""
    words = _LATIN_WORD.findall(_around(p, n)[1])[:12]
    return {stem(w) for w in words if w.islower() and w not in STOPWORDS} - {n.slot}


def _figure_links(sents: list[_Sent]) -> list[tuple[int, int]]:
    """Sentence pairs from different sources that give different figures for the same thing.

    Both count the same kind of thing (:func:`number_conflicts`: same noun, or both people)
    *and* say the same of it — a lower-case word such as the verb shared in the words after
    the figure (``200 militiamen ... crossed`` / ``300 fighters ... crossed``), which keeps apart
    counts of different events (``25 killed`` / ``ten murdered`` share no such word). Found
    without the similarity pre-filter, because such rewrites share few other words; only
    sentences holding counts take part, so it stays cheap.
    """
    # a number conflict needs a count of the same slot on both sides: only such pairs are tried
    by_slot: dict[str, list[int]] = {}
    for i, s in enumerate(sents):
        for slot in {_slot(n) for n in s.prep.counts}:
            by_slot.setdefault(slot, []).append(i)
    tried: set[tuple[int, int]] = set()
    # wire copy repeats wordings across sources: each pair of wordings is checked once
    disagree: dict[tuple[str, str], bool] = {}
    after: dict[int, set[str]] = {}
    links: list[tuple[float, int, int]] = []
    for members in by_slot.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if sents[i].source == sents[j].source or (i, j) in tried:
                    continue
                tried.add((i, j))
                pa, pb = sents[i].prep, sents[j].prep
                if pa.norm == pb.norm:
                    continue  # one wording in two sources (wire copy): it cannot disagree with itself
                key = (pa.norm, pb.norm)
                if key not in disagree:
                    disagree[key] = bool(number_conflicts(pa, pb))
                if not disagree[key]:
                    continue
                for k in (i, j):
                    if k not in after:
                        p = sents[k].prep
                        after[k] = set().union(*(_after_number(p, n) for n in p.counts))
                if after[i] & after[j]:
                    links.append((fuzz.token_set_ratio(pa.low, pb.low), i, j))
    return [(i, j) for _, i, j in sorted(links, reverse=True)]


def _pair_score(i: int, j: int, sents: list[_Sent], scores: dict[tuple[int, int], float]) -> float:
    key = (min(i, j), max(i, j))
    if key not in scores:
        scores[key] = _prepared_score(sents[i].prep, sents[j].prep)
    return scores[key]


def _make_facts(
    ordered: list[list[int]],
    sents: list[_Sent],
    sources: list[Source],
    scores: dict[tuple[int, int], float],
    copies: frozenset[str] = frozenset(),
    before: list[Fact] | None = None,
    split: dict[int, list[int]] | None = None,
) -> list[Fact]:
    """The facts of the ordered groups. ``before``: the same groups' facts made without
    ``copies``; a fact whose canonical source copies no one is kept as it was (leaving wordings
    out of the choice cannot change a choice among those left), and the others keep their
    conflicts and speaker, which do not depend on the canonical wording. ``split``: the
    sentences that go on a member's claim (:func:`_split_claims`), weighed for conflicts only."""
    ids = [s.id for s in sources]
    order = {sid: k for k, sid in enumerate(ids)}
    facts: list[Fact] = []
    for n, group in enumerate(ordered, start=1):
        old = before[n - 1] if before is not None else None
        if old is not None and old.canonical_source not in copies:
            facts.append(old)
            continue
        group = sorted(group, key=lambda i: sents[i].source)
        canon = _canonical_choice(group, sents, sources, scores, copies)
        variants = [
            Variant(
                ids[sents[i].source],
                sents[i].sentence.text,
                sents[i].sentence.index,
                1.0 if i == canon else round(_pair_score(i, canon, sents, scores), 3),
            )
            for i in group
        ]
        member_sents = [sents[i] for i in group]
        sources_of = [v.source for v in variants]
        for i in group if split else ():
            for j in split.get(i, ()):
                member_sents.append(sents[j])
                sources_of.append(ids[sents[j].source])
        facts.append(
            Fact(
                id=f"f{n}",
                text=sents[canon].sentence.text,
                canonical_source=ids[sents[canon].source],
                sources=[v.source for v in variants],
                variants=variants,
                conflicts=(
                    old.conflicts if old is not None
                    else _fact_conflicts(member_sents, sources_of, order)
                ),
                speaker=old.speaker if old is not None else _speaker([sents[i].prep for i in group]),
            )
        )
    return facts


def _canonical_choice(
    group: list[int],
    sents: list[_Sent],
    sources: list[Source],
    scores: dict[tuple[int, int], float],
    copies: frozenset[str],
) -> int:
    """The wording a fact is shown in.

    Rule: leave out wordings from sources known to copy another (when any other is left), then
    take the most central wording — the highest summed match score to the fact's other wordings,
    i.e. the one closest to what all sources say — breaking ties by the earliest publication
    date, then the longer wording (the more complete one), then the source order.
    """
    pool = [i for i in group if sources[sents[i].source].id not in copies] or group

    def rank(i: int) -> tuple[float, str, int, int]:
        central = sum(_pair_score(i, j, sents, scores) for j in group if j != i)
        published = sources[sents[i].source].published or "9999-99-99"
        return (-round(central, 6), published, -len(sents[i].sentence.text), sents[i].source)

    return min(pool, key=rank)
