"""The main block: the contiguous run of lines with the most article-like text (a maximum-sum
segment over per-line scores, as Finn's BTE and jusText do), widened past furniture and stops
inside the article; the seams under its last paragraph are :mod:`.ends`."""

from __future__ import annotations

import re

from .context import _Ctx
from .ends import (
    HEADLINE_WORDS,
    LIST_ITEM,
    _before_author_bio,
    _comments_start,
    _list_announced_last,
    _next_article,
    _other_stories_at_end,
    _paywall_cut,
    _short_last_sentences,
)
from .features import reads_as_prose, short_sentence
from .patterns import (
    _BYLINE_WRITTEN,
    _CLUTTER_END,
    _CREDIT_FIRST,
    _HARD_STOP,
    _POINTER_END,
    _RIGHTS,
    _TABLE_ROW,
    _TAG_LINE,
    truncated,
    unframe,
)
from .story import _TOLD, _paragraphs, _same_story

#: Score of a line for the main-block search, by role decided so far.
_PENALTY = 30.0


def _line_score(ctx: _Ctx, i: int, stop_min: float) -> float:
    """How much line ``i`` looks like article text (> 0) or like page furniture (< 0)."""
    role, rule, f = ctx.roles[i], ctx.rules[i], ctx.feats[i]
    if role == "boilerplate":
        if rule == "clutter_phrase" and (_CLUTTER_END.match(unframe(ctx.lines[i].norm))
                                         or ctx.fields[i].get("kind") == "author_box"):
            return _HARD_STOP  # a comment form, a "related" or author box header: the article has ended
        return -2 * _PENALTY
    if role == "attribution":
        kind = ctx.fields[i].get("kind")
        if kind == "copyright" and not _notice(ctx, i):
            return -_PENALTY / 3  # a credit under a picture ("© Getty Images"), not the page's notice
        if kind in ("publication", "copyright") or (
            # "Written by ..." or a wire story's credits (the byline rule keeps them as ``credits``)
            kind == "byline" and ("credits" in ctx.fields[i] or _BYLINE_WRITTEN.match(ctx.lines[i].norm))
        ):
            return _HARD_STOP  # the sign-off: the article goes on past it only as _resumes says
        return -_PENALTY / 2
    if role in ("caption", "duplicate", "meta", "title", "heading"):
        return -_PENALTY / 3
    if role is not None:
        return -_PENALTY
    norm = ctx.lines[i].norm
    if truncated(norm):
        return -_PENALTY / 3  # a teaser cut off with "...": it points to another page
    if _is_table_row(ctx, i):
        return _PENALTY / 3  # a row of a results table or a schedule: data of the article
    if f.stop >= stop_min:
        if f.punct and f.chars >= 80:
            return min(f.chars, 800.0)
        if f.punct and (f.chars >= 40 or f.sentences >= 2):
            return f.chars * 0.5
        if f.sentences >= 1 and f.chars >= 120:
            return f.chars * 0.5
        if f.words >= 10 and f.caps < 0.5:
            return f.chars * 0.3  # a sentence without its full stop; headlines are Title Case
    if f.stop >= stop_min * 0.6 and f.punct and f.chars >= 60 and f.caps < 0.5:
        return f.chars * 0.3  # a short sentence heavy with names and figures
    if f.punct and f.words >= 3:
        return -_PENALTY / 3
    return -_PENALTY


def _notice(ctx: _Ctx, i: int) -> bool:
    """Is the copyright line the page's notice (it gives a year or reserves rights), which closes
    the article? Without either it is a picture's credit ("© Getty Images"), which can stand
    anywhere in the text."""
    return bool(ctx.fields[i].get("year")) or bool(_RIGHTS.search(ctx.feats[i].low))


def _is_table_row(ctx: _Ctx, i: int) -> bool:
    """Columns separated by runs of spaces or tabs, with figures: a row of a table."""
    text = ctx.lines[i].text
    # A row's column gap is two spaces or a tab: a line with neither skips the search.
    return ("  " in text or "\t" in text) and bool(_TABLE_ROW.search(text)) and sum(c.isdigit() for c in ctx.lines[i].norm) >= 3


