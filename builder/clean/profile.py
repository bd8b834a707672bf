"""The corpus profile: which lines recur across the files and stories of the site."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..disjoint import DisjointSets
from ..models import Article
from .features import _ends_like_sentence
from .vocab import STOPWORDS


@dataclass
class CorpusProfile:
    """Corpus-wide evidence for the clean stage.

    ``line_files`` counts the files each normalised line occurs in; ``line_stories`` counts the
    *distinct stories* among them. Stories are approximated without the group stage: files
    sharing a long sentence (or a front-matter ``story``) are joined, so a wire text republished
    by five sites is one story while a site's menu found on articles about different events
    recurs across several.
    """

    files: int = 0
    line_files: dict[str, int] = field(default_factory=dict)
    line_stories: dict[str, int] = field(default_factory=dict)

    def stories_of(self, norm: str) -> int:
        return self.line_stories.get(_key(norm), 0)

    def recurs(self, norm: str) -> bool:
        """Whether the line is found in files of :data:`RECURRING_STORIES` stories or more."""
        return self.stories_of(norm) >= RECURRING_STORIES


#: A short line found in this many stories is a site's template, not an article's text.
RECURRING_STORIES = 2


def profile_key(profile: CorpusProfile, article: Article) -> tuple[int, ...]:
    """All that :func:`clean` takes from the corpus evidence about ``article``: which of its lines
    recur across stories (their positions). A cleaned article stays valid while this is the same,
    however the counts behind it grow — so adding articles re-cleans only the few whose lines
    newly cross the threshold, not every article of an outlet whose template line was counted
    once more."""
    return tuple(i for i, line in enumerate(article.lines) if profile.recurs(line.norm))


def _key(norm: str) -> str:
    return norm.casefold()


#: Sentences the story test compares: long enough to be reporting, not a label.
_MIN_SENTENCE_CHARS = 50
#: A sentence held by more files than this is not looked at pair by pair (the cost would grow
#: with the square of its files); so many copies of one text are a template or a story told
#: in so many words that other sentences join its files.
_MAX_HOLDERS = 40
#: Two files are one story when the sentences they share make up this share of the shorter
#: file's sentences: copies of one wire text share most of their prose, two articles of one
#: site share only its furniture (a legal note, an "about us" blurb) beside their own text.
SHARED_PROSE = 0.2
#: Two files holding a common line are one story when the cosine of their content words (IDF
#: weighted) reaches this: outlets retelling one event share its names, places and figures even
#: in their own words. On the 124 labelled dev-story articles (not the pages bench_clean scores)
#: pairs of one event reach 0.15 in 73 % of cases, pairs of different events in 7 of 7,274.
SAME_STORY_COSINE = 0.15
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}|\d[\d.,]*\d")
_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z\u00c0-\u024f\u0410-\u042f0-9])")


def _sentences(norm: str) -> list[str]:
    """The sentence-like pieces of a line long enough to be reporting (lower-cased), so two
    copies that break paragraphs differently still share their sentences."""
    return [s for s in _SPLIT.split(_key(norm)) if len(s) >= _MIN_SENTENCE_CHARS and _ends_like_sentence(s)]


def corpus_profile(articles: list[Article]) -> CorpusProfile:
    """Count how many files and stories each normalised line occurs in.

    Stories without the group stage: two files are one story when they share a ``story`` key or
    when the sentences they share (two or more) are at least :data:`SHARED_PROSE` of the
    shorter one's sentences (shared reporting, as wire copies and republications have), or when
    they hold a common line and tell of the same things (:data:`SAME_STORY_COSINE`: a quote, a tweet or a
    wire headline that rewritten reports of one event share). Sharing a stock sentence or a menu
    does not make two articles of a site one story. Linear in the corpus but for the pairs of
    files holding one line, at most ``_MAX_HOLDERS`` squared per line.
    """
    files = DisjointSets(len(articles))
    per_file: list[set[str]] = []
    line_files: Counter[str] = Counter()
    sentence_files: dict[str, list[int]] = {}
    prose = [0] * len(articles)
    content: list[Counter[str]] = []
    first_with: dict[str, int] = {}
    for i, art in enumerate(articles):
        keys = {_key(line.norm) for line in art.lines}
        per_file.append(keys)
        line_files.update(keys)
        if art.front.get("story"):
            files.join(i, first_with.setdefault(str(art.front["story"]), i))
        content.append(_content_words(art))
        mine = {s for line in art.lines for s in _sentences(line.norm)}
        prose[i] = sum(len(s) for s in mine)
        for s in mine:
            sentence_files.setdefault(s, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    count: Counter[tuple[int, int]] = Counter()
    for s, holders in sentence_files.items():
        if 2 <= len(holders) <= _MAX_HOLDERS:
            for a, i in enumerate(holders):
                for j in holders[a + 1:]:
                    shared[i, j] += len(s)
                    count[i, j] += 1
    for (i, j), chars in shared.items():
        if count[i, j] >= 2 and chars >= SHARED_PROSE * min(prose[i], prose[j]):
            files.join(i, j)
    vectors = _weigh(content)
    line_holders: dict[str, list[int]] = {}
    for i, keys in enumerate(per_file):
        for k in keys:
            if 2 <= line_files[k] <= _MAX_HOLDERS:
                line_holders.setdefault(k, []).append(i)
    seen: set[tuple[int, int]] = set()
    for holders in line_holders.values():
        for a, i in enumerate(holders):
            for j in holders[a + 1:]:
                if (i, j) in seen or files.find(i) == files.find(j):
                    continue
                seen.add((i, j))
                if _cosine(vectors[i], vectors[j]) >= SAME_STORY_COSINE:
                    files.join(i, j)
    stories: dict[str, set[int]] = {}
    for i, keys in enumerate(per_file):
        root = files.find(i)
        for k in keys:
            if line_files[k] > 1:
                stories.setdefault(k, set()).add(root)
    return CorpusProfile(
        files=len(articles),
        line_files={k: n for k, n in line_files.items() if n > 1},
        line_stories={k: len(v) for k, v in stories.items()},
    )


def _content_words(art: Article) -> Counter[str]:
    """The words of the file's prose lines (eight words or more) that carry content: four
    letters or more and no stopword, or a figure."""
    words: Counter[str] = Counter()
    for line in art.lines:
        if line.norm.count(" ") >= 7:
            words.update(w for w in _CONTENT_WORD.findall(line.norm.lower()) if w not in STOPWORDS)
    return words


def _weigh(content: list[Counter[str]]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors (log term frequency); a word in every file weighs nothing."""
    n = len(content)
    df: Counter[str] = Counter(w for c in content for w in c)
    out = []
    for c in content:
        v = {w: (1 + math.log(k)) * math.log(n / df[w]) for w, k in c.items() if df[w] < n}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({w: x / norm for w, x in v.items()})
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())
