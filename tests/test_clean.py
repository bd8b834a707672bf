"""The clean stage: every line gets one role and the rule behind it; nothing of the article is
dropped and the republisher's clutter is not kept.

The articles here are written for the tests in several outlets' styles (wire copy, a newspaper
with a sidebar, a blog republication with a comment form, a broadcaster with share prompts and a
newsletter box, a web page with menus); the last part checks the seed files in ``content/``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from builder.clean import (
    RULE_NAMES,
    CorpusProfile,
    _ends_like_sentence,
    agencies_in,
    clean,
    corpus_profile,
    inspect_records,
    parse_date,
    profile_key,
)
from builder.config import CleanSettings
from builder.models import ROLES, Article, CleanArticle
from builder.read import parse

CONTENT = Path(__file__).resolve().parent.parent / "content"


def art(text: str, name: str = "a.txt") -> Article:
    return parse(text.encode("utf-8"), name)


def roles(cleaned: CleanArticle) -> dict[str, tuple[str, str]]:
    """text → (role, rule) for each block (texts in these tests are unique unless repeated)."""
    out: dict[str, tuple[str, str]] = {}
    for b in cleaned.blocks:
        out.setdefault(b.text, (b.role, b.rule))
    return out


def role_of(cleaned: CleanArticle, start: str) -> str:
    return next(b.role for b in cleaned.blocks if b.text.startswith(start))


def block(cleaned: CleanArticle, start: str):
    return next(b for b in cleaned.blocks if b.text.startswith(start))


def body_texts(cleaned: CleanArticle) -> list[str]:
    return [b.text for b in cleaned.blocks if b.role == "body"]


# --- articles written for the tests ------------------------------------------------------------

WIRE = """Port strike halts grain exports as talks collapse
ROTTERDAM, March 4 (Reuters) - Dock workers at Europe's largest port walked out on Tuesday, halting grain and container traffic after wage talks with terminal operators broke down late on Monday night.
The union said the strike would last at least 48 hours and warned of further action if operators did not return to the table with an improved offer for the port's 9,000 workers.
"We have no choice," a union spokesman said.
Terminal operators said they regretted the walkout and called on the union to resume negotiations, adding that contingency plans were in place to protect perishable cargo already on the quays.
Shipping analysts said the disruption could add several days to delivery times across northern Europe if the stoppage continued into next week, as vessels were already being diverted to Antwerp and Hamburg.
(Reporting by Anna Vermeer; Editing by Tom Hals)
"""  # noqa: E501

NEWSPAPER = """Flood waters recede in river valley towns
Published March 5, 2024 Updated March 5, 2024 09:10am
Residents wade through a flooded street in the valley on Monday.—AFP
Residents wade through a flooded street in the valley on Monday.—AFP
LAHORE: Flood waters began to recede on Tuesday in dozens of towns along the river valley, allowing the first families to return to their homes after a week of heavy rain.
Officials said more than 12,000 people had been moved to relief camps and that the provincial government would pay compensation for damaged houses and livestock.
Relief camps stretched
Aid workers said supplies of clean water and medicine were running low in several camps, and appealed for more tents ahead of the forecast return of rain at the weekend.
The meteorological office said another spell of rain was expected from Friday but that it would be lighter than last week's downpours, which broke records in three districts.
Published in The Valley Herald, March 5th, 2024
Opinion
Editorial
Power tariffs
05 Mar, 2024
Power tariffs
The government's decision to raise tariffs again will hit the poorest households hardest, and it has not explained why.
Exam reform
05 Mar, 2024
Exam reform
A plan to overhaul school exams deserves a wider debate among teachers, parents and the students it will affect most.
"""  # noqa: E501

BLOG = """Scientists map the deep ocean floor in record detail
Scientists map the deep ocean floor in record detail
Scientists map the deep ocean floor in record detail

A team of oceanographers has published the most detailed map yet of a stretch of deep ocean floor, revealing hundreds of previously unknown seamounts and canyons.

The survey used autonomous underwater vehicles that spent four months mapping an area roughly the size of Portugal at depths of up to 6,000 metres.

"It was like switching on the lights in a dark room," the expedition's chief scientist said.

Researchers said the data would help predict how ocean currents carry heat and nutrients, and could guide the protection of fragile deep-sea habitats from mining.

