"""Group stage: which sources tell one story.

The stage sees the whole site at once, so word rarity (IDF) is measured over the site itself.

1. **Represent** each source by the content words of its title, lede and body (lower-cased,
   possessives and plurals folded, stop words dropped; the first ``BODY_WORDS`` words only),
   weighted by sublinear term frequency — title and lede count more, because outlets copy and
   rewrite the top of a story more faithfully than its tail — times IDF over the corpus, as a
   unit vector.
2. **Block** (cheap candidate generation, no all-pairs step): each source's *signature* is its
   ``SIGNATURE_TERMS`` highest-weighted terms that occur in at least one other source. An
   inverted index maps each signature term to the sources that carry it; two sources are a
   candidate pair when they share at least ``MIN_SHARED`` signature terms. In a posting list
   longer than ``POSTING_CAP`` (a big story, or a topic) each source meets only its ``WINDOW``
   nearest in date, so the work is bounded by ``n · SIGNATURE_TERMS · POSTING_CAP`` however
   large ``content/`` grows, and a big story still connects through overlapping windows. When
   both sources carry a date, dates further apart than ``GroupSettings.max_days`` rule the pair
   out before any text is compared.
3. **Verify** each candidate pair: the cosine of the two TF-IDF vectors, plus a bonus from
   rapidfuzz's ``token_set_ratio`` of the titles when the bodies already agree somewhat (see
   :func:`similarity`). Pairs at or above ``GroupSettings.threshold`` become links.
4. **Cluster** the links strongest first with a union-find, but two clusters merge only when
   their *average* link — the mean cosine of every cross pair, exactly the dot product of the
   two clusters' mean vectors, so it costs no pair enumeration — is at least
   ``AVERAGE_FACTOR · threshold``. Single-link alone would chain two events through one
   ambiguous article; the average check stops that. Two clusters whose date ranges lie more than
   ``max_days`` apart never merge (a story may still run longer, one follow-up at a time).

Sources with a ``story_key`` (front matter or ``site.toml``) skip steps 2–4: all sources with the
same key form one story, closed to every other source.

Slugs are chosen by :func:`assign_slugs`; see its docstring for the stability rule.

Tuning (``benchmarks/bench_group.py`` on 124 real articles of 23 events): the threshold is a
TF-IDF cosine, so it is low — same-event pairs have a median cosine near 0.29, different-event
pairs stay under 0.11 in 99 % of cases; pairwise F1 is flat for thresholds 0.12–0.16 and the
default sits in the middle. Events in such data run for weeks (follow-ups, later reactions), so
``max_days`` is a month: dates separate recurring events, not one story's follow-ups.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from .config import GroupSettings
from .disjoint import DisjointSets
from .models import Source, StoryGroup
from .read import slugify

if TYPE_CHECKING:
    import numpy as np

#: How many of a source's highest-weighted terms go into the blocking index.
SIGNATURE_TERMS = 14
#: Candidate pairs must share this many signature terms.
MIN_SHARED = 2
#: A signature term carried by up to this many sources pairs them all; beyond, each source is
#: paired with its ``WINDOW`` nearest in date only, which bounds the cost of common terms.
POSTING_CAP = 60
WINDOW = 20
#: Two clusters merge when their average link is at least this fraction of the threshold.
AVERAGE_FACTOR = 0.7
#: Similarity added per unit of rapidfuzz's title ratio above one half.
FUZZ_WEIGHT = 0.3
#: Words (as written, stop words included) of the top of an article that weigh more.
LEDE_WORDS = 100
TITLE_WEIGHT = 3.0
#: Words read per article (whole paragraphs, as written): the event is told at the top; long
#: tails drift into background and page clutter, and the cap bounds the cost per article.
BODY_WORDS = 400
LEDE_WEIGHT = 2.0
#: Longest derived slug, in characters (cut at a word boundary).
SLUG_CHARS = 60

# A compact English stop list: function words and news-writing filler carry no event.
_STOP = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having
    he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm
    i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not
    of off on once only or other ought our ours ourselves out over own same shan't she she'd
    she'll she's should shouldn't so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those through to too under
    until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
    where's which while who who's whom why why's with won't would wouldn't you you'd you'll
    you're you've your yours yourself yourselves
    said says say told according also just like one two three new year years time may might
    will would could many much even still well back now get got make made since per around
    however including including us mr mrs ms dr via image photo copyright reserved rights
    """.split()
)
_WORD = re.compile(r"[^\W_]+(?:['.][^\W_]+)*")


