"""The named rules, in the order they run (:data:`RULES`). Clutter that speaks to the reader is
:mod:`.prompts`; galleries and video strips :mod:`.media`; the line model :mod:`.linemodel`."""

from __future__ import annotations

import re

from .block import _is_table_row
from .context import Rule, _Ctx
from .ends import _ITEM_LINES, announces_list, list_item
from .features import _titleish, line_sentences, reads_as_prose
from .linemodel import rule_line_model
from .media import rule_gallery, rule_media_run
from .patterns import (
    _AGENCY_CREDIT,
    _BYLINE_AUTHOR,
    _BYLINE_BY,
    _BYLINE_TRAILER,
    _BYLINE_WRITTEN,
    _CAPTION_HINT,
    _CONTRIBUTED,
    _COPYRIGHT,
    _COPYRIGHT_INNER,
    _CREDIT_FIRST,
    _DATELINE,
    _IMAGE_FURNITURE,
    _MIN_HEADLINE_WORDS,
    _NOT_HEADLINE,
    _PHOTO_CREDIT,
    _PHOTO_LEAD,
    _POINTER_END,
    _POINTER_HEAD,
    _PUBLICATION,
    _RIGHTS,
    _SEPARATOR,
    _URL_LINE,
    unframe,
)
from .profile import _key
from .prompts import rule_clutter_phrase
from .vocab import _is_date_line, agencies_in, parse_date


def _site_patterns(role: str, rule: str, patterns: tuple[str, ...]) -> Rule:
    compiled = [re.compile(p) for p in patterns]

    def apply(ctx: _Ctx) -> None:
        if not compiled:  # no patterns in site.toml (the usual case): no line to look at
            return
        for i in ctx.open():
            text, norm = ctx.lines[i].text, ctx.lines[i].norm
            if any(p.search(text) or p.search(norm) for p in compiled):
                ctx.set(i, role, rule)

    return apply


def rule_site_attribution(ctx: _Ctx) -> None:
    """Lines matching ``[clean] attribution`` patterns of site.toml are attribution."""
    _site_patterns("attribution", "site_attribution", ctx.settings.attribution)(ctx)


def rule_site_boilerplate(ctx: _Ctx) -> None:
    """Lines matching ``[clean] boilerplate`` patterns of site.toml are boilerplate."""
    _site_patterns("boilerplate", "site_boilerplate", ctx.settings.boilerplate)(ctx)


def rule_separator(ctx: _Ctx) -> None:
    """Lines of punctuation only (``___``, ``* * *``) are page furniture."""
    for i in ctx.open():
        if _SEPARATOR.match(ctx.lines[i].norm):
            ctx.set(i, "boilerplate", "separator")


def rule_byline(ctx: _Ctx) -> None:
    """Bylines: ``By Jane Doe``, ``This article was written by X of Org in Place``, trailers."""
    for i in ctx.open():
        norm, f = ctx.lines[i].norm, ctx.feats[i]
        if f.words > 30:
            continue
        m = _BYLINE_WRITTEN.match(norm)
        if m:
            org = (m.group("org") or "").strip() or None
            ctx.set(i, "attribution", "byline", kind="byline", person=m.group("person").strip(),
                    organisation=org, place=(m.group("place") or "").strip() or None,
                    agencies=agencies_in(org) if org else [])
            continue
        m = _BYLINE_BY.match(norm)
        if m and f.words <= 12:
            person = m.group("person").strip()
            org = (m.group("org") or "").strip() or None
            agencies = agencies_in(person) or (agencies_in(org) if org else [])
            ctx.set(i, "attribution", "byline", kind="byline",
                    person=None if agencies_in(person) else person, organisation=org,
                    place=None, agencies=agencies)
            continue
        m = _BYLINE_AUTHOR.match(norm)
        if m and f.words <= 12:
            ctx.set(i, "attribution", "byline", kind="byline", person=m.group("person").strip(),
                    organisation=None, place=None, agencies=[])
            continue
        if f.words > 25:
            continue
        if _BYLINE_TRAILER.match(norm):  # "Reporting by ...; Editing by ..."
            ctx.set(i, "attribution", "byline", kind="byline", person=None, organisation=None,
                    place=None, agencies=agencies_in(norm), credits=norm)
        elif "contribut" in f.low and (m := _CONTRIBUTED.match(norm)):  # "The Associated Press contributed ..."
            ctx.set(i, "attribution", "byline", kind="byline", person=None, organisation=None,
                    place=None, agencies=agencies_in(m.group("who")), credits=norm)


