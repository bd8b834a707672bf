"""The matcher, conflicts and story alignment — on texts written for the tests and on the seeds."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from builder import align
from builder.align import align_story, match
from builder.align.conflicts import _said_of, disputes
from builder.config import AlignSettings
from builder.models import Fact, Source
from builder.textfeat import prepare, stem

from .factories import make_source, seed_sources
from .story_texts import A, B, story

# --- match ---------------------------------------------------------------------------------------


def test_match_same_wording_and_unrelated_wording() -> None:
    m = match(A[0], A[0])
    assert m.same and m.score > 0.9 and m.conflicts == []
    other = match(A[0], "The central bank left interest rates unchanged for a third month.")
    assert not other.same and other.score < 0.2


def test_match_threshold_defaults_to_settings_and_can_be_given() -> None:
    m = match(A[0], B[0])
    assert m.same == (m.score >= AlignSettings().threshold)
    assert match(A[0], B[0], threshold=0.0).same
    assert not match(A[0], B[0], threshold=1.0).same


def test_match_is_symmetric() -> None:
    assert match(A[1], B[1]).score == pytest.approx(match(B[1], A[1]).score, abs=0.02)


def test_number_conflict_reports_both_figures() -> None:
    m = match(
        "Approximately 200 Iraqi militiamen crossed overnight.",
        "At least 300 fighters crossed late on Sunday.",
    )
    assert [(c.kind, c.a_value, c.b_value) for c in m.conflicts] == [("number", "200", "300")]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same figure, however qualified or written
        ("At least 44 people died in the attack.", "Some 44 people were killed in the attack."),
        ("Seven people were killed in the strike.", "The strike killed 7 people."),
        ("Over 48,500 people fled.", "About 48,500 people fled their homes."),
        # years and dates are not conflicting quantities
        ("The party was founded in 1998 by two friends.", "The party was founded in 1999 by two friends."),
        ("Talks resumed on Dec. 3 in Geneva.", "Talks resumed on Dec. 4 in Geneva."),
        # different things counted
        ("Two ministers resigned after 30 protesters were hurt.", "Five cars burned in the street."),
        # a headcount and a toll of one event are two figures, not a disagreement
        ("A bus carrying 40 passengers crashed on the coast road on Friday.",
         "A bus crashed on the coast road on Friday, injuring 12 people."),
        ("A ferry with 230 passengers hit a pier in Westport on Sunday.",
         "A ferry hit a pier in Westport on Sunday and 12 people were hurt."),
        # the dead and the hurt are two counts, not one count in dispute
        ("Seven people were killed when the roof of the depot fell in.",
         "The roof of the depot fell in, injuring 20 people."),
        ("Officials said 12 people died in the pile-up on the ring road.",
         "Officials said 30 people were hurt in the pile-up on the ring road."),
        # lives saved are no toll
        ("Paramedics saved 40 lives at the crash site on Friday.",
         "Paramedics arrived at the crash site on Friday, where 12 people died."),
        # a figure inside the range the other's qualifier admits
        ("More than 3,000 families left the valley.", "Some 3,150 families left the valley."),
        ("Up to 40 boats were lost in the storm.", "The storm sank 35 boats."),
        ("Nearly 90 workers signed the letter.", "Eighty-five workers signed the letter."),
        # a decimal written without its leading zero, a decimal comma before a scale word
        ("Diesel closed .65 cent lower.", "Diesel closed 0.65 cent lower."),
        ("The agency counted 2,4 million visitors.", "The agency counted 2.4 million visitors."),
        # "dozen" multiplies the number before it, as "hundred" does
        ("Three dozen riders finished the stage.", "Thirty-six riders finished the stage."),
    ],
)
def test_no_number_conflict(a: str, b: str) -> None:
    assert [c for c in match(a, b).conflicts if c.kind == "number"] == []


def test_a_toll_given_by_its_verb_alone_is_weighed_against_one_given_with_its_noun() -> None:
    # "59 killed" counts people as "killed at least 50 people" does; the injured are another count
    m = match(
        "At least 59 killed, 527 injured as gunfire hits a harbour festival",
        "A gunman killed at least 50 people and wounded over 400 at a harbour festival",
    )
    assert [(c.kind, c.a_value, c.b_value) for c in m.conflicts] == [("number", "59", "50")]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Iranian Foreign Minister Abbas Araghchi met Assad.", "Iranian Foreign Minister Abbas Araqchi met Assad."),
        ("Rebels backed by Turkey advanced on the town.", "Rebels backed by Turkiye advanced on the town."),
        ('"We are ready," Araghchi said.', '"We are ready," Aragchchi said.'),
        ('"We are ready," Antonio Guterres said.', '"We are ready," Guterres said.'),
    ],
)
def test_spelling_variants_are_not_conflicts(a: str, b: str) -> None:
    m = match(a, b)
    assert m.conflicts == []
    assert m.same


def test_actor_conflict_names_both_speakers() -> None:
    m = match('"We will not retreat," Smith said.', '"We will not retreat," Jones said.')
    assert [(c.kind, c.a_value, c.b_value) for c in m.conflicts] == [("actor", "Smith", "Jones")]
    # unnamed or pronoun speakers are never an actor conflict
    assert match('"We will not retreat," he said.', '"We will not retreat," Jones said.').conflicts == []


def test_quote_conflict_only_when_words_of_the_quote_change() -> None:
    changed = match('"We will win this war soon," the general said.', '"We will lose this war soon," the general said.')
    assert [c.kind for c in changed.conflicts] == ["quote"]
    excerpt = match(
        '"We will win this war, whatever it costs us," the general said.',
        'The general said "we will win this war".',
    )
    assert excerpt.conflicts == []
    spelling = match('"The colour of the flag is red," she said.', '"The color of the flag is red," she said.')
    assert spelling.conflicts == []


# --- align_story on a written story --------------------------------------------------------------


def _fact_with(facts: list[Fact], source: str, words: str) -> Fact:
    found = [f for f in facts if any(v.source == source and words in v.text for v in f.variants)]
    assert len(found) == 1, f"{words!r} in {source}: {len(found)} facts"
    return found[0]


def test_story_facts_join_rewrites_and_copies() -> None:
    facts = align_story(story())
    lede = _fact_with(facts, "B", "had to flee their homes")  # a reworded lede
    assert lede.sources == ["A", "B", "C"]
    quote = _fact_with(facts, "A", "keep the water out")
    assert quote.sources == ["A", "B", "C"]
    assert quote.speaker == "Governor Elena Varga"
    assert quote.conflicts == []  # "Varga" and "Governor Elena Varga" are one speaker


def test_story_conflict_lists_each_figure_with_its_sources() -> None:
    facts = align_story(story())
    troops = _fact_with(facts, "B", "450 troops")
    assert set(troops.sources) == {"A", "B", "C"}
    assert [(c.kind, c.values) for c in troops.conflicts] == [("number", {"300": ["A", "C"], "450": ["B"]})]


def test_story_conflicts_not_over_found() -> None:
    facts = align_story(story())
    flagged = [f for f in facts if f.conflicts]
    assert len(flagged) == 1  # only the troop figure
    # a figure of another event stays its own fact
    assert _fact_with(facts, "B", "20 years").sources == ["B"]
    assert _fact_with(facts, "D", "Two trucks").sources == ["D"]
    river = _fact_with(facts, "B", "8.2 metres")
    assert set(river.sources) == {"A", "B", "C"} and river.conflicts == []


def test_story_facts_structure_and_order() -> None:
    sources = story()
    facts = align_story(sources)
    assert [f.id for f in facts] == [f"f{i}" for i in range(1, len(facts) + 1)]
    for f in facts:
        assert len(f.sources) == len(set(f.sources)), "one sentence per source per fact"
        assert f.canonical_source in f.sources
        assert f.text in [v.text for v in f.variants]
        assert next(v.score for v in f.variants if v.source == f.canonical_source) == 1.0
    # every sentence of every source is in exactly one fact
    seen = sorted((v.source, v.sentence) for f in facts for v in f.variants)
    assert seen == sorted({(v.source, v.sentence) for f in facts for v in f.variants})
    assert len(seen) == 5 + 5 + 6 + 2
    # each source's sentences appear in its own reading order
    for src in "ABCD":
        indexes = [v.sentence for f in facts for v in f.variants if v.source == src]
        assert indexes == sorted(indexes)


def test_canonical_text_not_from_a_copy() -> None:
    # C is a verbatim republication of A (published later): A's wording is shown
    facts = align_story(story())
    lede = _fact_with(facts, "C", "Floodwaters forced")
    assert lede.canonical_source == "A"


def test_align_single_source_and_empty() -> None:
    only = make_source("x", ["One claim here. Another claim there."])
    facts = align_story([only])
    assert [f.sources for f in facts] == [["x"], ["x"]]
    assert align_story([]) == []
    assert align_story([make_source("e", [])]) == []


def _random_sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    who = "officials police residents doctors engineers farmers teachers pilots judges nurses".split()
    verb = "reported described denied confirmed questioned praised criticised welcomed".split()
    what = "flooding repairs closures evacuations shortages delays protests elections".split()
    where = "Arden Belmont Corvin Dunmore Elgin Farrow Glenby Harlow Islay Jarrow".split()
    return [
        f"{rng.choice(who).capitalize()} in {rng.choice(where)} {rng.choice(verb)} the "
        f"{rng.choice(what)} on {rng.choice(['Monday', 'Tuesday', 'Friday'])} after "
        f"{rng.randint(2, 900)} {rng.choice(what)} near {rng.choice(where)}."
        for _ in range(n)
    ]


def test_align_is_fast_for_a_wide_story() -> None:
    # 8 sources × 50 sentences, each source with some reworded and some own sentences
    shared = _random_sentences(40, 1)
    sources: list[Source] = []
    for k in range(8):
        paras = [s.replace(" the ", " these ", 1) if (i + k) % 3 == 0 else s for i, s in enumerate(shared)]
        sources.append(make_source(f"s{k}", paras + _random_sentences(10, 100 + k)))
    start = time.perf_counter()
    facts = align_story(sources)
    assert time.perf_counter() - start < 5.0
    assert sum(len(f.sources) == 8 for f in facts) >= 36


# --- the seed story ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Source], list[Fact]]:
    sources = seed_sources(Path(__file__).resolve().parent.parent / "content")
    return sources, align_story(sources)


def _sid(sources: list[Source], prefix: str) -> str:
    return next(s.id for s in sources if s.id.startswith(prefix))


def test_seed_fighters_conflict(seeds: tuple[list[Source], list[Fact]]) -> None:
    sources, facts = seeds
    ids = {p: _sid(sources, p) for p in ("000", "001", "002", "003", "004")}
    conflicts = [c for f in facts for c in f.conflicts if c.kind == "number"]
    fighters = [c for c in conflicts if "300" in c.values]
    assert len(fighters) == 1
    values = fighters[0].values
    assert set(values["200"]) >= {ids["000"], ids["001"], ids["004"]}
    assert ids["003"] in values["300"]
    assert not set(values["200"]) & set(values["300"])


def test_seed_quote_credited_to_its_three_sources(seeds: tuple[list[Source], list[Fact]]) -> None:
    sources, facts = seeds
    quote = [f for f in facts if "fresh reinforcements" in f.text]
    assert len(quote) == 1
    assert sorted(quote[0].sources) == sorted(_sid(sources, p) for p in ("000", "001", "003"))


def test_seed_canonical_not_from_the_blog_copy(seeds: tuple[list[Source], list[Fact]]) -> None:
    sources, facts = seeds
    blog, dw = _sid(sources, "001"), _sid(sources, "000")
    shared = [f for f in facts if blog in f.sources and dw in f.sources]
    assert len(shared) >= 10
    assert all(f.canonical_source != blog for f in shared)


def test_seed_only_the_fighters_figure_conflicts(seeds: tuple[list[Source], list[Fact]]) -> None:
    _, facts = seeds
    numbers = [c for f in facts for c in f.conflicts if c.kind == "number"]
    assert len(numbers) == 1


def test_number_counts_only_the_noun_in_its_phrase() -> None:
    # "2.15, or 0.4 percent": the noun after the comma is not what 2.15 counts (index points)
    m = match("The fund gained 2.15, or 0.4 percent, to 512.60.", "The fund added 4.10, or 0.8 percent, at 508.20.")
    assert not [c for c in m.conflicts if c.kind == "number"]
    # "from 2,310 in 2019": a preposition ends the number's phrase
    m = match("Admissions fell from 2,310 in 2019 to 900 last year.", "Admissions fell from 480 in 2019 to 900 last year.")
    assert not [c for c in m.conflicts if c.kind == "number"]
    m = match("He said 200 of the fighters crossed.", "He said 300 of the fighters crossed.")
    assert [(c.a_value, c.b_value) for c in m.conflicts] == [("200", "300")]


def test_quote_spelling_of_per_cent_is_no_conflict() -> None:
    m = match('"About 60 per cent of advertisers do not advertise in Spanish," he said.',
              '"About 60 percent of advertisers do not advertise in Spanish," he said.')
    assert not m.conflicts


@pytest.mark.parametrize(
    ("a", "b", "values"),
    [
        ("More than 3,000 families left the valley.", "Some 2,200 families left the valley.", ("3,000", "2,200")),
        # two bounds of one kind at different figures are two different reports
        ("Over 60 families left the valley.", "Over 90 families left the valley.", ("60", "90")),
        ("About 4,000 families left the valley.", "About 9,000 families left the valley.", ("4,000", "9,000")),
        # "just under" is close below the figure, not anywhere below it
        ("Just under 50 ships docked at dawn.", "Twelve ships docked at dawn.", ("50", "12")),
        ("Two dozen ships docked at dawn.", "Thirty ships docked at dawn.", ("24", "30")),
        # a toll is weighed against the toll, not against the headcount beside it
        ("Five soldiers died in the ambush on the convoy.", "The ambush on a convoy of 40 soldiers left eight dead.",
         ("5", "8")),
        ("The storm killed three people and injured more than 40 others.",
         "The storm killed one woman and injured more than 40 other people.", ("3", "1")),
        # "others" counts people, like the "people" it stands beside
        ("The floods drowned 12 people and drove 40,000 others from their villages.",
         "The floods drowned 12 people and forced 55,000 people to leave their villages.", ("40,000", "55,000")),
        # lives lost are a toll of people
        ("The earthquake claimed about 2,000 lives in the region.", "The earthquake killed 2,500 people in the region.",
         ("2,000", "2,500")),
        ("The vaccine saved 3,000 lives in the region.", "The vaccine saved 4,000 lives in the region.", ("3,000", "4,000")),
        # what follows in another clause does not make a count a toll
        ("The clinic took in 55 new patients but saw no new deaths.", "The clinic took in 65 new patients on Friday.",
         ("55", "65")),
    ],
)
def test_figures_that_cannot_both_be_true_conflict(a: str, b: str, values: tuple[str, str]) -> None:
    m = match(a, b)
    assert [(c.a_value, c.b_value) for c in m.conflicts if c.kind == "number"] == [values]


def test_contractions_and_compounds_in_quotes_are_not_conflicts() -> None:
    spelled = match('"We do not want to sell the farm," she said.', '"We don\'t want to sell the farm," she said.')
    assert spelled.conflicts == []
    # one outlet cut words around a compound the other spells with a hyphen
    cut = match(
        'He said talks "can work if we settle the border rows and long-standing feuds that feed it".',
        'He said talks can work "if we settle the longstanding feuds that feed it."',
    )
    assert cut.conflicts == []
    # a different word is still a different word, however short
    changed = match('"It was a reckless act by the board," he said.', '"It was a reckless tactic by the board," he said.')
    assert [c.kind for c in changed.conflicts] == ["quote"]


def test_speakers_that_are_not_named_actors() -> None:
    # a clipped first word of an institution's name is that institution
    assert match('"Rates will stay low," the Fed said.', '"Rates will stay low," the Federal Reserve Board said.').conflicts == []
    # whom someone told is not who spoke
    assert match('"Rates will stay low," he told Market Radio.', '"Rates will stay low," Chen said.').conflicts == []
    # a plural noun that opens the sentence is not a name
    assert match("Auditors said the books were sound.", "Okafor said the books were sound.").conflicts == []
    # the last words of a name that lists things ("X, Y and Z") are not the speaker
    assert match(
        "The dam held overnight, the Office of Roads, Rivers and Harbours said.",
        "The dam held overnight, the ORH said.",
    ).conflicts == []
    # two named speakers still conflict
    clash = match('"Rates will stay low," Chen said.', '"Rates will stay low," Okafor said.')
    assert [(c.a_value, c.b_value) for c in clash.conflicts] == [("Chen", "Okafor")]


@pytest.mark.parametrize(
    "text",
    [
        "The ferry left at dawn with 212 passengers and 14 crew, the harbour master said.",
        '"We are not leaving," said Mara Voss, who has lived on the island for 40 years.',
        "Rain.",
    ],
)
def test_a_wording_scores_against_itself_as_if_compared(text: str) -> None:
    # the shortcut for identical wordings must give what comparing them in full gives
    p = prepare(text)
    assert align._self_features(p) == pytest.approx(align.features(p, p))


def test_story_facts_travel_pickled_and_are_counted_without_unpacking() -> None:
    import pickle

    from builder.models import Story

    sources = story()
    facts = align_story(sources)
    made = Story("floods", "Floods", sources, facts, [], {s.id: None for s in sources})
    back = pickle.loads(pickle.dumps(made))  # as from a worker or the build cache
    # the index, the feed and the summary count facts and conflicts without unpickling them
    assert len(back.facts) == len(facts) and back.conflicts == sum(len(f.conflicts) for f in facts) == 1
    assert back.facts._items is None
    # read, they are the same facts, in order
    assert list(back.facts) == facts and back.facts[0] == facts[0] and back.facts == made.facts
    # pickled again (the cache is saved after every build), still the same
    assert list(pickle.loads(pickle.dumps(back)).facts) == facts


def test_a_rewrite_that_only_re_anchors_the_time_is_the_same_fact() -> None:
    on_day = "The port authority reopened the northern terminal on Tuesday after repairs."
    relative = "The port authority reopened the northern terminal yesterday after repairs."
    added = "The port authority reopened the northern terminal after repairs to cranes hit by fire."
    missing = align.FEATURES.index("missing_max")
    # time words do not count as words one wording adds; other words do
    assert align.features(prepare(on_day), prepare(relative))[missing] == 0
    assert align.features(prepare(on_day), prepare(added))[missing] > 0
    m = match(on_day, relative)
    assert m.same and not m.conflicts
    assert m.score > match(on_day, added).score


# One outlet gives a figure in the sentence after its lede; the other puts it in the lede.
_SPLIT_ONE = [
    "A passenger ferry hit a concrete pier in the harbour of Westport late on Sunday. Officials "
    "say 14 people were hurt in the collision.",
    "The ferry was on its way to the island of Carrow with a full load of day trippers.",
    "Divers will inspect the damaged hull before the vessel is allowed to sail again.",
]
_SPLIT_TWO = [
    "A passenger ferry hit a concrete pier in the harbour of Westport late on Sunday and 12 "
    "people were hurt in the collision, officials said.",
    "The ferry had been on its way to the island of Carrow, full of day trippers.",
    "Divers will inspect the damaged hull before the vessel may sail again, the port said.",
]


def test_a_figure_in_the_next_sentence_of_one_source_conflicts_with_the_fact() -> None:
    facts = align_story([make_source("one", _SPLIT_ONE), make_source("two", _SPLIT_TWO)])
    lede = _fact_with(facts, "two", "hit a concrete pier")
    assert lede.sources == ["one", "two"]  # still one sentence per source
    assert [(c.kind, c.values) for c in lede.conflicts] == [("number", {"14": ["one"], "12": ["two"]})]
    assert sum(bool(f.conflicts) for f in facts) == 1


def test_a_claim_one_source_gives_in_two_sentences_is_one_fact_with_both() -> None:
    # the first outlet says in two sentences what the second says in one: the fact holds both
    # of its sentences (a partial overlap each), and the figures are weighed against each other
    one = ["A passenger ferry with 80 cars on board hit a concrete pier in the harbour of Westport "
           "late on Sunday. Officials say 14 people were hurt in the collision.", *_SPLIT_ONE[1:]]
    facts = align_story([make_source("one", one), make_source("two", _SPLIT_TWO)])
    lede = _fact_with(facts, "two", "hit a concrete pier")
    assert lede.sources == ["one", "two"]
    assert sorted((v.source, v.sentence) for v in lede.variants) == [("one", 0), ("one", 1), ("two", 0)]
    assert [(c.kind, c.values) for c in lede.conflicts] == [("number", {"14": ["one"], "12": ["two"]})]
    assert sum(bool(f.conflicts) for f in facts) == 1


def test_a_claim_three_sources_carry_credits_all_three_with_who_says_what() -> None:
    # "14 people were hurt" (one), "Fourteen people were hurt" (three) and the second source's
    # lede, which carries the same claim with 12: one fact, three outlets, 14 against 12 (the
    # third source's loose rewrite is credited, but weighed for conflicts only when the
    # decision is sure: CONFLICT_PROBABILITY)
    three = ["Fourteen people were hurt in the collision, officials say.",
             "Divers will inspect the damaged hull before the vessel sails again."]
    facts = align_story(
        [make_source("one", _SPLIT_ONE), make_source("two", _SPLIT_TWO), make_source("three", three)]
    )
    hurt = _fact_with(facts, "one", "14 people were hurt")
    assert set(hurt.sources) == {"one", "two", "three"}
    [conflict] = hurt.conflicts
    assert conflict.kind == "number" and "one" in conflict.values["14"] and conflict.values["12"] == ["two"]


def test_a_count_of_something_else_in_the_next_sentence_is_no_conflict() -> None:
    one = [_SPLIT_ONE[0].replace("Officials say 14 people were hurt in the collision.",
                                 "Officials say 14 boats were moored at the pier."), *_SPLIT_ONE[1:]]
    facts = align_story([make_source("one", one), make_source("two", _SPLIT_TWO)])
    assert not any(f.conflicts for f in facts)


def test_an_editors_insertion_in_a_quote_is_no_conflict() -> None:
    said = 'The coach said: "I trust Anna, she is a fine player, but she needs rest this week."'
    edited = '"I trust [Kowalski], she is a fine player, but she needs rest this week," the coach said.'
    assert not [c for c in match(said, edited).conflicts if c.kind == "quote"]


def test_an_acronym_for_a_longer_name_is_the_same_actor() -> None:
    a = "Food reached 3,000 families in the valley, the Red Cross said."
    b = "Food reached 3,000 families in the valley, the ICRC said."
    assert not [c for c in match(a, b).conflicts if c.kind == "actor"]


def test_a_figure_the_other_wording_mentions_is_not_in_dispute() -> None:
    a = "Officials said 40 of the workers trapped in the mine were rescued on Friday."
    b = "Rescuers brought out 40 of the more than 120 workers trapped in the mine on Friday."
    assert not match(a, b).conflicts


def test_an_outlet_giving_both_figures_does_not_disagree_with_itself() -> None:
    # the second outlet tells the fact over two sentences and gives both figures: 19 and 7 count
    # two things (a lead and what is needed), so the first outlet's 19 is not in dispute
    one = make_source("one", ["Rosa leads the standings by 19 points before the final race in Valencia.",
                              "The weather in Valencia is expected to be dry."])
    two = make_source("two", ["Rosa leads the standings by 19 points before the final race in Valencia. "
                              "She needs 7 points more in Valencia to take the title.",
                              "Dry weather is expected in Valencia."])
    facts = align_story([one, two])
    assert not any(c.kind == "number" for f in facts for c in f.conflicts)


def test_a_fact_drops_a_disagreement_an_outlet_has_with_itself() -> None:
    # "two" gives both 19 and 7 in its wordings of the fact: 19 vs 7 counts two things
    from builder.align.facts import _fact_conflicts, _Sent
    from builder.models import Sentence

    texts = [("one", "Rosa leads the standings by 19 points before the final race."),
             ("two", "Rosa leads the standings by 19 points before the final race."),
             ("two", "Rosa leads the standings by 7 points before the final race.")]
    members = [_Sent(k, Sentence(src, k, k, t, t), prepare(t), 0.0) for k, (src, t) in enumerate(texts)]
    assert _fact_conflicts(members, [src for src, _ in texts], {"one": 0, "two": 1}) == []
    # the same wordings from three outlets are a disagreement
    assert _fact_conflicts(members, ["one", "two", "three"], {"one": 0, "two": 1, "three": 2})


def test_a_figure_given_twice_in_a_sentence_reads_its_own_words() -> None:
    # "one" twice: what the second counts did is read after the second, not after the first
    p = prepare("Police said one hostage was released on Monday while one of the students remains held.")
    first, second = p.numbers
    assert (first.slot, second.slot) == (stem("hostage"), stem("student"))
    assert stem("released") in _said_of(p, first)[1]
    after_second = _said_of(p, second)[1]
    assert stem("held") in after_second and stem("released") not in after_second


def test_ages_of_two_people_are_not_one_age_in_dispute() -> None:
    # one claim told twice; the ages belong to two people (the singer, her nephew)
    a = "Lena Marsh posted two photos with her 19-year-old nephew on Monday, hours before the final."
    b = "The 33-year-old singer posted photos with her nephew on Monday, hours before the final."
    assert [c for c in match(a, b).conflicts if c.kind == "number"] == []
    # the same person's age given two ways is a disagreement
    c = "A 16-year-old boy was arrested after the warehouse fire in the harbour district."
    d = "A 17-year-old boy was arrested after the warehouse fire in the harbour district."
    ages = [(x.a_value, x.b_value) for x in match(c, d).conflicts if x.kind == "number"]
    assert ages == [("16", "17")]


def test_a_count_disputed_by_what_was_done_to_it() -> None:
    # the verb before the count says it is one claim: three photos posted vs four posted
    a = prepare("On Friday the mayor posted three photos of the flooded square to her followers.")
    b = prepare("Writing to residents, the 52-year-old mayor posted four photos with a warning.")
    assert disputes(a, b)
    # counts of one kind with nothing said alike are two claims, and so are counts whose only
    # common words are the reporting verb and the bound ("said at least")
    c = prepare("Rescuers said at least 25 people died in the storms across the province.")
    d = prepare("Rescuers said at least seven people were hurt when a roof fell in Marlow.")
    assert not disputes(a, c) and not disputes(c, d)
    # the words before a figure behind a preposition belong to another phrase: two groups'
    # records are not one count in dispute
    e = prepare("The regulator named the records of about 8,000 Dutch customers in its report.")
    f = prepare("The bank sent the records for approximately 120,000 Belgian customers to its lawyers.")
    assert not disputes(e, f)


def test_two_reports_of_one_count_join_with_a_source_on_both_sides() -> None:
    # outlet "two" says what the others say of the appeal in a sentence of its own, and gives
    # its own photo count two sentences on: its wording of the count joins the fact all the
    # same (one outlet on both sides of the link), and the outlets stand on two sides of it
    one = make_source("one", [
        "The singer Mara Voss posted three photos of the burned studio on Sunday, asking fans for help.",
        "Voss said the fire began in a storage room.",
    ])
    two = make_source("two", [
        "The singer Mara Voss asked fans for help on Sunday with photos of the burned studio.",
        "The fire began in a storage room, Voss said.",
        "Taking to her fan page, the 31-year-old singer posted four photos with a plea.",
    ])
    three = make_source("three", [
        "The singer Mara Voss posted three photos of the burned studio on Sunday, asking fans for help.",
        "The fire began in a storage room, she said.",
    ])
    facts = align_story([one, two, three])
    counts = [c for f in facts for c in f.conflicts if c.kind == "number"]
    assert [sorted(c.values) for c in counts] == [["3", "4"]]
    assert set(counts[0].values["3"]) == {"one", "three"} and counts[0].values["4"] == ["two"]
