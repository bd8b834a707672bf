"""What the rules see: the lines, their features, the roles decided so far, the main block."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..config import CleanSettings
from ..models import Article, Line
from .features import _Feat
from .profile import CorpusProfile


@dataclass
class _Ctx:
    """What the rules see: the lines, their features, and the roles decided so far."""

    article: Article
    lines: list[Line]
    feats: list[_Feat]
    settings: CleanSettings
    profile: CorpusProfile | None
    roles: list[str | None]
    rules: list[str]
    fields: list[dict[str, Any]]
    _block: tuple[int, int] | None = None
    no_article: bool = False  #: no article-like text found: the block is the whole file

    def set(self, i: int, role: str, rule: str, **fields: Any) -> None:
        self.roles[i] = role
        self.rules[i] = rule
        if fields:
            self.fields[i].update(fields)

    def open(self) -> Iterable[int]:
        return (i for i, r in enumerate(self.roles) if r is None)

    @property
    def block(self) -> tuple[int, int]:
        """The main block ``[start, end)``, computed once from the roles decided so far."""
        if self._block is None:
            from .block import _main_block  # the block search reads the roles: imported late

            self._block = _main_block(self)
        return self._block


Rule = Callable[[_Ctx], None]