def rule_agency_credit(ctx: _Ctx) -> None:
    """Agency credits: ``ftm/zc (Reuters, AP)``, ``(AFP)``, ``— dpa``, ``With AFP``."""
    for i in ctx.open():
        norm = ctx.lines[i].norm
        if ctx.feats[i].words > 10:
            continue
        m = _AGENCY_CREDIT.match(norm)
        if m:
            names = agencies_in(m.group("list") or m.group("list2"))
            if names:
                ctx.set(i, "attribution", "agency_credit", kind="agency_credit", agencies=names)


def rule_publication_line(ctx: _Ctx) -> None:
    """``Published in Dawn, December 3rd, 2024``: the outlet and the ISO date. ``Published on
    March 5, 2024`` names no outlet: it is a date line (:func:`rule_date_line`)."""
    for i in ctx.open():
        norm = ctx.lines[i].norm
        if ctx.feats[i].words > 20:
            continue
        m = _PUBLICATION.match(norm)
        if m and not _is_date_line(norm):  # the dearer date test only on the rare match
            outlet = re.sub(r"^the\s+", "", m.group("outlet").strip(" ,."))  # "The" only if capitalised
            date = parse_date(m.group("date") or "")
            if not outlet or outlet.lower() in ("the", "a") or outlet[0].isdigit():
                continue
            ctx.set(i, "attribution", "publication_line", kind="publication", outlet=outlet,
                    published=date)


def rule_copyright(ctx: _Ctx) -> None:
    """Copyright notes: ``© 2019 The Times Company``, ``The Associated Press, 2024. All rights reserved``."""
    for i in ctx.open():
        norm = ctx.lines[i].norm
        if ctx.feats[i].words > 60:
            continue
        m = _COPYRIGHT.match(norm)
        if not m:
            inner = _COPYRIGHT_INNER.search(norm) if ctx.feats[i].words <= 40 and _RIGHTS.search(ctx.feats[i].low) else None
            if inner:
                holder = inner.group("holder").strip(" ,.") or None
                year = inner.group("year")
                ctx.set(i, "attribution", "copyright", kind="copyright", holder=holder,
                        year=int(year) if year else None, agencies=agencies_in(holder) if holder else [])
            continue
        if m.group("holder2"):
            holder, year = m.group("holder2"), m.group("year2")
        else:
            if not (norm[:1] in "©(" or norm.lower().startswith("copyright")):
                continue
            holder, year = m.group("holder"), m.group("year")
        holder = re.sub(r"\s*all rights reserved.*$", "", (holder or "").strip(" ,."), flags=re.I) or None
        if holder and re.fullmatch(r"[\W\d]*", holder):
            holder = None
        ctx.set(i, "attribution", "copyright", kind="copyright", holder=holder,
                year=int(year) if year else None, agencies=agencies_in(holder) if holder else [])


_IMAGE_SOURCE = re.compile(r"\b(?:images|photos?|pictures|shutterstock)\b", re.I)  #: "Jane Smith/Getty Images"


