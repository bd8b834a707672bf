"""Failed copies: a file whose text is nothing like an article (a menu, a gallery, a login page —
what a copy-and-paste gives when it missed the article) is named, not made into a story.

The evidence is the cleaned text's shape, not any site's words: an article has sentences of prose
among the lines kept as its text. A file of several lines of which none kept as text reads as a
sentence is a failed copy. Files of a line or two are notes and stay stories, whatever they hold.
"""

from __future__ import annotations

from ..models import CleanArticle
from .features import _features, reads_as_prose

#: A file with fewer lines than this is a short note, never judged a failed copy.
MIN_LINES = 4


class NotAnArticle(ValueError):
    """The file's text is nothing like an article; the message says why, for the warning."""


def failed_copy(cleaned: CleanArticle) -> str | None:
    """Why the cleaned file is no article (None when it is one)."""
    lines = len(cleaned.article.lines)
    if lines < MIN_LINES:
        return None
    body = [b for b in cleaned.blocks if b.role == "body"]
    if any(reads_as_prose(b.norm, _features(b.norm)) for b in body):
        return None
    kept = f"{len(body)} kept as text" if body else "nothing kept as text"
    return (f"reads like no article: not one of its {lines} lines is a sentence of text ({kept}); "
            "a menu, a gallery or a login page copied instead of the article?")


def require_article(cleaned: CleanArticle) -> CleanArticle:
    """``cleaned`` itself, or :class:`NotAnArticle` when it is a failed copy (the build turns the
    exception into a warning naming the file, and makes no story of it)."""
    problem = failed_copy(cleaned)
    if problem:
        raise NotAnArticle(problem)
    return cleaned