def _main_block(ctx: _Ctx) -> tuple[int, int]:
    """The article's lines ``[start, end)``: the first substantial maximum-sum run of line scores
    between hard stops (Kadane's algorithm, linear), widened up to a lede standing above a box of
    links or furniture, on past furniture and stops inside the article, and cut before the next
    article of an endless page."""
    n = len(ctx.lines)
    if n == 0:
        return 0, 0
    # The stopword share that marks prose, relative to this page's language (jusText uses one
    # stoplist per language; a page in a language our small list barely covers still works).
    dens = sorted(f.stop for f in ctx.feats if f.chars >= 80)
    ref = dens[(3 * len(dens)) // 4] if dens else 0.0
    stop_min = min(0.18, ref * 0.5) if ref >= 0.1 else 0.0
    scores = [_line_score(ctx, i, stop_min) for i in range(n)]
    # Hard stops (a comment form, a "related" header, the sign-off) cut the page into sections.
    # The article is the best run of the *first* section holding a substantial one: comments
    # and sidebars after the sign-off may hold more text, but they come after it.
    spans: list[tuple[float, int, int]] = []
    best, best_span = 0.0, (0, 0)
    run, run_start = 0.0, 0
    for i, s in enumerate([*scores, _HARD_STOP]):
        if s <= _HARD_STOP:
            spans.append((best, *best_span))
            best, best_span, run, run_start = 0.0, (0, 0), 0.0, i + 1
            continue
        if run <= 0:
            run, run_start = s, i
        else:
            run += s
        if run > best:
            best, best_span = run, (run_start, i + 1)
    top = max(score for score, _, _ in spans)
    if top <= 0:
        # No article-like text at all (a short note): keep everything rather than guess.
        ctx.no_article = True
        return 0, n

    def substantial(sp: tuple[float, int, int]) -> bool:
        # more than one paragraph and a fair share of the page's best: not a stray legal line
        paragraphs = sum(1 for k in range(sp[1], sp[2]) if scores[k] > 0)
        return sp[0] >= top or (sp[0] >= 0.3 * top and paragraphs >= 2)

    k = next(k for k, sp in enumerate(spans) if substantial(sp))
    start, end = spans[k][1], spans[k][2]
    # The article's first paragraphs, too short to count on their own, stood above a box of
    # links or a credit the article goes on past: the block starts with them.
    # A section holding no paragraph (a box of links between two "Related" headers) is passed over.
    above = k
    while above > 0:
        j = above - 1
        while j > 0 and spans[j][0] <= 0:
            j -= 1
        lede = _started_above(ctx, scores, spans[j][1:], start, end)
        if lede is None:
            break
        above, start = j, lede
    start = _lede_above_furniture(ctx, scores, start, end)
    start = _short_lede(ctx, start)
    # Known furniture (a share row, a gallery, a video strip) with the story's paragraphs after
    # it, or a box of links ("Related" and a few headlines), a tag line, a picture's dated credit
    # or a credit line with the article's paragraphs resuming right under it, stood inside the
    # article, not at its end: the block runs on past it.
    while True:
        end = _past_furniture(ctx, scores, start, end)
        if not (k + 1 < len(spans) and _resumes(ctx, scores, start, end, spans[k + 1][1])):
            break
        k += 1
        end = max(end, spans[k][2])
    end = _next_article(ctx, scores, start, end)
    end = _comments_start(ctx, scores, start, end)
    end = _before_author_bio(ctx, scores, start, end)
    end = _other_stories_at_end(ctx, scores, start, end)
    # The block ends on its last positive line; trailing negatives belong outside.
    while end > start and scores[end - 1] <= 0 and ctx.roles[end - 1] not in ("caption", "duplicate"):
        end -= 1
    end = _paywall_cut(ctx, scores, start, _short_last_sentences(ctx, start, end))
    return start, _list_announced_last(ctx, start, end)


_BOX = 6  #: at most this many lines from the article's last paragraph to its resumption past a box


def _resumes(ctx: _Ctx, scores: list[float], start: int, end: int, lo: int) -> bool:
    """Does the article ``[start, end)`` resume at line ``lo``, past the hard stops standing in
    between (:func:`_passes`), with paragraphs that go on with its story (:func:`_same_story`)?
    Teasers of other stories written as full sentences, an author's biography and the next
    article do not."""
    return _passes(ctx, scores, end, lo) and _same_story(
        ctx, _paragraphs(scores, start, end), _paragraphs(scores, lo, len(scores), _TOLD))


def _started_above(ctx: _Ctx, scores: list[float], run: tuple[int, int], start: int, end: int) -> int | None:
    """Where the article ``[start, end)`` started when its first paragraphs stand above the hard
    stops before it, too short to count on their own (a lede of two paragraphs over a box of
    links): the first of the paragraphs in a row that end the run ``run``, if the stops are
    passable (:func:`_passes`) and those paragraphs name the words the article repeats
    (:func:`_same_story`, read from the article: a lede sums up its story); else None. The
    headline, byline and standfirst above the paragraphs stay out."""
    lo, hi = run
    if hi <= lo or not _passes(ctx, scores, hi, start):
        return None
    return _lede(ctx, scores, lo, hi, start, end)


def _lede(ctx: _Ctx, scores: list[float], lo: int, hi: int, start: int, end: int) -> int | None:
    """The first of the paragraphs in a row ending at line ``hi`` (not above ``lo``) when there
    are two or more (one alone is the standfirst, which the gold bodies mostly leave out) and they
    name the words the article ``[start, end)`` repeats; else None."""
    first = hi
    while first > lo and ctx.roles[first - 1] is None and reads_as_prose(ctx.lines[first - 1].norm, ctx.feats[first - 1]):
        first -= 1
    if hi - first < 2 or not _same_story(ctx, _paragraphs(scores, start, end), list(range(first, hi))):
        return None
    return first


def _lede_above_furniture(ctx: _Ctx, scores: list[float], start: int, end: int) -> int:
    """Where the article ``[start, end)`` starts when its first paragraphs stand above a row of
    furniture a rule knew (a share row, a video promo, a newsletter box; no hard stop, no byline
    or date between): :func:`_lede` of the paragraphs right above the row, else ``start``."""
    j = start
    while j > 0 and ctx.roles[j - 1] in ("boilerplate", "caption") and scores[j - 1] > _HARD_STOP:
        j -= 1
    if j == start:
        return start
    lede = _lede(ctx, scores, 0, j, start, end)
    return start if lede is None else lede


def _short_lede(ctx: _Ctx, start: int) -> int:
    """Where the block starts when the article opens with one short sentence right above its
    first long paragraph ("John Doe's reign is over.", "It is over."): too short to outweigh the
    headline and furniture above it, it scored below zero and was cut. A line no rule decided,
    a :func:`~.features.short_sentence` (a caption without a verb, a standfirst of eight words
    or more and a headline without a full stop are not)."""
    i = start - 1
    if (i >= 0 and ctx.roles[i] is None and short_sentence(ctx.lines[i].norm, ctx.feats[i])
            and not _CREDIT_FIRST.match(ctx.lines[i].norm)):  # "GETTY Is it over?": a caption
        return i
    return start


def _passes(ctx: _Ctx, scores: list[float], end: int, lo: int) -> bool:
    """Can text run on from line ``end`` to paragraphs at line ``lo``, past the hard stops in
    between?

    Only a stop that can stand inside an article is passed (:func:`_passable`); a comment form,
    a notice reserving rights or a publication line ends it whatever follows. Under a pointer
    header ("Related" and a few headlines, a box inside the article) two paragraphs in a row must
    follow, not a list of teasers (numbered or bulleted; teasers cut short with "..." score below
    zero and never start a run). Under any other stop (a tag line, a dated picture credit, a
    "Written by" line) three must, and at once: an undecided line of four words or more in
    between is the headline of the next article (a tag is shorter)."""
    # the run may open with the box's last link, scoring a little above zero: the prose is after it
    while lo < len(ctx.lines) and lo - end <= _BOX and not reads_as_prose(ctx.lines[lo].norm, ctx.feats[lo]):
        lo += 1
    if lo - end > _BOX:
        return False
    stops = [i for i in range(end, lo) if scores[i] <= _HARD_STOP]
    kinds = {_passable(ctx, i) for i in stops}
    if not stops or None in kinds:
        return False
    if kinds == {"pointer"}:
        need = 2
    else:
        if any(ctx.roles[j] is None and ctx.feats[j].words >= HEADLINE_WORDS for j in range(stops[-1] + 1, lo)):
            return False  # the next article's headline between the stop and the prose (tags are shorter)
        need = 3
    if lo + need > len(ctx.lines):
        return False
    return all(reads_as_prose(ctx.lines[j].norm, ctx.feats[j]) and not LIST_ITEM.match(ctx.lines[j].norm)
               for j in range(lo, lo + need))


def _passable(ctx: _Ctx, i: int) -> str | None:
    """The kind of hard stop line ``i`` is, when the article may go on past it: ``pointer`` (a
    header over links to other pages), ``note`` (a tag line, an "About the author" header, a
    copyright credit giving a year but reserving no rights or naming a picture, a "Written by"
    line or a wire story's credits, "Reporting by ...; Editing by ..."); None for a stop that
    ends the article."""
    bare = unframe(ctx.lines[i].norm)
    if ctx.roles[i] == "boilerplate":
        if _POINTER_END.match(bare):
            return "pointer"
        return "note" if _TAG_LINE.match(bare) or ctx.fields[i].get("kind") == "author_box" else None
    kind = ctx.fields[i].get("kind")
    if kind == "copyright":
        low = ctx.feats[i].low
        # a notice reserving rights ends the article, unless it is a picture's credit ("Photo:
        # X/Agency. © 2024 Agency. All rights reserved." under a picture inside the article)
        return "note" if not _RIGHTS.search(low) or _PICTURE_CREDIT.search(low) else None
    return "note" if kind == "byline" else None


#: Words of a picture's credit (searched in a line's lower-case text).
_PICTURE_CREDIT = re.compile(r"\b(?:photo(?:graph)?|image|picture|pictured|getty|shutterstock)\b")


def _past_furniture(ctx: _Ctx, scores: list[float], start: int, end: int) -> int:
    """Where the block ``[start, end)`` ends when the story goes on past furniture standing in
    it: every line from ``end`` on is one a rule knew (a share row, a prompt, a gallery, a video
    strip, a caption; no hard stop, no undecided line), and the first line after them is a
    paragraph; the paragraphs there go on with the story (:func:`_same_story`). Their run (as
    far as its sum of scores grows) joins the block, and the search goes on from its end. Such
    furniture costs more than a short last paragraph or two weigh, so the search for the block
    alone stops before it: the article's last paragraphs were cut."""
    n = len(ctx.lines)
    while True:
        j = end
        while j < n and ctx.roles[j] is not None and scores[j] > _HARD_STOP:
            j += 1
        if j == end or j >= n or ctx.roles[j] is not None or scores[j] <= 0:
            return end
        if not reads_as_prose(ctx.lines[j].norm, ctx.feats[j]):
            return end
        run, best, stop = 0.0, 0.0, j
        for m in range(j, n):
            if scores[m] <= _HARD_STOP:
                break
            run += scores[m]
            if run <= 0:
                break
            if run > best:
                best, stop = run, m + 1
        if not _same_story(ctx, _paragraphs(scores, start, end), _paragraphs(scores, j, stop, _TOLD)):
            return end
        end = stop
