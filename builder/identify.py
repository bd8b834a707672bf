"""Identify stage: turn a cleaned article into a :class:`Source` — who published it, who wrote it,
which agencies it credits, where and when.

Every answer names its evidence order:

* outlet: front matter ``outlet`` > ``site.toml`` ``[outlets]`` > the first folder under
  ``content/`` when ``[identify] outlet_from = "folder"`` (:func:`folder_outlet`) > what the text says of its own outlet
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
from dataclasses import dataclass
from pathlib import PurePosixPath

from .clean import parse_date
from .config import SiteConfig
from .models import Block, CleanArticle, Source
from .outlet import KNOWN_DOMAINS, Evidence, domain_name, find_outlet

UNKNOWN_OUTLET = "unknown outlet"
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\"”’)])[.!?](?=\s+[\"“‘]?[A-Z])")
_TITLE_WORDS = 14  #: a derived title keeps at most this many words of the lede


@dataclass(frozen=True)
class Reason:
    """Why a field of a source has its value, or has none — what ``inspect`` shows the editor.

    ``rule`` names the rule or setting that decided (``front matter``, ``site.toml``, ``folder``,
    an outlet evidence rule, a clean rule, ``none``); ``line`` and ``text`` the line that gave the
    value (0 and the setting when it came from no line); ``detail`` says what else was weighed.
    """

    rule: str
    line: int = 0
    text: str = ""
    detail: str = ""
    evidence: tuple[Evidence, ...] = ()  #: the outlet evidence behind the decision (or the conflict)


def _reason(rule: str, b: Block, detail: str = "") -> Reason:
    return Reason(rule, b.line, b.text, detail)


def _agencies(cleaned: CleanArticle) -> list[str]:
    found: list[str] = []
    for b in cleaned.blocks:
        if b.role == "caption" or b.fields.get("kind") not in ("agency_credit", "dateline", "byline", "copyright"):
            continue
        for name in b.fields.get("agencies", []):
            if name not in found:
                found.append(name)
    return found


def _byline(cleaned: CleanArticle) -> tuple[str | None, Reason]:
    front = cleaned.article.front
    if front.get("byline") or front.get("author"):
        key = "byline" if front.get("byline") else "author"
        return str(front[key]), Reason("front matter", 0, f"{key}: {front[key]}")
    for b in cleaned.blocks:
        if b.fields.get("kind") == "byline" and b.role != "duplicate" and b.fields.get("person"):
            return str(b.fields["person"]), _reason(b.rule, b)
    return None, Reason("none", detail="no byline line ('By …') naming a person")


def _dateline(cleaned: CleanArticle) -> str | None:
    for b in cleaned.blocks:
        if b.role == "body" and b.fields.get("kind") == "dateline":
            return str(b.fields["place"])
    return None


def _published(cleaned: CleanArticle) -> tuple[str | None, Reason]:
    front = cleaned.article.front.get("published")
    if front:
        date = parse_date(str(front)) or _iso_prefix(str(front))
        return date, Reason("front matter", 0, f"published: {front}", "" if date else "not a date")
    for b in cleaned.blocks:
        if b.fields.get("kind") == "publication" and b.role != "duplicate" and b.fields.get("published"):
            return str(b.fields["published"]), _reason("publication_line", b)
    if stamped := _stamp_date(cleaned):
        return stamped[0], _reason("date_stamp", stamped[1])
    for b in cleaned.blocks:
        if b.role == "meta" and b.fields.get("date"):
            return str(b.fields["date"]), _reason(b.rule, b)
    lede, date = _dateline_date(cleaned)
    if lede is not None and date:
        return date, _reason("dateline_date", lede)
    detail = "no 'Published'/'Updated' stamp, publication line or date line above the text, no dated dateline"
    if lede is not None:
        detail += f"; the dateline gives no full date (line {lede.line})"
    return None, Reason("none", detail=detail)


#: ``Published 10:42 GMT, 3 December 2024 | Updated ...``: the stamp's word, then its date.
_STAMP = re.compile(r"\b(?P<kind>published|posted|updated)\b(?:\s+on)?\s*:?\s*"
                    r"(?P<rest>(?:(?!\b(?:published|posted|updated)\b).){4,60})", re.I)


def _stamp_date(cleaned: CleanArticle) -> tuple[str, Block] | None:
    """The date of a ``Published``/``Posted`` stamp above the article text, else of an ``Updated``
    one (a later edit, but the only date the page gives). Only short page notes count: a body
    sentence "... was published on Feb. 2 in a journal" dates something else."""
    updated: tuple[str, Block] | None = None
    for b in cleaned.blocks:
        if b.role == "body":
            break
        if len(b.norm.split()) > 30 or b.role in ("title", "caption"):
            continue
        for m in _STAMP.finditer(b.norm):
            date = parse_date(m["rest"])
            if date and m["kind"].lower() != "updated":
                return date, b
            updated = updated or ((date, b) if date else None)
    return updated


def _dateline_date(cleaned: CleanArticle) -> tuple[Block | None, str | None]:
    """A full date in the dateline itself: ``WASHINGTON, Dec. 3, 2024 (Reuters) -``; with the
    lede when it opens with a dateline at all (so ``inspect`` can say it had no date)."""
    lede = next((b for b in cleaned.blocks if b.role == "body"), None)
    if lede is None or not _PLACE.match(lede.norm):
        return None, None
    head = re.split(r"\(|\s[-—–]{1,2}\s|:\s", lede.norm, maxsplit=1)[0]
    return lede, (parse_date(head) if len(head) <= 60 else None)


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


def folder_outlet(folder: str) -> str:
    """A readable outlet name for a folder named for the outlet: a domain (``nytimes.com``) or a
    known site's name or domain (``bbc``, ``the-guardian``) by its usual name, else the folder's
    words capitalised (``example-news`` → ``Example News``)."""
    if "." in folder and re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,12}", folder):
        return domain_name(folder)
    compact = _compact(folder)
    for domain, name in KNOWN_DOMAINS.items():
        if compact and compact in (_compact(name), _compact(domain.split(".")[0])):
            return name
    return " ".join(_folder_word(w, i) for i, w in enumerate(w for w in re.split(r"[\s_-]+", folder) if w)) or folder


def _folder_word(word: str, position: int) -> str:
    """One word of a folder's name as written in an outlet's name: as the editor wrote it when it
    has capitals; ``of``/``and`` lower; ``fm``, ``tv``, ``cnn`` (two letters, or no vowel) capitals."""
    if word != word.lower() or (position and word in _SMALL_WORDS):
        return word
    if word.isalpha() and (len(word) <= 2 or not re.search(r"[aeiouy]", word)):
        return word.upper()
    return word.capitalize()


_SMALL_WORDS = frozenset({"a", "an", "and", "at", "de", "for", "in", "of", "on", "the", "to"})


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the[\s_-]+", "", name.lower().strip()))


def _outlet(cleaned: CleanArticle, config: SiteConfig) -> tuple[str, str, str | None, Reason]:
    """The outlet, where it came from, its URL and the reason, in the order documented above."""
    article = cleaned.article
    front = article.front
    rule = config.outlet_for(article.path)
    outlet_url = front.get("outlet_url") or None
    folders = PurePosixPath(article.path).parts[:-1]
    if front.get("outlet"):
        if not outlet_url and rule and rule.name == str(front["outlet"]):
            outlet_url = rule.url
        return str(front["outlet"]), "front matter", outlet_url, Reason("front matter", 0, f"outlet: {front['outlet']}")
    if rule is not None:
        return rule.name, "site.toml", outlet_url or rule.url, Reason("site.toml", 0, f"[outlets] {rule.pattern!r}")
    if config.outlet_from == "folder" and folders:
        setting = '[identify] outlet_from = "folder"'
        return folder_outlet(folders[0]), "folder", outlet_url, Reason("folder", 0, f"{folders[0]}/ ({setting})")
    verdict = find_outlet(cleaned)
    if verdict.name is None:
        return UNKNOWN_OUTLET, "unknown", outlet_url, Reason("none", detail=verdict.why, evidence=verdict.evidence)
    top = verdict.evidence[0]
    outlet_from = "address" if top.domain is not None else "attribution"
    return verdict.name, outlet_from, outlet_url, Reason(top.rule, top.line, top.text, verdict.why, verdict.evidence)


def _title(cleaned: CleanArticle) -> tuple[str, bool, Reason]:
    """The title, whether it was derived from the lede, and why."""
    front = cleaned.article.front
    if front.get("title"):
        return str(front["title"]), False, Reason("front matter", 0, f"title: {front['title']}")
    title_block = next((b for b in cleaned.blocks if b.role == "title"), None)
    if title_block is not None:
        return title_block.text.strip(), False, _reason(title_block.rule, title_block)
    body = [b for b in cleaned.blocks if b.role == "body"]
    first = cleaned.blocks[0] if cleaned.blocks else None
    detail = f"no headline line; line {first.line} is {first.role} (rule {first.rule})" if first else "the file has no text"
    title = derive_title(body, cleaned.article.id)
    if not body:
        return title, True, Reason("file name", detail=detail + "; no body line either")
    return title, True, Reason("from_lede", body[0].line, body[0].text, detail)


def identify_explained(cleaned: CleanArticle, config: SiteConfig) -> tuple[Source, dict[str, Reason]]:
    """The source behind a cleaned article and, per field (outlet, published, byline, title), why."""
    article = cleaned.article
    front = article.front
    outlet, outlet_from, outlet_url, outlet_why = _outlet(cleaned, config)
    agencies = [str(a) for a in front["agencies"]] if front.get("agencies") else _agencies(cleaned)
    byline, byline_why = _byline(cleaned)
    published, published_why = _published(cleaned)
    title, derived, title_why = _title(cleaned)
    source = Source(
        id=article.id,
        path=article.path,
        outlet=outlet,
        outlet_from=outlet_from,
        outlet_url=outlet_url,
        url=front.get("url") or None,
        agencies=agencies,
        byline=byline,
        dateline=_dateline(cleaned),
        published=published,
        title=title,
        title_derived=derived,
        story_key=front.get("story") or config.story_for(article.path),
        language=str(front.get("language") or config.language),
        blocks=cleaned.blocks,
        warnings=list(article.warnings),
    )
    return source, {"outlet": outlet_why, "published": published_why, "byline": byline_why, "title": title_why}


def identify(cleaned: CleanArticle, config: SiteConfig) -> Source:
    """The source behind a cleaned article, with the evidence order documented above."""
    return identify_explained(cleaned, config)[0]