def rule_caption(ctx: _Ctx) -> None:
    """Photo captions: text ending in a photo credit (``...on Monday.—AFP``, ``(AP Photo/X)``), or
    opening with one where the caption does not end like a sentence (``GETTY The station was
    launched in 2011``): body text ends with its full stop."""
    for i in ctx.open():
        norm, f = ctx.lines[i].norm, ctx.feats[i]
        if f.words > 70 or f.sentences > 3:
            continue
        if not f.punct and f.words <= 40 and (first := _CREDIT_FIRST.match(norm)):
            credit = first.group("credit")
            ctx.set(i, "caption", "caption", kind="photo_credit", credit=credit, agencies=agencies_in(credit))
            continue
        if not _CAPTION_HINT.search(f.low):
            continue
        if _IMAGE_FURNITURE.match(norm):
            ctx.set(i, "caption", "caption", kind="photo_credit", credit="", agencies=[])
            continue
        # The credit closes the caption: search the tail only (long lines make regexes slow).
        tail = norm[-160:]
        m = _PHOTO_LEAD.match(norm) or _PHOTO_CREDIT.search(tail)
        if not m:
            continue
        if m.groupdict().get("credit7") and len(line_sentences(norm)) > 2:
            continue  # a wire caption of three sentences or more retells the story: its text is kept
        credit = next((g for g in m.groups() if g), "").strip(" ()-—–")
        agencies = agencies_in(credit.split("/")[0])
        if (m.groupdict().get("credit3") and not agencies and not _IMAGE_SOURCE.search(credit)
                and not (f.words <= 7 and not f.punct and _names_only(tail[: m.start("credit3")]))):
            # "x/Y" ending a caption is a photo credit only for an agency or a picture library;
            # a line that is nothing else ("Jane Smith/The Courier") is one whoever took the picture
            continue
        ctx.set(i, "caption", "caption", kind="photo_credit", credit=credit, agencies=agencies)


def _names_only(text: str) -> bool:
    """At most three words, each capitalised: a photographer's name before "/The Courier"."""
    words = text.split()
    return len(words) <= 3 and all(w[:1].isupper() for w in words)


def rule_duplicate(ctx: _Ctx) -> None:
    """A line repeating an earlier line of the same file (repeated titles and captions)."""
    seen: dict[str, int] = {}
    for i, line in enumerate(ctx.lines):
        k = _key(line.norm)
        if k in seen and ctx.roles[i] is None:
            ctx.set(i, "duplicate", "duplicate", first=seen[k])
        seen.setdefault(k, i)


def rule_recurring_line(ctx: _Ctx) -> None:
    """A short line found in files of different stories is the site's template, not the article."""
    if ctx.profile is None:
        return
    for i in ctx.open():
        f = ctx.feats[i]
        if f.sentences >= 2 or (f.punct and f.words >= 8):
            continue  # a full sentence: maybe a stock phrase of the article itself; judged later
        if ctx.profile.recurs(ctx.lines[i].norm):
            ctx.set(i, "boilerplate", "recurring_line")


def rule_date_line(ctx: _Ctx) -> None:
    """Date-only lines (``December 3, 2024``, ``Published ... Updated ...``) in the article are meta."""
    start, end = ctx.block
    for i in ctx.open():
        if i < end and ctx.feats[i].words <= 20 and _is_date_line(ctx.lines[i].norm):
            ctx.set(i, "meta", "date_line", kind="date", date=parse_date(ctx.lines[i].norm))


def rule_title(ctx: _Ctx) -> None:
    """The article's title: the front matter's, a first Markdown heading, or the headline-like
    line standing nearest above the main block."""
    start, _ = ctx.block
    want = _key(str(ctx.article.front.get("title", ""))) or None
    if want:
        for i in ctx.open():
            if _key(ctx.lines[i].norm) == want:
                ctx.set(i, "title", "title")
                return
    if ctx.lines and ctx.lines[0].hint == "heading" and ctx.roles[0] is None:
        ctx.set(0, "title", "title")
        return
    first = None if "headline_first" in ctx.settings.disable else _headline_first(ctx)
    if first is not None:
        ctx.set(first, "title", "headline_first")
        return
    best, best_words = None, 0
    for i in range(start - 1, max(-1, start - 13), -1):
        f = ctx.feats[i]
        if ctx.roles[i] is not None or not (3 <= f.words <= 30) or ctx.lines[i].norm.endswith("."):
            continue
        if _NOT_HEADLINE.match(ctx.lines[i].norm):
            continue
        if f.sentences > 1:
            continue
        if f.words > best_words:
            best, best_words = i, f.words
    if best is None and start < len(ctx.lines):
        # The page starts with the article: a headline-like first line of the block is its title.
        f = ctx.feats[start]
        if (ctx.roles[start] is None and not f.punct and 2 <= f.words <= 25 and f.sentences == 0
                and not _NOT_HEADLINE.match(ctx.lines[start].norm)):
            best = start
    if best is not None:
        ctx.set(best, "title", "title")



