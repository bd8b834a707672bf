"""Conflict detection: the numbers, named actors or quoted words on which two wordings disagree.

:func:`conflicts_between` lists them for two prepared wordings; :func:`builder.align.match`
reports them beside its score, and the facts of :func:`builder.align.align_story` carry them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import takewhile

from rapidfuzz import fuzz

from ..textfeat import (
    _BOUND_WORDS,
    _NUMBER_WORDS,
    REPORTING,
    STOPWORDS,
    Number,
    Prepared,
    prepare,
    senses,
    spelling_variant,
    stem,
)


@dataclass(frozen=True)
class PairConflict:
    """A disagreement between two wordings: ``kind`` is "number", "actor" or "quote"."""

    kind: str
    a_value: str
    b_value: str


def _same_value(x: float, y: float) -> bool:
    """Equal up to the rounding news copy does (``2.47 billion`` vs ``2.5 billion``)."""
    if x == y:
        return True
    big = max(abs(x), abs(y))
    return big > 0 and abs(x - y) / big <= 0.02


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
#: which in news copy is people, and so are the dead and hurt counted by their toll ("59 killed").
#: "lives" are people when lost (see _what_is_counted).
_PEOPLE = frozenset(
    stem(w)
    for w in """people persons person woman man child civilians fighters militiamen gunmen soldiers troops
    militants rebels insurgents combatants police policemen officers protesters demonstrators
    migrants refugees children women men adults workers employees staff students passengers
    residents victims patients members casualties dead wounded injured killed died slain hostages prisoners
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
    # a figure the other wording gives too, as a count or not ("21 of the more than 200
    # schoolgirls" counts 200 and mentions 21), is not in dispute
    left_a = [x for x in qa if not any(_same_value(x.value, v) for v in b.quantity_values)]
    left_b = [y for y in qb if not any(_same_value(v, y.value) for v in a.quantity_values)]
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


#: Words of a toll, by kind: the dead and the hurt are two counts ("7 killed" / "20 injured" do
#: not disagree); "casualties" counts both, a third count.
_TOLLS = (
    ("dead", re.compile(r"(?:kill|dead|die[ds]?$|dying|death|murder|slain|perish|fatal)")),
    ("hurt", re.compile(r"(?:injur|wound|hurt)")),
    ("casualties", re.compile(r"casualt")),
)
_WORD_RUN = re.compile(r"[^\W\d_][\w'-]*|\d[\d,.]*")
#: where the words about a figure end: a clause break or a conjunction
_CLAUSE_END = re.compile(r"[,;:()]|\b(?:and|but|or|while|as|after|before|when|whereas)\b")


def _is_figure_word(word: str) -> bool:
    return word[0].isdigit() or word.lower().split("-")[0] in _NUMBER_WORDS


def _around(p: Prepared, n: Number) -> tuple[str, str]:
    """The wording's text before and after a figure (both empty if it cannot be found)."""
    at = n.at if n.at >= 0 and p.norm.startswith(n.text, n.at) else p.norm.find(n.text)
    return (p.norm[:at], p.norm[at + len(n.text) :]) if at >= 0 else ("", "")


def _said_of(p: Prepared, n: Number) -> tuple[set[str], set[str]]:
    """What the wording says of a figure, within its clause: the lower-case content stems of
    the words right before it, up to a stop word or another figure (what was done: ``posted
    three photos``, ``killed at least 50``; not ``records for 40,000 customers``, where the words
    before belong to another phrase), and of the dozen after it (what the counted ones did:
    ``276 girls initially seized, scores escaped``: seized, not escaped)."""
    before, after = _clause_words(*_around(p, n), 4, 12)
    before = list(takewhile(lambda w: w.lower() not in STOPWORDS, (w for w in before if w.lower() not in _BOUND)))
    said_before, said_after = ({stem(w) for w in ws if w.islower() and w not in _NOT_SAID} - {n.slot} for ws in (before, after))
    return said_before, said_after


def _clause_words(head: str, tail: str, before: int, after: int) -> tuple[list[str], list[str]]:
    """The words around a figure within its clause (``head``, ``tail``: the wording's text before
    and after it, from :func:`_around`): up to ``before`` words before it (nearest first) and
    ``after`` after it, each side up to another figure."""
    if cuts := list(_CLAUSE_END.finditer(head)):
        head = head[cuts[-1].end() :]
    if cut := _CLAUSE_END.search(tail):
        tail = tail[: cut.start()]
    near_before = takewhile(lambda w: not _is_figure_word(w), reversed(_WORD_RUN.findall(head)[-before:]))
    near_after = takewhile(lambda w: not _is_figure_word(w), _WORD_RUN.findall(tail)[:after])
    return list(near_before), list(near_after)


