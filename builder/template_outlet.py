"""A site's own furniture names its outlet: the outlet carried from known pages to unknown ones.

A news site repeats the same interface lines on every article page — "Advertisement Continue
reading the main story", "Scroll down for video" — and copies of its pages keep them. When several
sources whose outlet is known (front matter, ``site.toml``, an address or a self-credit in the
text) all carry such a line, and no source of another outlet does, the line is that outlet's
template; an unknown source carrying it was copied from the same site.

Never a guess, so the line must be furniture and only furniture:

* the clean stage cut it (a body line shared by outlets is shared reporting, not a template);
* it is a few words of interface text, not a credit: no figures, no address, no agency, no
  copyright notice — a wire agency's disclaimer is on every site that carries its copy;
* at least :data:`MIN_KNOWN` sources of one outlet carry it and none of another outlet;
* all the template lines of the unknown source point at the same outlet, and it carries no other
  furniture that recurs on the site while the outlet's known pages never show it (the interface of
  another site built on the same system).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict

from .clean import AGENCIES
from .identify import Reason
from .models import Source
from .outlet import same_outlet

#: Sources of one outlet that must carry a line before it counts as that outlet's template: one
#: page could carry a line by chance (a pasted widget); two are a habit of the site.
MIN_KNOWN = 2
MIN_WORDS = 4  #: shorter lines ("Photo", "Read more:") are on every kind of site
MAX_WORDS = 16  #: longer lines are prose, not interface text
#: Lines that credit someone rather than frame the page: figures (dates, years, counts), addresses,
#: copyright and licensing notices. Wire agencies are refused by name (:data:`_AGENCY`).
_CREDIT = re.compile(r"\d|@|https?://|www\.|\.com\b|©|\(c\)|\bcopyright|\brights reserved|\brepublish|"
                     r"\bredistribut|\breproduc|\b(?:distributed|provided|supplied|syndicated) by\b|\bcourtesy of\b", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Where a source's outlet came from, for sources whose outlet is known.
_KNOWN_FROM = frozenset({"front matter", "site.toml", "address", "attribution", "folder"})
TEMPLATE = "template"  #: ``Source.outlet_from`` for an outlet carried by the site's template


#: a wire agency's name standing as words of its own in a lower-cased line
_AGENCY = re.compile(r"(?:^| )(?:" + "|".join(re.escape(a.lower()) for a in AGENCIES) + r")(?= |$)")


@functools.lru_cache(maxsize=1 << 16)
def _furniture_key(text: str) -> str | None:
    """The normalised line when ``text`` is a line of a site's interface, never a credit to
    someone; else None. Remembered by text: a site's template lines recur on every page."""
    words = _WORD.findall(text)
    if not MIN_WORDS <= len(words) <= MAX_WORDS or _CREDIT.search(text) or _AGENCY.search(text.lower()):
        return None
    return _key(text)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _holders(sources: list[Source]) -> dict[str, set[int]]:
    """Each furniture line (normalised) → the sources whose removed lines hold it."""
    holders: dict[str, set[int]] = defaultdict(set)
    for i, source in enumerate(sources):
        for block in source.removed:
            if (key := _furniture_key(block.text)) is not None:
                holders[key].add(i)
    return holders


def _template_lines(sources: list[Source], holders: dict[str, set[int]]) -> dict[str, str]:
    """Each template line (normalised) → the one outlet whose known sources carry it."""
    lines: dict[str, str] = {}
    for key, held in holders.items():
        known = [sources[i].outlet for i in held if sources[i].outlet_from in _KNOWN_FROM]
        if len(known) < MIN_KNOWN:
            continue
        first = known[0]
        if all(same_outlet(first, other) for other in known[1:]):
            lines[key] = first
    return lines


def _carried(source: Source, sources: list[Source], holders: dict[str, set[int]], lines: dict[str, str]) -> str | None:
    """The outlet whose template ``source`` carries, or None when its furniture says nothing or disagrees."""
    keys = {k for b in source.removed if (k := _furniture_key(b.text)) is not None and len(holders[k]) >= 2}
    named = [lines[k] for k in keys if k in lines]
    if not named or not all(same_outlet(named[0], n) for n in named[1:]):
        return None
    outlet = named[0]
    for k in keys - lines.keys():
        # furniture recurring on the site that none of the outlet's known pages shows
        if not any(sources[i].outlet_from in _KNOWN_FROM and same_outlet(outlet, sources[i].outlet) for i in holders[k]):
            return None
    return outlet


def carry_outlets(sources: list[Source]) -> list[Source]:
    """The sources, each unknown one credited to the outlet its template lines name (when they
    name exactly one), with ``outlet_from`` ``"template"``; the others unchanged."""
    if not any(s.outlet_from == "unknown" for s in sources):
        return sources
    holders = _holders(sources)
    lines = _template_lines(sources, holders)
    if not lines:
        return sources
    carried: list[Source] = []
    for source in sources:
        if source.outlet_from == "unknown" and (outlet := _carried(source, sources, holders, lines)):
            source = dataclasses.replace(source, outlet=outlet, outlet_from=TEMPLATE)
        carried.append(source)
    return carried


def template_evidence(source: Source, sources: list[Source]) -> list[tuple[int, str, str]]:
    """Every template line of the site ``sources`` that ``source`` carries: (line number, line,
    outlet). ``inspect`` shows one of them with its count of known pages (:func:`explain_carried`)."""
    lines = _template_lines(sources, _holders(sources))
    return [(b.line, b.text, lines[k]) for b in source.removed if (k := _key(b.text)) in lines]


def explain_carried(source: Source, others: list[Source]) -> tuple[Source, Reason] | None:
    """For ``inspect``: ``source`` credited by the template of the site of ``others`` (the site's
    other sources), with the reason — its template line and how many known pages carry it — or
    None when the template names no outlet for it."""
    if source.outlet_from != "unknown":
        return None
    everyone = [*others, source]
    holders = _holders(everyone)
    lines = _template_lines(everyone, holders)
    if not lines or not (outlet := _carried(source, everyone, holders, lines)):
        return None
    carried = dataclasses.replace(source, outlet=outlet, outlet_from=TEMPLATE)
    line, text = next((b.line, b.text) for b in source.removed if _key(b.text) in lines)
    known = sum(1 for i in holders[_key(text)] if everyone[i].outlet_from in _KNOWN_FROM)
    return carried, Reason("template", line, text, f"a line of the site's template: {known} pages known to be "
                                                   f"{carried.outlet}'s carry it, no page of another outlet")
