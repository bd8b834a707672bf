"""Event identity: the probability that two articles report the same happening, and stories
accepted as a whole on it.

Two articles of one topic share its vocabulary; two tellings of one event share more than that:
what the top of each says (its meaning, its lead), the rare names and places of that event. So
for each candidate pair (blocking: ``terms.py``) the decision is a small logistic regression
(:data:`FEATURES`, :data:`WEIGHTS`) over features that hold on any site:

* ``words``: the cosine of the TF-IDF vectors (title and lede weigh more; word rarity is
  measured over the site, so page furniture that recurs across pages weighs little);
* ``title``: rapidfuzz's ``token_set_ratio`` of the titles' content words;
* ``meaning``: the cosine of the lede meaning vectors, centred on the site's mean lede
  (``lede.py``), so that unrelated ledes score about zero;
* ``lead``: the best cosine between a sentence of one article's *lead* (its title and first
  body sentence, ``lede.LEAD_SENTENCES``) and a sentence of the other's lede — two tellings of
  one event nearly always paraphrase one lead sentence, two events of one topic rarely do;
* ``names``: the share of the rarer side's capitalised names (people, places, organisations,
  weighted by their rarity over the site) that the other lede names too.

Why one side's lead, not any two lede sentences: further down, the ledes of two events of one
topic share the topic's stock sentences ("residents were told to keep their windows shut", "the
cause is being investigated"), and their best match joined two fires in two towns on one night
(``tests/test_group_lead.py``; with fewer tellings of each they may still join). A lead states
its own event. On the development articles the held-out figure is the same either way
(``--cv``, 4 folds x 10 shuffles: P 0.889 R 0.924 F1 0.906): the precision it loses there is
one pair of events, two New Year's Eve stories two years apart, which these undated texts give
no way to tell apart, and no fold that holds one of them out has two events of one topic to
learn from. Names read from the lead alone (not the lede) raised that figure to P 0.893
R 0.970 but joined a site's follow-ups about one company over months, and split stories whose
leads name few of their actors, so the names stay the lede's.

The share of figures two ledes have in common was a feature too; its weight was near zero and
changed sign from fold to fold, and the held-out figure was no worse without it (F1 0.906
against 0.896), so it went.

Dates are a bound, not a feature (``GroupSettings.max_days``): the development articles carry
none, so no weight for them could be fitted.

The weights are fitted by ``benchmarks/bench_group.py --fit`` on every candidate pair of the
development articles, and cross-validated by *event* (``--cv``: each fold's weights fitted on
the other events' pairs, the whole site grouped with them and scored on the pairs that involve
a held-out event). The probability threshold is not tuned: a pair is one event when that is
more likely than not (``GroupSettings.threshold``, 0.5).

Stories are accepted as a whole (:func:`average_linkage`): pairs strongest first, two clusters
merge only when the *mean* probability over all their cross pairs reaches the threshold (a pair
never offered by blocking counts 0). A chain of pairs that each share a topic therefore does not
join events, and an article touching two events joins at most one of them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..disjoint import DisjointSets
from ..models import Source
from .lede import LEAD_SENTENCES, centred, lede_texts
from .terms import _STOP, _Doc, _dot

if TYPE_CHECKING:
    import numpy as np

#: Feature names, in the order of :data:`WEIGHTS` (after the intercept).
FEATURES: tuple[str, ...] = ("words", "title", "meaning", "lead", "names")
#: Logistic-regression weights (intercept first), fitted by ``benchmarks/bench_group.py --fit``.
WEIGHTS: tuple[float, ...] = (-8.014, 2.0875, 2.747, 6.1381, 6.0499, 4.6134)
#: The same regression without the sentence model's features (``meaning`` and ``lead``),
#: used when the model cannot be loaded.
WORD_FEATURES: tuple[str, ...] = ("words", "title", "names")
WORD_WEIGHTS: tuple[float, ...] = (-7.5938, 7.9646, 6.0653, 8.9906)

_NAME = re.compile(r"\b[A-Z][\w'\u2019-]*[\w]|\b[A-Z]\b")


@dataclass
class Evidence:
    """What sets a source's event apart, read from its title and lede (``lede.lede_texts``)."""

    names: frozenset[str]  #: capitalised words (lower-cased), stop words aside
    lead: int = 0  #: how many of the lede's first texts (``lede.lede_texts``) are its lead
    sentences: np.ndarray | None = None  #: the lede's sentences' unit vectors, centred (``attach_sentences``)