Share this:
Facebook
Twitter
2 Comments
Leave a Reply
Your email address will not be published. Required fields are marked *
"""  # noqa: E501

BROADCASTER = """Share on Facebook
Share on Twitter
City council votes to expand tram network
The city council has approved a plan to extend the tram network by 14 kilometres, linking three suburbs to the centre for the first time since the 1960s.
Advertisement
The project is expected to cost 420 million euros and construction could begin next spring, pending a final environmental review by the regional authority.
Read more: Bus fares to rise for the second time this year
Opponents say the money would be better spent on buses
Critics on the council argued that an expanded bus network could serve more residents sooner and at a fraction of the cost of laying new track through the suburbs.
Please.
The mayor dismissed the criticism, saying trams would cut car traffic and emissions for decades and that the city had waited long enough for a modern transport system.
Sign up for our morning newsletter and get the day's top stories in your inbox.
© 2024 Metro Broadcasting Corporation
"""  # noqa: E501

WEB_PAGE = """Home
News
Sport
Weather
Sign in
Subscribe
Tech firm fined over data breach
By Maria Lopez
March 6, 2024
A technology company has been fined 8 million pounds by the data regulator after hackers stole the personal details of more than two million customers in an attack last year.
The regulator said the company had failed to patch a known weakness in its systems for several months, despite repeated warnings from its own security staff.
The company said it accepted the ruling and had since invested heavily in its security, adding that it was not aware of any customer data being misused.
Related
Phone maker recalls batteries after fires
Bank outage leaves customers without cards
Streaming service raises prices again
Privacy policy
Terms of use
Contact us
"""  # noqa: E501


def test_every_line_gets_exactly_one_role_and_a_known_rule() -> None:
    for text in (WIRE, NEWSPAPER, BLOG, BROADCASTER, WEB_PAGE):
        a = art(text)
        cleaned = clean(a)
        assert len(cleaned.blocks) == len(a.lines)
        for b in cleaned.blocks:
            assert b.role in ROLES
            assert b.rule in RULE_NAMES, b.rule


def test_rule_names_are_unique_and_ordered() -> None:
    assert len(set(RULE_NAMES)) == len(RULE_NAMES)
    for name in ("site_attribution", "site_boilerplate", "clutter_phrase", "duplicate", "byline",
                 "agency_credit", "publication_line", "copyright", "caption", "recurring_line",
                 "date_line", "title", "after_end", "before_start", "heading", "dateline",
                 "main_text", "default_body"):
        assert name in RULE_NAMES
    assert RULE_NAMES.index("site_boilerplate") < RULE_NAMES.index("main_text")


def test_wire_copy_dateline_trailer_and_short_quote() -> None:
    c = clean(art(WIRE))
    assert role_of(c, "Port strike") == "title"
    lede = block(c, "ROTTERDAM")
    assert lede.role == "body" and lede.fields["place"] == "ROTTERDAM"
    assert lede.fields["agencies"] == ["Reuters"]
    assert role_of(c, '"We have no choice,"') == "body"  # a one-sentence paragraph between paragraphs
    trailer = block(c, "(Reporting by")
    assert trailer.role == "attribution" and trailer.fields["kind"] == "byline"
    assert len(body_texts(c)) == 5


def test_newspaper_with_sidebar() -> None:
    c = clean(art(NEWSPAPER))
    assert role_of(c, "Flood waters recede") == "title"
    meta = block(c, "Published March 5")
    assert meta.role == "meta" and meta.fields["date"] == "2024-03-05"
    captions = [b for b in c.blocks if b.text.startswith("Residents wade")]
    assert [b.role for b in captions] == ["caption", "duplicate"]
    assert captions[0].fields["agencies"] == ["AFP"]
    lede = block(c, "LAHORE:")
    assert lede.role == "body" and lede.fields["place"] == "LAHORE"
    assert role_of(c, "Relief camps stretched") == "heading"
    pub = block(c, "Published in The Valley Herald")
    assert pub.role == "attribution"
    assert pub.fields["outlet"] == "The Valley Herald" and pub.fields["published"] == "2024-03-05"
    # the opinion sidebar after the sign-off: headlines, dates, teasers are all clutter
    for start in ("Opinion", "Editorial", "Power tariffs", "05 Mar, 2024", "The government's decision",
                  "A plan to overhaul", "Exam reform"):
        assert role_of(c, start) in ("boilerplate", "duplicate"), start
    assert len(body_texts(c)) == 4


def test_blog_republication_with_comment_form() -> None:
    c = clean(art(BLOG))
    titles = [b.role for b in c.blocks if b.text.startswith("Scientists map")]
    assert titles == ["title", "duplicate", "duplicate"]
    for start in ("Share this:", "Facebook", "Twitter", "2 Comments", "Leave a Reply", "Your email address"):
        assert role_of(c, start) == "boilerplate", start
    assert role_of(c, '"It was like switching') == "body"
    assert len(body_texts(c)) == 4


def test_broadcaster_with_share_prompts_and_newsletter() -> None:
    c = clean(art(BROADCASTER))
    assert role_of(c, "City council votes") == "title"
    for start in ("Share on Facebook", "Share on Twitter", "Advertisement", "Read more: Bus fares",
                  "Sign up for our morning newsletter"):
        assert role_of(c, start) == "boilerplate", start
    assert role_of(c, "Opponents say the money") == "heading"
    assert role_of(c, "Please.") == "body"  # a short paragraph framed by text stays body
    note = block(c, "© 2024")
    assert note.role == "attribution"
    assert note.fields["holder"] == "Metro Broadcasting Corporation" and note.fields["year"] == 2024
    assert len(body_texts(c)) == 5


def test_web_page_menus_byline_and_related_list() -> None:
    c = clean(art(WEB_PAGE))
    for start in ("Home", "News", "Sport", "Weather", "Sign in", "Subscribe"):
        assert role_of(c, start) == "boilerplate", start
    assert role_of(c, "Tech firm fined") == "title"
    byline = block(c, "By Maria Lopez")
    assert byline.role == "attribution" and byline.fields["person"] == "Maria Lopez"
    assert role_of(c, "March 6, 2024") == "meta"
    for start in ("Related", "Phone maker recalls", "Bank outage", "Streaming service",
                  "Privacy policy", "Terms of use", "Contact us"):
        assert role_of(c, start) == "boilerplate", start
    assert len(body_texts(c)) == 3


def test_body_sentences_mentioning_clutter_words_are_kept() -> None:
    text = (
        "Readers rush to subscribe as paper marks centenary\n"
        "The newspaper said on Monday that more than 40,000 readers had chosen to subscribe in the "
        "week since it announced a special edition marking one hundred years of publication.\n"
        "Share prices of its parent company rose 4 percent after the figures were published, and "
        "analysts said the print edition was holding up better than expected.\n"
        "Comments from the editor suggested that a new weekend supplement would follow next year, "
        "along with a larger team of local reporters.\n"
    )
    c = clean(art(text))
    assert len(body_texts(c)) == 3


def test_short_note_without_article_text_is_kept_whole() -> None:
    c = clean(art("Meeting moved to Thursday\nRoom 4 at noon\n"))
    assert [b.role for b in c.blocks] in (["title", "body"], ["body", "body"])


# --- site settings ----------------------------------------------------------------------------


def test_a_publication_date_names_no_outlet() -> None:
    c = clean(art("Ferry fares frozen\nPublished on March 5, 2024\n" + WIRE.split("\n", 1)[1]))
    line = block(c, "Published on March 5")
    assert line.role == "meta" and line.fields["date"] == "2024-03-05"
    assert "outlet" not in line.fields


def test_site_patterns_add_boilerplate_and_attribution() -> None:
    settings = CleanSettings(boilerplate=(r"^Promoted by ",), attribution=(r"^Text: ",))
    text = WIRE + "Promoted by Example Ads Ltd\nText: Anna Vermeer\n"
    c = clean(art(text), settings)
    assert roles(c)["Promoted by Example Ads Ltd"] == ("boilerplate", "site_boilerplate")
    assert roles(c)["Text: Anna Vermeer"] == ("attribution", "site_attribution")


def test_disabling_a_rule_keeps_the_text() -> None:
    c = clean(art(NEWSPAPER), CleanSettings(disable=("after_end",)))
    assert role_of(c, "The government's decision") == "body"
    assert block(c, "The government's decision").rule == "default_body"
    c = clean(art(BLOG), CleanSettings(disable=("duplicate",)))
    assert [b.role for b in c.blocks if b.text.startswith("Scientists map")][1] != "duplicate"


# --- corpus evidence ---------------------------------------------------------------------------


def _story(topic: str, footer: str) -> str:
    return (
        f"{topic.title()} report\n"
        f"The {topic} committee published its annual report on Wednesday, setting out plans for the "
        f"coming year and a review of what it achieved in the last twelve months.\n"
        f"Members of the {topic} committee said the report reflected months of consultation with "
        f"residents, businesses and community groups across the region.\n"
        f"{footer}\n"
    )


def test_line_recurring_across_stories_is_template_clutter() -> None:
    footer = "Notes from the district office"
    arts = [art(_story(t, footer), f"{t}.txt") for t in ("harbour", "school", "library")]
    profile = corpus_profile(arts)
    assert isinstance(profile, CorpusProfile) and profile.files == 3
    assert profile.stories_of(footer) == 3
    c = clean(arts[0], profile=profile)
    assert roles(c)[footer] == ("boilerplate", "recurring_line")


def test_copies_of_one_story_are_not_template() -> None:
    text = _story("harbour", "Harbour users welcome the plan")
    arts = [art(text, "a.txt"), art(text, "b.txt"), art(text, "c.txt")]
    profile = corpus_profile(arts)
    assert profile.stories_of("Harbour users welcome the plan") == 1
    c = clean(arts[0], profile=profile)
    assert roles(c)["Harbour users welcome the plan"][1] != "recurring_line"


def test_corpus_profile_and_clean_scale_linearly() -> None:
    paragraph = ("The council said the new bridge would open in the spring after two years of work "
                 "on its foundations and approaches, paid for by the regional budget. ")
    big = "Bridge report\n" + "\n".join(f"{paragraph}Item {i}." for i in range(4000)) + "\n"
    a = art(big)
    t0 = time.perf_counter()
    corpus_profile([a])
    c = clean(a)
    assert time.perf_counter() - t0 < 5
    assert len(body_texts(c)) == 4000


# --- helpers and inspect -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Published in Dawn, December 3rd, 2024", "2024-12-03"),
        ("03 Dec, 2024", "2024-12-03"),
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
        ("2024-02-29", "2024-02-29"),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("The river rose overnight.", True),
        ('He said the river would rise."', True),
        ("Did the river rise?)", True),
        ("The river rose…", True),
        ("河水上涨。", True),
        ("नदी का पानी रात भर बढ़ता रहा।", True),
        ("هل ارتفع النهر؟", True),
        ("The river rose as follows:", True),
        ('Officials said:"', True),
        ("Related coverage", False),
        ("Flood maps (updated)", False),
        ("The river rose. More", False),
        ('Two quotes after a colon:""', False),
    ],
)
def test_lines_that_end_like_a_sentence(line: str, ends: bool) -> None:
    assert _ends_like_sentence(line) is ends
    assert _ends_like_sentence(line + "  ") is ends  # trailing spaces do not count


def test_agencies_in() -> None:
    assert agencies_in("Reuters, AP") == ["Reuters", "AP"]
    assert agencies_in("dpa/AFP") == ["dpa", "AFP"]
    assert agencies_in("The Associated Press") == ["AP"]
    assert agencies_in("The Valley Herald") == []


def test_inspect_records_one_per_physical_line() -> None:
    text = (
        "Markets rally on rate hopes\n"
        "March 3, 2024Stocks rose sharply on Monday as investors bet that central banks would begin "
        "cutting interest rates before the summer.\n"
        "Analysts said the rally could fade if inflation figures due later in the week surprise on "
        "the upside.\n"
    )
    c = clean(art(text))
    records = inspect_records(c)
    assert [r["line"] for r in records] == [1, 2, 3]
    glued = records[1]
    assert glued["role"] == "body" and glued["rule"] == "main_text"
    assert glued["text"].startswith("March 3, 2024 Stocks rose")
    assert set(records[0]) == {"line", "role", "rule", "text"}


def test_markdown_headings() -> None:
    text = (
        "# Wind farm approved\n\n"
        "The planning board approved a 40-turbine wind farm off the coast on Tuesday, ending a "
        "three-year dispute with fishing groups over access to the grounds.\n\n"
        "## What happens next\n\n"
        "Construction is due to begin next year and the first turbines should deliver power to the "
        "grid by the end of the decade, the developer said.\n"
    )
    c = clean(art(text, "w.md"))
    assert [b.role for b in c.blocks] == ["title", "body", "heading", "body"]


# --- the seeds ---------------------------------------------------------------------------------

#: Lines (by number) an editor judges *not* body, with their role; every other line is body.
SEED_ROLES: dict[str, dict[int, str]] = {
    "000_c58b3fd2a608ebc7.txt": {1: "title", 5: "heading", 10: "heading", 16: "heading", 24: "attribution"},
    "001_4f134465276709e0.txt": {
        1: "title", 2: "duplicate", 4: "duplicate", 14: "heading", 24: "heading",
        42: "boilerplate", 44: "boilerplate", 46: "boilerplate",
    },
    "002_bea1bbb3ff51d658.txt": {10: "heading", 22: "heading", 26: "boilerplate"},
    "003_8d805593c1bd919c.txt": {
        1: "title", 3: "meta", 5: "caption", 6: "duplicate", 16: "heading", 22: "heading",
        38: "heading", 42: "caption", 43: "duplicate", 53: "attribution",
        **{n: "boilerplate/duplicate" for n in range(55, 95)},
    },
    "004_b6ad94df8e3d9779.txt": {
        1: "title", 15: "boilerplate", 21: "boilerplate", 23: "attribution", 25: "attribution",
        27: "boilerplate", 30: "boilerplate", 32: "boilerplate",
    },
}


def _seeds() -> list[Article]:
    return [parse((CONTENT / name).read_bytes(), name) for name in sorted(SEED_ROLES)]


@pytest.fixture(scope="module")
def seeds() -> dict[str, CleanArticle]:
    arts = _seeds()
    profile = corpus_profile(arts)
    return {a.path: clean(a, profile=profile) for a in arts}


@pytest.mark.parametrize("name", sorted(SEED_ROLES))
def test_seed_roles_and_no_body_lost(seeds: dict[str, CleanArticle], name: str) -> None:
    expected = SEED_ROLES[name]
    for record in inspect_records(seeds[name]):
        want = expected.get(record["line"], "body")
        assert record["role"] in want.split("/"), (record, want)


def test_seed_000_glued_date_is_meta_and_credit_parsed(seeds: dict[str, CleanArticle]) -> None:
    c = seeds["000_c58b3fd2a608ebc7.txt"]
    line2 = [b for b in c.blocks if b.line == 2]
    assert [b.role for b in line2] == ["meta", "body"]
    credit = block(c, "ftm/zc")
    assert credit.fields["kind"] == "agency_credit" and credit.fields["agencies"] == ["Reuters", "AP"]


def test_seed_attribution_fields(seeds: dict[str, CleanArticle]) -> None:
    dawn = seeds["003_8d805593c1bd919c.txt"]
    assert block(dawn, "AMMAN:").fields["place"] == "AMMAN"
    assert block(dawn, "Published in Dawn").fields == {
        "kind": "publication", "outlet": "Dawn", "published": "2024-12-03"}
    assert block(dawn, "AN anti-regime").fields["agencies"] == ["AFP"]
    ap = seeds["004_b6ad94df8e3d9779.txt"]
    lede = block(ap, "BEIRUT (AP)")
    assert lede.role == "body" and lede.fields["place"] == "BEIRUT" and lede.fields["agencies"] == ["AP"]
    byline = block(ap, "This article was written by").fields
    assert (byline["person"], byline["organisation"], byline["place"]) == ("Nasser Karimi", "Associated Press", "Tehran")
    copyright_ = block(ap, "The Associated Press, 2024").fields
    assert (copyright_["holder"], copyright_["year"]) == ("The Associated Press", 2024)


def test_seed_clutter_never_among_body(seeds: dict[str, CleanArticle]) -> None:
    clutter = ("Leave a Reply", "Your email address", "0 Comments", "See also", "Note: Every piece",
               "Latest from", "Opinion", "Editorial", "Competing narratives", "Rather than hunting")
    for c in seeds.values():
        for text in body_texts(c):
            assert not text.startswith(clutter), text


def test_profile_key_changes_only_when_a_line_crosses_the_recurring_threshold() -> None:
    """The build cache keeps a cleaned article while its profile key is unchanged: more
    articles repeating an already-recurring footer must not invalidate it, a footer that
    starts recurring must."""
    footer = "Notes from the district office"
    harbour = art(_story("harbour", footer), "harbour.txt")
    others = [art(_story(t, footer), f"{t}.txt") for t in ("school", "library", "museum")]
    alone = profile_key(corpus_profile([harbour]), harbour)
    two = profile_key(corpus_profile([harbour, *others[:1]]), harbour)
    four = profile_key(corpus_profile([harbour, *others]), harbour)
    assert alone == ()
    assert two == four != alone
    for key in (two, four):
        assert [harbour.lines[i].norm for i in key] == [footer]
    assert clean(harbour, profile=corpus_profile([harbour, *others[:1]])) == clean(
        harbour, profile=corpus_profile([harbour, *others])
    )


# --- issue 18: sentences are body whatever word they open with ---------------------------------

def _news(*middle: str) -> str:
    """A short news article written for these tests, with ``middle`` lines inside its text."""
    return "\n".join([
        "Search continues for missing farm workers",
        "Rescue teams searched through the night on Tuesday for three farm workers missing since a "
        "landslide buried part of a hillside farm after days of heavy rain in the district.",
        *middle,
        "Police said the families of the missing men had been told and that a support centre had "
        "been opened in the village hall for relatives and neighbours waiting for news.",
        "The regional governor said the search would continue for as long as there was any chance "
        "of finding the men alive, and promised an inquiry into the stability of the hillside.",
    ]) + "\n"


@pytest.mark.parametrize("sentence", [
    "More than 80 diggers have been sent to the farm to clear the mud.",
    "More than 70 firefighters were called to the scene, the fire service said.",
    "Watch parties were held across the state as the results came in.",
    "Related charges were filed against two other managers on Monday, prosecutors said.",
    "Follow-up inspections found that 12 of the 40 bridges needed urgent repairs.",
    "Subscribers to the water company's alerts were told to boil their tap water.",
    "Note: the mud has buried the only road into the valley, so supplies are flown in by helicopter.",
    "Filed in March, the lawsuit says the farm ignored warnings about the hillside.",
    "Posted in the valley for six years, the sergeant said he had never seen rain like it.",
])
def test_a_sentence_is_body_whatever_word_it_opens_with(sentence: str) -> None:
    c = clean(art(_news(sentence)))
    assert roles(c)[sentence][0] == "body", roles(c)[sentence]


@pytest.mark.parametrize("pointer", [
    "More: Landslide warnings issued for three districts",
    "Watch: Drone footage of the landslide",
    "Related: How landslides are forecast",
    "Follow us on Twitter for the latest updates.",
    "Sign up for our newsletter to get the latest news.",
    "You must select a newsletter to subscribe to.",
    "Get breaking news alerts and special reports. The stories that matter, delivered daily.",
])
def test_pointers_and_prompts_are_still_clutter(pointer: str) -> None:
    c = clean(art(_news(pointer)))
    assert roles(c)[pointer][0] == "boilerplate", roles(c)[pointer]


def test_a_site_disclaimer_in_the_text_is_still_clutter() -> None:
    """A "Note:" label opens news as often as notes; a disclaimer is known by what it says."""
    for disclaimer in (
        "The views expressed in this column are the writer's own and do not necessarily reflect those of the paper.",
        "Editor's note: this story was written with the help of readers in the valley.",
    ):
        c = clean(art(_news(disclaimer)))
        assert roles(c)[disclaimer] == ("boilerplate", "disclaimer"), roles(c)[disclaimer]


def test_a_picture_credit_inside_the_article_does_not_end_it() -> None:
    """A copyright mark without a year under a picture is a credit; the page's notice (a year,
    rights reserved) still closes the article."""
    credit = "© Harbour Photo Agency"
    c = clean(art(_news("Rescuers dig through the mud at the farm on Tuesday.", credit)))
    assert roles(c)[credit][0] == "attribution"
    assert role_of(c, "The regional governor said") == "body"
    assert role_of(c, "Police said the families") == "body"
    teasers = ("Council votes to rebuild the old stone bridge before the winter floods arrive again.\n"
               "Schools in the valley will reopen on Monday after the storm damage has been repaired.\n")
    c = clean(art(_news() + "© 2024 Valley Broadcasting. All rights reserved.\n" + teasers))
    assert role_of(c, "Council votes to rebuild") == "boilerplate"
    assert role_of(c, "Schools in the valley") == "boilerplate"


_BEFORE_BOX = [
    "The ferry company cancelled every crossing on Thursday after a storm damaged the loading ramp at "
    "the island's only harbour, leaving hundreds of travellers stranded on both sides.",
    "Engineers said the ramp's hydraulic arm had been bent by waves during the night and that a "
    "replacement part would have to be shipped from the mainland by barge.",
]
_AFTER_BOX = [
    "Islanders with hospital appointments on the mainland were offered seats on a small passenger "
    "boat, which the coastguard allowed to sail once the wind had dropped in the afternoon.",
    "The company said it expected to restore a limited timetable by Sunday and that tickets for the "
    "cancelled crossings would be refunded in full or exchanged without charge.",
    "Local councillors renewed calls for a second ramp to be built so that a single breakdown could "
    "no longer cut the island off from the mainland for days at a time.",
]
_BOX = ["Related", "Harbour fees to rise next spring", "Island school wins sailing cup"]


def test_a_related_box_inside_the_article_does_not_end_it() -> None:
    """A "Related" header and its links between paragraphs are clutter, and the article's text
    resuming after them is still the article's."""
    c = clean(art("\n".join(["Storm halts island ferries", *_BEFORE_BOX, *_BOX, *_AFTER_BOX]) + "\n"))
    for line in _BOX:
        assert roles(c)[line][0] == "boilerplate", (line, roles(c)[line])
    for line in _BEFORE_BOX + _AFTER_BOX:
        assert roles(c)[line][0] == "body", (line, roles(c)[line])


