"""Does a run of lines go on with the article's story? The words its paragraphs repeat (its
people, places and subject), named again: what the main-block search and the seams at the
article's end read to tell the story going on from teasers, a biography or the next article."""

from __future__ import annotations

import re
from itertools import islice

from .context import _Ctx
from .vocab import STOPWORDS

_SAME_STORY = 0.75  #: shared repeated words per paragraph of the article (:func:`_same_story`)
_TOLD = 3  #: the paragraphs past a stop read to tell whether they go on with the story


def _paragraphs(scores: list[float], lo: int, hi: int, most: int | None = None) -> list[int]:
    """The lines of ``[lo, hi)`` scoring above zero (the article's paragraphs), the first ``most``
    of them when given (the scan stops there)."""
    return list(islice((i for i in range(lo, hi) if scores[i] > 0), most))


_WORD = re.compile(r"\w+")


def _stems(text: str) -> set[str]:
    """The content words of ``text``, cut to five letters (so "engineer" and "engineers" meet)."""
    return {w[:5] for w in _WORD.findall(text.lower()) if len(w) >= 4 and not w.isdigit() and w not in STOPWORDS}


def _same_story(ctx: _Ctx, before: list[int], after: list[int]) -> bool:
    """Do the lines ``after`` go on with the story of the paragraphs ``before``? The words they
    share with it that it repeats (found in two or more of its paragraphs: its people, places and
    subject), each counted once per paragraph naming it, must come to three quarters of its
    paragraphs or more. Other stories share a word or two by chance, seldom the story's own.

    Measured on the dev pages' kept paragraphs (``benchmarks/bench_same_story.py``; ``before``: a
    page's first 2 to 6, ``after``: its next three, or three of another page): the page going on
    is told so in 76-92 % of pages, another story in 4-8 % (at half the paragraphs: 76-96 %
    against 7-19 %). Told wrongly, the article is cut where it was before. On the texts of
    ``tests/test_clean_end.py``: 1.0 to 1.33 for the article going on (0.9 for a lede of two
    paragraphs above furniture), 0.17 to 0.33 for teasers, an author's biography or the next
    article."""
    texts = [ctx.lines[i].norm for i in before]
    return story_overlap(texts, [ctx.lines[j].norm for j in after]) >= _SAME_STORY


def story_overlap(before: list[str], after: list[str]) -> float:
    """The words of the texts ``after`` that the paragraphs ``before`` repeat (each found in two
    or more of them), each counted once per paragraph naming it, per paragraph of ``before``
    (0 without paragraphs). ``benchmarks/bench_same_story.py`` measures it on the dev pages."""
    if not before:
        return 0.0
    seen: dict[str, int] = {}
    for text in before:
        for w in _stems(text):
            seen[w] = seen.get(w, 0) + 1
    named = set().union(*(_stems(text) for text in after))
    return sum(n for w, n in seen.items() if n >= 2 and w in named) / len(before)
