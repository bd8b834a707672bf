"""Words of an article, their TF-IDF vectors, and the blocking index of candidate pairs."""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..config import GroupSettings
from ..models import Source

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
#: Similarity added per unit of rapidfuzz's title ratio above one half.
FUZZ_WEIGHT = 0.3
#: Words (as written, stop words included) of the top of an article that weigh more.
LEDE_WORDS = 100
TITLE_WEIGHT = 3.0
#: Words read per article (whole paragraphs, as written): the event is told at the top; long
#: tails drift into background and page clutter, and the cap bounds the cost per article.
BODY_WORDS = 400
LEDE_WEIGHT = 2.0

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
    meaning: np.ndarray | None = None  #: the lede's unit vector (see ``lede.py``)


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
