"""Photo galleries and video carousels, known by their shape rather than their words: slide
counters out of one total ("3 of 12") and duration stamps ("01:14") repeating a few lines apart,
with the captions, titles and shouted labels ("JUST WATCHED") between them."""

from __future__ import annotations

import os
import re

from .context import _Ctx
from .features import _titleish, reads_as_sentence
from .profile import _key

_COUNTER = re.compile(r"(?:^|\s)(\d{1,3})\s*(?:of|/)\s*(\d{1,3})\s*$", re.I)
_DURATION = re.compile(r"(?:^|\s)\d{1,2}:\d{2}(?::\d{2})?\s*$")
_PROMO = 6  #: at most this many lines of labels and titles above a video strip's first stamp
_GALLERY_GAP = 6  #: at most this many lines of caption between two slide counters


def _counter(ctx: _Ctx, i: int) -> tuple[int, int] | None:
    """``1 of 59``, ``Hide Caption 12 of 59``, ``3/12``: a slide counter (a short line ending in
    a number out of a larger one)."""
    if ctx.feats[i].words > 6:
        return None
    m = _COUNTER.search(ctx.lines[i].norm)
    if not m:
        return None
    k, n = int(m.group(1)), int(m.group(2))
    return (k, n) if 1 <= k <= n and n >= 2 else None


def _runs(idx: list[int], gap: int) -> list[list[int]]:
    """Ascending line numbers split into runs, each number at most ``gap`` after the one before."""
    runs: list[list[int]] = []
    for i in idx:
        if runs and i - runs[-1][-1] <= gap:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def rule_gallery(ctx: _Ctx) -> None:
    """A photo gallery: three or more slide counters out of the same total, close together.
    The counters and every line between them (each slide's caption) are captions; so is one
    slide's worth of lines on the side of the run the counters leave open (:func:`_open_slide`):
    before the first counter where each slide ends with its counter ("... Hide Caption 1 of 59"),
    after the last where each opens with it ("1 of 12", then the caption)."""
    counters = [(i, c) for i in range(len(ctx.lines)) if (c := _counter(ctx, i))]
    by_total: dict[int, list[int]] = {}
    for i, (_, n) in counters:
        by_total.setdefault(n, []).append(i)
    for idx in by_total.values():
        for run in _runs(idx, _GALLERY_GAP + 1):
            if len(run) < 3:
                continue
            for i in (*_open_slide(ctx, run), *range(run[0], run[-1] + 1)):
                if ctx.roles[i] is None:
                    ctx.set(i, "caption", "gallery", kind="gallery")
    _counted_slides(ctx)
    _titled_slides(ctx)


#: A slide's number out of the gallery's total anywhere in a line ("Buzz60 12 of 41 Skip ...",
#: "1/30 Earth from the ISS ...").
_INLINE_COUNTER = re.compile(r"(?<!\S)(\d{1,3}) ?(?:of|/) ?(\d{1,3})(?!\S)")
#: A figure, "of" or "/", a figure: what every counter holds, searched first in a line.
_COUNTER_HINT = re.compile(r"\d ?(?:of|/) ?\d")
_OF_FIGURE = re.compile(r" of \d")
_SLASH_FIGURE = re.compile(r"/ ?\d")


def _counted_slides(ctx: _Ctx) -> None:
    """A gallery copied one slide to a line, each line holding its slide's number out of one
    total wherever in the line ("Buzz60 12 of 41 Skip ...", "1/30 Earth from the ISS ..."):
    three or more such lines, each numbered one more than the one before and at most
    :data:`_GALLERY_GAP` lines after it, are the gallery's slides, and the lines between them
    (a caption's second line) too. A figure "3 of 5" in a sentence of news has no run of
    numbers after it."""
    # Three counters at least: two searches of the whole text for their literal part (" of 4",
    # "/3"; fast, unlike a pattern opening with a figure) end the work for most articles.
    text = "\n".join([line.norm for line in ctx.lines])
    if len(_OF_FIGURE.findall(text)) + len(_SLASH_FIGURE.findall(text)) < 3:
        return
    # per total: the last line numbered, its number, the run's first line and how many in a row
    last: dict[int, tuple[int, int, int, int]] = {}
    runs: list[tuple[int, int, int]] = []  # first line, last line, lines numbered
    for i in range(len(ctx.lines)):
        norm = ctx.lines[i].norm
        if ctx.roles[i] is not None or not _COUNTER_HINT.search(norm):
            continue  # every counter holds these: most lines skip the dearer search
        for m in _INLINE_COUNTER.finditer(norm):
            k, n = int(m.group(1)), int(m.group(2))
            if not 1 <= k <= n or n < 3:
                continue
            prev = last.get(n)
            if prev and prev[1] == k - 1 and i - prev[0] <= _GALLERY_GAP:
                last[n] = (i, k, prev[2], prev[3] + 1)
            else:
                if prev:
                    runs.append((prev[2], prev[0], prev[3]))
                last[n] = (i, k, i, 1)
            break
    runs += [(first, line, count) for line, _, first, count in last.values()]
    for first, line, count in runs:
        if count >= 3:
            for i in range(first, line + 1):
                if ctx.roles[i] is None:
                    ctx.set(i, "caption", "gallery", kind="gallery")