def _headline_first(ctx: _Ctx) -> int | None:
    """The file's first line when it stands like a headline: pages are copied headline first.

    Skips a pasted URL or a date line above it. The line must be short (at most 30 words), one
    sentence at most and not end in a full stop (a lede paragraph does: ``...said on Monday.``);
    a headline cut short (``...``) or asking a question is fine. A first line an earlier rule
    gave a role (a caption, a credit, a menu item) is no headline. A first line that recurs in
    other stories is the site's template (``World news - RT International``) unless it is long
    and in few files: the same headline on two copies of one wire story.
    """
    for i in range(min(3, len(ctx.lines))):
        norm, f = ctx.lines[i].norm, ctx.feats[i]
        if _URL_LINE.match(norm) or (ctx.roles[i] == "meta" and ctx.rules[i] == "date_line"):
            continue
        if ctx.roles[i] is not None and not (ctx.rules[i] == "recurring_line" and _shared_headline(ctx, i)):
            return None
        cut = norm.endswith(("...", "…"))
        if not 2 <= f.words <= 30 or f.chars > 250 or "://" in norm or _is_date_line(norm):
            return None
        if _NOT_HEADLINE.match(norm):
            return None
        if (norm.endswith(".") and not cut) or f.sentences - (1 if f.punct else 0) > 1:
            return None
        return i
    return None


