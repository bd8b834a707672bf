"""Group stage: same event together, other events apart, forced stories, stable slugs, cost."""

from __future__ import annotations

import random
import string
from pathlib import Path

from builder.config import GroupSettings
from builder.group import assign_slugs, cluster, group
from builder.models import Source
from builder.read import parse

from .factories import make_source, seed_sources, source_from_article

# Two events in the same city on the same day: they share a place name, a weekday and the
# vocabulary of local news, but not the event.
FERRY_1 = [
    "Fire breaks out on ferry in Hamburg harbour, twelve injured",
    "A passenger ferry caught fire in Hamburg's harbour on Tuesday morning, injuring twelve "
    "people, the fire brigade said.",
    "The blaze started in the engine room of the Elbe ferry shortly after it left the "
    "Landungsbruecken pier with about 80 passengers aboard.",
    "Firefighters on two fireboats brought the flames under control within an hour. Three of "
    "the injured were taken to hospital with smoke inhalation.",
    "Police said the cause of the fire was not yet known and an investigation had begun.",
]
# The same event with the title and lede rewritten by another outlet.
FERRY_2 = [
    "Twelve hurt as Elbe ferry catches fire",
    "Flames swept through a crowded passenger boat on the river in Hamburg, leaving a dozen "
    "people hurt, emergency services reported.",
    "The blaze began in the engine room of the ferry shortly after it left the "
    "Landungsbruecken pier carrying about 80 passengers.",
    "Two fireboats brought the flames under control within an hour, and three of the injured "
    "were treated in hospital for smoke inhalation.",
    "Investigators have not yet determined what caused the fire in the engine room.",
]
FERRY_3 = [
    "Hamburg ferry fire: passengers describe panic in smoke-filled cabin",
    "Passengers of the Elbe ferry that caught fire near the Landungsbruecken pier described "
    "scenes of panic as smoke filled the cabin.",
    "Twelve people were injured, three of them taken to hospital with smoke inhalation, after "
    "the fire broke out in the engine room.",
    "Fireboats put out the blaze within an hour. The cause is under investigation.",
]
TRAM_1 = [
    "Hamburg city council approves new tram line to the harbour",
    "Hamburg's city council on Tuesday approved plans for a tram line linking the central "
    "station with the harbour, the first new tram route in the city for decades.",
    "The 9-kilometre line will cost about 450 million euros and should open in 2031, the "
    "transport senator said.",
    "Opposition councillors criticised the budget and said buses would serve passengers "
    "better.",
]
TRAM_2 = [
    "Trams return to Hamburg as council backs harbour route",
    "Trams will return to Hamburg after the city council voted for a 450-million-euro line "
    "between the central station and the harbour.",
    "Construction of the 9-kilometre route is due to start in 2027 and the line should open "
    "in 2031.",
    "Critics in the opposition argued that electric buses would be cheaper.",
]
ELECTION = [
    "Turnout falls in Bremen state election",
    "Voters in the northern state of Bremen elected a new state parliament on Sunday, with "
    "turnout falling to 54 percent.",
    "The Social Democrats remained the largest party, according to preliminary results.",
]


def _ids(groups: list[list[Source]]) -> list[set[str]]:
    return sorted(({s.id for s in g} for g in groups), key=lambda s: sorted(s))


def _site(**dates: str) -> list[Source]:
    texts = {"f1": FERRY_1, "f2": FERRY_2, "f3": FERRY_3, "t1": TRAM_1, "t2": TRAM_2, "e1": ELECTION}
    return [make_source(i, p, published=dates.get(i)) for i, p in texts.items()]


def test_same_event_joined_and_other_events_apart_despite_shared_place() -> None:
    groups, _ = cluster(_site())
    assert _ids(groups) == [{"e1"}, {"f1", "f2", "f3"}, {"t1", "t2"}]


def test_rewritten_lede_still_joins() -> None:
    # Only the two versions of one story plus unrelated ones: FERRY_2 shares no title word
    # with FERRY_1's title and rewrites its lede, but the body carries the same facts.
    sources = [make_source(i, p) for i, p in (("a", FERRY_1), ("b", FERRY_2), ("c", TRAM_1), ("d", ELECTION))]
    assert {"a", "b"} in _ids(cluster(sources)[0])


