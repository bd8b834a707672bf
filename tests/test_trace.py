"""Copy tracing: relations for every pair of sources and who copies whom."""

from __future__ import annotations

from pathlib import Path

from builder.align import align_story
from builder.config import AlignSettings
from builder.models import Relation, Source
from builder.trace import trace

from .factories import make_source, seed_sources
from .story_texts import story


def _relations(sources: list[Source]) -> tuple[dict[tuple[str, str], Relation], dict[str, str | None]]:
    relations, copy_of = trace(sources, align_story(sources))
    return {(r.a, r.b): r for r in relations}, copy_of


def test_every_pair_gets_a_relation_and_kinds_follow_the_text() -> None:
    rel, copy_of = _relations(story())
    assert set(rel) == {("A", "B"), ("A", "C"), ("A", "D"), ("B", "C"), ("B", "D"), ("C", "D")}
    assert rel[("A", "C")].kind == "copy" and rel[("A", "C")].verbatim > 0.95
    assert rel[("A", "B")].kind == "rewrite" and rel[("A", "B")].shared_facts >= 3
    assert rel[("A", "D")].kind == "independent" and rel[("A", "D")].shared_facts == 0
    assert copy_of == {"A": None, "B": None, "C": "A", "D": None}


def test_copy_direction_by_date_then_credits() -> None:
    # the later published one is the copy, whichever order the sources come in
    _, copy_of = _relations(story(A_kw={"published": "2025-03-06"}))
    assert copy_of["A"] == "C" and copy_of["C"] is None
    # no dates: the one crediting an agency is the original
    _, copy_of = _relations(story(A_kw={"published": None}, C_kw={"published": None}))
    assert copy_of["C"] == "A"
    # an undated republication of a dated article is the copy
    _, copy_of = _relations(story(C_kw={"published": None}, A_kw={"agencies": []}))
    assert copy_of["C"] == "A"


def test_shared_wire_text_with_own_material_is_not_a_copy() -> None:
    wire = [
        "Heavy snow closed the mountain pass between Orvik and Lund on Friday, the road agency said.",
        "About 40 vehicles were stranded overnight and their passengers were taken to a school.",
        "The agency said snow ploughs would work through the weekend to reopen the road.",
        "Forecasters expect another 30 centimetres of snow by Sunday evening.",
    ]
    one = make_source("one", wire + [
        "Local hotels offered free rooms to stranded drivers, the mayor of Orvik said.",
        "The pass was last closed for this long in the winter of 2010.",
    ])
    two = make_source("two", [
        wire[0].replace("Friday", "Friday morning"), *wire[1:],
        "Train operators added extra carriages on the coastal line to carry travellers.",
        "Ski resorts in the valley reported their busiest weekend of the season.",
    ])
    rel, copy_of = _relations([one, two])
    assert rel[("one", "two")].kind == "shared wire"
    assert rel[("one", "two")].shared_facts == 4
    assert copy_of == {"one": None, "two": None}


def test_copy_threshold_comes_from_settings() -> None:
    sources = story()
    facts = align_story(sources)
    strict = AlignSettings(copy_threshold=1.01)  # nothing is verbatim enough to be a copy
    relations, copy_of = trace(sources, facts, strict)
    assert all(r.kind != "copy" for r in relations)
    assert all(v is None for v in copy_of.values())


def test_seeds_blog_copies_dw_and_reuters_dawn_share_wire_text() -> None:
    sources = seed_sources(Path(__file__).resolve().parent.parent / "content")
    ids = {s.id[:3]: s.id for s in sources}
    rel, copy_of = _relations(sources)
    assert len(rel) == 10
    assert copy_of[ids["001"]] == ids["000"]
    assert [k for k, v in copy_of.items() if v] == [ids["001"]]
    assert rel[(ids["000"], ids["001"])].kind == "copy"
    assert rel[(ids["002"], ids["003"])].kind == "shared wire"
    assert rel[(ids["000"], ids["004"])].kind in ("rewrite", "shared wire")