@pytest.mark.parametrize("teasers", [
    ["Harbour fees to rise next spring",
     "The harbour board said on Monday that mooring fees would rise by a tenth from April.",
     "Island school wins sailing cup",
     "Pupils from the island school won the regional sailing cup for the third year running."],
    ["The harbour board said on Monday that mooring fees would rise by a tenth from April, and ...",
     "Pupils from the island school won the regional sailing cup for the third year running after ..."],
    ["1. The harbour board said on Monday that mooring fees would rise by a tenth from April.",
     "2. Pupils from the island school won the regional sailing cup for the third year running."],
])
def test_a_related_list_with_teasers_after_the_article_stays_clutter(teasers: list[str]) -> None:
    """After the article, a "Related" header followed by headlines each with one teaser sentence,
    or by teasers cut short, is a sidebar: the article does not resume there."""
    c = clean(art("\n".join(["Storm halts island ferries", *_BEFORE_BOX, *_AFTER_BOX, "Related", *teasers]) + "\n"))
    for line in teasers:
        assert roles(c)[line][0] == "boilerplate", (line, roles(c)[line])


# --- issue 18: text shared by outlets of one story is reporting, not template ------------------

WIRE_QUOTE = "Kelvale dam operators warn of further spills"
_DAM_TELLINGS = [
    "Thousands of residents of the Kelvale valley left their homes on Monday after the Kelvale dam "
    "released floodwater into the Ormond river, officials said.\n"
    "The Ormond river rose by four metres in six hours, flooding the market towns of Brisk and Tallow.",
    "Floodwater from the Kelvale dam swept through Brisk and Tallow on Monday, forcing thousands of "
    "people in the valley to flee as the Ormond river burst its banks.\n"
    "Engineers said the Ormond had risen four metres within six hours of the release.",
    "Officials in Brisk said the Kelvale dam spill had sent the Ormond river four metres higher by "
    "Monday evening, and that Tallow's main bridge was closed.\n"
    "Thousands of valley residents spent the night in schools and sports halls.",
]
_OTHER_STORIES = [
    "The city orchestra announced a new conductor on Friday, ending a search that lasted two years "
    "and drew applicants from eleven countries.\nMusicians said the appointment was warmly welcomed.",
    "A regional airline cancelled forty flights on Thursday after a software fault grounded its "
    "fleet, leaving passengers stranded at three airports.\nThe airline said refunds would be paid.",
    "Farmers in the northern plains reported their best wheat harvest in a decade, helped by a "
    "mild spring and late summer rain.\nGrain prices fell slightly on the news.",
]


