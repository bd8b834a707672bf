"""Where the article ends: the seams under its last paragraph that the main-block search
(:mod:`.block`) reads after it has found the block. Some cut it short (the next article of an
endless page, readers' comments with no header, the writer's biography, a pointer over other
stories' headlines); some carry it on (short last sentences, a list its last paragraph
announces)."""

from __future__ import annotations

import re
from itertools import pairwise

from .context import _Ctx
from .features import _titleish, addresses_reader, reads_as_prose, short_sentence
from .patterns import _AUTHOR_BIO, _HARD_STOP, _OTHER_PAGES, _POINTER_HEAD, truncated, unframe
from .story import _TOLD, _paragraphs, _same_story, story_overlap
from .vocab import _is_date_line

#: An undecided line this long is a headline (of the next article, past a stop), not a tag.
HEADLINE_WORDS = 4
#: A line opening an item of a list: a number or a bullet first.
LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·])\s")


#: A paragraph cut off with "..." this long or longer may be the article's last, cut by a paywall.
_CUT_WORDS = 20


def _paywall_cut(ctx: _Ctx, scores: list[float], start: int, end: int) -> int:
    """Where the block ``[start, end)`` ends when its last paragraph was cut off with "..." by
    a paywall: one long line (:data:`_CUT_WORDS` words or more) right under the block, going on
    with its story (:func:`~.story._same_story`), with no other such line under it. A teaser cut
    the same way points to another page: teasers come several in a row, are short, and tell
    other stories."""
    n = len(ctx.lines)
    if end <= start or end >= n or ctx.roles[end] is not None or ctx.feats[end].words < _CUT_WORDS:
        return end
    if not truncated(ctx.lines[end].norm) or (end + 1 < n and truncated(ctx.lines[end + 1].norm)):
        return end
    return end + 1 if _same_story(ctx, _paragraphs(scores, start, end), [end]) else end


#: At most this many short sentences end the article past its last long paragraph.
_SHORT_LAST = 2


def _short_last_sentences(ctx: _Ctx, start: int, end: int) -> int:
    """Where the block ``[start, end)`` ends when the article's last paragraphs are short
    sentences right under its last long one ("He was 34.", '"We will be back," she said.'):
    too short to outweigh the furniture, they score below zero and were cut, though between two
    paragraphs they are kept. At most :data:`_SHORT_LAST` lines no rule decided, each a
    :func:`~.features.short_sentence`, not cut off with "..."."""
    if end <= start:
        return end
    n = len(ctx.lines)
    for _ in range(_SHORT_LAST):
        if end >= n or ctx.roles[end] is not None or truncated(ctx.lines[end].norm):
            break
        if not short_sentence(ctx.lines[end].norm, ctx.feats[end]):
            break
        end += 1
    return end


#: The link under a reader's comment, in the languages of the dev pages' comment forms and a few more.
_REPLY = re.compile(r"^(?:reply|responder|responda|antworten|répondre|rispondi|balas|ответить|odpowiedz)$", re.I)
#: At most this many paragraphs in one reader's comment, between its head and its "Reply".
_COMMENT_PARAGRAPHS = 3


def _comments_start(ctx: _Ctx, scores: list[float], start: int, end: int) -> int:
    """Where the block ``[start, end)`` ends when readers' comments follow the article with no
    header over them: a comment's head (a short line, the reader's name, over a date line), then
    a paragraph or a few, then a "Reply" link. The article's own text never has a "Reply" under
    it; its readers' comments each do. The block ends before the first such head that follows
    :data:`_TOLD` paragraphs of the article; without one it keeps ``end``."""
    for r in range(start + 1, min(len(ctx.lines), end + 1)):
        if ctx.feats[r].words != 1 or not _REPLY.match(unframe(ctx.lines[r].norm)):
            continue
        j = r - 1
        while j > start and r - j <= _COMMENT_PARAGRAPHS and ctx.roles[j] is None and scores[j] > 0:
            j -= 1
        if j == r - 1 or j - 1 <= start or not _is_date_line(ctx.lines[j].norm):
            continue
        name = j - 1
        if (ctx.roles[name] is None and ctx.feats[name].words <= 4 and _titleish(ctx.feats[name])
                and len(_paragraphs(scores, start, name, _TOLD)) == _TOLD):
            return name
    return end


