"""What a digest page shows, prepared for its template: the facts as a reader reads them.

The align stage's facts are kept as they are; this module only decides how they are shown:

* a dateline or agency tag that opens a wording (``AMMAN:``, ``BEIRUT (AP)``, ``BERLIN —``,
  ``(CNN) -``) is attribution: :func:`split_dateline` moves it out of the text and the page
  shows it with the source's credit;
* each conflict names what its figures count, with the words around each figure in each
  outlet's wording (``approximately 200 Iraqi militiamen`` vs ``At least 300 fighters``);
* "at a glance": the facts most outlets carry, every disagreement, and what only one outlet
  reports, grouped by source.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .models import Fact, Story
from .textfeat import lowered, prepare

#: A dateline or agency tag at the start of a wording: a place in capitals (``AMMAN``, ``NEW
#: YORK``, ``PORT-AU-PRINCE``), perhaps with a region and a date (``KYIV, Ukraine, May 3``), and
#: an agency in brackets (``(AP)``); or the agency tag alone (``(CNN)``). It ends with a colon or
#: a dash, or, after an agency tag, where the sentence's first capitalised word starts.
_PLACE = r"[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+){0,3}"
_REGION = r"(?:,\s+[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2})?"
_DAY = r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"
_TAG = r"\((?P<agency>[A-Z][\w&.'\-]*(?:[\s/][A-Z][\w&.'\-]*){0,3})\)"
_DATELINE = re.compile(
    rf"^(?P<lead>(?:{_PLACE}{_REGION}{_DAY}\s*(?:{_TAG})?|{_TAG.replace('agency', 'agency2')}))"
    r"(?P<sep>\s*(?::|—|–|-{1,2})\s+|\s+(?=[\"'“‘A-Z0-9]))"
)
_SEPARATED = re.compile(r"\s*(?::|—|–|-{1,2})\s+$")


def split_dateline(text: str) -> tuple[str, str]:
    """(dateline, the rest) of a wording; ("", text) when it opens with none.

    Without a colon or a dash, only an agency tag (``BEIRUT (AP) Iraqi militias ...``) ends a
    dateline, so a sentence that starts with an acronym (``NATO troops ...``) keeps it."""
    m = _DATELINE.match(text)
    if not m:
        return "", text
    has_tag = bool(m.group("agency") or m.group("agency2"))
    if not has_tag and not _SEPARATED.match(m.group("sep")):
        return "", text
    rest = text[m.end() :]
    if len(rest.split()) < 3:  # "UPDATE: Fire" is not a sentence with a dateline
        return "", text
    return m.group("lead").strip(), rest[:1].upper() + rest[1:]


@dataclass
class Credit:
    source: str
    label: str
    sentence: int  #: the first of the source's sentences with this fact
    lead: str  #: the dateline its wording opened with, or ""


@dataclass
class Wording:
    """One distinct wording of a fact and the sources that give it."""

    text: str
    score: float
    sources: list[tuple[str, str, bool]]  #: (label, dateline, a part of the fact only)
    canonical: bool  #: the fact's own text (not repeated on the page)


@dataclass
class Phrase:
    """The words around a figure or name in one wording: ``before`` **figure** ``after``."""

    before: str
    value: str
    after: str
    labels: list[str]


@dataclass
class Side:
    value: str
    labels: list[str]
    phrases: list[Phrase]


@dataclass
class ConflictView:
    kind: str
    fact_id: str
    number: int  #: the fact's place in reading order
    sides: list[Side]


@dataclass
class FactView:
    id: str
    number: int
    text: str
    speaker: str | None
    k: int
    credits: list[Credit]
    wordings: list[Wording]
    conflicts: list[ConflictView] = field(default_factory=list)


@dataclass
class Glance:
    widely: list[FactView]  #: the facts the most sources carry, most first
    most: bool  #: the widely carried facts are each in at least half of the sources
    conflicts: list[ConflictView]
    singles: list[tuple[str, str, list[FactView]]]  #: (source id, label, its only-here facts)
    single_count: int
    open_singles: bool  #: few enough to show them open
    brief: bool  #: so many that each is shown by its start (the full text is in the list)


def fact_views(story: Story, labels: dict[str, str]) -> list[FactView]:
    """Every fact of the story as the page shows it, in reading order."""
    return [_fact_view(f, i + 1, labels) for i, f in enumerate(story.facts)]


def _fact_view(fact: Fact, number: int, labels: dict[str, str]) -> FactView:
    parts: dict[str, int] = {}
    for v in fact.variants:
        parts[v.source] = parts.get(v.source, 0) + 1
    credits: dict[str, Credit] = {}
    groups: dict[str, Wording] = {}
    _, text = split_dateline(fact.text)
    canonical_key = lowered(text)
    stripped: dict[str, str] = {}  # variant text → its text without the dateline
    for v in fact.variants:
        lead, body = split_dateline(v.text)
        stripped[v.text] = body
        if v.source not in credits:
            credits[v.source] = Credit(v.source, labels.get(v.source, v.source), v.sentence, lead)
        key = lowered(body)
        wording = groups.get(key)
        if wording is None:
            wording = groups[key] = Wording(body, v.score, [], key == canonical_key)
        wording.sources.append((labels.get(v.source, v.source), lead, parts[v.source] > 1))
    for sid in fact.sources:  # a source credited without a wording of its own (older caches)
        if sid not in credits:
            credits[sid] = Credit(sid, labels.get(sid, sid), 0, "")
    view = FactView(
        fact.id, number, text, fact.speaker, len(set(fact.sources)), list(credits.values()),
        sorted(groups.values(), key=lambda w: (not w.canonical, -len(w.sources))),
    )
    view.conflicts = [
        ConflictView(c.kind, fact.id, number, _sides(c.kind, c.values, fact, labels, stripped)) for c in fact.conflicts
    ]
    return view


def _sides(kind: str, values: dict[str, list[str]], fact: Fact, labels: dict[str, str],
           stripped: dict[str, str]) -> list[Side]:
    """Each value of a conflict with who gives it and the words around it in their wordings."""
    sides = []
    for value, ids in values.items():
        found: dict[str, Phrase] = {}
        for sid in ids:
            for v in fact.variants:
                if v.source != sid:
                    continue
                phrase = _phrase_around(kind, value, stripped.get(v.text, v.text))
                if phrase is None:
                    continue
                key = lowered(phrase.before + " " + phrase.value + " " + phrase.after)
                found.setdefault(key, phrase).labels.append(labels.get(sid, sid))
                break
        sides.append(Side(value, [labels.get(i, i) for i in ids], list(found.values())))
    return sides


_CLAUSE = re.compile(r"[,;:()\[\]\"“”—–]|\s-\s")
_WORDS = re.compile(r"\S+")
_STOP_AFTER = frozenset("in to from at on by for with since after before during than into and but or as".split())


def _figure_value(key: str) -> float | None:
    try:
        return float(key.replace(",", "").rstrip("%").lstrip("$£€¥"))
    except ValueError:
        return None


def _phrase_around(kind: str, value: str, text: str) -> Phrase | None:
    """The words of ``text`` around ``value``: for a figure, the words that say what it counts
    (``approximately 200 Iraqi militiamen``), within its clause."""
    norm = prepare(text).norm
    start = end = -1
    slot = ""
    if kind == "number":
        target = _figure_value(value)
        for n in prepare(text).numbers:
            if (target is not None and math.isclose(n.value, target, rel_tol=1e-6)) or n.text == value:
                start = norm.find(n.text)
                end, slot = start + len(n.text), n.slot
                if start >= 0:
                    break
    else:
        start = norm.lower().find(value.lower())
        end = start + len(value)
    if start < 0:
        return None
    head, tail = norm[:start], norm[end:]
    cut = [m.end() for m in _CLAUSE.finditer(head)]
    clause_head = head[cut[-1] :] if cut else head
    head_words = _WORDS.findall(clause_head)
    before = head_words[-3:]
    while before and before[0].lower() in ("and", "but", "or", "while", "as"):
        before = before[1:]
        head_words = head_words[1:] if len(head_words) <= 3 else head_words  # the clause's own start
    clause_tail = tail[: m.start()] if (m := _CLAUSE.search(tail)) else tail
    after: list[str] = []
    for word in _WORDS.findall(clause_tail)[:6]:
        if after and word.lower() in _STOP_AFTER and not slot:
            break
        after.append(word)
        if slot and prepare(word).stems[:1] == (slot,):
            break
        if not slot and len(after) >= 3:
            break
    else:
        if slot and len(after) > 3:
            after = after[:3]
    before_text = " ".join(before)
    after_text = " ".join(after).rstrip(".,;:")
    lead = "…" if len(before) < len(head_words) else ""
    trail = "…" if len(after) < len(_WORDS.findall(clause_tail)) else ""
    gap = " " if after_text else ""
    return Phrase(lead + before_text + (" " if before_text else ""), norm[start:end], gap + after_text + trail, [])


def glance(story: Story, facts: list[FactView], labels: dict[str, str]) -> Glance:
    """The top of the digest: what most outlets carry, where they disagree, what one alone says."""
    n = len(story.sources)
    half = max(2, math.ceil(n / 2))
    ranked = sorted((f for f in facts if f.k >= 2), key=lambda f: (-f.k, f.number))
    widely = [f for f in ranked if f.k >= half][:10]
    most = bool(widely)
    if len(widely) < 3:  # no fact in most sources: the most widely carried ones
        widely = ranked[: max(len(widely), min(5, len(ranked)))]
    singles: dict[str, list[FactView]] = {}
    for f in facts:
        if f.k == 1 and f.credits:
            singles.setdefault(f.credits[0].source, []).append(f)
    order = sorted(singles, key=lambda sid: -len(singles[sid]))
    count = sum(len(v) for v in singles.values())
    return Glance(
        widely=widely,
        most=most,
        conflicts=[c for f in facts for c in f.conflicts],
        singles=[(sid, labels.get(sid, sid), singles[sid]) for sid in order],
        single_count=count,
        open_singles=count <= 8,
        brief=count > 40,
    )
