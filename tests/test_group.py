"""Group stage: same event together, other events apart, forced stories, stable slugs, cost."""

from __future__ import annotations

import datetime as dt
import random
import string
from pathlib import Path

import pytest

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


def test_slug_follows_the_earliest_source_whatever_came_before() -> None:
    sources = _site(f1="2024-05-07", f2="2024-05-07")
    ferry = next(g for g in group(sources) if "f1" in g.source_ids)
    assert ferry.slug == "fire-breaks-out-on-ferry-in-hamburg-harbour-twelve-injured"
    # a later version joining the story does not rename it
    late = make_source("f9", FERRY_3, published="2024-05-08")
    assert next(g for g in group([*sources, late]) if "f9" in g.source_ids).slug == ferry.slug
    # an earlier version names it: a slug is a function of the story's sources, so a cached
    # build and a fresh one agree (the old address is kept by a redirect page, see test_slugs)
    early = make_source("f0", FERRY_3, published="2024-05-06")
    renamed = next(g for g in group([*sources, early]) if "f0" in g.source_ids)
    assert renamed.slug != ferry.slug and set(ferry.source_ids) < set(renamed.source_ids)


def test_duplicate_titles_get_distinct_slugs() -> None:
    a, d = (make_source(i, ["Storm hits coast", f"text {i}"]) for i in "ad")
    # two stories with the same title: the first by its first member keeps the plain slug
    twins = assign_slugs([[d], [a]])
    assert twins[0].slug == "storm-hits-coast" and twins[0].source_ids == ["a"]
    assert twins[1].slug.startswith("storm-hits-coast-") and twins[1].slug != twins[0].slug
    assert [g.slug for g in assign_slugs([[a], [d]])] == [g.slug for g in twins]  # whatever the order
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
        # random letters, as real names differ in more than a digit; capitalised, as names are
        names = ["".join(rng.choices(string.ascii_lowercase, k=8)).capitalize() for _ in range(8)]
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


# --- one topic, several events --------------------------------------------------------------------
# Four storms strike one stretch of coast within seven weeks, each told by two or three outlets in
# their own words; they share the topic's whole vocabulary (storm, coast, wind, evacuate, power,
# the region's towns and officials) but not the event: its name, its day, its figures, its places.
# A fifth article looks back over the season and touches two of the storms. Texts written for
# this test.
STORMS: dict[str, list[list[str]]] = {
    "arlo": [
        [
            "Storm Arlo floods Port Keldan harbour as 140 km/h gusts hit the Solway coast",
            "Storm Arlo made landfall near Port Keldan early on Saturday, driving a 2.4-metre surge "
            "into the harbour and flooding about 300 homes along the quay, the coastguard said.",
            "Gusts of up to 140 km/h tore roofs from warehouses in the fishing district, and two "
            "trawlers broke their moorings and ran aground on the shingle spit.",
            "Provincial governor Mara Ilves said 1,200 residents had spent the night in the "
            "Keldan sports hall and that no deaths had been reported.",
        ],
        [
            "Arlo's surge swamps Port Keldan quay; 300 homes under water",
            "A storm surge of almost two and a half metres pushed into Port Keldan on Saturday "
            "morning as Storm Arlo came ashore, leaving some 300 houses on the quay under water.",
            "Two fishing boats were torn from their moorings and stranded on the spit, while "
            "140 km/h winds stripped the roofs off harbour warehouses.",
            "About 1,200 people sheltered overnight in the town's sports hall, Governor Ilves "
            "told reporters, adding that nobody had died.",
        ],
        [
            "Keldan fishermen count the cost after Arlo",
            "Fishermen in Port Keldan spent Sunday hauling two grounded trawlers off the shingle "
            "spit after Storm Arlo's surge flooded the quay the day before.",
            "The harbour master estimated the damage to the fleet and the warehouses at 4 million "
            "euros; 300 homes on the waterfront are still drying out.",
        ],
    ],
    "bettina": [
        [
            "Storm Bettina cuts power to 85,000 homes across the Solway coast",
            "Storm Bettina knocked out electricity to about 85,000 households on the Solway coast "
            "on Tuesday night after falling trees brought down lines near Ardmoor and Velling.",
            "The grid operator Coastline Energy said crews from three provinces were working to "
            "restore supply but that some villages could stay dark until Friday.",
            "A 67-year-old man was killed in Velling when an oak fell on his car, police said.",
        ],
        [
            "Bettina leaves 85,000 without electricity, one dead in Velling",
            "Tens of thousands of homes — 85,000 by the grid operator's count — lost power on "
            "Tuesday as Storm Bettina felled trees onto overhead lines around Ardmoor.",
            "Police in Velling said a driver aged 67 died when a falling oak crushed his vehicle.",
            "Coastline Energy warned that remote villages might wait until Friday for their "
            "supply to return despite crews brought in from neighbouring provinces.",
        ],
    ],
    "cormac": [
        [
            "Storm Cormac: Rhenn river bursts its banks, Ardmoor evacuated",
            "Authorities ordered the evacuation of 4,500 people from Ardmoor on Thursday after "
            "three days of rain from Storm Cormac pushed the Rhenn river over its banks.",
            "The river peaked at 6.1 metres at the Ardmoor bridge, a record, the water agency "
            "said, and the old town's main street was under a metre of water.",
            "Soldiers filled sandbags at the hospital, which moved 40 patients to Velling.",
        ],
        [
            "Record Rhenn flood forces 4,500 from their homes in Ardmoor",
            "Some 4,500 residents of Ardmoor were told to leave on Thursday as the Rhenn, swollen "
            "by Cormac's rain, rose to 6.1 metres — the highest level ever measured at the town's "
            "bridge.",
            "Army units helped protect the hospital with sandbags; 40 patients were taken to "
            "Velling by ambulance.",
        ],
        [
            "Ardmoor under water as Cormac's rain keeps falling",
            "The old town of Ardmoor lay under a metre of floodwater on Thursday after the Rhenn "
            "broke its banks, and forecasters said Storm Cormac would bring more rain.",
            "The water agency recorded 6.1 metres at the bridge. Evacuation buses carried 4,500 "
            "people to schools in higher villages.",
        ],
    ],
    "delphine": [
        [
            "Storm Delphine grounds ferries and closes Solway bridge",
            "All ferries to the Tarn islands were cancelled on Monday and the Solway bridge was "
            "closed to traffic as Storm Delphine brought gusts of 120 km/h.",
            "About 2,000 travellers were stranded at the Port Keldan terminal, where the ferry "
            "company handed out blankets and vouchers for hotels.",
            "The bridge authority said it would reopen the crossing once gusts fell below 80 km/h.",
        ],
        [
            "Delphine strands 2,000 at Keldan ferry terminal as islands cut off",
            "Travellers bound for the Tarn islands spent Monday night at the Port Keldan terminal "
            "after Storm Delphine halted every sailing; some 2,000 people were stuck.",
            "With winds at 120 km/h, the Solway bridge stayed shut, the bridge authority said, "
            "until gusts drop under 80 km/h.",
        ],
    ],
}
# Looks back at two of the storms: it must not join them into one story.
SEASON = [
    "A season of storms on the Solway coast",
    "The Solway coast has been hit by four named storms in seven weeks. Storm Arlo flooded the "
    "quay at Port Keldan, and a month later Storm Cormac's rain sent the Rhenn over its banks "
    "at Ardmoor.",
    "Governor Mara Ilves said the province would ask the national government for emergency "
    "funds to repair sea walls and river defences before winter.",
    "Insurers said claims from the storms would be the highest since records began.",
]


