"""Fact assembly: a story's sentences matched across its sources and merged into facts.

:func:`align_story` splits every source's body into sentences, decides which pairs of them state
one fact (:mod:`builder.align.pairs`: meaning, wording and the story around the pair), joins
them into facts as a whole (average linkage; a source may give a fact in two sentences), gives
each fact the conflicts among its wordings (:mod:`builder.align.conflicts`) and orders the
facts by merging the sources' reading orders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..config import AlignSettings
from ..disjoint import DisjointSets
from ..models import Conflict, Fact, Sentence, Source, Variant
from ..sentences import source_sentences
from ..textfeat import Prepared, prepare
from .conflicts import PairConflict, _format_value, _slot, conflicts_between, disputes
from .match import _prepared_score
from .pairs import StoryPairs

#: Two groups of sentences join into one fact only when at most this many sources have
#: sentences in both. One source may say a thing twice (a caption and the body, or one claim
#: over two sentences), and a copy of that source says it twice too; when more sources each
#: hold a sentence of both groups, the groups are two claims those sources tell apart, however
#: alike their wordings (two casualty reports of one template, a claim and its denial).
SHARED_SOURCES = 2
#: Same-fact probability (see .pairs) from which two wordings of a fact are weighed for
#: conflicts: a looser match may be a neighbouring claim (another count, another place), and a
#: false "the outlets disagree" misleads more than a missed one.
CONFLICT_PROBABILITY = 0.8


@dataclass
class _Sent:
    source: int  #: index of the source in the story
    sentence: Sentence
    prep: Prepared
    rel: float  #: relative position in its source, 0–1


class _Groups(DisjointSets):
    """Union-find over sentences into facts; each group knows its members and their sources."""

    def __init__(self, sents: list[_Sent]) -> None:
        super().__init__(len(sents))
        self.source_of = [s.source for s in sents]
        self.members = [[i] for i in range(len(sents))]
        self.sources = [{s.source} for s in sents]
        self.refused: set[tuple[int, int, int]] = set()

    def _merge(self, ri: int, rj: int) -> None:
        if len(self.members[ri]) < len(self.members[rj]):
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.members[ri] += self.members[rj]
        self.sources[ri] |= self.sources[rj]
        self.members[rj] = []

    def join_groups(self, i: int, j: int) -> None:
        """Join the groups of ``i`` and ``j`` whatever their sources."""
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self._merge(ri, rj)

    def union(self, i: int, j: int) -> bool:
        """Join two groups (two reports of one figure: see _figure_links) that at most
        :data:`SHARED_SOURCES` sources have sentences in: one outlet may give the count in one
        sentence and the rest of the claim in another."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj or len(self.sources[ri] & self.sources[rj]) > SHARED_SOURCES:
            return False
        self._merge(ri, rj)
        return True

    def union_coherent(self, i: int, j: int, probability: Callable[[int, int], float], threshold: float) -> bool:
        """Join the groups of ``i`` and ``j`` when their members, taken across sources, state
        one fact on average: the mean same-fact probability of every pair of members from two
        different sources is at least ``threshold`` (average linkage). A fact grows as a whole,
        not as a chain of pairs that each share a little."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj or len(self.sources[ri] & self.sources[rj]) > SHARED_SOURCES:
            return False
        # the same two groups are offered again by every candidate pair between them
        attempt = (min(ri, rj), max(ri, rj), len(self.members[ri]) + len(self.members[rj]))
        if attempt in self.refused:
            return False
        src = self.source_of
        pairs = [(x, y) for x in self.members[ri] for y in self.members[rj] if src[x] != src[y]]
        need = threshold * len(pairs)  # the sum of probabilities the mean needs
        total = 0.0
        for n, (x, y) in enumerate(pairs):
            total += probability(x, y)
            if total + (len(pairs) - n - 1) < need:  # not even if every other pair were certain
                break
        if not pairs or total < need:
            self.refused.add(attempt)
            return False
        self._merge(ri, rj)
        return True


def _merge_order(groups: list[list[int]], sents: list[_Sent]) -> list[list[int]]:
    """Order facts by merging the sources' reading orders.

    Each source contributes "fact A comes before fact B" for its consecutive facts; a
    topological sort (Kahn) follows those edges, picking among the facts that are free to come
    next the one with the smallest mean relative position in its sources. When sources disagree
    (a cycle), the fact with the smallest mean position is taken next anyway.
    """
    fact_of = {i: g for g, members in enumerate(groups) for i in members}
    by_source: dict[int, list[int]] = {}
    for i, s in enumerate(sents):
        by_source.setdefault(s.source, []).append(i)
    succ: list[set[int]] = [set() for _ in groups]
    indeg = [0] * len(groups)
    for members in by_source.values():
        chain = [fact_of[i] for i in members]
        for a, b in zip(chain, chain[1:], strict=False):
            if a != b and b not in succ[a]:
                succ[a].add(b)
                indeg[b] += 1
    key = [sum(sents[i].rel for i in m) / len(m) for m in groups]
    done = [False] * len(groups)
    order: list[int] = []
    for _ in groups:
        free = [g for g in range(len(groups)) if not done[g] and indeg[g] == 0]
        pool = free or [g for g in range(len(groups)) if not done[g]]
        g = min(pool, key=lambda k: (key[k], k))
        done[g] = True
        order.append(g)
        for h in succ[g]:
            indeg[h] -= 1
    return [groups[g] for g in order]


_UNNAMED_SPEAKER = re.compile(
    r"[\"]\s*,?\s*(?P<who>(?:a|an|the)\s[^\",.]{3,60}?)\s+(?:said|says|told|added)\b"
)


def _speaker(texts: list[Prepared]) -> str | None:
    """Who is quoted: a named speaker in any wording, else a described one ("an official")."""
    quoted = [p for p in texts if p.quotes]
    if not quoted:
        return None
    for p in quoted:
        if p.speaker:
            return p.speaker
    for p in quoted:
        if m := _UNNAMED_SPEAKER.search(p.norm):
            return m.group("who")
    return None


def _finder(parent: dict[str, str]) -> Callable[[str], str]:
    """Union-find's ``find`` over ``parent`` (values are their own root until joined)."""

    def find(v: str) -> str:
        while parent.setdefault(v, v) != v:
            v = parent[v]
        return v

    return find


