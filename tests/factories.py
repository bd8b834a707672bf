"""Small builders of pipeline dataclasses for tests, so a test states only what it cares about."""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder.models import Article, Block, Source
from builder.read import normalise


def make_source(id: str, paragraphs: list[str], **kw: Any) -> Source:
    """A Source whose paragraphs are all body blocks.

    The title defaults to the first paragraph (marked ``title_derived``), as the clean stage does
    for a raw text with no front matter. Any other Source field can be given as a keyword.
    """
    blocks = [
        Block(line=i + 1, text=p, norm=normalise(p), role="body", rule="test")
        for i, p in enumerate(paragraphs)
    ]
    fields: dict[str, Any] = {
        "id": id,
        "path": f"{id}.txt",
        "outlet": "unknown outlet",
        "outlet_from": "unknown",
        "outlet_url": None,
        "url": None,
        "agencies": [],
        "byline": None,
        "dateline": None,
        "published": None,
        "title": paragraphs[0] if paragraphs else "",
        "title_derived": "title" not in kw,
        "story_key": None,
        "language": "en",
        "blocks": blocks,
    }
    fields.update(kw)
    return Source(**fields)


def source_from_article(article: Article, **kw: Any) -> Source:
    """A Source from a read Article with every line as body (stand-in for clean + identify)."""
    kw.setdefault("path", article.path)
    if "title" in article.front:
        kw.setdefault("title", article.front["title"])
    if "story" in article.front:
        kw.setdefault("story_key", article.front["story"])
    if "published" in article.front:
        kw.setdefault("published", article.front["published"][:10])
    return make_source(article.id, [line.text for line in article.lines], **kw)


def seed_sources(content_dir: Path) -> list[Source]:
    """The demo articles through the real read → clean → identify stages (align/trace tests)."""
    from builder.clean import clean, corpus_profile
    from builder.config import SiteConfig
    from builder.identify import identify
    from builder.read import read_file

    articles = [read_file(p, content_dir) for p in sorted(content_dir.glob("*.txt"))]
    profile = corpus_profile(articles)
    config = SiteConfig(root=content_dir.parent)
    return [identify(clean(a, profile=profile), config) for a in articles]


def eventually(check: Callable[[], bool], timeout: float = 8.0) -> bool:
    """Poll ``check`` until it holds or ``timeout`` seconds pass (watch and serve work in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def file_says(path: Path, text: str) -> Callable[[], bool]:
    """A check for :func:`eventually`: ``path`` exists and holds ``text`` (a page being replaced
    may be missing for a moment)."""

    def check() -> bool:
        try:
            return text in path.read_text(encoding="utf-8")
        except OSError:
            return False

    return check


def http_get(port: int, path: str) -> tuple[int, bytes, dict[str, str]]:
    """Status, body and headers of a GET to the local server on ``port``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body, dict(resp.getheaders())