def evidence(source: Source) -> Evidence:
    texts = lede_texts(source)
    names: set[str] = set()
    for text in texts:
        for m in _NAME.finditer(text):
            word = m.group().lower().replace("\u2019", "'")
            word = word[:-2] if word.endswith("'s") else word
            if word not in _STOP and len(word) > 1:
                names.add(word)
    return Evidence(frozenset(names), len(lede_texts(source, LEAD_SENTENCES)))


def attach_sentences(found: Sequence[Evidence], vectors: np.ndarray, starts: Sequence[int], centre: np.ndarray) -> None:
    """Give each evidence the vectors of its lede's sentences (``lede.lede_embedding``: rows
    ``starts[k]:starts[k + 1]`` are source k's), centred on the site's mean lede
    (``lede.centred``: what every sentence of the site's language shares says nothing of the
    event, and sentences the model reads poorly — made-up names, jargon — would all look alike)."""
    import numpy as np

    if not len(vectors):
        return
    rows, _ = centred(vectors.astype(np.float64), centre)
    rows = rows.astype(np.float32)
    for k, ev in enumerate(found):
        ev.sentences = rows[starts[k] : starts[k + 1]] if starts[k + 1] > starts[k] else None


class EventModel:
    """The same-event probability of two sources of one site.

    ``name_df`` counts, for each name, the sources whose lede gives it; ``n`` is their number.
    The model keeps them up to date as sources come and go (:meth:`add`, :meth:`remove`).
    """

    def __init__(self, found: Iterable[Evidence], meaning: bool) -> None:
        self.meaning = meaning
        self.name_df: Counter[str] = Counter()
        self.n = 0
        for ev in found:
            self.add(ev)

    def add(self, ev: Evidence) -> None:
        self.name_df.update(ev.names)
        self.n += 1

    def remove(self, ev: Evidence) -> None:
        self.name_df.subtract(ev.names)
        self.n -= 1

    def _rarity(self, name: str) -> float:
        return math.log((1 + self.n) / (1 + self.name_df[name]))

    def _names(self, a: Evidence, b: Evidence) -> float:
        """Share of the rarity of the side with less that the other side names too; a name
        given by one source only cannot be shared and counts on neither side."""
        if not a.names or not b.names:
            return 0.0
        weight = {w: self._rarity(w) for w in a.names | b.names if self.name_df[w] > 1}
        total_a = sum(weight.get(w, 0.0) for w in a.names)
        total_b = sum(weight.get(w, 0.0) for w in b.names)
        smaller = min(total_a, total_b)
        return sum(weight.get(w, 0.0) for w in a.names & b.names) / smaller if smaller > 0 else 0.0

    def features(self, a: _Doc, b: _Doc, ea: Evidence, eb: Evidence) -> list[float]:
        """The values of :data:`FEATURES` (or :data:`WORD_FEATURES` without the model)."""
        words = _dot(a.vec, b.vec)
        title = fuzz.token_set_ratio(a.title, b.title) / 100.0 if a.title and b.title else 0.0
        names = self._names(ea, eb)
        if not self.meaning:
            return [words, title, names]
        meaning = float(a.meaning @ b.meaning) if a.meaning is not None and b.meaning is not None else 0.0
        lead = 0.0
        if ea.sentences is not None and eb.sentences is not None:
            # the lede texts start with the lead: rows of one side's lead against all of the other's
            pairs = ea.sentences @ eb.sentences.T
            lead = float(max(pairs[: max(ea.lead, 1)].max(), pairs[:, : max(eb.lead, 1)].max()))
        return [words, title, meaning, lead, names]

    def probability(self, a: _Doc, b: _Doc, ea: Evidence, eb: Evidence) -> float:
        weights = WEIGHTS if self.meaning else WORD_WEIGHTS
        z = weights[0] + sum(w * x for w, x in zip(weights[1:], self.features(a, b, ea, eb), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


#: Two clusters with at most this many cross pairs are compared over every one of them (the
#: pairs blocking did not offer are scored then); larger ones over the pairs blocking offered,
#: which for a story bigger than blocking's window are its nearest in date, not all.
EXACT_PAIRS = 400


class _Average(DisjointSets):
    """Union-find whose roots carry their members, date range and, for each neighbouring
    cluster, the summed probability and the number of their scored cross pairs."""

    def __init__(self, dates: Sequence[dt.date | None]) -> None:
        super().__init__(len(dates))
        self.members: list[list[int]] = [[i] for i in range(len(dates))]
        self.cross: list[dict[int, list[float]]] = [{} for _ in dates]  #: root → [sum, count]
        self.first = list(dates)
        self.last = list(dates)

    def dates_compatible(self, a: int, b: int, max_days: int) -> bool:
        if self.first[a] is None or self.first[b] is None:
            return True
        gap = max(self.first[a], self.first[b]) - min(self.last[a], self.last[b])  # type: ignore[operator]
        return gap.days <= max_days

    def mean(self, a: int, b: int, score: Callable[[int, int], float], scored: set[tuple[int, int]]) -> float:
        """The mean probability of the cross pairs of ``a`` and ``b`` (see :data:`EXACT_PAIRS`)."""
        total, count = self.cross[a].get(b, (0.0, 0))
        pairs = len(self.members[a]) * len(self.members[b])
        if pairs > EXACT_PAIRS:
            return total / count if count else 0.0
        for i in self.members[a]:
            for j in self.members[b]:
                if (min(i, j), max(i, j)) not in scored:
                    total += score(i, j)
        return total / pairs

    def union(self, a: int, b: int) -> None:
        if len(self.cross[a]) + len(self.members[a]) < len(self.cross[b]) + len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members[b])
        self.members[b] = []
        mine = self.cross[a]
        mine.pop(b, None)
        for other, (p, c) in self.cross[b].items():
            if other == a:
                continue
            old = mine.get(other, (0.0, 0))
            mine[other] = [old[0] + p, old[1] + c]
            theirs = self.cross[other]
            del theirs[b]
            theirs[a] = mine[other]
        self.cross[b] = {}
        dates = [d for d in (self.first[a], self.first[b], self.last[a], self.last[b]) if d]
        self.first[a] = min(dates) if dates else None
        self.last[a] = max(dates) if dates else None


def average_linkage(
    dates: Sequence[dt.date | None],
    scored: Iterable[tuple[float, int, int]],
    score: Callable[[int, int], float],
    threshold: float,
    max_days: int,
) -> list[int]:
    """Each item's cluster (a representative index): the ``scored`` pairs (probability, i, j
    with i < j) at or above ``threshold`` strongest first, two clusters merging when the mean
    probability over their cross pairs reaches ``threshold`` (:meth:`_Average.mean`; ``score``
    gives a pair blocking did not offer) and their date ranges lie within ``max_days``."""
    uf = _Average(dates)
    memo: dict[tuple[int, int], float] = {}  # a pair scored for one comparison, kept for the next

    def remembered(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in memo:
            memo[key] = score(*key)
        return memo[key]

    links = []
    seen: set[tuple[int, int]] = set()
    for p, i, j in scored:
        seen.add((i, j))
        pair = [p, 1]
        uf.cross[i][j] = pair
        uf.cross[j][i] = pair
        if p >= threshold:
            links.append((p, i, j))
    links.sort(key=lambda x: (-x[0], x[1], x[2]))
    for _, i, j in links:
        a, b = uf.find(i), uf.find(j)
        if a == b or not uf.dates_compatible(a, b, max_days):
            continue
        if uf.mean(a, b, remembered, seen) >= threshold:
            uf.union(a, b)
    return [uf.find(i) for i in range(len(dates))]