def _fact_conflicts(
    members: list[_Sent], ids: list[str], order: dict[str, int], weighed: Callable[[int, int], bool] | None = None
) -> list[Conflict]:
    """Pairwise conflicts of a fact's wordings, merged into "value → sources" per disagreement.

    Values that conflict with each other (directly or through a third) form one Conflict, so
    ``{"200": [a, b, d], "300": [c, e]}`` reads as who says what. ``weighed(x, y)``: whether
    members ``x`` and ``y`` (positions in ``members``) are compared at all (default: all).
    """
    edges: dict[str, list[tuple[tuple[str, str], tuple[str, str]]]] = {}
    between: dict[tuple[str, str], list[PairConflict]] = {}  # wire copy repeats wordings
    for x in range(len(members)):
        for y in range(x + 1, len(members)):
            if ids[x] == ids[y]:
                continue  # two sentences of one source (see _split_claims): not a disagreement
            if weighed is not None and not weighed(x, y):
                continue
            pa, pb = members[x].prep, members[y].prep
            key = (pa.norm, pb.norm)
            if key not in between:
                between[key] = conflicts_between(pa, pb)
            for c in between[key]:
                edges.setdefault(c.kind, []).append(
                    ((c.a_value, ids[x]), (c.b_value, ids[y]))
                )
    said: dict[str, set[str]] = {}  # source → every figure its wordings of the fact give
    for m, src in zip(members, ids, strict=True):
        said.setdefault(src, set()).update(_format_value(n) for n in m.prep.quantities)
    out: list[Conflict] = []
    for kind in ("number", "actor", "quote"):
        parent: dict[str, str] = {}
        find = _finder(parent)
        holders: dict[str, set[str]] = {}
        for (va, sa), (vb, sb) in edges.get(kind, []):
            holders.setdefault(va, set()).add(sa)
            holders.setdefault(vb, set()).add(sb)
            parent[find(va)] = find(vb)
        components: dict[str, dict[str, list[str]]] = {}
        for value, srcs in holders.items():
            components.setdefault(find(value), {})[value] = sorted(srcs, key=order.__getitem__)
        for values in components.values():
            # an outlet that gives both figures (in any of its wordings of the fact) does not
            # disagree with itself: the figures count two things
            if len(values) > 1 and not any(len(said[src] & values.keys()) > 1 for src in said):
                out.append(Conflict(kind, dict(sorted(values.items(), key=lambda kv: order[kv[1][0]]))))
    return out