def _shared_headline(ctx: _Ctx, i: int) -> bool:
    """A recurring line that is a headline shared by a few copies, not a template line."""
    if ctx.profile is None or ctx.feats[i].words < _MIN_HEADLINE_WORDS:
        return False
    few = max(3, ctx.profile.files // 50)
    return ctx.profile.line_files.get(_key(ctx.lines[i].norm), 0) <= few


def rule_standfirst(ctx: _Ctx) -> None:
    """A summary sentence between the title and the main block (the standfirst) is meta."""
    start, _ = ctx.block
    titles = [i for i, r in enumerate(ctx.roles) if r == "title" and i < start]
    if not titles:
        return
    for i in range(titles[-1] + 1, start):
        f = ctx.feats[i]
        if ctx.roles[i] is None and f.punct and f.words >= 8:
            ctx.set(i, "meta", "standfirst", kind="standfirst")


def rule_after_end(ctx: _Ctx) -> None:
    """Everything after the main block (past the sign-off): sidebars, teasers, comments."""
    _, end = ctx.block
    for i in ctx.open():
        if i >= end:
            ctx.set(i, "boilerplate", "after_end")


def rule_before_start(ctx: _Ctx) -> None:
    """Everything above the main block that is not title, date or byline: menus, page header."""
    start, _ = ctx.block
    for i in ctx.open():
        if i < start:
            ctx.set(i, "boilerplate", "before_start")


def rule_markdown_heading(ctx: _Ctx) -> None:
    """Markdown headings inside the article are headings."""
    for i in ctx.open():
        if ctx.lines[i].hint == "heading":
            ctx.set(i, "heading", "markdown_heading")


_REACH = 12  #: how far the neighbour rules look for the text around a short line


def _next_open(ctx: _Ctx, i: int) -> int | None:
    """The next line after ``i`` that is still undecided or body, skipping captions and clutter.

    The look-ahead is bounded (a heading stands close to its text), so the rules stay linear.
    """
    for j in range(i + 1, min(len(ctx.lines), i + 1 + _REACH)):
        if ctx.roles[j] in (None, "body", "heading"):
            return j
        if ctx.roles[j] in ("title", "attribution", "meta"):
            return None
    return None


def _bodylike(ctx: _Ctx, j: int | None) -> bool:
    if j is None:
        return False
    f = ctx.feats[j]
    return ctx.roles[j] == "body" or (ctx.roles[j] is None and f.punct and (f.words >= 8 or f.sentences >= 2))


def _under_pointer(ctx: _Ctx, i: int) -> bool:
    """Does line ``i`` stand right under a header pointing to other pages ("Related", "See also")?"""
    if i == 0 or ctx.rules[i - 1] != "clutter_phrase":
        return False
    bare = unframe(ctx.lines[i - 1].norm)
    return bool(_POINTER_END.match(bare) or _POINTER_HEAD.match(bare))


#: At most this many lines of an unmarked list under the paragraph announcing it.
_LIST_LINES = 25


def rule_announced_list(ctx: _Ctx) -> None:
    """Inside the block, the short lines right under a paragraph announcing them (ending with a
    colon: "The winners were:") are the article's list, up to the next paragraph of prose or the
    first line a rule decided: body, though they look like a box of headlines or stray labels."""
    start, end = ctx.block
    if ctx.no_article:
        return
    for i in range(start, end - 1):
        if not announces_list(ctx, i):
            continue
        run: list[int] = []
        last_item = i
        for j in range(i + 1, end):
            if ctx.roles[j] is not None:
                break
            item = list_item(ctx, j)
            if item:
                last_item = j
            elif j - i > _LIST_LINES and j - last_item > _ITEM_LINES:
                break  # a long run goes on only while numbered or bulleted items keep coming
            if reads_as_prose(ctx.lines[j].norm, ctx.feats[j]):
                if not item:
                    break
                continue  # an item written as a sentence: main_text keeps it
            run.append(j)
        if len(run) >= 2:
            for j in run:
                ctx.set(j, "body", "announced_list")


#: The fewest words of another story's headline set in brackets between paragraphs.
_BRACKETED_LINK_WORDS = 5
#: What a bracketed note about this article opens with: it is the article's, not a link.
_OWN_NOTE = re.compile(r"^(?:this (?:story|article|report)|updated?|correction|editor|note\b)", re.I)


def _bracketed_link(ctx: _Ctx, i: int) -> bool:
    """A line wholly in square brackets holding another story's headline, as some sites link
    stories between paragraphs ("[How the bridge was saved]"); a short citation ("[Report, p.
    41]") and a note about the article itself ("[This story has been updated.]") are not."""
    text = ctx.lines[i].norm.strip()
    return (text[:1] == "[" and text[-1:] == "]" and text.count("[") == 1
            and ctx.feats[i].words >= _BRACKETED_LINK_WORDS and not _OWN_NOTE.match(text[1:].lstrip()))


#: A kicker in capitals over a teaser ("JOYRIDE CARNAGE", "IT'S OFFICIAL"): two capitalised
#: words or more in a row.
_KICKER = re.compile(r"(?:^|(?<=\s))(?:[A-Z][A-Z'’!?-]+\s+)+[A-Z][A-Z'’!?-]+(?=\s|$)")
#: A strip of teasers run into one line is at least this long.
_STRIP_WORDS = 10


def _teaser_strip(ctx: _Ctx, i: int) -> bool:
    """Several other stories' teasers run into one line, each under its kicker in capitals
    ("MOST READ IN NEWS IT'S OFFICIAL Irn-Bru switches recipe FINAL MOMENTS ..."): two kickers or
    more with text in lower case between them, and no full stop at the end. A sentence naming
    "NATO" or "the BBC" has no run of capitalised words; a heading in capitals no lower case."""
    norm = ctx.lines[i].norm.rstrip()
    if ctx.feats[i].words < _STRIP_WORDS or norm.endswith(".") or norm.isupper():
        return False
    return len(_KICKER.findall(norm)) >= 2


def rule_link_list(ctx: _Ctx) -> None:
    """Inside the block, a run of three or more title-like lines is a list of other headlines; so
    is any run of them right under a "Related" header (a box of links inside the article), a
    headline in square brackets between paragraphs (:func:`_bracketed_link`) and a strip of
    teasers run into one line (:func:`_teaser_strip`)."""
    start, end = ctx.block
    if ctx.no_article:
        return
    for i in range(start, end):
        if ctx.roles[i] is None and (_bracketed_link(ctx, i) or _teaser_strip(ctx, i)):
            ctx.set(i, "boilerplate", "link_list")
    i = start
    while i < end:
        if (ctx.roles[i] is None and _titleish(ctx.feats[i]) and ctx.lines[i].hint != "heading"
                and not _is_table_row(ctx, i)):
            j = i
            run = []
            while j < end and (ctx.roles[j] is not None and ctx.roles[j] != "body" or
                               (_titleish(ctx.feats[j]) and ctx.roles[j] is None
                                and not _is_table_row(ctx, j))):
                if ctx.roles[j] is None:
                    run.append(j)
                j += 1
            if len(run) >= 3 or (run and _under_pointer(ctx, i)):
                for k in run:
                    ctx.set(k, "boilerplate", "link_list")
            i = max(j, i + 1)
        else:
            i += 1


def rule_heading(ctx: _Ctx) -> None:
    """Inside the block, a title-like line followed by a paragraph is a subheading."""
    start, end = ctx.block
    for i in range(start, end):
        if (ctx.roles[i] is None and _titleish(ctx.feats[i]) and not _is_table_row(ctx, i)
                and _bodylike(ctx, _next_open(ctx, i))):
            ctx.set(i, "heading", "heading")


def rule_fragment(ctx: _Ctx) -> None:
    """Inside the block, a stray short unpunctuated line not framed by text (a label, a widget)."""
    start, end = ctx.block
    if ctx.no_article:
        return
    for i in range(start, end):
        if ctx.roles[i] is None and _titleish(ctx.feats[i]) and not _is_table_row(ctx, i):
            prev = next((j for j in range(i - 1, max(start, i - _REACH) - 1, -1)
                         if ctx.roles[j] in (None, "body")), None)
            if not (_bodylike(ctx, prev) and _bodylike(ctx, _next_open(ctx, i))):
                ctx.set(i, "boilerplate", "fragment")


def rule_dateline(ctx: _Ctx) -> None:
    """A paragraph opening with ``BEIRUT (AP)`` or ``AMMAN:`` is body; the place and agency are kept."""
    start, end = ctx.block
    seen_body = 0
    for i in range(start, end):
        if ctx.roles[i] not in (None, "body"):
            continue
        seen_body += 1
        if seen_body > 3:
            break
        m = _DATELINE.match(ctx.lines[i].norm)
        # "NATO: ..." could open any paragraph; only the lede, or a credited agency, makes it a dateline
        if m and ctx.feats[i].words >= 6 and (seen_body == 1 or m.group("agency")):
            agencies = agencies_in(m.group("agency") or "")
            ctx.set(i, "body", "dateline", kind="dateline", place=m.group("place").strip(" ,."),
                    agencies=agencies)


def rule_main_text(ctx: _Ctx) -> None:
    """Everything else inside the main block is the article's text."""
    start, end = ctx.block
    for i in range(start, end):
        if ctx.roles[i] is None:
            ctx.set(i, "body", "main_text")


def rule_default_body(ctx: _Ctx) -> None:
    """Nothing is dropped without a reason: what no rule decided stays body."""
    for i in ctx.open():
        ctx.set(i, "body", "default_body")


#: The chain, in order. Pattern rules come first; the main block is computed (once) from what
#: they decided when the first positional rule asks for it.
RULES: tuple[tuple[str, Rule], ...] = (
    ("site_attribution", rule_site_attribution),
    ("site_boilerplate", rule_site_boilerplate),
    ("separator", rule_separator),
    ("clutter_phrase", rule_clutter_phrase),
    ("duplicate", rule_duplicate),
    ("byline", rule_byline),
    ("agency_credit", rule_agency_credit),
    ("publication_line", rule_publication_line),
    ("copyright", rule_copyright),
    ("caption", rule_caption),
    ("gallery", rule_gallery),
    ("media_run", rule_media_run),
    ("recurring_line", rule_recurring_line),
    ("date_line", rule_date_line),
    ("title", rule_title),
    ("standfirst", rule_standfirst),
    ("after_end", rule_after_end),
    ("before_start", rule_before_start),
    ("markdown_heading", rule_markdown_heading),
    ("announced_list", rule_announced_list),
    ("link_list", rule_link_list),
    ("heading", rule_heading),
    ("fragment", rule_fragment),
    ("dateline", rule_dateline),
    ("line_model", rule_line_model),
    ("main_text", rule_main_text),
    ("default_body", rule_default_body),
)
#: Names a rule may record besides its own (sub-reasons shown by ``inspect``).
_EXTRA_RULE_NAMES = ("disclaimer", "prompt", "headline_first")
RULE_NAMES: tuple[str, ...] = tuple(name for name, _ in RULES) + _EXTRA_RULE_NAMES