#: Slides copied with their gallery's title: at least this many lines in a row opening with the
#: same words ...
TITLED_SLIDES = 3
#: ... at least this many of them, each line going on with a capital (the slide's own title)
SLIDE_TITLE_WORDS = 4


def _titled_slides(ctx: _Ctx) -> None:
    """A gallery copied slide by slide, each slide prefixed with the gallery's title
    ("Millbrook waterworks at 150 The first pumps ...", "Millbrook waterworks at 150 Open days
    ..."): :data:`TITLED_SLIDES` undecided lines in a row or more that open with the same
    :data:`SLIDE_TITLE_WORDS` words or more, each going on with a capital after the words they
    all share. Paragraphs that open alike ("We will repair every filter bed in the valley
    before ...", "... with parts ...") go on in lower case."""
    n = len(ctx.lines)
    # only the first words are split off: this runs on every line of the site
    heads = [ctx.lines[i].norm.split(None, SLIDE_TITLE_WORDS)[:SLIDE_TITLE_WORDS] if ctx.roles[i] is None else None
             for i in range(n)]
    i = 0
    while i < n:
        j = i + 1
        if heads[i] is not None and len(heads[i]) == SLIDE_TITLE_WORDS:
            while j < n and heads[j] == heads[i]:
                j += 1
        if j - i >= TITLED_SLIDES:
            words = [ctx.lines[k].norm.split() for k in range(i, j)]
            shared = len(os.path.commonprefix(words))
            if all(len(w) > shared and w[shared][:1].isupper() for w in words):
                for k in range(i, j):
                    ctx.set(k, "caption", "gallery", kind="gallery")
        i = j


def _open_slide(ctx: _Ctx, run: list[int]) -> range:
    """The lines of the slide a run of counters leaves open: the slide before the first counter
    or the one after the last, whichever repeats the furniture of the slides between counters (a
    "Hide Caption" line, a gallery title); without such a line, the side whose lines are no
    longer than the captions (the article's paragraphs usually are)."""
    size = run[1] - run[0] - 1
    inner = range(run[0] + 1, run[1])
    lead = range(max(0, run[0] - size), run[0])
    tail = range(run[-1] + 1, min(len(ctx.lines), run[-1] + 1 + size))
    furniture = {_key(ctx.lines[i].norm) for i in inner}
    for side in (lead, tail):
        if any(_key(ctx.lines[i].norm) in furniture for i in side):
            return side
    longest = max((ctx.feats[i].chars for i in inner), default=0)
    for side in (lead, tail):
        if len(side) and all(ctx.feats[i].chars <= longest for i in side):
            return side
    return range(0)


def _media_mark(ctx: _Ctx, i: int) -> bool:
    """A video or slide stamp: a short line ending in a duration (``01:14``) or a counter."""
    return ctx.feats[i].words <= 8 and bool(_DURATION.search(ctx.lines[i].norm) or _counter(ctx, i))


def _shouted(ctx: _Ctx, i: int) -> bool:
    """A label in capitals (``JUST WATCHED``, ``MUST WATCH``): one to four words, no figures."""
    norm, f = ctx.lines[i].norm, ctx.feats[i]
    return 1 <= f.words <= 4 and not f.punct and norm.isupper() and not any(c.isdigit() for c in norm)


def rule_media_run(ctx: _Ctx) -> None:
    """A video carousel or a strip of clips: two or more duration stamps (or counters) within a
    few lines of each other, or one under a label in capitals (``MUST WATCH``), with capitalised
    labels and short titles between them. The stamps, the labels and every short line that is
    not a sentence in the stretch are clutter; so are the labels and titles just above it, past
    the lines a rule already dropped there (``JUST WATCHED``, a title, ``Replay``, ``More Videos
    ...``, ``MUST WATCH``, then the clip)."""
    marks = [i for i in range(len(ctx.lines)) if ctx.roles[i] in (None, "caption") and _media_mark(ctx, i)]
    for run in _runs(marks, 4):
        lo, hi = run[0], run[-1]
        while lo > 0 and run[0] - lo < _PROMO and (
                ctx.roles[lo - 1] == "boilerplate"
                or ctx.roles[lo - 1] is None and (_shouted(ctx, lo - 1) or _titleish(ctx.feats[lo - 1]))):
            lo -= 1
        if len(run) < 2 and not any(ctx.roles[i] is None and _shouted(ctx, i) for i in range(lo, run[0])):
            continue
        for i in range(lo, hi + 1):
            f = ctx.feats[i]
            if ctx.roles[i] is None and (_shouted(ctx, i) or _media_mark(ctx, i) or _titleish(f)
                                         or not reads_as_sentence(ctx.lines[i].norm, f)):
                ctx.set(i, "boilerplate", "media_run")