def _before_author_bio(ctx: _Ctx, scores: list[float], start: int, end: int) -> int:
    """Where the block ``[start, end)`` ends when its last paragraph, or the one before it, is the
    writer's biography with no header over it (:data:`_AUTHOR_BIO`: "Jane Doe is a contributor at
    ..."): before it, and what follows it (a site's blurb) with it. Only the writer's biography is
    taken: the name stands above the article too (its byline) or the handle follows it; a story
    whose last paragraph says who one of its people is ("Jane Doe is a reporter for ...") keeps
    it."""
    for i in _paragraphs(scores, start, end)[-2:]:
        m = _AUTHOR_BIO.match(unframe(ctx.lines[i].norm))
        if not m or len(_paragraphs(scores, start, i, _TOLD)) < _TOLD:
            continue
        if m.group("handle") or any(m.group("name") in ctx.lines[k].norm for k in range(start)):
            return i
    return end


#: At most this many paragraphs under a pointer closing the article ("Read more:" over other
#: stories' headlines), and two to this many one-sentence teasers under a menu phrase.
_POINTED_AT_END = 5
_TEASERS = 6
#: A menu phrase over teasers has at most this many words.
_HEADER_WORDS = 6
#: Teasers of other stories repeat few words among themselves: less than this per teaser
#: (:func:`~.story.story_overlap` of the lines with themselves; an article's last section
#: names its story's words again and again).
_TEASERS_SHARE = 0.5
_NEWS = re.compile(r"\b(?:news|videos)\b")


def _points_away(ctx: _Ctx, scores: list[float], h: int) -> str | None:
    """The kind of header line ``h`` is when it may stand over other stories near the end:
    ``pointer`` ("Read more:", "See also", which may also stand inside an article), ``menu`` (a
    short menu phrase naming other pages that is no stop: "Top Stories", "Latest News"; not a
    share button); else None."""
    if ctx.rules[h] != "clutter_phrase":
        return None
    if _POINTER_HEAD.match(unframe(ctx.lines[h].norm)):
        return "pointer"
    f = ctx.feats[h]
    if (scores[h] > _HARD_STOP and _titleish(f) and f.words <= _HEADER_WORDS
            and (_OTHER_PAGES.search(f.low) or _NEWS.search(f.low))):
        return "menu"
    return None


def _other_stories_at_end(ctx: _Ctx, scores: list[float], start: int, end: int) -> int:
    """Where the block ``[start, end)`` ends when a header pointing away (:func:`_points_away`)
    stands over its last lines and they do not go on with the story (:func:`_same_story`):
    before the header.

    * Under a pointer: at most :data:`_POINTED_AT_END` lines (other stories' headlines written
      as sentences). Inside the article such a box has the story's paragraphs, many of them,
      after it.
    * Under a menu phrase: two to :data:`_TEASERS` lines, each one sentence, after three of the
      article's paragraphs at least, that go on with each other no more than with the story
      (:data:`_TEASERS_SHARE`). A header no rule knows ("Editor's Picks") is not taken: under a
      subheading, an article's last section on a side topic can look the same (one-sentence
      paragraphs naming none of the story's words)."""
    for h in range(start + 1, end):
        kind = _points_away(ctx, scores, h)
        if kind is None:
            continue
        after = _paragraphs(scores, h + 1, end)
        before = _paragraphs(scores, start, h)
        if kind == "pointer":
            fits = 0 < len(after) <= _POINTED_AT_END
        else:
            texts = [ctx.lines[j].norm for j in after]
            fits = (2 <= len(after) <= _TEASERS and len(before) >= _TOLD
                    and all(ctx.feats[j].sentences <= 1 for j in after)
                    and story_overlap(texts, texts) < _TEASERS_SHARE)
        if fits and not _same_story(ctx, before, after[:_TOLD]):
            return h
    return end