def _fold(raw: str) -> str:
    """One lower-cased word → its matching form, or "" for a stop word or a stray letter."""
    word = raw.replace(".", "") if "." in raw and not raw.replace(".", "").isdigit() else raw
    if word.endswith("'s"):
        word = word[:-2]
    if word in _STOP or len(word) < 2:
        return ""
    # Plural folding keeps "girls"/"girl" and "charges"/"charge" together; short words and
    # "-ss"/"-us" endings ("Congress", "virus") are left alone.
    if len(word) > 4 and word[-1] == "s" and word[-2] not in "su'":
        word = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return word


# Word forms repeat across a corpus, so folding each spelling once saves most of the work.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 500_000


def _remember(raw: str) -> str:
    word = _fold(raw)
    if len(_FOLDED) < _FOLDED_MAX:
        _FOLDED[raw] = word
    return word


def tokens(text: str) -> list[str]:
    """Content words of a text: lower-cased, possessives and simple plurals folded."""
    cache = _FOLDED
    raws = _WORD.findall(text.lower().replace("\u2019", "'"))
    try:
        folded = [cache[r] for r in raws]  # the common case once a corpus is under way
    except KeyError:
        folded = [cache[r] if r in cache else _remember(r) for r in raws]
    return [w for w in folded if w]


@dataclass
class GroupStats:
    """What the stage did, for benchmarks and tests of its cost."""

    sources: int = 0
    candidate_pairs: int = 0  #: pairs that shared enough signature terms
    verified_pairs: int = 0  #: pairs whose similarity was computed
    links: int = 0  #: pairs at or above the threshold
    windowed_terms: int = 0  #: signature terms with more than POSTING_CAP sources


@dataclass
class _Doc:
    source: Source
    date: dt.date | None
    counts: Counter[str]
    title: str  #: the title's content words, for rapidfuzz
    vec: dict[str, float] = field(default_factory=dict)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _doc(source: Source) -> _Doc:
    """Weighted term counts of a source: title and lede count more than the rest of the body."""
    title = source.title or ""
    title_norm = title.strip().lower()
    title_words = tokens(title)
    # Split the body into lede and rest by raw word count (spaces are cheap to count), then
    # tokenise each part in one pass: one regex call per part, not per paragraph.
    parts: tuple[list[str], list[str]] = ([], [])
    seen = 0
    for block in source.body:
        text = block.norm or block.text
        if seen == 0 and text.strip().lower() == title_norm:
            continue  # the title repeated as the first body line
        parts[seen >= LEDE_WORDS].append(text)
        seen += text.count(" ") + 1
        if seen >= BODY_WORDS:
            break
    lede, rest = tokens(" ".join(parts[0])), tokens(" ".join(parts[1]))
    counts: Counter[str] = Counter(rest)
    for words, weight in ((title_words, TITLE_WEIGHT), (lede, LEDE_WEIGHT)):
        for w, c in Counter(words).items():
            counts[w] += weight * c
    return _Doc(source, _parse_date(source.published), counts, " ".join(title_words))


def _vectorise(docs: Sequence[_Doc]) -> Counter[str]:
    """Unit TF-IDF vectors with sublinear tf and smoothed IDF over the corpus; returns the DF.

    A term found in one source only counts in its norm but is not kept in its vector: it can
    never be shared, and leaving it out makes every later dot product and merge cheaper.
    """
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.counts.keys())
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    # weighted counts repeat a lot (1.0, 2.0, 3.0, 5.0 ...): one logarithm per distinct value
    distinct: set[float] = set()
    for d in docs:
        distinct.update(d.counts.values())
    sublinear = {c: 1.0 + math.log(c) for c in distinct}
    for d in docs:
        weights = {t: sublinear[c] * idf[t] for t, c in d.counts.items()}
        norm = math.hypot(*weights.values()) or 1.0
        d.vec = {t: v / norm for t, v in weights.items() if df[t] > 1}
    return df


