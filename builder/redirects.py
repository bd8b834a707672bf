"""Redirect pages: a story's old address keeps working after its slug changes.

A story's slug is a function of its current sources (:mod:`builder.group.slugs`), so it changes
when the source that names it goes, or an earlier one joins. The last build's ``stories.json``
says which sources each published slug held; a published slug no story holds any more, whose
sources now sit in another story, becomes a redirect to that story. Redirects are kept in the
build cache and in the published ``redirects.json`` (so a new version of the builder, which
starts a new cache, keeps them too), and followed through later renames (``a → b``, then
``b → c``: ``a → c``); one is dropped when its slug names a story again, or when the story it
leads to is gone. ``redirects.json`` is read back as untrusted input, like ``stories.json``: an
entry that is not a slug as the builder makes them is ignored with a warning.

The page at ``stories/<old>/index.html`` is tiny and works without JavaScript: a meta refresh,
a link to follow by hand, and a canonical link to the new address; it is not in the sitemap,
the feed, ``stories.json`` or the search index.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .config import SiteConfig
from .output import PLAIN_NAME, read_published
from .render import relative_url, story_path

#: the published list of redirects, in the output folder: {"redirects": {old slug: new slug}}
FILE = "redirects.json"
_FILE_LIMIT = 16 * 1024 * 1024


def published(output_dir: Path) -> tuple[dict[str, str], list[str]]:
    """The redirects the last build published, and warnings about entries that are not its own."""
    path = output_dir / FILE
    entries, warnings = read_published(
        path, output_dir, "redirects", dict, "old story addresses it listed are not redirected", _FILE_LIMIT
    )
    if entries is None:
        return {}, warnings
    good = {
        old: new for old, new in entries.items()
        if isinstance(new, str) and PLAIN_NAME.fullmatch(old) and PLAIN_NAME.fullmatch(new)
    }
    if len(good) == len(entries):
        return good, []
    return good, [f"{path}: ignored {len(entries) - len(good)} entries that are not slugs the builder makes"]


def listing(redirects: dict[str, str]) -> bytes:
    """The ``redirects.json`` to publish (also handy for a host's own redirect rules)."""
    return json.dumps({"redirects": redirects}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