def test_a_wire_headline_shared_by_three_outlets_of_one_story_is_kept() -> None:
    """Three outlets retell one event in their own words and carry the same wire line; three
    unrelated stories of the same sites carry the same menu line. The wire line is the story's
    (not recurring across stories); the menu line is template."""
    menu = "Weather Traffic Lottery Obituaries"
    arts = [art(f"{menu}\n{WIRE_QUOTE}\n{text}\n", f"dam{k}.txt") for k, text in enumerate(_DAM_TELLINGS)]
    arts += [art(f"{menu}\nNews of the day\n{text}\n", f"other{k}.txt") for k, text in enumerate(_OTHER_STORIES)]
    profile = corpus_profile(arts)
    assert profile.stories_of(WIRE_QUOTE) == 1
    assert profile.stories_of(menu) == 4  # the dam story and the three others
    for a in arts[:3]:
        c = clean(a, profile=profile)
        assert roles(c)[WIRE_QUOTE][1] != "recurring_line"
        assert roles(c)[menu][0] == "boilerplate"


def test_a_line_shared_by_unrelated_stories_is_template_even_with_a_shared_sentence() -> None:
    """Two articles of one site sharing a stock sentence (an about-us note) stay two stories."""
    about = "Valley Courier is an independent newspaper serving the valley towns since 1921 and read by many."
    lines = "Share Print Email"
    arts = [art(f"{lines}\nNews\n{text}\n{about}\n", f"s{k}.txt") for k, text in enumerate(_OTHER_STORIES)]
    profile = corpus_profile(arts)
    assert profile.stories_of(lines) == 3


