"""Story slugs: a function of each story's current sources (or of an editor's ``story`` key)."""

from __future__ import annotations

import hashlib
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


def assign_slugs(groups: Iterable[list[Source]]) -> list[StoryGroup]:
    """Name each group with a slug that is a function of the site's current sources alone.

    - A forced story is named ``slugify(story_key)``; any other story after the title of its
      earliest member (earliest published, then smallest id; undated sources come after dated
      ones), cut to about ``SLUG_CHARS`` characters at a word boundary.
    - A slug already taken gets ``-`` and six hex digits of a hash of its first member's id.
      Stories are named in the order of their first members, so which of two namesakes keeps
      the plain slug does not depend on the order they come in.

    Nothing here depends on earlier builds, so a cached build and a fresh one (a CI server, a
    colleague's clone) give every story the same slug. Adding a later source never renames a
    story; removing the source that named it, or adding an earlier one, does — the old address
    then keeps working through a redirect page (:mod:`builder.redirects`). The result is
    ordered by each story's first member.
    """
    ordered = [sorted(g, key=_order_key) for g in groups if g]
    ordered.sort(key=lambda g: _order_key(g[0]))
    taken: set[str] = set()
    named: list[StoryGroup] = []
    for g in ordered:
        key = g[0].story_key
        base = _title_slug(key) if key else _title_slug(g[0].title or g[0].id)
        slug = base
        if slug in taken:
            slug = f"{base}-{hashlib.sha1(g[0].id.encode()).hexdigest()[:6]}"
            n = 2
            while slug in taken:  # a hash collision, vanishingly rare
                slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        named.append(StoryGroup(slug=slug or "story", source_ids=[src.id for src in g]))
    return named