#: The day each storm struck, weeks apart; its tellings come out that day and the two after.
STORM_DAYS = {"arlo": "2025-10-04", "bettina": "2025-10-21", "cormac": "2025-11-06", "delphine": "2025-11-17"}
SEASON_DAY = "2025-11-20"
#: Each outlet's page furniture, left in the text (as when the clean stage cannot tell it from
#: the article): the same lines under every article of that outlet, whatever its event.
FURNITURE = [
    ["Chat with us on Messenger for the latest from the Solway Courier.", "Share this story"],
    ["Sign up for the Coastline Today newsletter and never miss a headline.", "Read more: Weather"],
    ["Follow Harbour Radio News on Facebook and Instagram.", "Comments are closed."],
]


def _storm_site(dated: bool = False, furniture: bool = False) -> tuple[list[Source], dict[str, str]]:
    """The storms' tellings (telling k of each storm from outlet k) and the season round-up."""
    sources, event = [], {}
    for name, tellings in STORMS.items():
        for k, paragraphs in enumerate(tellings):
            sid = f"{name}{k}"
            day = dt.date.fromisoformat(STORM_DAYS[name]) + dt.timedelta(days=k)
            body = paragraphs[1:] + (FURNITURE[k] if furniture else [])
            sources.append(make_source(sid, body, title=paragraphs[0], published=day.isoformat() if dated else None))
            event[sid] = name
    body = SEASON[1:] + (FURNITURE[0] if furniture else [])
    sources.append(make_source("season", body, title=SEASON[0], published=SEASON_DAY if dated else None))
    return sources, event


def _one_story_each(groups: list[list[Source]], event: dict[str, str]) -> None:
    by_event = [{s.id for s in g if s.id in event} for g in groups]
    # no story mixes two storms
    assert all(len({event[i] for i in ids}) <= 1 for ids in by_event), by_event
    # each storm is one story, all its tellings together
    for name, tellings in STORMS.items():
        assert {f"{name}{k}" for k in range(len(tellings))} in by_event, (name, by_event)


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "dated"])
@pytest.mark.parametrize("furniture", [False, True], ids=["clean", "furniture"])
def test_storms_of_one_coast_are_one_story_each_despite_a_bridging_article(dated: bool, furniture: bool) -> None:
    sources, event = _storm_site(dated, furniture)
    _one_story_each(cluster(sources)[0], event)


def test_storms_stay_apart_when_placed_one_by_one() -> None:
    """The index's incremental placement keeps the events apart as well."""
    from builder.group import GroupIndex

    sources, event = _storm_site()
    later = {"arlo1", "cormac1"}  # a telling of each three-telling storm comes in later
    index = GroupIndex([s for s in sources if s.id not in later])
    for source in sources:
        if source.id in later:
            index.update(added=[source])
    _one_story_each(index.partition(), event)


@pytest.mark.parametrize("furniture", [False, True], ids=["clean", "furniture"])
def test_storms_stay_apart_when_a_site_grows_one_article_at_a_time(furniture: bool) -> None:
    """``watch`` on a site that starts empty: every article, in the order they came out, placed
    into the kept index one by one; the same stories as a full build."""
    from builder.group import GroupIndex

    sources, event = _storm_site(dated=True, furniture=furniture)
    index = GroupIndex([])
    for source in sorted(sources, key=lambda s: (s.published, s.id)):
        index.update(added=[source])
    _one_story_each(index.partition(), event)