# --- issue 18: galleries, video carousels and newsletter blocks are clutter by shape -----------

def test_a_photo_gallery_is_captions() -> None:
    slides = []
    for k, who in enumerate(("A singer and a footballer", "Two actors", "A chef and a painter"), 1):
        slides += ["Photos: Famous partings",
                   f"{who} announced their separation in a joint statement after eleven years together.",
                   "Hide Caption", f"{k} of 40"]
    c = clean(art(_news(*slides)))
    r = roles(c)
    for line in slides:
        assert r[line][0] != "body", (line, r[line])
    assert "gallery" in {rule for _, rule in r.values()}
    assert r["Police said the families of the missing men had been told and that a support centre had "
             "been opened in the village hall for relatives and neighbours waiting for news."][0] == "body"


def test_a_video_carousel_is_clutter() -> None:
    carousel = ["JUST WATCHED", "Rescuers reach flooded village", "Replay", "More Videos ...",
                "MUST WATCH", "Rescuers reach flooded village 01:14", "How landslides start 02:31",
                "Drone shows the scale of the damage 00:58"]
    c = clean(art(_news(*carousel)))
    r = roles(c)
    for line in carousel:
        assert r[line][0] != "body", (line, r[line])


def test_figures_out_of_a_total_in_sentences_stay_body() -> None:
    """Counters and clock times inside sentences are not a gallery or a carousel."""
    lines = ["Rescuers had reached 3 of the 5 buried houses by 10:30 on Tuesday, officials said.",
             "The first team arrived at 06:15 and the second at 07:40, the fire service said.",
             "Only 2 of 9 roads into the valley were open."]
    c = clean(art(_news(*lines)))
    for line in lines:
        assert roles(c)[line][0] == "body", roles(c)[line]


