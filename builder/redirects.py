"""Redirect pages: a story's old address keeps working after its slug changes.

A story's slug is a function of its current sources (:mod:`builder.group.slugs`), so it changes
when the source that names it goes, or an earlier one joins. The last build's ``stories.json``
says which sources each published slug held; a published slug no story holds any more, whose
sources now sit in another story, becomes a redirect to that story. Redirects are kept in the
build cache and followed through later renames (``a → b``, then ``b → c``: ``a → c``); one is
dropped when its slug names a story again, or when the story it leads to is gone.

The page at ``stories/<old>/index.html`` is tiny and works without JavaScript: a meta refresh,
a link to follow by hand, and a canonical link to the new address; it is not in the sitemap,
the feed, ``stories.json`` or the search index.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable

from .config import SiteConfig
from .render import relative_url, story_path


def follow(
    previous: dict[str, str], stories: Iterable[tuple[str, Iterable[str]]], known: dict[str, str]
) -> dict[str, str]:
    """Old slug → live slug, for every old address to keep working.

    ``previous``: source id → slug as last published; ``stories``: each live story's slug and
    source ids; ``known``: the redirects kept so far.
    """
    home: dict[str, str] = {}  # source id → live slug
    live: set[str] = set()
    for slug, ids in stories:
        live.add(slug)
        home.update((i, slug) for i in ids)
    moved: dict[str, Counter[str]] = {}
    for source_id, old in previous.items():
        if old not in live and source_id in home:
            moved.setdefault(old, Counter())[home[source_id]] += 1
    # where each old slug's sources went: to the story holding most of them (ties: the smaller slug)
    fresh = {old: min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] for old, counts in moved.items()}
    result: dict[str, str] = {}
    for old, new in known.items():
        seen = {old}
        while new not in live and new in fresh and new not in seen:  # renamed again since
            seen.add(new)
            new = fresh[new]
        if old not in live and new in live:
            result[old] = new
    result.update(fresh)
    return dict(sorted(result.items()))


def redirect_page(config: SiteConfig, old: str, new: str, title: str) -> bytes:
    """The page left at a story's old address."""
    here = story_path(old)
    target = relative_url(here, story_path(new))
    base = config.base_url
    canonical = config.url(story_path(new)) if base.startswith(("http://", "https://")) else target
    lang = html.escape(config.language or "en", quote=True)
    name = html.escape(title)
    page = (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {name}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={html.escape(target, quote=True)}">\n'
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n</head>\n<body>\n'
        f'<p>This story has moved: <a href="{html.escape(target, quote=True)}">{name}</a>.</p>\n'
        "</body>\n</html>\n"
    )
    return page.encode("utf-8", "replace")
