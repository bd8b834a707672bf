"""Group stage: which sources tell one story — one story per event, not per topic.

The stage sees the whole site at once, so word rarity (IDF) is measured over the site itself.

1. **Represent** each source twice (``terms.py``, ``lede.py``):

   - its *words*: the content words of its title, lede and body (lower-cased, possessives and
     plurals folded, stop words dropped; the first ``BODY_WORDS`` words only), weighted by
     sublinear term frequency — title and lede count more — times IDF over the site, as a unit
     vector. Rare terms (names, places, figures) weigh most: they set an event apart from its
     topic. A term found in one source only is dropped, and so is page furniture in effect:
     what recurs across many pages has a low IDF.
   - its *meaning*: the mean WordLlama vector of its title and first sentences (the lede,
     which states the event), normalised.
2. **Block** (cheap candidate generation, no all-pairs step, ``terms.py``): each source's
   *signature* is its ``SIGNATURE_TERMS`` highest-weighted terms that occur in at least one
   other source. An inverted index maps each signature term to the sources that carry it; two
   sources are a candidate pair when they share at least ``MIN_SHARED`` signature terms. In a
   posting list longer than ``POSTING_CAP`` each source meets only its ``WINDOW`` nearest in
   date, so the work is bounded by ``n · SIGNATURE_TERMS · POSTING_CAP``. When both sources carry
   a date, dates further apart than ``GroupSettings.max_days`` rule the pair out.
3. **Score** each candidate pair by the probability that the two report the same happening
   (``event.py``): a logistic regression over the word cosine, the titles' likeness, the
   centred lede meaning cosine, the best match between a sentence of one article's lead (title
   and first sentence) and a sentence of the other's lede, and the share of rare names the two
   ledes have in common — what sets an event apart from its topic. Two tellings of one event
   agree in these; two events of one topic share words, and further down their ledes the
   topic's stock sentences, but not their lead and names. Each source is read without the page furniture it shares with unrelated
   pages (``furniture.py``).
4. **Cluster** by average linkage (:func:`~builder.group.event.average_linkage`): pairs at or
   above ``GroupSettings.threshold`` (0.5: more likely one event than not) strongest first, but
   two clusters merge only when the *mean* probability over their cross pairs reaches the
   threshold too. A story is thus accepted as a whole, not as a chain: an article touching two
   events of one topic joins one of them, and the two stay apart. Two clusters whose date
   ranges lie more than ``max_days`` apart never merge.

Sources with a ``story_key`` (front matter or ``site.toml``) skip steps 2–4: all sources with the
same key form one story, closed to every other source.

Slugs are chosen by :func:`assign_slugs` (``slugs.py``).

Parameters. The regression's weights are fitted on the development articles' pairs and
cross-validated by *event* (``benchmarks/bench_group.py --fit`` / ``--cv``: whole events held
out, the weights fitted on the other events' pairs, the whole site grouped with them and scored
on the pairs that involve a held-out article). The threshold is not tuned. Events in such data
run for weeks (follow-ups, later reactions), so ``max_days`` is a month.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import GroupSettings
from ..models import Source, StoryGroup
from .event import EXACT_PAIRS, EventModel, Evidence, attach_sentences, average_linkage, evidence
from .furniture import LineIndex, without
from .lede import centred, lede_embedding
from .slugs import SLUG_CHARS, assign_slugs
from .terms import (
    MIN_SHARED,
    POSTING_CAP,
    WINDOW,
    GroupStats,
    _candidates,
    _dates_apart,
    _Doc,
    _doc,
    _signature,
    _vectorise,
    similarity,
    tokens,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "POSTING_CAP",
    "SLUG_CHARS",
    "GroupIndex",
    "GroupStats",
    "assign_slugs",
    "cluster",
    "group",
    "similarity",
    "tokens",
]

@dataclass
class _Story:
    ids: set[str]
    first: dt.date | None
    last: dt.date | None
    key: str | None = None  #: a forced story's key


class GroupIndex:
    """The grouping of a whole site, kept so that a few changed sources can be placed again
    without regrouping everything (``watch``).

    Built from scratch it is exactly the algorithm of the module docstring. :meth:`update`
    removes deleted or changed sources from their stories and places each new one into the
    story it links to best — by the same blocking, probability, average-link and date rules — or
    into a story of its own. It never merges or splits the other stories, and word vectors keep
    the word rarity of the time they were made, so after many changes a full build may group a
    little differently; ``watch`` rebuilds the index from scratch when much has changed, and
    the index groups afresh itself once its site has grown or shrunk by a quarter.
    """

    def __init__(self, sources: Sequence[Source], settings: GroupSettings = GroupSettings()) -> None:
        self.settings = settings
        self.stats = GroupStats(sources=len(sources))
        # by id, so that ties (identical copies) break the same way whatever order files come in
        ordered = sorted(sources, key=lambda s: s.id)
        # each source is read without the page furniture it shares with unrelated pages
        self.lines = LineIndex(ordered)
        furniture = self.lines.furniture()
        views = {s.id: without(s, furniture) for s in ordered}
        all_docs = [_doc(views[s.id]) for s in ordered]
        for d, s in zip(all_docs, ordered, strict=True):
            d.source = s
        self.df = _vectorise(all_docs)  # IDF over every source, keyed or not: the site is the corpus
        self.n = len(all_docs)
        self.docs: dict[str, _Doc] = {}
        self.story_of: dict[str, int] = {}
        self.stories: dict[int, _Story] = {}
        self.forced: dict[str, int] = {}
        self._terms: dict[str, set[str]] | None = None
        self._next = 0

        free_docs: list[_Doc] = []
        for d in all_docs:
            self.docs[d.source.id] = d
            if d.source.story_key:
                self._add_to(self._forced_story(d.source.story_key), d)
            else:
                free_docs.append(d)
        embedded = lede_embedding([views[d.source.id] for d in free_docs])
        meaning = None if embedded is None else embedded[0]
        #: the site's mean lede, None when the sentence model is missing (words alone then)
        self.centre: np.ndarray | None = None
        if meaning is not None:
            meaning, self.centre = centred(meaning)
            for d, row in zip(free_docs, meaning, strict=True):
                d.meaning = row
        found = [evidence(views[d.source.id]) for d in free_docs]
        if embedded is not None and self.centre is not None:
            attach_sentences(found, embedded[1], embedded[2], self.centre)
        self.evidence: dict[str, Evidence] = {d.source.id: ev for d, ev in zip(free_docs, found, strict=True)}
        self.model = EventModel(found, meaning=self.centre is not None)
        self._basis = len(found)  #: free sources when the site's mean lede was measured

        def score(i: int, j: int) -> float:
            return self.model.probability(free_docs[i], free_docs[j], found[i], found[j])

        scored: list[tuple[float, int, int]] = []
        for i, j in _candidates(free_docs, self.df, settings, self.stats):
            self.stats.verified_pairs += 1
            p = score(i, j)
            self.stats.links += p >= settings.threshold
            scored.append((p, i, j))
        roots = average_linkage([d.date for d in free_docs], scored, score, settings.threshold, settings.max_days)
        number: dict[int, int] = {}
        for d, root in zip(free_docs, roots, strict=True):
            if root not in number:
                number[root] = self._new_story(None)
            self._add_to(number[root], d)

    # --- bookkeeping ---

    def _new_story(self, key: str | None) -> int:
        number, self._next = self._next, self._next + 1
        self.stories[number] = _Story(set(), None, None, key)
        return number

    def _forced_story(self, key: str) -> int:
        if key not in self.forced:
            self.forced[key] = self._new_story(key)
        return self.forced[key]

    def _add_to(self, number: int, doc: _Doc) -> None:
        story = self.stories[number]
        story.ids.add(doc.source.id)
        if doc.date:
            story.first = min(filter(None, (story.first, doc.date)))
            story.last = max(filter(None, (story.last, doc.date)))
        self.story_of[doc.source.id] = number

    # --- changes ---

    def remove(self, source_id: str) -> None:
        doc = self.docs.pop(source_id, None)
        number = self.story_of.pop(source_id, None)
        if doc is None or number is None:
            return
        self.lines.remove(source_id)
        ev = self.evidence.pop(source_id, None)
        if ev is not None:
            self.model.remove(ev)
        story = self.stories[number]
        story.ids.discard(source_id)
        for t in doc.counts:
            self.df[t] -= 1
            if self._terms is not None:
                self._terms.get(t, set()).discard(source_id)
        self.n -= 1
        if not story.ids:
            del self.stories[number]
            if story.key:
                self.forced.pop(story.key, None)
            return
        dates = [self.docs[i].date for i in story.ids if self.docs[i].date]
        story.first, story.last = (min(dates), max(dates)) if dates else (None, None)

    def _fresh(self, doc: _Doc) -> _Doc:
        """A copy of ``doc`` weighted by the word rarity of the site as it is now."""
        weights = {t: (1.0 + math.log(c)) * (math.log((1 + self.n) / (1 + self.df[t])) + 1.0) for t, c in doc.counts.items()}
        norm = math.hypot(*weights.values()) or 1.0
        vec = {t: v / norm for t, v in weights.items() if self.df[t] > 1}
        return _Doc(doc.source, doc.date, doc.counts, doc.title, vec, doc.meaning)

    def _all_terms(self) -> dict[str, set[str]]:
        """Every term → the sources that use it; built on the first change only (a full build
        does not need it): a word unique to one source when it was indexed may be shared now."""
        if self._terms is None:
            self._terms = defaultdict(set)
            for source_id, doc in self.docs.items():
                if source_id in self.story_of and not self.stories[self.story_of[source_id]].key:
                    for t in doc.counts:
                        self._terms[t].add(source_id)
        return self._terms

    def add(self, source: Source) -> None:
        """Place one new source: into the story it links to best, or a story of its own."""
        settings = self.settings
        terms = self._all_terms()
        self.lines.add(source)
        view = without(source, self.lines.furniture(only=[source.id]))
        doc = _doc(view)
        doc.source = source
        self.df.update(doc.counts.keys())
        self.n += 1
        doc = self._fresh(doc)
        self.docs[source.id] = doc
        if source.story_key:
            self._add_to(self._forced_story(source.story_key), doc)
            return
        ev = evidence(view)
        embedded = lede_embedding([view]) if self.centre is not None else None
        if embedded is not None and self.centre is not None:
            doc.meaning = centred(embedded[0], self.centre)[0][0]
            attach_sentences([ev], embedded[1], embedded[2], self.centre)
        self.evidence[source.id] = ev
        self.model.add(ev)
        shared: Counter[str] = Counter()
        for t in _signature(doc, self.df):
            members = terms.get(t, set())
            if len(members) > POSTING_CAP:  # a topic: only the nearest in date, as in a full build
                members = set(sorted(members, key=lambda i: _date_distance(self.docs[i].date, doc.date))[:WINDOW])
            shared.update(members)
        # the probability with each story's members blocking offers; a story one of them links
        # to is compared over all its members (average linkage, as in a full build)
        probability: dict[str, float] = {}
        linked: set[int] = set()
        for other, count in shared.items():
            if count < MIN_SHARED or other not in self.story_of:
                continue
            number = self.story_of[other]
            if _dates_apart(doc.date, self.docs[other].date, settings.max_days) or self.stories[number].key:
                continue
            probability[other] = p = self.model.probability(doc, self._fresh(self.docs[other]), ev, self.evidence[other])
            if p >= settings.threshold:
                linked.add(number)
        best = sorted(((self._mean(doc, ev, self.stories[k].ids, probability), k) for k in linked), key=lambda x: (-x[0], x[1]))
        for average, number in best:
            story = self.stories[number]
            dates_ok = doc.date is None or story.first is None or (
                max(doc.date, story.first) - min(doc.date, story.last or story.first)
            ).days <= settings.max_days
            if dates_ok and average >= settings.threshold:
                self._join(number, doc)
                return
        self._join(self._new_story(None), doc)

    def _mean(self, doc: _Doc, ev: Evidence, ids: set[str], known: dict[str, float]) -> float:
        """Mean probability of ``doc`` with a story's members, by the rule of a full build
        (:meth:`builder.group.event._Average.mean`)."""
        if len(ids) > EXACT_PAIRS:
            found = [known[i] for i in ids if i in known]
            return sum(found) / len(found)
        return sum(
            known[i] if i in known else self.model.probability(doc, self._fresh(self.docs[i]), ev, self.evidence[i])
            for i in ids
        ) / len(ids)

    def _join(self, number: int, doc: _Doc) -> None:
        self._add_to(number, doc)
        for t in doc.counts:
            self._all_terms()[t].add(doc.source.id)

    def update(self, added: Iterable[Source] = (), removed: Iterable[str] = ()) -> None:
        for source_id in sorted(removed):
            self.remove(source_id)
        for source in sorted(added, key=lambda s: s.id):
            self.remove(source.id)  # a changed source is placed anew
            self.add(source)
        # The site's mean lede (and word and name rarity) were measured when the index was
        # built; once the site has grown or shrunk by more than a quarter since, they no
        # longer describe it (a site that starts empty has no mean at all), so it is grouped
        # afresh. Growth is geometric between regroupings: the cost stays linear overall.
        count = len(self.evidence)
        if abs(count - self._basis) > max(count, self._basis) / 4:
            self.__dict__.update(GroupIndex([d.source for d in self.docs.values()], self.settings).__dict__)

    # --- results ---

    def partition(self) -> list[list[Source]]:
        return [[self.docs[i].source for i in sorted(story.ids)] for _, story in sorted(self.stories.items())]

    def groups(self) -> list[StoryGroup]:
        return assign_slugs(self.partition())


def _date_distance(a: dt.date | None, b: dt.date | None) -> int:
    return abs((a - b).days) if a and b else 10**6


def cluster(sources: Sequence[Source], settings: GroupSettings = GroupSettings()) -> tuple[list[list[Source]], GroupStats]:
    """Partition sources into stories (unordered, unnamed) and report the work done."""
    index = GroupIndex(sources, settings)
    return index.partition(), index.stats



def group(sources: list[Source], settings: GroupSettings = GroupSettings()) -> list[StoryGroup]:
    """Group sources into stories; every source belongs to exactly one story, named by
    :func:`assign_slugs`. Within a story, ``source_ids`` are ordered by published date (undated
    last), then id.
    """
    groups, _ = cluster(sources, settings)
    return assign_slugs(groups)