def test_a_newsletter_block_is_clutter() -> None:
    block_ = ["Sign up to our morning briefing", "Get the day's top stories in your inbox every morning.",
              "You must select a newsletter to subscribe to.", "Sign up"]
    c = clean(art(_news(*block_)))
    for line in block_:
        assert roles(c)[line][0] == "boilerplate", (line, roles(c)[line])


# --- issue 18: the learned line model arbitrates the neighbour rules ---------------------------

_UNFINISHED = "\n".join([
    "Volunteers join search on the moor",
    "Mountain rescue teams asked for volunteers on Saturday to help search the moor for a walker "
    "who has not been seen since setting out from the village car park on Thursday morning.",
    "Volunteers were told to report to the village hall by eight o'clock, where teams of six would "
    "be formed and each given a section of the moor to cover before dark.",
    "Police said the walker was experienced and well equipped, and that they still hoped to find "
    "him alive after two cold nights on the hills.",
    "The search will resume at first light on Sunday if he has not been found",
    "Most read",
    "Council approves new bus lanes",
    "Library to open on Sundays",
    "Hospital car park fees to rise",
]) + "\n"


def test_the_line_model_keeps_a_last_sentence_missing_its_full_stop() -> None:
    """The article's last sentence, copied without its full stop, is text (the fragment rule alone
    drops it as a stray label); the headlines of other stories after it stay clutter."""
    c = clean(art(_UNFINISHED))
    last = block(c, "The search will resume")
    assert (last.role, last.rule) == ("body", "line_model")
    assert last.fields["model"].startswith("p(body) ")  # the probability and the evidence
    for headline in ("Council approves new bus lanes", "Library to open on Sundays", "Hospital car park fees"):
        assert role_of(c, headline) == "boilerplate", headline
    rules_alone = clean(art(_UNFINISHED), CleanSettings(disable=("line_model",)))
    assert role_of(rules_alone, "The search will resume") == "boilerplate"
    assert "line_model" in RULE_NAMES
    record = next(r for r in inspect_records(c) if r["text"].startswith("The search will resume"))
    assert record["rule"] == "line_model" and record["model"].startswith("p(body) ")


