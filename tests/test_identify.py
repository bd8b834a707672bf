"""The identify stage: outlet, agencies, byline, dateline, date and title of each source, each
taken from the strongest evidence available (front matter > site.toml > attribution notes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.clean import clean, corpus_profile
from builder.config import OutletRule, SiteConfig
from builder.identify import UNKNOWN_OUTLET, identify
from builder.models import Source
from builder.read import parse

CONTENT = Path(__file__).resolve().parent.parent / "content"
SEEDS = sorted(p.name for p in CONTENT.glob("0*.txt"))


def source(text: str, name: str = "a.txt", config: SiteConfig | None = None) -> Source:
    config = config or SiteConfig(root=Path("."))
    return identify(clean(parse(text.encode("utf-8"), name)), config)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Source]:
    arts = [parse((CONTENT / name).read_bytes(), name) for name in SEEDS]
    profile = corpus_profile(arts)
    config = SiteConfig(root=CONTENT.parent)  # no site.toml help
    return {a.path[:3]: identify(clean(a, profile=profile), config) for a in arts}


def test_seed_000_credits_reuters_and_ap(seeds: dict[str, Source]) -> None:
    s = seeds["000"]
    assert s.agencies == ["Reuters", "AP"]
    assert s.outlet == UNKNOWN_OUTLET and s.outlet_from == "unknown"
    assert s.published == "2024-12-03"  # from the glued date line
    assert s.title == "Syria: Iraqi militias provide Assad support" and not s.title_derived


def test_seed_002_has_a_derived_title(seeds: dict[str, Source]) -> None:
    s = seeds["002"]
    assert s.title_derived
    assert s.title.startswith("Hundreds of fighters from Iran-backed Iraqi militias")
    assert len(s.title.split()) <= 15


def test_seed_003_outlet_and_date_from_publication_line(seeds: dict[str, Source]) -> None:
    s = seeds["003"]
    assert (s.outlet, s.outlet_from) == ("Dawn", "attribution")
    assert s.published == "2024-12-03"
    assert s.dateline == "AMMAN"
    assert "AFP" not in s.agencies  # AFP took the photos; it is not credited for the text


def test_seed_004_byline_agency_dateline(seeds: dict[str, Source]) -> None:
    s = seeds["004"]
    assert s.byline == "Nasser Karimi"
    assert s.agencies == ["AP"]
    assert s.dateline == "BEIRUT"
    # the AP's own copyright marks wire copy, which any site republishes: not the outlet
    assert s.outlet == UNKNOWN_OUTLET
    assert s.title.startswith("Iraqi militias deploy in Syria")


def test_seeds_keep_their_blocks(seeds: dict[str, Source]) -> None:
    for s in seeds.values():
        assert s.body and all(b.role == "body" for b in s.body)
        assert s.language == "en"


ARTICLE = """Harbour reopens after storm repairs
The harbour reopened to shipping on Friday after three weeks of repairs to its storm-damaged breakwater, the port authority said in a statement.
Fishing boats were the first to return, followed by a ferry that had been diverted to a neighbouring port since the storm struck.
© 2024 Coastal Times Media
"""  # noqa: E501


def test_outlet_from_non_agency_copyright_holder() -> None:
    s = source(ARTICLE)
    assert (s.outlet, s.outlet_from) == ("Coastal Times Media", "attribution")


def test_site_toml_outlet_beats_attribution() -> None:
    config = SiteConfig(root=Path("."), outlets=[OutletRule("news/*.txt", "Coastal Times", "https://ct.example")])
    s = source(ARTICLE, "news/a.txt", config)
    assert (s.outlet, s.outlet_from, s.outlet_url) == ("Coastal Times", "site.toml", "https://ct.example")


def test_front_matter_beats_everything() -> None:
    text = (
        "---\noutlet: Harbour Weekly\npublished: 2024-05-02\nstory: harbour\ntitle: Harbour open\n"
        "byline: Jo Smith\nagencies: [dpa]\nurl: https://hw.example/a\n---\n" + ARTICLE
    )
    config = SiteConfig(root=Path("."), outlets=[OutletRule("*.txt", "Coastal Times")])
    s = source(text, "a.txt", config)
    assert (s.outlet, s.outlet_from) == ("Harbour Weekly", "front matter")
    assert s.published == "2024-05-02"
    assert s.story_key == "harbour"
    assert (s.title, s.title_derived) == ("Harbour open", False)
    assert s.byline == "Jo Smith" and s.agencies == ["dpa"] and s.url == "https://hw.example/a"


def test_story_key_from_site_toml() -> None:
    config = SiteConfig(root=Path("."), stories=[("storm/*", "storm-2024")])
    assert source(ARTICLE, "storm/a.txt", config).story_key == "storm-2024"
    assert source(ARTICLE, "other/a.txt", config).story_key is None


def test_unknown_outlet_without_evidence() -> None:
    s = source(ARTICLE.replace("© 2024 Coastal Times Media\n", ""))
    assert (s.outlet, s.outlet_from) == (UNKNOWN_OUTLET, "unknown")
    assert s.published is None and s.byline is None and s.agencies == []


def test_publication_line_beats_meta_date() -> None:
    text = (
        "Dam project delayed\nMarch 1, 2024\n"
        "Work on the dam has been delayed by at least a year because of a dispute over compensation "
        "for farmers whose land will be flooded, officials said on Friday.\n"
        "Published in The Valley Herald, March 2nd, 2024\n"
    )
    s = source(text)
    assert s.published == "2024-03-02"
    assert (s.outlet, s.outlet_from) == ("The Valley Herald", "attribution")


# --- headline first ----------------------------------------------------------------------------

LEDE = (
    "The regional council voted on Tuesday to close the old river crossing to lorries after engineers "
    "found cracks in two of its piers, a spokesperson said.\n"
    "Cars and buses may still use the crossing, but heavier traffic will be sent on a detour of about "
    "twenty kilometres until repairs are finished next spring.\n"
)


def test_first_line_headline_beats_a_longer_caption() -> None:
    text = ("Council shuts river crossing to lorries\n"
            "Enlarge this image toggle caption Ann Example/Daily Snapshots Ann Example/Daily Snapshots\n" + LEDE)
    s = source(text)
    assert (s.title, s.title_derived) == ("Council shuts river crossing to lorries", False)
    assert s.blocks[1].role == "caption"


def test_headline_ending_in_question_or_ellipsis_is_kept() -> None:
    for head in ("Will the river crossing ever reopen to lorries?", "Council shuts river crossing to lorries after..."):
        s = source(head + "\n\n" + LEDE)
        assert (s.title, s.title_derived) == (head, False)


def test_headline_above_its_own_dateline_repeat() -> None:
    text = "Council shuts river crossing to lorries\n\nRIVERTON — Council shuts river crossing to lorries.\n"
    assert source(text).title == "Council shuts river crossing to lorries"


def test_headline_after_a_pasted_url() -> None:
    s = source("https://www.example-news.org/2024/crossing\nCouncil shuts river crossing to lorries\n" + LEDE)
    assert s.title == "Council shuts river crossing to lorries"


def test_a_lede_paragraph_is_no_headline() -> None:
    s = source(LEDE)  # a first line that is a sentence with a full stop: the title is derived
    assert s.title_derived and s.title.startswith("The regional council voted")


def test_furniture_is_never_the_title() -> None:
    for first in ("Story highlights", "Updated at 10:42 GMT", "Image copyright Ann Example Image caption Lorries queue",
                  "Photo: Ann Example"):
        s = source(first + "\n" + LEDE)
        assert not s.title.lower().startswith(first.split()[0].lower()), first


def test_headline_shared_by_two_copies_is_not_template() -> None:
    head = "Council shuts river crossing to lorries after cracks found"
    texts = {
        "a.txt": head + "\n\nRIVERTON — " + head + ".\n© 2024 Wire Service\n",
        "b.txt": head + "\n\nThe crossing has stood for ninety years and carried trains until the 1960s, "
                        "when the line was closed and the deck rebuilt for road traffic, residents recalled.\n",
    }
    arts = [parse(t.encode(), name) for name, t in texts.items()]
    profile = corpus_profile(arts)
    config = SiteConfig(root=Path("."))
    for a in arts:
        assert identify(clean(a, profile=profile), config).title == head


def test_template_first_line_in_many_stories_is_not_a_headline() -> None:
    # five unrelated stories (no shared sentence) under one site's page-title line
    topics = ("a museum reopened", "a ferry was delayed", "a school was renamed", "a road was resurfaced",
              "a library extended its hours")
    bodies = [f"Officials said on Monday that {t} after a long public consultation in the town.\n" for t in topics]
    arts = [parse((f"World news - Example International\n{b}").encode(), f"{n}.txt") for n, b in enumerate(bodies)]
    profile = corpus_profile(arts)
    config = SiteConfig(root=Path("."))
    for a in arts:
        assert "Example International" not in identify(clean(a, profile=profile), config).title


# --- outlet from the text's own evidence ---------------------------------------------------------

STORY = (
    "Ferry service resumes after strike\n\n"
    "The island ferry service resumed on Wednesday after crews ended a four-day strike over pay, "
    "the operator said in a statement.\n"
    "Passengers who missed sailings will be offered free tickets until the end of the month.\n"
)


def outlet_of(text: str) -> tuple[str, str]:
    s = source(text)
    return s.outlet, s.outlet_from


def test_pasted_url_line_names_the_outlet_by_domain() -> None:
    assert outlet_of("https://www.harbourgazette.example.com/news/ferry-strike\n" + STORY) == (
        "example.com", "address")
    assert outlet_of(STORY + "https://www.nytimes.com/2024/05/01/ferry.html\n") == ("The New York Times", "address")


def test_front_matter_url_names_the_outlet() -> None:
    assert outlet_of("---\nurl: https://edition.cnn.com/2024/ferry\n---\n" + STORY) == ("CNN", "address")


def test_share_links_and_social_urls_are_not_the_outlet() -> None:
    text = STORY + "Read or Share this story: https://bit.ly/3xYz\nhttps://twitter.com/someone/status/1\n"
    assert outlet_of(text) == (UNKNOWN_OUTLET, "unknown")


def test_email_us_line_gives_the_domain_and_the_texts_own_name() -> None:
    text = STORY + "Do you have a story for The Island Post Online news team? Email us at tips@the-island-post.co.uk\n"
    assert outlet_of(text) == ("The Island Post", "address")  # "Online" cut: the name that fits the address


def test_our_website_address_is_the_outlet() -> None:
    text = STORY + "Visit our website terms of use and permissions pages at www.islandradio.org for further information.\n"
    assert outlet_of(text)[0] == "islandradio.org"


def test_dateline_credit_names_the_outlet_but_an_agency_does_not() -> None:
    body = STORY.split("\n\n", 1)[1]
    assert outlet_of("Ferry service resumes\n\nPORTSMOUTH (Island TV) — " + body) == ("Island TV", "attribution")
    assert outlet_of("Ferry service resumes\n\n(IBN)The island ferry service resumed " + body[30:])[0] == "IBN"
    assert outlet_of("Ferry service resumes\n\nPORTSMOUTH (Reuters) - " + body) == (UNKNOWN_OUTLET, "unknown")


def test_self_credits_in_the_text() -> None:
    cases = {
        "Island Radio's Jane Roe contributed to this report.": "Island Radio",
        "The operator did not respond to an Island Herald request for comment.": "Island Herald",
        "IslandNews.com has reached out to the operator for comment.": "IslandNews.com",
        "View all Island Herald newsletters": "Island Herald",
        "The Morning Boat is a daily newsletter from Island Herald designed for commuters.": "Island Herald",
        "Published in The Island Herald, May 2nd, 2024": "The Island Herald",
    }
    for line, name in cases.items():
        assert outlet_of(STORY + line + "\n")[0] == name, line


def test_mentioned_outlets_are_not_the_publisher() -> None:
    for line in (
        "A crew member told The New York Times that talks had been difficult.",
        "The strike cost the operator about 2 million pounds, according to Reuters.",
        "This article originally appeared on Island Herald.",
        "According to islandnews.com, the next strike is planned for June.",
        "Information from: Island Times-News, http://www.islandtimes.example.org",
        "A ferry is a ferry — Island Herald (@IslandHerald) May 1, 2024",
        '"Visit our website at www.ferryunion.org for updates," the union leader said.',
    ):
        assert outlet_of(STORY + line + "\n") == (UNKNOWN_OUTLET, "unknown"), line


def test_wire_and_owner_copyrights_name_no_outlet() -> None:
    for line in ("© 2024 Thomson Reuters Foundation", "Copyright 2024 The Associated Press. All rights reserved.",
                 "© Island Newspapers Ltd 2024"):
        assert outlet_of(STORY + line + "\n") == (UNKNOWN_OUTLET, "unknown"), line
    assert outlet_of(STORY + "© 2024 Island Herald Ltd\n")[0] == "Island Herald"


def test_disagreeing_evidence_gives_no_outlet() -> None:
    text = "Ferry service resumes\n\nPORTSMOUTH (Island TV) — " + STORY.split("\n\n", 1)[1] + "© 2024 Harbour Weekly\n"
    assert outlet_of(text) == (UNKNOWN_OUTLET, "unknown")
    text = "https://www.islandherald.example.org/ferry\n" + STORY + "https://www.harbourweekly.example.net/ferry\n"
    assert outlet_of(text) == (UNKNOWN_OUTLET, "unknown")


# --- dates ---------------------------------------------------------------------------------------

def test_published_stamp_beats_updated_and_glued_notes() -> None:
    for stamp in ("Updated 5 May 2024 | Published 3 May 2024", "By Jo Smith | Published: May 3, 2024, 10:42 GMT",
                  "Posted on 3 May 2024"):
        s = source("Ferry service resumes after strike\n" + stamp + "\n" + STORY.split("\n\n", 1)[1])
        assert s.published == "2024-05-03", stamp


def test_updated_stamp_alone_dates_the_article() -> None:
    s = source("Ferry service resumes after strike\nUpdated at 10:42, 4 May 2024\n" + STORY.split("\n\n", 1)[1])
    assert s.published == "2024-05-04"


def test_dateline_date_with_a_year_dates_the_article_without_one_not() -> None:
    body = STORY.split("\n\n", 1)[1]
    assert source("Ferry resumes\n\nPORTSMOUTH, May 3, 2024 (Reuters) - " + body).published == "2024-05-03"
    assert source("Ferry resumes\n\nPORTSMOUTH, May 3 (Reuters) - " + body).published is None


def test_a_date_in_the_body_is_not_the_articles() -> None:
    text = STORY + "A report on the strike was published on May 2, 2024 in the Island Gazette.\n"
    assert source(text).published is None
