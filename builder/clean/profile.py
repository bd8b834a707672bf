"""The corpus profile: which lines recur across the files and stories of the site."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..disjoint import DisjointSets
from ..models import Article
from .features import _ends_like_sentence


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


def corpus_profile(articles: list[Article]) -> CorpusProfile:
    """Count, in one linear pass, how many files and stories each normalised line occurs in."""
    files = DisjointSets(len(articles))
    per_file: list[set[str]] = []
    line_files: Counter[str] = Counter()
    for art in articles:
        keys = {_key(line.norm) for line in art.lines}
        per_file.append(keys)
        line_files.update(keys)
    # Join files that share article text (a long sentence found in few files) or a story key.
    first_with: dict[str, int] = {}
    few = max(8, len(articles) // 50)  # a sentence in very many files is template, not a story
    for i, (art, keys) in enumerate(zip(articles, per_file, strict=True)):
        anchors = [f"story:{art.front['story']}"] if art.front.get("story") else []
        anchors += [k for k in keys if len(k) >= 80 and line_files[k] <= few and _ends_like_sentence(k)]
        for k in anchors:
            files.join(i, first_with.setdefault(k, i))
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