#: At most this many lines to an item of a list from the one before it (an item with its link or
#: a line of details under it).
_ITEM_LINES = 3


def announces_list(ctx: _Ctx, i: int) -> bool:
    """Does line ``i`` announce what follows it: an undecided paragraph of prose ending with a
    colon ("Here are the highlights:", "The victims were:")? A menu's "Follow us:" is not prose;
    a line speaking to the reader or naming other pages ("You might also like these stories:")
    points to a box of links, not to the article's list."""
    norm = ctx.lines[i].norm.rstrip()
    f = ctx.feats[i]
    return (ctx.roles[i] is None and norm.rstrip("\"'”’")[-1:] == ":" and reads_as_prose(norm, f)
            and not addresses_reader(f) and not _OTHER_PAGES.search(f.low))


def list_item(ctx: _Ctx, i: int) -> bool:
    """Does line ``i`` open an item of a list: a number or a bullet first, or a Markdown item?"""
    return ctx.lines[i].hint == "list_item" or bool(LIST_ITEM.match(ctx.lines[i].norm))


def _list_announced_last(ctx: _Ctx, start: int, end: int) -> int:
    """Where the block ``[start, end)`` ends when its last paragraph announces a list
    (:func:`announces_list`) and a list follows: two or more undecided lines opening an item
    (:func:`list_item`), each within :data:`_ITEM_LINES` lines of the one before. The list is the
    article's (the paragraph says so), though its short lines score as furniture. When every item
    spans the same number of lines (a name and its link), the last one does too; else the list
    ends on its last item's first line. Only a marked list is taken: unmarked short lines after
    the article may as well be a sidebar's."""
    if end <= start or not announces_list(ctx, end - 1):
        return end
    items: list[int] = []
    last = end - 1
    j = end
    while j < len(ctx.lines) and ctx.roles[j] is None and j - last <= _ITEM_LINES:
        if list_item(ctx, j):
            items.append(j)
            last = j
        j += 1
    if len(items) < 2:
        return end
    spans = {b - a for a, b in pairwise(items)}
    tail = spans.pop() - 1 if len(spans) == 1 else 0
    stop = items[-1] + 1
    while tail and stop < len(ctx.lines) and ctx.roles[stop] is None and not list_item(ctx, stop):
        stop, tail = stop + 1, tail - 1
    return stop


#: How many lines above a headline are searched for the row of furniture closing an article,
#: and below it for the next article's byline or date line.
_ROW = 3


def _next_article(ctx: _Ctx, scores: list[float], start: int, end: int) -> int:
    """Where the block ``[start, end)`` ends when the next article of an endless page follows the
    article with no sign-off between: a row of page furniture (two or more lines some rule
    dropped, the last right above: share buttons, prompts), a headline (an undecided short line
    of four words or more) with a byline or a date line under it — the head of an article, which
    a subheading never has — and paragraphs that do not go on with the story
    (:func:`_same_story`). The block ends before the row; without such a seam it keeps ``end``."""
    for h in range(start + 1, end):
        f = ctx.feats[h]
        if ctx.roles[h] is not None or not _titleish(f) or f.words < HEADLINE_WORDS:
            continue
        row = [j for j in range(max(start, h - _ROW), h) if ctx.roles[j] == "boilerplate"]
        if len(row) < 2 or ctx.roles[h - 1] != "boilerplate":
            continue
        if not any(ctx.fields[j].get("kind") == "byline" or _is_date_line(ctx.lines[j].norm)
                   for j in range(h + 1, min(end, h + 1 + _ROW))):
            continue
        before = _paragraphs(scores, start, h)
        after = _paragraphs(scores, h + 1, end, _TOLD)
        if len(before) >= _TOLD and len(after) == _TOLD and not _same_story(ctx, before, after):
            return row[0]
    return end
