"""Identify stage: turn a cleaned article into a :class:`Source` — who published it, who wrote it,
which agencies it credits, where and when.

Every answer names its evidence order:

* outlet: front matter ``outlet`` > ``site.toml`` ``[outlets]`` > what the text says of its own outlet
  (:mod:`builder.outlet`: its address — ``url`` in front matter, a pasted URL line, ``Email us at
  ...`` — or a self-credit: ``(CNN)`` dateline, ``Published in Dawn``, a copyright holder or
  byline organisation that is *not* a wire agency, ``NPR's X contributed to this report``) >
  ``"unknown outlet"``. An agency's copyright or byline marks wire copy that any site may
  republish, so it names a credited agency, never the outlet; an outlet only mentioned (``told
  Reuters``) is never the publisher.
* agencies: front matter ``agencies``, else every agency named by an agency credit, a dateline, a
  byline or a copyright note (photo credits are not: a photo agency did not write the text).
* published: front matter > publication line > the article's own date line.
* title: front matter > the title line > derived from the lede (``title_derived``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .clean import parse_date
from .config import SiteConfig
from .models import Block, CleanArticle, Source
from .outlet import find_outlet

UNKNOWN_OUTLET = "unknown outlet"
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\"”’)])[.!?](?=\s+[\"“‘]?[A-Z])")
_TITLE_WORDS = 14  #: a derived title keeps at most this many words of the lede


def _attribution(cleaned: CleanArticle, kind: str) -> list[dict[str, Any]]:
    return [b.fields for b in cleaned.blocks if b.fields.get("kind") == kind and b.role != "duplicate"]


def _agencies(cleaned: CleanArticle) -> list[str]:
    found: list[str] = []
    for b in cleaned.blocks:
        if b.role == "caption" or b.fields.get("kind") not in ("agency_credit", "dateline", "byline", "copyright"):
            continue
        for name in b.fields.get("agencies", []):
            if name not in found:
                found.append(name)
    return found


def _byline(cleaned: CleanArticle) -> str | None:
    for fields in _attribution(cleaned, "byline"):
        if fields.get("person"):
            return str(fields["person"])
    return None


def _dateline(cleaned: CleanArticle) -> str | None:
    for b in cleaned.blocks:
        if b.role == "body" and b.fields.get("kind") == "dateline":
            return str(b.fields["place"])
    return None


def _published(cleaned: CleanArticle) -> str | None:
    front = cleaned.article.front.get("published")
    if front:
        return parse_date(str(front)) or _iso_prefix(str(front))
    for fields in _attribution(cleaned, "publication"):
        if fields.get("published"):
            return str(fields["published"])
    if stamped := _stamp_date(cleaned):
        return stamped
    for b in cleaned.blocks:
        if b.role == "meta" and b.fields.get("date"):
            return str(b.fields["date"])
    return _dateline_date(cleaned)


#: ``Published 10:42 GMT, 3 December 2024 | Updated ...``: the stamp's word, then its date.
_STAMP = re.compile(r"\b(?P<kind>published|posted|updated)\b(?:\s+on)?\s*:?\s*"
                    r"(?P<rest>(?:(?!\b(?:published|posted|updated)\b).){4,60})", re.I)


def _stamp_date(cleaned: CleanArticle) -> str | None:
    """The date of a ``Published``/``Posted`` stamp above the article text, else of an ``Updated``
    one (a later edit, but the only date the page gives). Only short page notes count: a body
    sentence "... was published on Feb. 2 in a journal" dates something else."""
    updated = None
    for b in cleaned.blocks:
        if b.role == "body":
            break
        if len(b.norm.split()) > 30 or b.role in ("title", "caption"):
            continue
        for m in _STAMP.finditer(b.norm):
            date = parse_date(m["rest"])
            if date and m["kind"].lower() != "updated":
                return date
            updated = updated or date
    return updated


def _dateline_date(cleaned: CleanArticle) -> str | None:
    """A full date in the dateline itself: ``WASHINGTON, Dec. 3, 2024 (Reuters) -``."""
    lede = next((b for b in cleaned.blocks if b.role == "body"), None)
    if lede is None or not _PLACE.match(lede.norm):
        return None
    head = re.split(r"\(|\s[-—–]{1,2}\s|:\s", lede.norm, maxsplit=1)[0]
    return parse_date(head) if len(head) <= 60 else None


_PLACE = re.compile(r"^[A-Z][A-Z.'’-]{2,}(?:[ -][A-Z][A-Z.'’-]+)*,")  #: ``LOS ANGELES,`` opening a dateline


def _iso_prefix(text: str) -> str | None:
    """The ``YYYY-MM-DD`` a text starts with, if it is a real day (not ``2024-02-30``)."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def derive_title(body: list[Block], fallback: str) -> str:
    """A title from the lede: its first sentence, shortened at a word boundary."""
    if not body:
        return fallback
    text = body[0].text.strip()
    m = _SENTENCE_END.search(text)
    sentence = text[: m.start()] if m else text.rstrip(".!? ")
    words = sentence.split()
    if len(words) > _TITLE_WORDS:
        cut = " ".join(words[:_TITLE_WORDS]).rstrip(",;:—–-")
        return cut + "…"
    return sentence


def identify(cleaned: CleanArticle, config: SiteConfig) -> Source:
    """The source behind a cleaned article, with the evidence order documented above."""
    article = cleaned.article
    front = article.front
    rule = config.outlet_for(article.path)
    outlet_url = front.get("outlet_url") or None
    if front.get("outlet"):
        outlet, outlet_from = str(front["outlet"]), "front matter"
        if not outlet_url and rule and rule.name == outlet:
            outlet_url = rule.url
    elif rule is not None:
        outlet, outlet_from = rule.name, "site.toml"
        outlet_url = outlet_url or rule.url
    elif (verdict := find_outlet(cleaned)).name is not None:
        by_address = verdict.evidence[0].domain is not None
        outlet, outlet_from = verdict.name, "address" if by_address else "attribution"
    else:
        outlet, outlet_from = UNKNOWN_OUTLET, "unknown"

    agencies = [str(a) for a in front["agencies"]] if front.get("agencies") else _agencies(cleaned)
    byline = front.get("byline") or front.get("author") or _byline(cleaned)

    body = [b for b in cleaned.blocks if b.role == "body"]
    title_blocks = [b for b in cleaned.blocks if b.role == "title"]
    if front.get("title"):
        title, derived = str(front["title"]), False
    elif title_blocks:
        title, derived = title_blocks[0].text.strip(), False
    else:
        title, derived = derive_title(body, article.id), True

    return Source(
        id=article.id,
        path=article.path,
        outlet=outlet,
        outlet_from=outlet_from,
        outlet_url=outlet_url,
        url=front.get("url") or None,
        agencies=agencies,
        byline=byline,
        dateline=_dateline(cleaned),
        published=_published(cleaned),
        title=title,
        title_derived=derived,
        story_key=front.get("story") or config.story_for(article.path),
        language=str(front.get("language") or config.language),
        blocks=cleaned.blocks,
        warnings=list(article.warnings),
    )