#: A news page in Hindi, written for this test: a menu, the headline, six paragraphs ending with
#: the danda (।), a "read also" box and the footer.
HINDI_MENU = ["होम", "देश", "विदेश", "खेल", "मनोरंजन"]
HINDI_HEADLINE = "दिल्ली में बारिश से जलभराव, कई इलाकों में यातायात प्रभावित"
HINDI_TEXT = [
    "नई दिल्ली में सोमवार को हुई तेज बारिश के बाद कई इलाकों में पानी भर गया और लोगों को भारी परेशानी का सामना करना पड़ा।",
    "मौसम विभाग ने बताया कि शहर में सुबह से शाम तक लगभग सत्तर मिलीमीटर बारिश दर्ज की गई, जो इस मौसम में सबसे अधिक है।",
    "यातायात पुलिस ने कहा कि कई प्रमुख सड़कों पर लंबा जाम लगा रहा और वाहन चालकों को वैकल्पिक रास्तों का उपयोग करने की सलाह दी गई।",
    "नगर निगम के अधिकारियों ने बताया कि पानी निकालने के लिए पंप लगाए गए हैं और कर्मचारी रात भर काम करेंगे।",
    "कई स्कूलों ने मंगलवार को छुट्टी घोषित कर दी है, ताकि बच्चों को किसी तरह की परेशानी न हो।",
    "मौसम विभाग ने अगले दो दिनों तक हल्की से मध्यम बारिश की संभावना जताई है।",
]
HINDI_AFTER = ["ये भी पढ़ें", "मुंबई में भी भारी बारिश का अलर्ट जारी", "उत्तर प्रदेश में बिजली गिरने से पांच लोगों की मौत",
               "हमारे बारे में", "संपर्क करें"]


