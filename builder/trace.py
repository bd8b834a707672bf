"""Trace stage: who repeats whom, and how verbatim.

Works from the facts of :func:`builder.align.align_story`: two sources "share" a fact when both
carry a wording of it, and the verbatim similarity of those two wordings (rapidfuzz ``ratio`` on
the lower-cased text, 0–1) says whether one was copied or reworded. A relation is returned for
**every pair of sources** of the story (``independent`` when they share little or nothing), so
the digest can draw the full who-shares-what picture; ``a``/``b`` follow the story's source
order, and the direction of a copy is in ``copy_of``.

Kinds, for a pair with ``shared`` facts of which ``near`` are near-verbatim (similarity of at
least ``AlignSettings.copy_threshold``):

* ``copy`` — one source is mostly the other, near-verbatim: ``near`` covers at least
  :data:`COPY_COVER` of its facts, its shared wordings are on average near-verbatim
  (mean ≥ ``copy_threshold``, and at least :data:`COPY_NEAR_SHARE` of the shared wordings are
  near-verbatim — an agency text edited by two outlets has more reworded sentences than that)
  and little of it is its own (at most :data:`COPY_OWN` of its
  facts are not in the other). The copy is the later published of the two (an undated one
  counts as later than a dated one: republishers drop dates), on a tie the one crediting fewer
  agencies / attribution notes / bylines, then the one more covered by the other, then the
  later in the story's order.
* ``shared wire`` — substantial near-verbatim text in common (``near`` ≥ :data:`WIRE_MIN` and
  at least :data:`WIRE_COVER` of the smaller source's facts) while each has its own material:
  two outlets running one agency text.
* ``rewrite`` — shared facts (at least :data:`REWRITE_MIN`, or :data:`REWRITE_COVER` of the
  smaller source) mostly reworded.
* ``independent`` — fewer shared facts than that.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz

from .config import AlignSettings
from .models import Fact, Relation, Source
from .textfeat import lowered

COPY_COVER = 0.6
COPY_OWN = 0.25
COPY_NEAR_SHARE = 0.8
WIRE_MIN = 3
WIRE_COVER = 0.25
REWRITE_MIN = 3
REWRITE_COVER = 0.2


@lru_cache(maxsize=1 << 15)
def verbatim(a: str, b: str) -> float:
    """How verbatim two wordings are: edit similarity of the lower-cased, unpunctuated text."""
    if a == b:
        return 1.0
    return fuzz.ratio(lowered(a), lowered(b)) / 100


def _shared_sims(facts: list[Fact]) -> dict[tuple[str, str], list[float]]:
    """For each pair of sources sharing a fact, the verbatim similarities of their wordings,
    in fact order (one pass over the facts; a source with two wordings counts its last)."""
    sims: dict[tuple[str, str], list[float]] = {}
    for fact in facts:
        texts = {v.source: v.text for v in fact.variants}
        if len(texts) < 2:
            continue
        for a, b in combinations(texts, 2):
            sim = verbatim(texts[a], texts[b])
            sims.setdefault((a, b), []).append(sim)
            sims.setdefault((b, a), []).append(sim)
    return sims


def _pair_stats(sims: list[float], settings: AlignSettings) -> tuple[int, int, float]:
    """(shared facts, near-verbatim shared facts, mean verbatim similarity) of two sources."""
    near = sum(1 for s in sims if s >= settings.copy_threshold)
    return len(sims), near, (sum(sims) / len(sims) if sims else 0.0)


def trace(
    sources: list[Source],
    facts: list[Fact],
    settings: AlignSettings = AlignSettings(),  # noqa: B008 - a frozen dataclass
) -> tuple[list[Relation], dict[str, str | None]]:
    """Relations for every pair of sources, and ``copy_of``: source id → the id it copies."""
    order = {s.id: k for k, s in enumerate(sources)}
    by_id = {s.id: s for s in sources}
    carried = {s.id: 0 for s in sources}
    for fact in facts:
        for sid in set(fact.sources):
            if sid in carried:
                carried[sid] += 1
    relations: list[Relation] = []
    copy_of: dict[str, str | None] = {s.id: None for s in sources}
    copy_cover: dict[str, float] = {}
    all_sims = _shared_sims(facts)
    for sa, sb in combinations(sources, 2):
        a, b = sa.id, sb.id
        shared, near, mean = _pair_stats(all_sims.get((a, b), []), settings)
        na, nb = max(1, carried[a]), max(1, carried[b])
        cover = {a: near / na, b: near / nb}
        own = {a: (na - shared) / na, b: (nb - shared) / nb}
        smaller = min(na, nb)
        copier = _copier(by_id[a], by_id[b], cover, order)
        if (
            cover[copier] >= COPY_COVER
            and mean >= settings.copy_threshold
            and near >= COPY_NEAR_SHARE * shared
            and own[copier] <= COPY_OWN
        ):
            kind = "copy"
            original = b if copier == a else a
            if cover[copier] > copy_cover.get(copier, -1.0):
                copy_of[copier], copy_cover[copier] = original, cover[copier]
        elif near >= WIRE_MIN and near / smaller >= WIRE_COVER:
            kind = "shared wire"
        elif shared >= REWRITE_MIN or (shared and shared / smaller >= REWRITE_COVER):
            kind = "rewrite"
        else:
            kind = "independent"
        relations.append(Relation(a, b, shared, kind, round(mean, 3)))
    _break_cycles(copy_of)
    return relations, copy_of


def _copier(a: Source, b: Source, cover: dict[str, float], order: dict[str, int]) -> str:
    """Which of two near-verbatim sources is the copy (see the module docstring)."""

    def rank(s: Source) -> tuple[str, int, float, int]:
        # larger = more likely the copy: published later (an undated republication counts as
        # later than a dated original), fewer credits, more of it found in the other, later
        credits = len(s.agencies) + len(s.attribution) + (1 if s.byline else 0)
        return (s.published or "9999-99-99", -credits, round(cover[s.id], 2), order[s.id])

    return a.id if rank(a) > rank(b) else b.id


def _break_cycles(copy_of: dict[str, str | None]) -> None:
    """A copies B copies A cannot be: keep the first link of any cycle, drop the closing one."""
    for start in list(copy_of):
        seen = {start}
        node = copy_of[start]
        while node is not None:
            if node in seen:
                copy_of[start] = None
                break
            seen.add(node)
            node = copy_of.get(node)


def copies(sources: list[Source], facts: list[Fact], settings: AlignSettings) -> frozenset[str]:
    """Ids of the sources that copy another (for the align stage's choice of canonical text)."""
    _, copy_of = trace(sources, facts, settings)
    return frozenset(k for k, v in copy_of.items() if v)
