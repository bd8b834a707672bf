"""An outlet carried by the site's own template: pages whose outlet is unknown share interface
lines that only pages of one known outlet carry. Every text here is written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from builder.clean import clean, corpus_profile
from builder.config import SiteConfig
from builder.identify import identify
from builder.models import Source
from builder.read import parse
from builder.template_outlet import TEMPLATE, carry_outlets, explain_carried, template_evidence

ROOT = Path(__file__).resolve().parent.parent

#: Five unrelated local stories, so that lines repeated on every page are template, not reporting.
STORIES = {
    "ferry": ("Ferry service to the northern islands resumes after storm", [
        "The ferry link to the northern islands reopened on Tuesday after four days of gales kept every boat in harbour.",
        "Operators said the first crossing carried supplies for shops that had run short of fresh food and fuel.",
        "Islanders had complained that the timetable gave too little warning of cancellations during the storm.",
        "The operator promised a review of how it tells passengers about weather delays before next winter."]),
    "library": ("Town library doubles its opening hours after volunteer drive", [
        "The town library will open six days a week from next month after a drive recruited forty new volunteers.",
        "The council had cut its hours two years ago when the building's running costs rose sharply.",
        "Volunteers will staff the reading room on evenings, while paid staff keep the lending desk during the day.",
        "The librarian said children's reading groups were the first to fill when the new hours were announced."]),
    "bridge": ("Repairs close the old river bridge for three weeks", [
        "The old river bridge will close to traffic for three weeks while engineers replace its worn bearings.",
        "Drivers face a diversion through the industrial estate that adds about ten minutes to the journey.",
        "Pedestrians and cyclists can still cross on a temporary walkway fixed to the bridge's eastern side.",
        "Engineers said the bearings were the originals and had outlasted their expected life by decades."]),
    "orchard": ("Community orchard planted on former car park", [
        "Residents planted sixty fruit trees on Saturday on a plot that was a car park until last year.",
        "The apple, pear and plum trees were chosen from old local varieties kept alive by a nearby nursery.",
        "Organisers hope the first fruit can be picked by schoolchildren within three or four seasons.",
        "The plot's hard surface was broken up and replaced with soil donated by a building firm."]),
    "market": ("Farmers market moves to the harbour front for summer", [
        "The weekly farmers market will move from the square to the harbour front for the summer months.",
        "Stallholders asked for the move after visitors said the square was too cramped on busy mornings.",
        "The harbour front has space for twice as many stalls and a covered area if it rains.",
        "Traders will return to the square in October when the harbour front is needed for boat storage."]),
}
#: The Harbour Gazette's page furniture, and its self-credit (a line only the outlet itself writes).
GAZETTE_TOP = ["Skip past the adverts to keep reading the story"]
GAZETTE_BOTTOM = ["Tap the bell to follow this topic for updates"]
GAZETTE_CREDIT = "Do you have a story for The Harbour Gazette?"
#: A wire agency's notice, carried by every site that runs the agency's copy.
WIRE_NOTICE = "Distributed by Coastwire Agency and not to be republished without its consent"
AGENCY_NOTICE = "Additional reporting for this story came from the Associated Press wire"


def page(topic: str, top: list[str], bottom: list[str], extra: list[str] = ()) -> str:  # type: ignore[assignment]
    title, paragraphs = STORIES[topic]
    return "\n".join([title, *top, *paragraphs, *extra, *bottom]) + "\n"


def sources(pages: dict[str, str]) -> list[Source]:
    """The sources of a site of these pages, identified as a build does (one corpus profile)."""
    articles = [parse(text.encode("utf-8"), name) for name, text in pages.items()]
    profile = corpus_profile(articles)
    config = SiteConfig(root=Path("."))
    return [identify(clean(a, profile=profile), config) for a in articles]


def gazette_site(credited: int = 2) -> dict[str, str]:
    """Four Gazette pages, ``credited`` of them with the self-credit, and one unrelated page."""
    pages = {}
    for i, topic in enumerate(["ferry", "library", "bridge", "orchard"]):
        extra = [GAZETTE_CREDIT] if i < credited else []
        pages[f"g{i}.txt"] = page(topic, GAZETTE_TOP, GAZETTE_BOTTOM + extra)
    pages["other.txt"] = page("market", ["Listen to this article"], ["Comments are closed on this page"])
    return pages


def test_unknown_pages_with_a_known_outlets_template_get_that_outlet() -> None:
    found = {s.path: s for s in carry_outlets(sources(gazette_site()))}
    assert found["g0.txt"].outlet_from == "attribution" and "Harbour Gazette" in found["g0.txt"].outlet
    for name in ("g2.txt", "g3.txt"):
        assert found[name].outlet == found["g0.txt"].outlet and found[name].outlet_from == TEMPLATE
    assert found["other.txt"].outlet_from == "unknown"  # shares no template line with the Gazette


def test_template_evidence_names_the_line() -> None:
    all_sources = sources(gazette_site())
    g3 = next(s for s in all_sources if s.path == "g3.txt")
    evidence = template_evidence(g3, all_sources)
    assert {text for _, text, _ in evidence} == set(GAZETTE_TOP + GAZETTE_BOTTOM)


def test_one_known_page_is_not_enough() -> None:
    found = {s.path: s for s in carry_outlets(sources(gazette_site(credited=1)))}
    assert found["g0.txt"].outlet_from == "attribution"
    assert all(found[n].outlet_from == "unknown" for n in ("g1.txt", "g2.txt", "g3.txt"))


def test_a_line_two_outlets_carry_names_neither() -> None:
    pages = gazette_site()
    # a second outlet, known by its own address, whose pages carry the same interface line
    for i, topic in enumerate(["market", "bridge"]):
        pages[f"c{i}.txt"] = page(topic, GAZETTE_TOP, ["Email us at tips@valleycourier.co.uk"])
    found = {s.path: s for s in carry_outlets(sources(pages))}
    assert {found[f"c{i}.txt"].outlet_from for i in range(2)} == {"address"}
    # the bottom line is still the Gazette's alone; the top one is no longer anyone's
    g3 = next(s for s in sources(pages) if s.path == "g3.txt")
    assert {text for _, text, _ in template_evidence(g3, sources(pages))} == set(GAZETTE_BOTTOM)
    assert found["g3.txt"].outlet_from == TEMPLATE


def test_another_sites_furniture_keeps_its_pages_unknown() -> None:
    # two pages of an unknown site built on the same system: they share one interface line with the
    # Gazette, and carry their own furniture the Gazette's pages never show
    pages = gazette_site()
    for i, topic in enumerate(["market", "bridge"]):
        pages[f"v{i}.txt"] = page(topic, GAZETTE_TOP, ["Swipe left to read the next story in this section"])
    found = {s.path: s for s in carry_outlets(sources(pages))}
    assert found["v0.txt"].outlet_from == found["v1.txt"].outlet_from == "unknown"
    assert found["g3.txt"].outlet_from == TEMPLATE


@pytest.mark.parametrize("notice", [WIRE_NOTICE, AGENCY_NOTICE])
def test_a_wire_notice_is_never_a_template(notice: str) -> None:
    # every page carries the agency's notice; only that notice links the unknown pages to the Gazette
    pages = {}
    for i, topic in enumerate(["ferry", "library", "bridge", "orchard"]):
        extra = [GAZETTE_CREDIT] if i < 2 else []
        pages[f"w{i}.txt"] = page(topic, [], [notice, *extra])
    pages["x.txt"] = page("market", [], [notice])
    found = carry_outlets(sources(pages))
    assert [s.outlet_from for s in found if s.path in ("w2.txt", "w3.txt", "x.txt")] == ["unknown"] * 3


def test_a_build_credits_the_outlet_carried_by_template(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name, text in gazette_site().items():
        (content / name).write_text(text, encoding="utf-8")
    out = tmp_path / "public"
    run = subprocess.run([sys.executable, "-m", "builder", "build", "--content", str(content), "--output", str(out),
                          "--no-search"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    credited = {Path(s["file"]).name: (s["outlet"], s["outlet_from"])
                for d in out.rglob("digest.json") for s in json.loads(d.read_text())["sources"]}
    assert credited["g3.txt"][1] == TEMPLATE and "Harbour Gazette" in credited["g3.txt"][0]
    assert credited["other.txt"][1] == "unknown"


def test_inspect_reason_names_the_template_line_and_its_known_pages() -> None:
    all_sources = sources(gazette_site())
    g3 = next(s for s in all_sources if s.path == "g3.txt")
    explained = explain_carried(g3, [s for s in all_sources if s is not g3])
    assert explained is not None
    carried, reason = explained
    assert carried.outlet_from == TEMPLATE and reason.rule == "template"
    assert reason.text in GAZETTE_TOP + GAZETTE_BOTTOM and reason.line > 0
    assert "2 pages known" in reason.detail
    other = next(s for s in all_sources if s.path == "other.txt")
    assert explain_carried(other, [s for s in all_sources if s is not other]) is None
