"""The digest page's view of a story: datelines out of the facts, what each figure counts, the
top of the page and the pictures that scale (without a browser; tests/test_browser.py looks)."""

from __future__ import annotations

import pytest

from builder.coverage import MATRIX_MAX, coverage_svg, fit, overlap_matrix, ranked_sources, repeats, text_width
from builder.render import source_labels, source_roles
from builder.storyview import fact_views, glance, split_dateline

from .big_story import big_story


@pytest.mark.parametrize(
    ("text", "lead", "rest"),
    [
        ("AMMAN: Hundreds of fighters crossed into Syria.", "AMMAN", "Hundreds of fighters crossed into Syria."),
        ("BEIRUT (AP) Iraqi militias supported by Iran moved in.", "BEIRUT (AP)", "Iraqi militias supported by Iran moved in."),
        ("BERLIN — the minister said on Monday it was over.", "BERLIN", "The minister said on Monday it was over."),
        ("OSTVIK, Nordland, May 3, 2024 (Reuters) - Rescuers reached the valley.",
         "OSTVIK, Nordland, May 3, 2024 (Reuters)", "Rescuers reached the valley."),
        ("(CNN) — A storm hit the coast on Friday.", "(CNN)", "A storm hit the coast on Friday."),
        ("PORT-AU-PRINCE, Haiti (AP) — Gangs attacked two police stations.", "PORT-AU-PRINCE, Haiti (AP)",
         "Gangs attacked two police stations."),
        ("NATO troops were deployed on Monday.", "", "NATO troops were deployed on Monday."),
        ("UN (United Nations) officials said it was fine.", "", "UN (United Nations) officials said it was fine."),
        ("The minister said: we will rebuild the town.", "", "The minister said: we will rebuild the town."),
        ("A 12-year-old boy died in the fire.", "", "A 12-year-old boy died in the fire."),
    ],
)
def test_a_dateline_or_agency_tag_opening_a_wording_is_split_off(text: str, lead: str, rest: str) -> None:
    assert split_dateline(text) == (lead, rest)


def _story(sources: int = 40, facts: int = 600):  # type: ignore[no-untyped-def]
    story = big_story(sources, facts)
    return story, source_labels(story)


def test_facts_credit_each_source_once_with_its_dateline_and_keep_parts() -> None:
    story, labels = _story()
    views = fact_views(story, labels)
    assert len(views) == 600
    assert all(not split_dateline(v.text)[0] for v in views)
    leads = {c.lead for v in views for c in v.credits if c.lead}
    assert {"AMMAN", "BEIRUT (AP)", "BERLIN", "KYIV, Ukraine (Reuters)", "(CNN)", "NEW YORK"} <= leads
    for v in views:
        assert len({c.source for c in v.credits}) == len(v.credits) == v.k
    parts = [w for v in views for w in v.wordings if any(part for _, _, part in w.sources)]
    assert len(parts) >= 2  # a claim told over two sentences: both wordings marked as parts


def test_each_side_of_a_conflict_says_what_its_figure_counts() -> None:
    story, labels = _story()
    conflicts = [c for v in fact_views(story, labels) for c in v.conflicts]
    assert conflicts
    for c in conflicts:
        for side in c.sides:
            assert side.phrases, side.value
            for p in side.phrases:
                assert p.value == side.value and "fighters" in p.after and p.labels
                assert p.before.strip() in ("approximately", "at least")  # 'and' left out


def test_the_glance_of_a_large_story() -> None:
    story, labels = _story()
    views = fact_views(story, labels)
    g = glance(story, views, labels)
    assert 3 <= len(g.widely) <= 10 and all(f.k >= 20 for f in g.widely)
    assert len(g.conflicts) == story.conflicts
    assert g.single_count == sum(1 for v in views if v.k == 1) == sum(len(fs) for _, _, fs in g.singles)
    assert not g.open_singles and g.brief
    assert [len(fs) for _, _, fs in g.singles] == sorted((len(fs) for _, _, fs in g.singles), reverse=True)


def test_pictures_that_scale() -> None:
    story, labels = _story()
    shared = overlap_matrix(story)
    assert str(coverage_svg(story, labels, shared)) == ""  # 40 sources: no 40 x 40 grid
    ranked = ranked_sources(story, labels, shared)
    assert len(ranked) == 40 and [r.shared for r in ranked] == sorted((r.shared for r in ranked), reverse=True)
    assert all(r.shared + r.own == r.facts and 0 <= r.shared_pct + r.own_pct <= 100 for r in ranked)
    small, small_labels = _story(MATRIX_MAX, 150)
    svg = str(coverage_svg(small, small_labels, overlap_matrix(small)))
    assert svg.count("<rect") == MATRIX_MAX**2
    r = repeats(story, labels)
    assert r.copies and r.copies[0].verb == "copies"
    assert len(r.copies) + len(r.wire) + len(r.rewrites) + r.independent == r.pairs == 40 * 39 // 2
    roles = source_roles(story, labels)
    assert max(len(x) for x in roles.values()) < 200  # "reworded overlap with 30 sources", not 30 names


def test_labels_are_cut_to_fit() -> None:
    long = "The Northern Valley Evening Chronicle and Advertiser (via a republishing site)"
    cut = fit(long, 160)
    assert cut.endswith("…") and text_width(cut) <= 160
    assert fit("DW", 160) == "DW"