#: A news page in Thai, written for this test: no spaces between words, none of the text's lines
#: ending with a mark.
THAI_MENU = ["หน้าแรก", "ข่าว", "กีฬา", "บันเทิง"]
THAI_HEADLINE = "ฝนตกหนักทั่วกรุงเทพฯ น้ำท่วมหลายพื้นที่ การจราจรติดขัด"
THAI_TEXT = [
    "ฝนตกหนักในกรุงเทพมหานครเมื่อวันจันทร์ที่ผ่านมา ทำให้เกิดน้ำท่วมขังในหลายพื้นที่ และการจราจรบนถนนสายหลักติดขัดอย่างหนักตลอดทั้งวัน",
    "กรมอุตุนิยมวิทยารายงานว่า ปริมาณฝนที่ตกในเมืองวัดได้ประมาณเจ็ดสิบมิลลิเมตร ซึ่งเป็นปริมาณที่สูงที่สุดของฤดูฝนปีนี้",
    "เจ้าหน้าที่ตำรวจจราจรได้ขอให้ผู้ขับขี่หลีกเลี่ยงเส้นทางที่มีน้ำท่วมขัง และใช้เส้นทางอื่นแทนจนกว่าระดับน้ำจะลดลง",
    "สำนักการระบายน้ำกล่าวว่า ได้ติดตั้งเครื่องสูบน้ำเพิ่มเติมในจุดเสี่ยง และเจ้าหน้าที่จะทำงานตลอดทั้งคืนเพื่อเร่งระบายน้ำ",
    "โรงเรียนหลายแห่งประกาศหยุดการเรียนการสอนในวันอังคาร เพื่อความปลอดภัยของนักเรียนและผู้ปกครองที่ต้องเดินทางผ่านพื้นที่น้ำท่วม",
]
THAI_AFTER = ["ข่าวที่เกี่ยวข้อง", "เชียงใหม่เตรียมรับมือน้ำป่า", "ติดต่อเรา", "เกี่ยวกับเรา"]


#: A news page in Chinese, written for this test; its last paragraph is one short sentence.
CHINESE_MENU = ["首页", "新闻", "体育", "娱乐", "财经"]
CHINESE_HEADLINE = "北京暴雨致多处积水 交通受阻"
CHINESE_TEXT = [
    "周一，北京遭遇强降雨，城区多处道路出现积水，早高峰交通严重拥堵。",
    "气象部门表示，当天市区平均降雨量约为七十毫米，为今年入汛以来最大的一次降雨过程。",
    "交通管理部门提醒驾驶员尽量避开积水路段，选择其他路线出行，并注意行车安全。",
    "排水部门已在多个低洼地段增设抽水设备，工作人员将连夜作业，加快排除积水。",
    "多所学校宣布周二停课一天，以保障学生和家长的出行安全。",
    "气象台预计，未来两天本市仍将有小到中雨。",
]
CHINESE_AFTER = ["相关新闻", "上海发布高温预警", "关于我们", "联系我们"]


@pytest.mark.parametrize(("menu", "headline", "text", "after"), [
    (HINDI_MENU, HINDI_HEADLINE, HINDI_TEXT, HINDI_AFTER),
    (THAI_MENU, THAI_HEADLINE, THAI_TEXT, THAI_AFTER),
    (CHINESE_MENU, CHINESE_HEADLINE, CHINESE_TEXT, CHINESE_AFTER),
], ids=["hindi", "thai", "chinese"])
def test_a_page_in_another_script_keeps_its_paragraphs_and_not_its_headline_or_menus(
    menu: list[str], headline: str, text: list[str], after: list[str]
) -> None:
    """The lines' shape is read alike in any script. Hindi: the danda ends a sentence and a word
    with its vowel signs (not word characters to ``\\w``) is one word, so the headline is short
    enough to be the title. Thai, without spaces between words or marks at the ends of lines:
    its paragraphs are counted by characters, so the page is not read as a short note and kept
    whole. Chinese: a character says about as much as three Latin letters, so a last sentence of
    twenty is a paragraph, not a stray line after the article."""
    page = "\n".join([*menu, headline, *text, *after]) + "\n"
    roles = {b.text: b.role for b in clean(parse(page.encode("utf-8"), "story.txt")).blocks}
    assert [line for line, role in roles.items() if role == "body"] == text
    assert roles[headline] == "title"


@pytest.mark.parametrize(("note", "agencies"), [
    ("The Associated Press contributed to this report.", ["AP"]),
    ("Reuters contributed reporting from London.", ["Reuters"]),
    ("Staff writer Ann Lee contributed to this story.", []),
])
def test_a_contributors_note_is_an_attribution_with_its_agencies(note: str, agencies: list[str]) -> None:
    """"X contributed to this report" credits the writers and agencies behind the article: an
    attribution note (with the agencies it names), not a fact of the story."""
    body = ["The bridge over the river will close for a month from Monday while engineers replace its joints.",
            "Drivers were told to expect long delays on the diversion through the town centre, officials said.",
            "The highways agency said the joints had worn out years earlier than expected."]
    cleaned = clean(parse(("\n".join(["Bridge to close for repairs", *body, note]) + "\n").encode(), "a.txt"))
    block = next(b for b in cleaned.blocks if b.text == note)
    assert (block.role, block.fields.get("agencies")) == ("attribution", agencies)
    assert [b.text for b in cleaned.blocks if b.role == "body"] == body


def test_a_sentence_about_contributions_is_news() -> None:
    line = "Three agencies contributed to the report on the bridge, which was published on Friday."
    cleaned = clean(parse(("Bridge report published\n" + line + "\n").encode(), "a.txt"))
    assert [b.role for b in cleaned.blocks if b.text == line] == ["body"]