#: the words of a figure's bounds ("at", "least", "approximately"), skipped before it
_BOUND = frozenset(w for words in _BOUND_WORDS for w in words.split())
#: words that say nothing of a figure: stop words, a bound's words and reporting verbs ("said":
#: two outlets attribute different counts alike)
_NOT_SAID = STOPWORDS | REPORTING | _BOUND


def disputes(a: Prepared, b: Prepared) -> bool:
    """Whether two wordings give different figures for one thing *and* say the same of it.

    Both count the same kind of thing (:func:`number_conflicts`: same noun, or both people) and
    share a lower-case word on the same side of the figures of that kind: the verb before
    (``posted three photos`` / ``posted four photos``) or after (``200 militiamen ... crossed``
    / ``300 fighters ... crossed``). That keeps apart counts of different events
    (``25 killed`` / ``ten murdered``). Such wordings state one claim and disagree on it,
    however few other words they share.
    """
    if a.norm == b.norm or not number_conflicts(a, b):
        return False
    for slot in {_slot(n) for n in a.counts} & {_slot(n) for n in b.counts}:
        said_a = [_said_of(a, n) for n in a.counts if _slot(n) == slot]
        said_b = [_said_of(b, n) for n in b.counts if _slot(n) == slot]
        for side in (0, 1):
            if set().union(*(s[side] for s in said_a)) & set().union(*(s[side] for s in said_b)):
                return True
    return False


def _what_is_counted(p: Prepared, n: Number) -> tuple[str, str]:
    """What a count counts, and which toll it is, if any (:func:`_toll`). An age is
    the age of the word after it (``19-year-old nephew``, ``33-year-old singer``). Lives are
    lives lost, a toll of people (``claimed 2,000 lives`` / ``killed 2,500 people``), unless
    the words before save them (``saved 300 lives``: a count of its own)."""
    head, tail = _around(p, n)
    if n.slot == _AGE:
        # an age belongs to whoever the next word names: "the 33-year-old singer" and "her
        # 19-year-old nephew" are two people's ages, not one age in dispute
        holder = _WORD_RUN.findall(tail.split(_AGE, 1)[-1])[:1]
        return f"{_AGE} {stem(holder[0].lower()) if holder else ''}", ""
    if (
        n.slot == _LIVES
        and tail.split(maxsplit=1)[:1] == ["lives"]  # the stem is living's too
        and not any(stem(w.lower()) in _SAVING for w in _WORD_RUN.findall(head)[-3:])
    ):
        return "people", "dead"
    return _slot(n), _toll(n, head, tail)


_LIVES = stem("lives")
_AGE = "year-old"  #: the slot of a figure written "21-year-old"
_SAVING = frozenset(stem(w) for w in ("save", "saving", "spare", "sparing", "rescue", "rescuing", "protect"))


def _toll(n: Number, head: str, tail: str) -> str:
    """Which toll a count of people counts: "dead" (``12 people were killed``, ``killing 12``,
    ``eight dead``), "hurt" (``injured more than 100``) or "casualties"; "" for those present
    (``a bus carrying 40 passengers``). Two wordings of one fact often give both kinds (``A bus
    carrying 40 passengers crashed`` / ``A bus crashed, injuring 12 people``; ``7 killed`` /
    ``20 injured``): two figures, not a disagreement. Told by the counted noun, else by the
    nearest toll word among the three words before the figure and the four after it within its
    clause, up to another figure (``head``, ``tail``: the wording's text before and after it,
    from :func:`_around`)."""
    before, after = _clause_words(head, tail, 3, 4)
    for word in (n.slot, *before, *after):
        for kind, words in _TOLLS:
            if words.match(word.lower()):
                return kind
    return ""


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
    """``IAEA`` for the International Atomic Energy Agency, ``ICRC`` for the Red Cross (the tail of
    the name it stands for), or a clipped first word: ``Fed`` for the Federal Reserve."""
    words = long.replace("-", " ").split()
    if " " not in short and len(words) > 1 and len(short) >= 3 and words[0].startswith(short) and words[0] != short:
        return True
    letters = "".join(w[0] for w in words if w[:1].isupper())
    if not (short.isupper() and len(short) >= 2):
        return False
    # ICRC for "the Red Cross": a name may be the tail of the longer name an acronym stands for
    return short in (letters, letters.replace("O", "")) or (len(letters) >= 2 and short.endswith(letters))


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


_EDITORS_INSERT = re.compile(r"\[[^\]]*\]")


@lru_cache(maxsize=1 << 14)
def _quote_words(q: str) -> tuple[str, ...]:
    # "[Madsen]" in a quote is the editor's word for what the speaker said another way
    q = _EDITORS_INSERT.sub(" ", q).replace("\u2019", "'")
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