def _signature(doc: _Doc, df: Counter[str]) -> set[str]:
    """The terms a source is indexed under: its highest-weighted shared terms, and its most
    frequent ones.

    TF-IDF alone fails near-duplicates: a copy and its original share many rare words, which
    then fill both signatures, and neither is indexed under the story's own key words — so the
    pair never meets the story's other outlets. The most frequent shared terms (title and lede
    counted more) are those key words — among terms rare enough to name a story rather than a
    whole topic (found in at most ``POSTING_CAP`` sources).
    """
    by_weight = heapq.nlargest(SIGNATURE_TERMS, doc.vec, key=doc.vec.__getitem__)
    story_terms = [t for t in doc.vec if df[t] <= POSTING_CAP]
    by_count = heapq.nlargest(SIGNATURE_TERMS // 2, story_terms, key=lambda t: (doc.counts[t], t))
    return set(by_weight) | set(by_count)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    # set intersection of the keys runs in C; the shared terms are few
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def _dates_apart(a: dt.date | None, b: dt.date | None, max_days: int) -> bool:
    return a is not None and b is not None and abs((a - b).days) > max_days


def similarity(a: _Doc, b: _Doc, threshold: float) -> float:
    """Cosine of the TF-IDF vectors, plus a bonus when the titles share most of their words.

    Outlets retitle a story but keep its key words, so rapidfuzz's ``token_set_ratio`` of the
    titles' content words above one half adds ``FUZZ_WEIGHT`` per unit. Titles only vouch for a
    pair whose bodies already agree somewhat (cosine at least half the threshold): a one-word
    title is a subset of many others and must not join strangers.
    """
    cos = _dot(a.vec, b.vec)
    if cos < threshold / 2 or not a.title or not b.title:
        return cos
    ratio = fuzz.token_set_ratio(a.title, b.title) / 100.0
    return cos + FUZZ_WEIGHT * max(0.0, ratio - 0.5)


def _candidates(
    docs: Sequence[_Doc], df: Counter[str], settings: GroupSettings, stats: GroupStats
) -> set[tuple[int, int]]:
    import numpy as np  # numpy comes with rapidfuzz's process functions the align stage uses

    postings: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for t in _signature(d, df):
            postings[t].append(i)
    # Every pair two sources share a signature term for, as one number i * n + j (i < j); the
    # pairs that come up MIN_SHARED times or more are the candidates. Counted with numpy: a
    # large site lists tens of millions of such pairs.
    n = len(docs)
    chunks: list[np.ndarray] = []
    for members in postings.values():
        if len(members) < 2:
            continue
        if len(members) <= POSTING_CAP:
            ids = np.array(members, dtype=np.int64)  # in index order: the first of a pair is smaller
            first, second = _upper_pairs(len(members))
            chunks.append(ids[first] * n + ids[second])
            continue
        # A term in many signatures: a big story or a topic. Pair each source only with its
        # WINDOW nearest in date (undated last, then by input order, which is by id): a big
        # story still connects through overlapping windows, at a cost linear in its size.
        stats.windowed_terms += 1
        ids = np.array(sorted(members, key=lambda i: (docs[i].date or dt.date.max, i)), dtype=np.int64)
        for step in range(1, min(WINDOW, len(ids) - 1) + 1):
            a, b = ids[:-step], ids[step:]
            chunks.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not chunks:
        stats.candidate_pairs = 0
        return set()
    keys, counts = np.unique(np.concatenate(chunks), return_counts=True)
    keys = keys[counts >= MIN_SHARED]
    first, second = keys // n, keys % n
    # dates more than max_days apart keep a pair out (an undated source is never apart)
    day = np.array([d.date.toordinal() if d.date else 0 for d in docs], dtype=np.int64)
    dated = day > 0
    apart = dated[first] & dated[second] & (np.abs(day[first] - day[second]) > settings.max_days)
    pairs = set(zip(first[~apart].tolist(), second[~apart].tolist(), strict=True))
    stats.candidate_pairs = len(pairs)
    return pairs


@functools.lru_cache(maxsize=POSTING_CAP + 1)
def _upper_pairs(m: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (a, b), a < b, of every pair of m things."""
    import numpy as np

    return np.triu_indices(m, 1)


class _Clusters(DisjointSets):
    """Union-find whose roots carry the cluster's summed vector, size and date range."""

    def __init__(self, docs: Sequence[_Doc]) -> None:
        super().__init__(len(docs))
        self.size = [1] * len(docs)
        self.total: list[dict[str, float]] = [dict(d.vec) for d in docs]
        self.first: list[dt.date | None] = [d.date for d in docs]
        self.last: list[dt.date | None] = [d.date for d in docs]

    def average_link(self, a: int, b: int) -> float:
        """Mean cosine over all cross pairs = dot product of the two mean vectors."""
        return _dot(self.total[a], self.total[b]) / (self.size[a] * self.size[b])

    def dates_compatible(self, a: int, b: int, max_days: int) -> bool:
        """The two clusters' date ranges lie within ``max_days`` of each other (or are unknown)."""
        if self.first[a] is None or self.first[b] is None:
            return True
        gap = max(self.first[a], self.first[b]) - min(self.last[a], self.last[b])  # type: ignore[operator]
        return gap.days <= max_days

    def union(self, a: int, b: int) -> None:
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        big, small = self.total[a], self.total[b]
        for t, v in small.items():
            big[t] = big.get(t, 0.0) + v
        self.total[b] = {}
        dates = [d for d in (self.first[a], self.first[b], self.last[a], self.last[b]) if d]
        self.first[a] = min(dates) if dates else None
        self.last[a] = max(dates) if dates else None


@dataclass
class _Story:
    ids: set[str]
    total: dict[str, float]  #: summed unit vectors of the members
    first: dt.date | None
    last: dt.date | None
    key: str | None = None  #: a forced story's key


class GroupIndex:
    """The grouping of a whole site, kept so that a few changed sources can be placed again
    without regrouping everything (``watch``).

    Built from scratch it is exactly the algorithm of the module docstring. :meth:`update`
    removes deleted or changed sources from their stories and places each new one into the
    story it links to best — by the same blocking, similarity, average-link and date rules —
    or into a story of its own. It never merges or splits the other stories, and vectors keep
    the word rarity of the time they were made, so after many changes a full build may group
    a little differently; ``watch`` rebuilds the index from scratch when much has changed.
    """

    def __init__(self, sources: Sequence[Source], settings: GroupSettings = GroupSettings()) -> None:
        self.settings = settings
        self.stats = GroupStats(sources=len(sources))
        # by id, so that ties (identical copies) break the same way whatever order files come in
        ordered = sorted(sources, key=lambda s: s.id)
        all_docs = [_doc(s) for s in ordered]
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
        links: list[tuple[float, int, int]] = []
        for i, j in _candidates(free_docs, self.df, settings, self.stats):
            self.stats.verified_pairs += 1
            sim = similarity(free_docs[i], free_docs[j], settings.threshold)
            if sim >= settings.threshold:
                links.append((sim, i, j))
        self.stats.links = len(links)
        links.sort(key=lambda x: (-x[0], x[1], x[2]))
        uf = _Clusters(free_docs)
        floor = AVERAGE_FACTOR * settings.threshold
        for _, i, j in links:
            a, b = uf.find(i), uf.find(j)
            if a == b:
                continue
            if not uf.dates_compatible(a, b, settings.max_days):
                continue
            if uf.size[a] * uf.size[b] > 1 and uf.average_link(a, b) < floor:
                continue
            uf.union(a, b)
        number: dict[int, int] = {}
        for i, d in enumerate(free_docs):
            root = uf.find(i)
            if root not in number:
                number[root] = self._new_story(None, uf.total[root], uf.first[root], uf.last[root])
            self.stories[number[root]].ids.add(d.source.id)
            self.story_of[d.source.id] = number[root]

    # --- bookkeeping ---

    def _new_story(self, key: str | None, total: dict[str, float] | None = None,
                   first: dt.date | None = None, last: dt.date | None = None) -> int:
        number, self._next = self._next, self._next + 1
        self.stories[number] = _Story(set(), dict(total or {}), first, last, key)
        return number

    def _forced_story(self, key: str) -> int:
        if key not in self.forced:
            self.forced[key] = self._new_story(key)
        return self.forced[key]

    def _add_to(self, number: int, doc: _Doc) -> None:
        story = self.stories[number]
        story.ids.add(doc.source.id)
        for t, v in doc.vec.items():
            story.total[t] = story.total.get(t, 0.0) + v
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
        story = self.stories[number]
        story.ids.discard(source_id)
        for t, v in doc.vec.items():
            story.total[t] = story.total.get(t, 0.0) - v
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
        return _Doc(doc.source, doc.date, doc.counts, doc.title, {t: v / norm for t, v in weights.items() if self.df[t] > 1})

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
        doc = _doc(source)
        self.df.update(doc.counts.keys())
        self.n += 1
        doc = self._fresh(doc)
        self.docs[source.id] = doc
        if source.story_key:
            self._add_to(self._forced_story(source.story_key), doc)
            return
        shared: Counter[str] = Counter()
        for t in _signature(doc, self.df):
            members = terms.get(t, set())
            if len(members) > POSTING_CAP:  # a topic: only the nearest in date, as in a full build
                members = set(sorted(members, key=lambda i: _date_distance(self.docs[i].date, doc.date))[:WINDOW])
            shared.update(members)
        best: dict[int, float] = {}
        for other, count in shared.items():
            if count < MIN_SHARED or other not in self.story_of:
                continue
            other_doc = self.docs[other]
            if _dates_apart(doc.date, other_doc.date, settings.max_days):
                continue
            sim = similarity(doc, self._fresh(other_doc), settings.threshold)
            number = self.story_of[other]
            if sim >= settings.threshold and sim > best.get(number, 0.0) and not self.stories[number].key:
                best[number] = sim
        floor = AVERAGE_FACTOR * settings.threshold
        for number, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0])):
            story = self.stories[number]
            dates_ok = doc.date is None or story.first is None or (
                max(doc.date, story.first) - min(doc.date, story.last or story.first)
            ).days <= settings.max_days
            average = sum(_dot(doc.vec, self._fresh(self.docs[i]).vec) for i in story.ids) / len(story.ids)
            if dates_ok and (len(story.ids) == 1 or average >= floor):
                self._join(number, doc)
                return
        self._join(self._new_story(None), doc)

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

    # --- results ---

    def partition(self) -> list[list[Source]]:
        return [[self.docs[i].source for i in sorted(story.ids)] for _, story in sorted(self.stories.items())]

    def groups(self, previous: dict[str, str] | None = None) -> list[StoryGroup]:
        return assign_slugs(self.partition(), previous)


