"""Plain dataclasses that flow between the pipeline stages.

read → clean → identify → group → align → trace → render. Each stage is a function from
these dataclasses to these dataclasses; only :mod:`builder.read` and :mod:`builder.build`
touch the disk, so every stage can be tested (and cached) on its own.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform()
def record(frozen: bool = False) -> Callable[[type[_T]], type[_T]]:
    """``@dataclass(slots=True)`` whose instances pickle as their constructor's arguments.

    Slots save memory on the millions of lines, blocks and variants of a large site; but a
    slotted dataclass pickles through Python-level state methods, about 2.5 times slower than a
    plain one, and pickling is how results come back from worker processes and how the build
    cache is kept. Pickled as ``cls(*fields)`` it is faster than either, and smaller.
    """

    def wrap(cls: type[_T]) -> type[_T]:
        made = dataclass(slots=True, frozen=frozen)(cls)
        names = tuple(made.__slots__)  # the fields, in the constructor's order
        get = attrgetter(*names)
        if len(names) == 1:
            made.__reduce__ = lambda self: (made, (get(self),))  # type: ignore[method-assign]
        else:
            made.__reduce__ = lambda self: (made, get(self))  # type: ignore[method-assign]
        return made

    return wrap

#: Every line of an article gets exactly one of these roles in the clean stage.
ROLES: tuple[str, ...] = (
    "title",
    "meta",
    "body",
    "heading",
    "caption",
    "attribution",
    "boilerplate",
    "duplicate",
)


@record(frozen=True)
class Line:
    """One non-blank line (or, for Markdown, one block) of an article as read from disk.

    ``number`` is the 1-based line number in the file, front matter included, so an editor can
    find it. Glued text (``December 3, 2024Iranian-backed ...``) is split into several ``Line``
    objects that share one number.
    """

    number: int
    text: str  #: original text, for display
    norm: str  #: normalised text (quotes, dashes, white space), for matching
    hint: str = ""  #: Markdown block kind: "heading", "list_item", "blockquote" or ""


@record()
class Article:
    """The read stage's result for one file."""

    id: str  #: unique id, the file stem (made unique when two folders hold the same name)
    path: str  #: POSIX path relative to the content folder
    format: str  #: "txt" or "md"
    front: dict[str, Any]  #: front matter, validated to plain str/list values
    lines: list[Line]
    encoding: str
    digest: str  #: sha256 of the raw bytes, the cache key
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@record()
class Block:
    """A line with the role the clean stage gave it and the rule that decided it."""

    line: int
    text: str
    norm: str
    role: str
    rule: str
    #: parsed fields of attribution notes, e.g. {"kind": "agency_credit", "agencies": [...]}
    fields: dict[str, Any] = field(default_factory=dict)


@record()
class CleanArticle:
    article: Article
    blocks: list[Block]


@record()
class Source:
    """One article as a source of a story: who published it and what it says."""

    id: str
    path: str
    outlet: str
    outlet_from: str  #: "front matter", "site.toml", "folder", "address" (its URL or e-mail domain), "attribution" or "unknown"
    outlet_url: str | None
    url: str | None
    agencies: list[str]
    byline: str | None
    dateline: str | None
    published: str | None  #: ISO date (YYYY-MM-DD) or None
    title: str
    title_derived: bool
    story_key: str | None  #: forced story membership (front matter or site.toml)
    language: str
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.role == "body"]

    @property
    def attribution(self) -> list[Block]:
        return [b for b in self.blocks if b.role == "attribution"]

    @property
    def removed(self) -> list[Block]:
        return [b for b in self.blocks if b.role in ("boilerplate", "duplicate")]


@record()
class StoryGroup:
    """The group stage's result: which sources tell one story."""

    slug: str
    source_ids: list[str]


@record()
class Sentence:
    source: str  #: source id
    index: int  #: position in the source's body, 0-based
    line: int  #: line number in the source file
    text: str
    norm: str


@record()
class Conflict:
    kind: str  #: "number", "actor" or "quote"
    values: dict[str, list[str]]  #: the value each group of sources gives → their ids


@record()
class Variant:
    source: str
    text: str
    sentence: int  #: index of the sentence in its source
    score: float  #: similarity to the fact's canonical text, 0–1


@record()
class Fact:
    id: str
    text: str  #: canonical wording
    canonical_source: str
    sources: list[str]
    variants: list[Variant]
    conflicts: list[Conflict] = field(default_factory=list)
    speaker: str | None = None  #: who is quoted, when the fact is a quote


@record()
class Relation:
    a: str
    b: str
    shared_facts: int
    kind: str  #: "copy", "rewrite", "shared wire" or "independent"
    verbatim: float  #: mean similarity of the shared sentences, 0–1


class Facts(Sequence[Fact]):
    """A story's facts, kept pickled from when they leave the worker that aligned them until
    something reads them.

    Most stories of a large site are only counted in a build — the index, the feed and the
    summary ask how many facts and conflicts they have — and their pages are re-rendered only
    when they change. So the main process keeps each story's facts as the bytes the align worker
    sent, hands them on to the render workers and to the build cache as they are, and a rebuild
    after one new article unpickles the facts of the one story that changed, not of all of them.
    The counts are kept beside the bytes.
    """

    __slots__ = ("_blob", "_items", "count", "conflicts")

    def __init__(self, facts: list[Fact]) -> None:
        self._items: list[Fact] | None = facts
        self._blob: bytes | None = None
        self.count = len(facts)
        self.conflicts = sum(len(f.conflicts) for f in facts)  #: conflicts over all the facts

    @classmethod
    def _packed(cls, blob: bytes, count: int, conflicts: int) -> Facts:
        made = cls.__new__(cls)
        made._items, made._blob, made.count, made.conflicts = None, blob, count, conflicts
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        blob = self._blob if self._blob is not None else pickle.dumps(self._items, pickle.HIGHEST_PROTOCOL)
        return (Facts._packed, (blob, self.count, self.conflicts))

    def _list(self) -> list[Fact]:
        if self._items is None:
            assert self._blob is not None
            self._items, self._blob = pickle.loads(self._blob), None  # one copy in memory, not two
        return self._items

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: Any) -> Any:
        return self._list()[i]

    def __iter__(self) -> Iterator[Fact]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Facts):
            other = other._list()
        return isinstance(other, list) and self._list() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Facts({self._list()!r})"


@dataclass
class Story:
    """Everything a digest page shows. Built once and not changed after, so the figures derived
    from it are computed on first use and kept (the index and feed ask for each of them)."""

    slug: str
    title: str
    sources: list[Source]
    facts: Facts  #: a list of :class:`Fact` given to the constructor is wrapped
    relations: list[Relation]
    copy_of: dict[str, str | None]  #: source id → id of the source it copies, or None

    def __post_init__(self) -> None:
        if not isinstance(self.facts, Facts):
            self.facts = Facts(list(self.facts))

    @cached_property
    def dates(self) -> list[str]:
        """The distinct publication dates of the sources, oldest first."""
        return sorted({s.published for s in self.sources if s.published})

    @cached_property
    def published(self) -> str | None:
        """The newest publication date: the story is as new as its latest source."""
        dates = self.dates
        return dates[-1] if dates else None

    @property
    def conflicts(self) -> int:
        return self.facts.conflicts