def test_every_source_in_exactly_one_story_and_singletons_are_stories() -> None:
    sources = _site()
    stories = group(sources)
    ids = [i for g in stories for i in g.source_ids]
    assert sorted(ids) == sorted(s.id for s in sources)
    assert any(g.source_ids == ["e1"] for g in stories)
    alone = group([make_source("only", ELECTION)])
    assert [(g.slug, g.source_ids) for g in alone] == [("turnout-falls-in-bremen-state-election", ["only"])]
    assert group([]) == []


def test_result_does_not_depend_on_input_order() -> None:
    sources = _site(f2="2024-05-07", f1="2024-05-07", f3="2024-05-08")
    first = group(sources)
    shuffled = sources[:]
    random.Random(3).shuffle(shuffled)
    assert [(g.slug, g.source_ids) for g in group(shuffled)] == [(g.slug, g.source_ids) for g in first]
    ferry = next(g for g in first if "f1" in g.source_ids)
    assert ferry.source_ids == ["f1", "f2", "f3"]  # by date, then id


def test_story_key_forces_membership_and_closes_the_story() -> None:
    sources = _site()
    for s in sources:
        if s.id in ("f1", "e1"):  # unrelated texts, one key
            s.story_key = "Hamburg & Bremen week"
    stories = {frozenset(g.source_ids): g.slug for g in group(sources)}
    assert stories[frozenset({"f1", "e1"})] == "hamburg-bremen-week"
    # f2 and f3 tell f1's event but have no key: they never join the forced story
    assert frozenset({"f2", "f3"}) in stories


def test_slug_is_stable_when_a_source_is_added() -> None:
    sources = _site(f1="2024-05-07", f2="2024-05-07")
    before = group(sources)
    previous = {i: g.slug for g in before for i in g.source_ids}
    ferry_slug = previous["f1"]
    assert ferry_slug == "fire-breaks-out-on-ferry-in-hamburg-harbour-twelve-injured"
    # A new, earlier-dated version with its own title: it would name the story if it were new.
    early = make_source("f0", FERRY_3, published="2024-05-06")
    sources = [*sources, early]
    after = group(sources, previous=previous)
    ferry = next(g for g in after if "f0" in g.source_ids)
    assert ferry.slug == ferry_slug
    assert {g.slug for g in after} == {g.slug for g in before}
    assert next(g for g in group(sources) if "f0" in g.source_ids).slug != ferry_slug


def test_slug_majority_wins_and_duplicate_titles_get_distinct_slugs() -> None:
    a, b, c, d = (make_source(i, ["Storm hits coast", f"text {i}"]) for i in "abcd")
    named = assign_slugs([[a, b, c], [d]], previous={"a": "old", "b": "older", "c": "older", "d": "older"})
    assert [g.slug for g in named] == ["older", "storm-hits-coast"]
    # two new stories with the same title: one keeps the plain slug, the other gets a suffix
    twins = assign_slugs([[a], [d]])
    assert twins[0].slug == "storm-hits-coast"
    assert twins[1].slug.startswith("storm-hits-coast-") and twins[1].slug != twins[0].slug
    long = assign_slugs([[make_source("x", ["word " * 40])]])[0].slug
    assert len(long) <= 60 and not long.endswith("-")


def test_dates_are_a_bound_only_when_both_are_known() -> None:
    settings = GroupSettings(max_days=4)
    far = _site(f1="2022-05-03", f2="2024-05-07", f3="2024-05-07")
    assert {"f2", "f3"} in _ids(cluster(far, settings)[0])
    assert {"f1"} in _ids(cluster(far, settings)[0])
    near = _site(f1="2024-05-05", f2="2024-05-07")  # f3 undated: joins on its text alone
    assert {"f1", "f2", "f3"} in _ids(cluster(near, settings)[0])


def test_seed_articles_form_one_story(seeds_dir: Path) -> None:
    # raw lines (clutter included) and through the real clean and identify stages
    raw = [source_from_article(parse(p.read_bytes(), p.name)) for p in sorted(seeds_dir.glob("*.txt"))]
    for seeds in (raw, seed_sources(seeds_dir)):
        assert len(seeds) == 5
        others = [s for s in _site() if s.id in ("f1", "f2", "t1", "e1")]
        groups, _ = cluster(seeds + others)
        assert {s.id for s in seeds} in _ids(groups)
        assert len(group(seeds)) == 1