def _date_distance(a: dt.date | None, b: dt.date | None) -> int:
    return abs((a - b).days) if a and b else 10**6


def cluster(sources: Sequence[Source], settings: GroupSettings = GroupSettings()) -> tuple[list[list[Source]], GroupStats]:
    """Partition sources into stories (unordered, unnamed) and report the work done."""
    index = GroupIndex(sources, settings)
    return index.partition(), index.stats


def _order_key(source: Source) -> tuple[int, str, str]:
    """Dated sources first, oldest first; then by id — a stable order independent of input."""
    return (source.published is None, source.published or "", source.id)


def _title_slug(title: str) -> str:
    slug = slugify(title, "story")
    if len(slug) > SLUG_CHARS:
        cut = slug[:SLUG_CHARS]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def assign_slugs(groups: Iterable[list[Source]], previous: dict[str, str] | None = None) -> list[StoryGroup]:
    """Name each group with a slug that stays put as the site changes.

    - A group whose members had slugs in ``previous`` (source id → slug of the last build) keeps
      the slug most of them had; ties go to the lexicographically smallest slug. Groups with more
      such members choose first, so when a story splits, the larger part keeps the slug and the
      other part falls through to the next rule.
    - Otherwise a forced story is named ``slugify(story_key)``, any other story after the title of
      its earliest member (earliest published, then smallest id; undated sources come after
      dated ones), cut to about ``SLUG_CHARS`` characters at a word boundary.
    - A derived slug already taken gets ``-`` and six hex digits of a hash of its first
      member's id, so the suffix does not depend on the order in which stories are named. A
      previous slug that no current story claims (all its sources deleted) is free again.

    Adding a source therefore never renames a story: the new source joins a group whose other
    members all vote for the old slug. The result is ordered by each story's first member.
    """
    previous = previous or {}
    ordered = [sorted(g, key=_order_key) for g in groups if g]
    ordered.sort(key=lambda g: _order_key(g[0]))

    votes: list[Counter[str]] = [Counter(previous[s.id] for s in g if s.id in previous) for g in ordered]
    slugs: list[str | None] = [None] * len(ordered)
    taken: set[str] = set()
    by_support = sorted(range(len(ordered)), key=lambda k: (-sum(votes[k].values()), _order_key(ordered[k][0])))
    for k in by_support:
        for slug, _ in sorted(votes[k].items(), key=lambda kv: (-kv[1], kv[0])):
            if slug not in taken:
                slugs[k] = slug
                taken.add(slug)
                break
    for k, g in enumerate(ordered):
        if slugs[k] is not None:
            continue
        key = g[0].story_key
        base = _title_slug(key) if key else _title_slug(g[0].title or g[0].id)
        slug = base
        if slug in taken:
            slug = f"{base}-{hashlib.sha1(g[0].id.encode()).hexdigest()[:6]}"
            n = 2
            while slug in taken:  # a hash collision, vanishingly rare
                slug, n = f"{base}-{n}", n + 1
        slugs[k] = slug
        taken.add(slug)
    return [StoryGroup(slug=s or "story", source_ids=[src.id for src in g]) for s, g in zip(slugs, ordered, strict=True)]


def group(
    sources: list[Source],
    settings: GroupSettings = GroupSettings(),
    previous: dict[str, str] | None = None,
) -> list[StoryGroup]:
    """Group sources into stories; every source belongs to exactly one story.

    ``previous`` maps source id → slug from the previous build and keeps slugs stable (see
    :func:`assign_slugs`). Within a story, ``source_ids`` are ordered by published date (undated
    last), then id.
    """
    groups, _ = cluster(sources, settings)
    return assign_slugs(groups, previous)