def align_story(sources: list[Source], settings: AlignSettings = AlignSettings()) -> list[Fact]:  # noqa: B008 - frozen dataclass
    """Merge a story's sources into facts, in reading order (ids ``f1``, ``f2``, ...).

    1. Every source's body is split into sentences (:func:`builder.sentences.source_sentences`).
    2. Every pair of sentences from two sources whose same-fact probability
       (:class:`.pairs.StoryPairs`) reaches ``settings.threshold`` is taken, best first; it joins
       the two sentences' groups when the mean probability of the groups' members across
       sources reaches the threshold too (average linkage) and at most :data:`SHARED_SOURCES`
       sources have sentences in both.
    3. Groups that give different figures for the same thing (a number conflict) and say the
       same of it, in the same place of the story (:func:`_figure_links`; at most
       :data:`SHARED_SOURCES` sources in both),
       are joined too, so the digest shows one fact with who reports which figure rather than
       two unrelated facts; the rest of a claim a source gives over two sentences joins its fact
       (:func:`_split_claims`).
    4. Each group becomes a :class:`Fact`; its canonical text is chosen by
       :func:`_canonical_choice` and its facts are ordered by :func:`_merge_order`.
    """
    if len(sources) == 1:
        return _single_source_facts(sources[0])
    sents: list[_Sent] = []
    for k, src in enumerate(sources):
        own = source_sentences(src)
        for s in own:
            sents.append(_Sent(k, s, prepare(s.norm), s.index / max(1, len(own) - 1)))
    if not sents:
        return []
    # The matcher's score is one feature of the same-fact decision. Wire copy repeats the same
    # two wordings across many pairs of sources, and the features are symmetric: each pair of
    # distinct wordings is scored once, and remembered across stories and rebuilds, so when
    # `watch` realigns a story after one source changed, only the new sentences cost anything.
    scores: dict[tuple[int, int], float] = {}  # (i, j), i < j → the matcher's score
    if len(_PAIR_MEMO) > PAIR_MEMO_SIZE:
        _PAIR_MEMO.clear()

    def lexical(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        sc = scores.get(key)
        if sc is None:
            pa, pb = sents[i].prep, sents[j].prep
            memo = (pa.norm, pb.norm) if pa.norm <= pb.norm else (pb.norm, pa.norm)
            sc = _PAIR_MEMO.get(memo)
            if sc is None:
                sc = _PAIR_MEMO[memo] = _prepared_score(pa, pb)
            scores[key] = sc
        return sc

    evidence = StoryPairs([s.prep for s in sents], [s.source for s in sents], lexical)
    # every pair that could reach the threshold is a candidate: the decision's bound without the
    # matcher's score is known for all pairs at once, and the matcher runs for these only
    candidates = evidence.candidates(settings.threshold)
    ranked = sorted(((evidence.probability(i, j), i, j) for i, j in candidates), reverse=True)
    groups = _Groups(sents)
    for p, i, j in ranked:
        if p < settings.threshold:
            break
        groups.union_coherent(i, j, evidence.probability, settings.threshold)
    links = _figure_links(sents)
    refused: list[tuple[int, int]] = []
    linked: list[int] = []  # a sentence of each fact joined by a figure link
    if links:
        neighbours = _neighbour_groups(sents, groups)
        for i, j in links:
            gi, gj = groups.find(i), groups.find(j)
            if gi != gj and neighbours[gi] & neighbours[gj]:
                if groups.union(i, j):
                    linked.append(i)
                    merged = neighbours[gi] | neighbours[gj]
                    neighbours[gi] = neighbours[gj] = merged
                else:
                    refused.append((i, j))
    members: dict[int, list[int]] = {}
    for i in range(len(sents)):
        members.setdefault(groups.find(i), []).append(i)
    # the rest of a claim a source gives over two sentences joins the fact (see _split_claims)
    for k, rest in _split_claims(refused, sents, groups, members).items():
        for j in rest:
            if groups.find(j) != groups.find(k):
                groups.join_groups(k, j)
                linked.append(k)
    members = {}
    for i in range(len(sents)):
        members.setdefault(groups.find(i), []).append(i)
    ordered = _merge_order(list(members.values()), sents)
    # A conflict tells readers the outlets disagree about one claim: two wordings are weighed
    # against each other when the decision is sure they state one claim, when they count one
    # thing differently and say the same of it (a figure link), or when their fact was joined
    # for that very reason.
    linked_facts = {groups.find(i) for i in linked}
    link_pairs = {(min(i, j), max(i, j)) for i, j in links}

    def weighed(i: int, j: int) -> bool:
        return (
            groups.find(i) in linked_facts
            or (min(i, j), max(i, j)) in link_pairs
            or evidence.probability(i, j) >= CONFLICT_PROBABILITY
        )

    facts = _make_facts(ordered, sents, sources, scores, weighed=weighed)
    # The canonical wording should not come from a copy: trace the copies, then choose again.
    from ..trace import copies  # trace reads facts; imported here to keep the modules acyclic

    copied = copies(sources, facts, settings)
    if any(f.canonical_source in copied for f in facts):
        facts = _make_facts(ordered, sents, sources, scores, copied, facts)
    return facts


def _split_claims(
    refused: list[tuple[int, int]], sents: list[_Sent], groups: _Groups, members: dict[int, list[int]]
) -> dict[int, list[int]]:
    """Figures a source gives in the sentence next to its wording of a fact: member → sentences.

    One source may say in two sentences what another says in one (``A ferry hit a pier.
    Officials say 14 people were hurt.`` / ``A ferry hit a pier and 12 people were hurt,
    officials said.``). The figure link between the two counts (:func:`_figure_links`) is
    refused when more sources than :data:`SHARED_SOURCES` hold sentences of both facts, so
    the disagreement would go unseen. The sentence joins the
    fact (as the rest of that source's wording of it) when the sentence with the other figure stands right before or
    after its source's wording of the fact, that wording gives no figure of its own (else the
    next sentence is a claim of its own: ``... 2.5 million more Americans were affected. Only
    8,000 Canadians were.``), and the sentence is matched with no other source (had it a
    counterpart, it would be a fact of its own, not the rest of this one).
    """
    out: dict[int, list[int]] = {}
    for a, b in refused:
        for i, j in ((a, b), (b, a)):
            if len(members[groups.find(j)]) > 1:
                continue
            for k in members[groups.find(i)]:
                if (
                    sents[k].source == sents[j].source
                    and abs(sents[k].sentence.index - sents[j].sentence.index) == 1
                    and not sents[k].prep.quantities
                    and j not in out.get(k, ())  # linked through two members of the fact
                ):
                    out.setdefault(k, []).append(j)
    return out


#: (wording, wording) → the matcher's score
_PAIR_MEMO: dict[tuple[str, str], float] = {}
PAIR_MEMO_SIZE = 50_000  #: entries kept before the memo starts afresh (bounds its memory)


def _single_source_facts(source: Source) -> list[Fact]:
    """A story told by one source: each sentence is a fact of its own, in reading order.

    The same facts the general path makes (nothing to match, copy or contradict), without it."""
    facts: list[Fact] = []
    for n, s in enumerate(source_sentences(source), start=1):
        speaker = _speaker([prepare(s.norm)]) if '"' in s.norm else None
        facts.append(
            Fact(
                id=f"f{n}",
                text=s.text,
                canonical_source=source.id,
                sources=[source.id],
                variants=[Variant(source.id, s.text, s.index, 1.0)],
                conflicts=[],
                speaker=speaker,
            )
        )
    return facts


#: How many sentences before and after count as a sentence's context (see _neighbour_groups).
CONTEXT = 2


def _neighbour_groups(sents: list[_Sent], groups: _Groups) -> dict[int, set[int]]:
    """For each group, the groups of the sentences within :data:`CONTEXT` of its sentences.

    Two groups that share a neighbour group sit in the same place of the story in two sources —
    the evidence that two different figures are two sources' versions of one report.
    """
    out: dict[int, set[int]] = {}
    start = 0
    for end in range(1, len(sents) + 1):
        if end < len(sents) and sents[end].source == sents[start].source:
            continue
        for i in range(start, end):
            g = groups.find(i)
            near = {groups.find(k) for k in range(max(start, i - CONTEXT), min(end, i + CONTEXT + 1))}
            out.setdefault(g, set()).update(near - {g})
        start = end
    return out


def _figure_links(sents: list[_Sent]) -> list[tuple[int, int]]:
    """Sentence pairs from different sources that give different figures for the same thing.

    Both count the same kind of thing and say the same of it (:func:`.conflicts.disputes`).
    Found without the similarity pre-filter, because such rewrites share few other words; only
    sentences holding counts take part, so it stays cheap.
    """
    # a number conflict needs a count of the same slot on both sides: only such pairs are tried
    by_slot: dict[str, list[int]] = {}
    for i, s in enumerate(sents):
        for slot in {_slot(n) for n in s.prep.counts}:
            by_slot.setdefault(slot, []).append(i)
    tried: set[tuple[int, int]] = set()
    # wire copy repeats wordings across sources: each pair of wordings is checked once
    disagree: dict[tuple[str, str], bool] = {}
    links: list[tuple[float, int, int]] = []
    for members in by_slot.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if sents[i].source == sents[j].source or (i, j) in tried:
                    continue
                tried.add((i, j))
                pa, pb = sents[i].prep, sents[j].prep
                if pa.norm == pb.norm:
                    continue  # one wording in two sources (wire copy): it cannot disagree with itself
                key = (pa.norm, pb.norm)
                if key not in disagree:
                    disagree[key] = disputes(pa, pb)
                if disagree[key]:
                    links.append((fuzz.token_set_ratio(pa.low, pb.low), i, j))
    return [(i, j) for _, i, j in sorted(links, reverse=True)]


def _pair_score(i: int, j: int, sents: list[_Sent], scores: dict[tuple[int, int], float]) -> float:
    key = (min(i, j), max(i, j))
    if key not in scores:
        scores[key] = _prepared_score(sents[i].prep, sents[j].prep)
    return scores[key]


def _make_facts(
    ordered: list[list[int]],
    sents: list[_Sent],
    sources: list[Source],
    scores: dict[tuple[int, int], float],
    copies: frozenset[str] = frozenset(),
    before: list[Fact] | None = None,
    weighed: Callable[[int, int], bool] | None = None,
) -> list[Fact]:
    """The facts of the ordered groups. ``before``: the same groups' facts made without
    ``copies``; a fact whose canonical source copies no one is kept as it was (leaving wordings
    out of the choice cannot change a choice among those left), and the others keep their
    conflicts and speaker, which do not depend on the canonical wording.
    ``weighed(i, j)``: whether sentences ``i`` and ``j`` of a fact are weighed for conflicts."""
    ids = [s.id for s in sources]
    order = {sid: k for k, sid in enumerate(ids)}
    facts: list[Fact] = []
    for n, group in enumerate(ordered, start=1):
        old = before[n - 1] if before is not None else None
        if old is not None and old.canonical_source not in copies:
            facts.append(old)
            continue
        group = sorted(group, key=lambda i: sents[i].source)
        canon = _canonical_choice(group, sents, sources, scores, copies)
        variants = [
            Variant(
                ids[sents[i].source],
                sents[i].sentence.text,
                sents[i].sentence.index,
                1.0 if i == canon else round(_pair_score(i, canon, sents, scores), 3),
            )
            for i in group
        ]
        def weigh(x: int, y: int, group: list[int] = group) -> bool:
            return weighed is None or weighed(group[x], group[y])

        facts.append(
            Fact(
                id=f"f{n}",
                text=sents[canon].sentence.text,
                canonical_source=ids[sents[canon].source],
                sources=list(dict.fromkeys(v.source for v in variants)),
                variants=variants,
                conflicts=(
                    old.conflicts if old is not None
                    else _fact_conflicts([sents[i] for i in group], [v.source for v in variants], order, weigh)
                ),
                speaker=old.speaker if old is not None else _speaker([sents[i].prep for i in group]),
            )
        )
    return facts


def _canonical_choice(
    group: list[int],
    sents: list[_Sent],
    sources: list[Source],
    scores: dict[tuple[int, int], float],
    copies: frozenset[str],
) -> int:
    """The wording a fact is shown in.

    Rule: leave out wordings from sources known to copy another (when any other is left), then
    take the most central wording — the highest summed match score to the fact's other wordings,
    i.e. the one closest to what all sources say — breaking ties by the earliest publication
    date, then the longer wording (the more complete one), then the source order.
    """
    pool = [i for i in group if sources[sents[i].source].id not in copies] or group

    def rank(i: int) -> tuple[float, str, int, int]:
        central = sum(_pair_score(i, j, sents, scores) for j in group if j != i)
        published = sources[sents[i].source].published or "9999-99-99"
        return (-round(central, 6), published, -len(sents[i].sentence.text), sents[i].source)

    return min(pool, key=rank)