def _synthetic(stories: int, rng: random.Random) -> list[Source]:
    """Many small unrelated stories over one shared everyday vocabulary (Zipf-like use)."""
    common = [f"common{k}" for k in range(2000)]
    weights = [1 / (k + 1) for k in range(len(common))]
    out = []
    for k in range(stories):
        # random letters, as real names differ in more than a digit
        names = ["".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(8)]
        for a in range(rng.randint(1, 4)):
            paragraphs = [
                " ".join(rng.choices(common, weights, k=20) + rng.sample(names, 3))
                for _ in range(4)
            ]
            out.append(make_source(f"s{k}a{a}", paragraphs, title=" ".join(rng.sample(names, 3))))
    return out


def test_candidate_generation_is_not_all_pairs() -> None:
    rng = random.Random(1)
    small = _synthetic(100, rng)
    large = _synthetic(400, rng)
    _, small_stats = cluster(small)
    groups, large_stats = cluster(large)
    n = len(large)
    assert large_stats.verified_pairs < n * (n - 1) / 2 / 50
    # near-linear growth: 4x the sources, far less than 16x the verified pairs
    assert large_stats.verified_pairs < 6 * max(small_stats.verified_pairs, 1)
    # and the blocking still finds every story
    story_of = {s.id: s.id.split("a")[0] for s in large}  # "s12a3" → story "s12"
    assert all(len({story_of[s.id] for s in g}) == 1 for g in groups)
    assert len(groups) == len(set(story_of.values()))


def test_a_story_larger_than_the_posting_cap_still_forms_one_story() -> None:
    from builder.group import POSTING_CAP

    rng = random.Random(5)
    everyday = [f"common{k}" for k in range(20)]  # the frequent words every article uses
    names = ["".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(10)]
    big = [
        make_source(
            f"big{a:03d}",
            [" ".join(rng.choices(everyday, k=25) + rng.sample(names, 4)) for _ in range(4)],
            title=" ".join(rng.sample(names, 3)),
            published=f"2024-03-{1 + a % 28:02d}",
        )
        for a in range(3 * POSTING_CAP)
    ]
    others = _synthetic(300, rng)  # a big story among many small ones, as on a real site
    groups, stats = cluster(big + others)
    assert stats.windowed_terms > 0
    big_ids = {s.id for s in big}
    assert big_ids in _ids(groups)


def test_a_verbatim_copy_does_not_split_its_story() -> None:
    # A republisher's exact copy shares every rare word with its original; the story must still
    # hold the original, the copy and the other outlets' versions together.
    sources = [
        make_source("f1", FERRY_1),
        make_source("f2", FERRY_2),
        make_source("f3", FERRY_3),
        make_source("f1-copy", list(FERRY_1)),
        make_source("t1", TRAM_1),
        make_source("t2", TRAM_2),
    ]
    stories = {frozenset(g.source_ids) for g in group(sources)}
    assert frozenset({"f1", "f2", "f3", "f1-copy"}) in stories
    assert frozenset({"t1", "t2"}) in stories


def test_an_index_places_new_and_changed_sources_like_a_full_grouping() -> None:
    from builder.group import GroupIndex

    base = [make_source("f1", FERRY_1), make_source("f2", FERRY_2), make_source("t1", TRAM_1)]
    index = GroupIndex(base)
    index.update(added=[make_source("f3", FERRY_3), make_source("t2", TRAM_2)])
    incremental = {frozenset(s.id for s in g) for g in index.partition()}
    full = {frozenset(s.id for s in g) for g in cluster([*base, make_source("f3", FERRY_3), make_source("t2", TRAM_2)])[0]}
    assert incremental == full == {frozenset({"f1", "f2", "f3"}), frozenset({"t1", "t2"})}
    # a source rewritten to tell the other story moves; a deleted one leaves its story
    index.update(added=[make_source("f2", TRAM_2[:1] + TRAM_1[1:])], removed=["t2"])
    assert {frozenset(s.id for s in g) for g in index.partition()} == {frozenset({"f1", "f3"}), frozenset({"t1", "f2"})}
    # a forced story takes only its own sources
    index.update(added=[make_source("k1", FERRY_1, story_key="ferry-desk")])
    assert frozenset({"k1"}) in {frozenset(s.id for s in g) for g in index.partition()}
