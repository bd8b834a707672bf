"""Page furniture left in articles' text: lines that recur across pages that tell different things.

The clean stage removes most of an outlet's furniture (share prompts, newsletter boxes, "chat
with us" lines), but what it leaves would tie articles together: one identical sentence is the
best sentence match two ledes can have, and its names ("Messenger", the outlet's own) look like
a shared event's. Grouping therefore reads each article without its furniture.

A line is furniture when it recurs verbatim in sources that share little else: two copies of
one report share most of their lines, two articles under one outlet's template only the
template's. Precisely: a body line found in more than ``MANY`` sources is furniture outright;
otherwise it is furniture when, of two sources that carry it, neither shares more than half
of its lines with the other. The cost is bounded by ``MANY²`` per recurring line.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from ..models import Source

#: A line carried by more sources than this is furniture whatever else they share.
MANY = 20
#: Two sources that share more than this share of the lines of the one with fewer are copies
#: of one report, and their shared lines are the report's, not furniture.
COPY_SHARE = 0.5


def _key(text: str) -> int:
    # the index keeps a hash per line, not the line: a large site's text is not held twice
    return hash(text.strip().casefold())


def lines(source: Source) -> set[int]:
    """A source's body lines, as compared (normalised, case folded; blank lines aside)."""
    return {_key(b.norm or b.text) for b in source.body if (b.norm or b.text).strip()}


class LineIndex:
    """Which sources carry each line, kept as sources come and go (``GroupIndex.update``)."""

    def __init__(self, sources: Iterable[Source] = ()) -> None:
        self.holders: dict[int, set[str]] = defaultdict(set)
        self.lines_of: dict[str, set[int]] = {}
        for s in sources:
            self.add(s)

    def add(self, source: Source) -> None:
        mine = lines(source)
        self.lines_of[source.id] = mine
        for line in mine:
            self.holders[line].add(source.id)

    def remove(self, source_id: str) -> None:
        for line in self.lines_of.pop(source_id, set()):
            self.holders[line].discard(source_id)

    def furniture(self, only: Sequence[str] | None = None) -> set[int]:
        """The furniture lines among all lines (or among the lines of the sources ``only``)."""
        candidates = (
            {line for i in only for line in self.lines_of.get(i, ())} if only is not None else set(self.holders)
        )
        shared: dict[tuple[str, str], int] = {}  # lines two sources have in common, counted once
        out: set[int] = set()
        for line in candidates:
            holders = self.holders[line]
            if len(holders) > MANY:
                out.add(line)
                continue
            for a, b in combinations(sorted(holders), 2):
                if (a, b) not in shared:
                    shared[(a, b)] = len(self.lines_of[a] & self.lines_of[b])
                if shared[(a, b)] <= COPY_SHARE * min(len(self.lines_of[a]), len(self.lines_of[b])):
                    out.add(line)
                    break
        return out


def without(source: Source, furniture: set[int]) -> Source:
    """The source as grouping reads it: its body lines that are furniture left out."""
    if not furniture:
        return source
    kept = [b for b in source.blocks if b.role != "body" or _key(b.norm or b.text) not in furniture]
    return source if len(kept) == len(source.blocks) else dataclasses.replace(source, blocks=kept)
