"""Story slugs that stay put as the site changes."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from ..models import Source, StoryGroup
from ..read import slugify

#: Longest derived slug, in characters (cut at a word boundary).
SLUG_CHARS = 60


def _order_key(source: Source) -> tuple[int, str, str]:
    """Dated sources first, oldest first; then by id — a stable order independent of input."""
    return (source.published is None, source.published or "", source.id)


def _title_slug(title: str) -> str:
    slug = slugify(title, "story")
    if len(slug) > SLUG_CHARS:
        cut = slug[:SLUG_CHARS]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def assign_slugs(groups: Iterable[list[Source]], previous: dict[str, str] | None = None) -> list[StoryGroup]:
    """Name each group with a slug that stays put as the site changes.

    - A group whose members had slugs in ``previous`` (source id → slug of the last build) keeps
      the slug most of them had; ties go to the lexicographically smallest slug. Groups with more
      such members choose first, so when a story splits, the larger part keeps the slug and the
      other part falls through to the next rule.
    - Otherwise a forced story is named ``slugify(story_key)``, any other story after the title of
      its earliest member (earliest published, then smallest id; undated sources come after
      dated ones), cut to about ``SLUG_CHARS`` characters at a word boundary.
    - A derived slug already taken gets ``-`` and six hex digits of a hash of its first
      member's id, so the suffix does not depend on the order in which stories are named. A
      previous slug that no current story claims (all its sources deleted) is free again.

    Adding a source therefore never renames a story: the new source joins a group whose other
    members all vote for the old slug. The result is ordered by each story's first member.
    """
    previous = previous or {}
    ordered = [sorted(g, key=_order_key) for g in groups if g]
    ordered.sort(key=lambda g: _order_key(g[0]))

    votes: list[Counter[str]] = [Counter(previous[s.id] for s in g if s.id in previous) for g in ordered]
    slugs: list[str | None] = [None] * len(ordered)
    taken: set[str] = set()
    by_support = sorted(range(len(ordered)), key=lambda k: (-sum(votes[k].values()), _order_key(ordered[k][0])))
    for k in by_support:
        for slug, _ in sorted(votes[k].items(), key=lambda kv: (-kv[1], kv[0])):
            if slug not in taken:
                slugs[k] = slug
                taken.add(slug)
                break
    for k, g in enumerate(ordered):
        if slugs[k] is not None:
            continue
        key = g[0].story_key
        base = _title_slug(key) if key else _title_slug(g[0].title or g[0].id)
        slug = base
        if slug in taken:
            slug = f"{base}-{hashlib.sha1(g[0].id.encode()).hexdigest()[:6]}"
            n = 2
            while slug in taken:  # a hash collision, vanishingly rare
                slug, n = f"{base}-{n}", n + 1
        slugs[k] = slug
        taken.add(slug)
    return [StoryGroup(slug=s or "story", source_ids=[src.id for src in g]) for s, g in zip(slugs, ordered, strict=True)]
