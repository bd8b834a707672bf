"""The clean stage: where the article ends. Furniture a news page puts *inside* an article (a tag
line, a picture's credit, a box of links, an embedded post, a gallery strip, a newsletter box)
is dropped and the article's text after it is kept; a real sign-off (a comment form, a notice
reserving rights, a list of other stories, the next article) still ends it.

The article and the furniture are written for these tests: one local story of twelve paragraphs,
with each piece of furniture set between its sixth and seventh paragraph, or after its last.
"""

from __future__ import annotations

import pytest

from builder.clean import clean
from builder.models import CleanArticle
from builder.read import parse

TITLE = "Boil-water notice lifted after week of tests"
BEFORE = [
    "Residents of the eastern districts can drink their tap water again after a week-long boil-water "
    "notice was lifted on Friday, the city's water board said.",
    "The notice was issued last Saturday when routine samples from the Millbrook treatment works showed "
    "traces of bacteria in water leaving the plant.",
    "Engineers traced the fault to a cracked filter bed that had let untreated water bypass the final "
    "stage of cleaning for several hours overnight.",
    "About 42,000 households were told to boil water for drinking, cooking and brushing teeth, and "
    "bottled water was handed out at four schools.",
    "Hospitals and care homes in the area received tanker deliveries, and two primary schools closed for "
    "three days because their kitchens could not operate.",
    "The board said that no illnesses linked to the contamination had been reported, though doctors had "
    "been asked to watch for stomach complaints.",
]
AFTER = [
    "Repairs to the filter bed were finished on Wednesday, and three rounds of tests since then have "
    "found the water safe, the board's chief engineer said.",
    "Customers were advised to run their cold taps for two minutes before using the water, to flush out "
    "anything left standing in their pipes.",
    "Local businesses said the week had cost them thousands in lost trade, with cafes and restaurants "
    "among the hardest hit by the notice.",
    "The owner of one bakery said she had thrown away two days of dough before she could find enough "
    "bottled water to keep baking.",
    "Councillors have called for an independent review of maintenance at the treatment works, which was "
    "built in the 1970s and last upgraded in 2009.",
    "The water board said it would publish its own report within a month and would consider "
    "compensation for households and firms affected.",
]
#: Other stories of the same site: one-sentence teasers, and the next article of an endless page.
TEASERS = [
    "Council votes to rebuild the old stone bridge before the winter floods arrive again.",
    "Schools in the valley will reopen on Monday after the storm damage has been repaired.",
    "A local charity has raised more than 20,000 pounds for families who lost their homes in the fire.",
    "The town's oldest bakery is closing after 120 years because the owners want to retire.",
]
NEXT_ARTICLE = [
    "Bridge repairs to close the ring road for a month",
    "The ring road will close in both directions from Monday while engineers replace the expansion "
    "joints on the river bridge, the highways agency said.",
    "Drivers were told to expect long delays on the diversion through the town centre, where extra "
    "traffic wardens will be posted at the busiest junctions.",
    "The agency said the joints had worn out years earlier than expected because of the growing number "
    "of heavy lorries using the bridge every day.",
]


def _clean(*lines: str) -> CleanArticle:
    return clean(parse(("\n".join(lines) + "\n").encode("utf-8"), "story.txt"))


def _roles(c: CleanArticle) -> dict[str, tuple[str, str]]:
    return {b.text: (b.role, b.rule) for b in c.blocks}


def _assert_article_kept(r: dict[str, tuple[str, str]]) -> None:
    for line in BEFORE + AFTER:
        assert r[line][0] == "body", (line[:40], r[line])


def _assert_dropped(r: dict[str, tuple[str, str]], lines: list[str]) -> None:
    for line in lines:
        assert r[line][0] not in ("body", "heading"), (line[:40], r[line])


# --- a stop inside the article: the text after it is still the article's -----------------------

@pytest.mark.parametrize("furniture", [
    ["Tags: water, Millbrook, health"],
    ["© 2024 Valley Picture Agency"],
    ["Written by Tom Reed"],
    ["(Reporting by Tom Reed; Editing by Ann Lee)"],
    ["Related", "Council approves new water budget", "Floods close riverside road"],
    ["More coverage", "Council approves new water budget", "Floods close riverside road"],
    ["Tags:", "water", "Millbrook", "public health"],
    ["Engineers inspect the filter bed. Photo: Tom Reed/Valley Courier. © 2024 Valley Courier. All rights reserved."],
], ids=["tag-line", "dated-picture-credit", "written-by", "wire-credits", "related-box", "more-coverage-box",
        "tags-one-a-line", "picture-credit-reserving-rights"])
def test_the_article_goes_on_past_a_stop_inside_it(furniture: list[str]) -> None:
    """A tag line, a dated picture credit, a "Written by" line or a box of links between two
    paragraphs does not end the article when its story goes on right under it."""
    r = _roles(_clean(TITLE, *BEFORE, *furniture, *AFTER))
    _assert_article_kept(r)
    _assert_dropped(r, furniture)


# --- a real sign-off still ends it ---------------------------------------------------------------

@pytest.mark.parametrize("stop", [
    "Tags: water, Millbrook, health",
    "© 2024 Valley Courier",
    "Written by Tom Reed",
    "Related",
    "© 2024 Valley Courier. All rights reserved.",
])
def test_other_stories_after_the_sign_off_stay_clutter(stop: str) -> None:
    """Teasers of other stories of the site, each a full sentence, under the article's last stop
    are not the article going on: they do not go on with its story."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, stop, *TEASERS))
    _assert_article_kept(r)
    _assert_dropped(r, [stop, *TEASERS])


@pytest.mark.parametrize("stop", ["Tags: water, Millbrook, health", "© 2024 Valley Courier", "Written by Tom Reed",
                                  "(Reporting by Tom Reed; Editing by Ann Lee)"])
def test_the_next_article_after_the_sign_off_stays_clutter(stop: str) -> None:
    """An endless page: the next article, headline first, under the sign-off. A wire story's
    credits ("Reporting by ...; Editing by ...") are its sign-off too (the next article was kept
    as the article's text under them)."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, stop, *NEXT_ARTICLE))
    _assert_article_kept(r)
    _assert_dropped(r, [stop, *NEXT_ARTICLE])


def test_readers_comments_under_a_counted_header_stay_clutter() -> None:
    """"Comments (3)" heads the readers' comments (its closing bracket once hid it)."""
    comments = ["Comments (3)",
                "I have lived in the eastern district for thirty years and this is the third time the water has failed us.",
                "The board should have replaced that filter bed years ago, everyone knew it was falling apart.",
                "We were never told about the notice until our neighbour knocked on the door on Sunday."]
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, *comments))
    _assert_article_kept(r)
    _assert_dropped(r, comments)


def test_the_author_box_after_a_written_by_line_stays_clutter() -> None:
    bio = ["Tom Reed is a reporter at the Valley Courier, where he covers the city council and public services.",
           "He joined the paper in 2018 after six years at a regional news agency.",
           "Follow Tom on Twitter"]
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, "Written by Tom Reed", *bio))
    _assert_article_kept(r)
    _assert_dropped(r, bio)


@pytest.mark.parametrize("header", ["About the author", "About Tom Reed", "Sobre o autor"])
def test_an_author_box_after_the_article_is_clutter(header: str) -> None:
    """A header over the author's biography ends the article: the biography is no paragraph of
    it (a name in the header counts only when the line under it names the same person)."""
    box = [header,
           "Tom Reed is a reporter at the Valley Courier, where he covers the city council and public services.",
           "He joined the paper in 2018 after six years at a regional news agency."]
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, *box, "Share this: Facebook Twitter Email"))
    _assert_article_kept(r)
    _assert_dropped(r, box)


def test_a_notice_reserving_rights_ends_the_article_whatever_follows() -> None:
    """The page's notice is the sign-off even when paragraphs of the same story follow it (the
    copy of another outlet's version under its notice)."""
    notice = "© 2024 Valley Courier. All rights reserved."
    r = _roles(_clean(TITLE, *BEFORE, notice, *AFTER))
    for line in BEFORE:
        assert r[line][0] == "body"
    _assert_dropped(r, AFTER)


# --- furniture between the paragraphs is dropped, and the text after it kept ----------------------

def test_a_gallery_whose_counters_open_each_slide() -> None:
    """Slides written counter first ("1 of 12", the caption, "Hide Caption"): the last slide's
    caption after the last counter is the gallery's, the paragraphs before the first counter are
    the article's (the gallery took as many lines before it as a slide holds)."""
    strip = []
    for k, caption in enumerate(("Volunteers hand out bottled water at a school in the eastern district.",
                                 "A tanker delivers water to a care home on Monday.",
                                 "Engineers inspect the cracked filter bed at the treatment works."), 1):
        strip += [f"{k} of 12", caption, "Hide Caption"]
    r = _roles(_clean(TITLE, *BEFORE, *strip, *AFTER))
    _assert_article_kept(r)
    _assert_dropped(r, strip)


GALLERY_CAPTIONS = ("Volunteers hand out bottled water at a school in the eastern district.",
                    "A tanker delivers water to a care home on Monday.",
                    "Engineers inspect the cracked filter bed at the treatment works.",
                    "Residents queue with bottles outside the town hall.")


@pytest.mark.parametrize("slide", ["{k}/24 Boil-water week {caption}",
                                   "Valley Pictures {k} of 24 Skip Embed Share CLOSE {caption}"],
                         ids=["counter-first", "counter-inside"])
def test_a_gallery_numbering_its_slides_inside_each_line(slide: str) -> None:
    """One slide to a line, its number out of the gallery's total anywhere in the line, the
    numbers running on: a gallery, though each line is as long as a paragraph."""
    strip = [slide.format(k=k, caption=caption) for k, caption in enumerate(GALLERY_CAPTIONS, 5)]
    r = _roles(_clean(TITLE, *BEFORE, *strip, *AFTER))
    _assert_article_kept(r)
    _assert_dropped(r, strip)


def test_figures_out_of_a_total_in_paragraphs_are_not_a_gallery() -> None:
    """Paragraphs giving figures out of one total ("3 of 12 samples") whose numbers do not run
    on one by one are news."""
    lines = ["Tests found bacteria in 3 of 12 samples taken at the works on Saturday, the board said.",
             "By Tuesday only 2 of 12 samples were positive, and engineers began to drain the filter bed.",
             "On Thursday 1 of 12 samples still showed traces, which the board put down to old pipes."]
    r = _roles(_clean(TITLE, *BEFORE, *lines, *AFTER))
    _assert_article_kept(r)
    for line in lines:
        assert r[line][0] == "body", r[line]


def test_a_gallery_copied_with_its_title_before_each_slide() -> None:
    """Each slide copied as the gallery's title, the slide's title, its caption: the slides are the
    gallery's, not facts of the article."""
    slides = [
        "Millbrook waterworks at 150 The first pumps The works opened in 1874 with two steam pumps.",
        "Millbrook waterworks at 150 Between the wars The plant doubled in size in the 1920s.",
        "Millbrook waterworks at 150 A new filter hall Sand filters were added in 1971.",
        "Millbrook waterworks at 150 Open days Visitors tour the old engine house every summer.",
    ]
    r = _roles(_clean(TITLE, *BEFORE, *slides, *AFTER))
    _assert_article_kept(r)
    assert all(r[line] == ("caption", "gallery") for line in slides), [r[line] for line in slides]


def test_paragraphs_that_open_alike_are_not_a_gallery() -> None:
    """A speech's repeated opening goes on in lower case: the paragraphs are the article's."""
    speech = [
        "We will repair every filter bed in the valley before the winter, the chief engineer said.",
        "We will repair every filter bed in the valley with parts made by local firms, she added.",
        "We will repair every filter bed in the valley and publish the test results each week.",
    ]
    r = _roles(_clean(TITLE, *BEFORE, *speech, *AFTER))
    _assert_article_kept(r)
    assert all(r[line][0] == "body" for line in speech), [r[line] for line in speech]


@pytest.mark.parametrize("box", [
    ["Get the Morning Brief newsletter", "The day's essential news, every weekday at 7am.", "Sign up",
     "By signing up you agree to our privacy policy."],
    ["Morning Briefing Newsletter", "The valley's top stories and the weather, straight to your inbox.",
     "I agree that the Valley Courier can send me the Morning Briefing newsletter.", "Sign up"],
], ids=["blurb-between-prompts", "name-blurb-consent"])
def test_a_newsletter_box_inside_the_article_is_clutter(box: list[str]) -> None:
    """A blurb that names no newsletter and speaks to no one, standing between the box's
    prompts; or the box's name, a line selling it to the reader and a consent box in the
    reader's first person ("I agree that ... can send me ...") over the sign-up."""
    r = _roles(_clean(TITLE, *BEFORE, *box, *AFTER))
    _assert_article_kept(r)
    _assert_dropped(r, box)


def test_an_embedded_post_keeps_its_text_and_drops_its_button() -> None:
    """An embedded post between paragraphs: its "View this post on ..." button is clutter, the
    article goes on after it. The post's own text and its credit line stay with the article, as
    the hand-checked bodies hold embedded posts."""
    post = ["View this post on Instagram",
            "Back to baking with real tap water today! Thank you for your patience everyone.",
            "A post shared by Millbrook Bakery (@millbrookbakes) on Mar 3, 2024 at 9:12am PST"]
    r = _roles(_clean(TITLE, *BEFORE, *post, *AFTER))
    _assert_article_kept(r)
    assert r[post[0]][0] == "boilerplate", r[post[0]]
    assert r[post[1]][0] == "body", r[post[1]]
    tweet = ["Water is back on and safe to drink. Thank you to every crew who worked through the night. "
             "pic.twitter.com/x7Rk2LqP0a", "— Mayor Lena Ortiz (@MayorLenaOrtiz) March 3, 2024"]
    r = _roles(_clean(TITLE, *BEFORE, *tweet, *AFTER))
    _assert_article_kept(r)
    assert r[tweet[0]][0] == "body", r[tweet[0]]


@pytest.mark.parametrize("header", ["READ MORE:", "See also:", "Trending now"])
def test_links_under_a_pointer_that_does_not_end_the_article(header: str) -> None:
    """Headlines under "Read more:" or "See also:" between paragraphs are links, not the
    article's subheadings (the first was kept as a stray line of text, the second as a heading)."""
    box = [header, "Council approves new water budget", "Floods close riverside road"]
    r = _roles(_clean(TITLE, *BEFORE, *box, *AFTER))
    _assert_article_kept(r)
    _assert_dropped(r, box)


def _role_of(line: str, *, at_end: bool = False) -> tuple[str, str]:
    """The role and rule of ``line`` set between the article's sixth and seventh paragraphs (or
    after its last), once the article's own text is known to be kept."""
    lines = [*BEFORE, *AFTER, line] if at_end else [*BEFORE, line, *AFTER]
    r = _roles(_clean(TITLE, *lines))
    _assert_article_kept(r)
    return r[line]


@pytest.mark.parametrize("caption", [
    # the credit closing the caption, in brackets
    "Volunteers hand out bottled water at a school on Monday. (Jane Smith/Valley Courier)",
    "Engineers inspect the filter bed at the Millbrook works. (Tom Reed, File/Associated Press)",
    "Residents queue for bottled water outside the town hall. [Photo/Agencies]",
    "Bottles stacked in the hall of a primary school. (Courtesy of Ann Lee)",
    # a line that is nothing but a credit
    "Jane Smith/The Valley Courier",
    "Tom Reed/Courier",
    "(Image: Valley Picture Agency)",
    # copied with the credit first, and no full stop
    "GETTY Volunteers hand out bottled water at a school on Monday",
    "Getty Images The Millbrook treatment works was built in the 1970s",
    "AFP Engineers inspect the cracked filter bed",
    "Reuters Residents queue for bottled water outside the town hall",
], ids=["name-agency", "file-photo", "square-brackets", "courtesy", "credit-only", "credit-only-short",
        "image-in-brackets", "getty-caps", "getty-images", "afp-first", "reuters-first"])
def test_a_caption_known_by_its_credit_is_a_caption(caption: str) -> None:
    """A picture's caption is no fact of the article, whichever end its credit sits at."""
    assert _role_of(caption)[0] == "caption"


@pytest.mark.parametrize("line", [
    "Reuters reported on Friday that the board had known about the cracked filter bed for months.",
    "AFP Photo agencies were not allowed into the treatment works, the board said.",
    "Getty Museum staff were among those who queued for bottled water on Tuesday.",
    "The board released images of the cracked filter bed (pictured in its report) on Thursday.",
    # a wire caption of three sentences retells the report: the outlet's telling of the story
    "FILE - In this March 3 file photo, engineers inspect the Millbrook works. The water board lifted the "
    "notice on Friday. About 42,000 households had been told to boil their water. (Tom Reed, File/Associated Press)",
    # sentences about subscribing that report what someone said
    "The board said you can sign up for text alerts about the water supply on its website. It told residents "
    "to subscribe to its newsletter for updates. Officials said the alerts would be sent to your phone within "
    "minutes of a notice, and the board said it would follow up with letters to every household.",
    # "share" as a noun is no bid to share
    "Enter the valley's bakeries this week and you will see that bottled water took a large share of their "
    "costs, the owners said.",
    # an address in a sentence that tells
    "Emails sent to board@valley-water.example went unanswered for a week, residents said.",
    # a tip to the police, reported
    "Police said a tip from a resident led them to our street, where the pipe had burst overnight.",
    # a consent box's words, quoted
    "\"I agree that the newsletter should stop printing rumours,\" the council leader said on Friday.",
    "Councillors said they agreed with the plan, and one said: I agree, send me the report by Monday.",
    # cookies in a report
    "The regulator said our council's website had used cookies to track visitors without their consent.",
], ids=["agency-reported", "agency-first-sentence", "getty-museum", "pictured-in-brackets",
        "wire-caption-retelling", "reported-sign-up", "share-as-a-noun", "address-in-a-report", "reported-tip",
        "quoted-agreement", "reported-agreement", "reported-cookies"])
def test_news_that_looks_like_a_caption_or_prompt_is_body(line: str) -> None:
    assert _role_of(line)[0] == "body"


@pytest.mark.parametrize(("line", "at_end"), [
    ("Continue reading…", False),
    ("Continue reading...", False),
    ("Anzeige:", False),
    ("Werbung", False),
    ("Publicidad", False),
    ("Newsletter Sign Up Continue reading the main story Please verify you are not a robot by clicking the "
     "box. Invalid email address. Please re-enter. You must select a newsletter to subscribe to. Sign Up You "
     "agree to receive occasional updates and special offers for our products and services. Thank you for "
     "subscribing. An error has occurred. Please try again later.", False),
    ("If you like this story, share it with a friend!", True),
    ("Liked it? Share it with your friends.", True),
    ("Do you have a story for our news team? Email us at tips@valley-courier.example or call 0100 200 300", True),
    ("Have a news tip? Email tips@valley-courier.example.", True),
    ("We want your stories! Do you have a story for the Courier's news desk? Email us at "
     "tips@valley-courier.example or call 0100 200 300. We buy pictures as well. Click here to upload yours.", True),
    ("We and our partners use cookies and similar technologies to personalise content and ads, and to "
     "analyse our traffic.", True),
], ids=["continue-ellipsis", "continue-dots", "anzeige", "werbung", "publicidad", "sign-up-box-in-one-line",
        "share-with-a-friend", "liked-it", "tips-by-email", "tip-email-imperative", "tip-box-in-one-line",
        "cookie-notice"])
def test_labels_and_bids_to_the_reader_are_clutter(line: str, at_end: bool) -> None:
    assert _role_of(line, at_end=at_end)[0] not in ("body", "heading")


def test_a_picture_library_credit_under_a_photo_is_a_caption() -> None:
    credit = "Jane Smith/Valley Images"
    r = _roles(_clean(TITLE, *BEFORE, "Volunteers hand out bottled water at a school on Monday.", credit, *AFTER))
    _assert_article_kept(r)
    assert r[credit][0] == "caption", r[credit]


def test_a_subscription_pitch_bidding_the_reader_in_its_second_sentence_is_a_prompt() -> None:
    pitch = "Subscribers get unlimited access to local news. Subscribe today for just 1 pound a week."
    r = _roles(_clean(TITLE, *BEFORE, pitch, *AFTER))
    _assert_article_kept(r)
    assert r[pitch] == ("boilerplate", "prompt"), r[pitch]


def test_the_next_article_of_an_endless_page_after_a_share_row_is_clutter() -> None:
    """No sign-off between: the share row, then another story's headline with its byline and date
    and paragraphs of another story. The article ends before the row."""
    share = ["Share this:", "Facebook", "Twitter", "Email"]
    nxt = [NEXT_ARTICLE[0], "By Ann Lee", "March 4, 2024", *NEXT_ARTICLE[1:]]
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, *share, *nxt))
    _assert_article_kept(r)
    _assert_dropped(r, share + nxt)


@pytest.mark.parametrize("furniture", [
    ["Share this:", "Facebook", "Twitter"],
    ["Advertisement", "Story continues below advertisement"],
    ["Sign up for our newsletter", "Subscribe"],
])
def test_a_subheading_after_furniture_inside_the_article_keeps_its_section(furniture: list[str]) -> None:
    """A subheading has no byline or date under it: the section after the furniture is the
    article's, even on a side topic that names none of the story's words."""
    section = ["Shops and cafes count the cost",
               "Local businesses said the week had cost them thousands in lost trade, with cafes and "
               "restaurants among the hardest hit.",
               "A hairdresser on the high street said customers had cancelled appointments because the "
               "salon could not wash hair safely.",
               "One florist said she had kept her flowers alive with rainwater collected in buckets from "
               "the roof of her shop."]
    r = _roles(_clean(TITLE, *BEFORE, *furniture, *section))
    for line in BEFORE + section[1:]:
        assert r[line][0] == "body", (line[:40], r[line])
    assert r[section[0]][0] == "heading", r[section[0]]
    _assert_dropped(r, furniture)


def _gallery(slides: int) -> list[str]:
    strip = []
    for k in range(1, slides + 1):
        strip += [f"{k} of {slides}", f"Volunteers hand out bottled water at school number {k} in the eastern district.",
                  "Hide Caption"]
    return strip


@pytest.mark.parametrize("furniture", [
    _gallery(12),
    ["Share this:", "Facebook", "Twitter", "Email", "WhatsApp", "Print", "Copy link"],
    ["JUST WATCHED", "Residents queue for bottled water", "Replay", "More Videos ...", "MUST WATCH",
     "Residents queue for bottled water 01:14"],
    ["JUST WATCHED", "Residents queue for bottled water", "Replay", "More Videos ...", "MUST WATCH",
     "Residents queue for bottled water 01:14", "How the filter bed failed 02:31", "Inside the treatment works 00:58"],
], ids=["gallery-of-12", "share-row", "video-promo", "video-strip"])
@pytest.mark.parametrize("last", [1, 2])
def test_the_last_paragraphs_after_long_furniture_are_kept(furniture: list[str], last: int) -> None:
    """Furniture costs more than a last paragraph or two weigh, so the block search stopped before
    it and cut them; the story going on after known furniture keeps them."""
    r = _roles(_clean(TITLE, *BEFORE, *furniture, *AFTER[:last]))
    for line in BEFORE + AFTER[:last]:
        assert r[line][0] == "body", (line[:40], r[line])
    _assert_dropped(r, furniture)


@pytest.mark.parametrize("tail", [
    ["Tom Reed is a reporter at the Valley Courier, where he covers the city council and public services.",
     "He joined the paper in 2018 after six years at a regional news agency."],
    ["Maria Lopez", "March 3, 2024 at 9:12 am",
     "I have lived in the eastern district for thirty years and this is the third time the water has failed us."],
], ids=["biography", "named-comment"])
def test_text_after_a_share_row_that_is_not_the_story_stays_clutter(tail: list[str]) -> None:
    share = ["Share this:", "Facebook", "Twitter", "Email"]
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, *share, *tail))
    _assert_article_kept(r)
    _assert_dropped(r, share + tail)


@pytest.mark.parametrize("furniture", [
    ["Related", "Council approves new water budget", "Floods close riverside road"],
    ["Tags: water, Millbrook, health"],
    ["Share", "Facebook", "Twitter", "WhatsApp", "Copy link"],
    ["JUST WATCHED", "Residents queue for bottled water", "Replay", "More Videos ...", "MUST WATCH",
     "Residents queue for bottled water 01:14"],
    ["Related", "Council approves new water budget", "Floods close riverside road",
     "Related", "School fete raises record sum"],
], ids=["related-box", "tag-line", "share-row", "video-promo", "two-related-boxes"])
def test_a_lede_of_two_paragraphs_above_furniture_is_the_article(furniture: list[str]) -> None:
    """Two paragraphs too short to count on their own stood above the furniture: they open the
    article (they were the standfirst, or cut before its start)."""
    r = _roles(_clean(TITLE, *BEFORE[:2], *furniture, *BEFORE[2:], *AFTER))
    _assert_article_kept(r)
    _assert_dropped(r, furniture)


@pytest.mark.parametrize("above", [
    ["Residents of the eastern districts can drink their tap water again after a week-long boil-water notice."],
    TEASERS[:2],
], ids=["standfirst", "teasers"])
def test_a_standfirst_or_teasers_above_a_share_row_stay_out(above: list[str]) -> None:
    """One summary sentence above the share row is the standfirst; two teasers of other stories
    do not name the article's words."""
    share = ["Share", "Facebook", "Twitter", "WhatsApp", "Copy link"]
    r = _roles(_clean(TITLE, *above, *share, *BEFORE, *AFTER))
    _assert_article_kept(r)
    _assert_dropped(r, above + share)


# --- a list the article announces ----------------------------------------------------------------

#: Paragraphs that announce a list, and the list: short lines that score like furniture.
ANNOUNCE = "The board published the test results for each district on Friday, listed below:"
NUMBERED = ["1) Eastern Heights: clear", "2) Millbrook Village: clear", "3) Riverside: clear",
            "4) Old Town: clear"]
UNMARKED = ["Eastern Heights", "Millbrook Village", "Riverside", "Old Town"]
WITH_LINKS = ["1. Water filter jug with four cartridges", "https://example.org/shop/filter-jug",
              "2. Bottled water, pack of twenty-four", "https://example.org/shop/bottled-water",
              "3. Camping water container, ten litres", "https://example.org/shop/container"]


@pytest.mark.parametrize("items", [NUMBERED, WITH_LINKS], ids=["numbered", "item-and-link"])
def test_a_list_announced_by_the_last_paragraph_is_kept(items: list[str]) -> None:
    """The article ends with a paragraph ending in a colon and a numbered list: the list is the
    article's (each item with its link, when every item has one), not the sidebar under it."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, ANNOUNCE, *items, "Leave a comment", *TEASERS))
    _assert_article_kept(r)
    for line in [ANNOUNCE, *items]:
        assert r[line][0] == "body", (line, r[line])
    _assert_dropped(r, ["Leave a comment", *TEASERS])


def test_a_list_announced_inside_the_article_is_kept() -> None:
    """Short unmarked lines under an announcing paragraph, with the story going on after them,
    are the article's list, not a box of headlines."""
    r = _roles(_clean(TITLE, *BEFORE, ANNOUNCE, *UNMARKED, *AFTER))
    _assert_article_kept(r)
    for line in UNMARKED:
        assert r[line] == ("body", "announced_list"), (line, r[line])


@pytest.mark.parametrize("lead", ["You might also be interested in these stories:",
                                  "Other articles published by the board this week:"])
def test_a_box_of_links_under_a_pointing_line_stays_clutter(lead: str) -> None:
    """A colon after a line speaking to the reader or naming other pages points to other
    stories: the headlines under it are still a box of links."""
    links = ["Council approves new water budget", "Floods close riverside road", "School fete raises record sum"]
    r = _roles(_clean(TITLE, *BEFORE, lead, *links, *AFTER))
    _assert_article_kept(r)
    _assert_dropped(r, links)


def test_unmarked_lines_after_an_announcing_last_paragraph_are_not_taken() -> None:
    """After the article's last paragraph, short lines without numbers or bullets may be a
    sidebar's as well as the article's: the block does not run on into them."""
    sidebar = ["Most popular", "Council approves new water budget", "Floods close riverside road",
               "School fete raises record sum"]
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, ANNOUNCE, *sidebar))
    _assert_article_kept(r)
    _assert_dropped(r, sidebar)


# --- readers' comments with no header over them -------------------------------------------------

COMMENTS = [
    "Maria Lopez", "March 3, 2024 at 9:12 am",
    "I have lived in the eastern district for thirty years and this is the third time the water has failed us.",
    "Reply",
    "Peter Hall", "March 3, 2024 at 10:40 am",
    "The board should have replaced that filter bed years ago, everyone knew it was falling apart.",
    "Reply",
]


@pytest.mark.parametrize("header", [[], ["2 thoughts on “Boil-water notice lifted after week of tests”"],
                                    ["One response to \"Boil-water notice lifted\""]],
                         ids=["no-header", "thoughts-on", "one-response-to"])
def test_readers_comments_after_the_article_stay_clutter(header: list[str]) -> None:
    """Comments each with a name, a date and a "Reply" link under them, with or without a header
    counting them, are not the article's last paragraphs."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, *header, *COMMENTS))
    _assert_article_kept(r)
    _assert_dropped(r, header + COMMENTS)


def test_an_embedded_post_with_a_reply_button_does_not_end_the_article() -> None:
    """A "Reply" button under an embedded post has no reader's name and date over it: the article
    goes on past it."""
    post = ["Water is back on in Eastern Heights, thank you to all the crews who worked through the night!",
            "— Valley Water (@valleywater) March 3, 2024", "Reply", "Retweet", "Like"]
    r = _roles(_clean(TITLE, *BEFORE, *post, *AFTER))
    _assert_article_kept(r)


def test_a_subheading_counting_thoughts_is_not_a_comment_header() -> None:
    """"Two thoughts on the repairs" unquoted heads a section of the article."""
    r = _roles(_clean(TITLE, *BEFORE, "Two thoughts on the repairs", *AFTER))
    _assert_article_kept(r)


# --- the writer's biography closing the article -------------------------------------------------

BIO = ("Tom Reed is the Valley Courier's health reporter, covering hospitals, water and public "
       "services in the eastern districts.")


@pytest.mark.parametrize(("head", "bio"), [
    (["By Tom Reed"], BIO),
    ([], "Ann Lee (@annlee) is a contributor at the Valley Courier and the host of a weekly radio "
         "programme on local government."),
], ids=["named-in-byline", "with-handle"])
def test_the_writers_biography_closing_the_article_is_clutter(head: list[str], bio: str) -> None:
    """The writer's biography under the last paragraph, with no header over it, is not the
    article's text; nor is the site's blurb under it."""
    blurb = "The Valley Courier is where the valley reads its news, every day since 1887."
    r = _roles(_clean(TITLE, *head, *BEFORE, *AFTER, bio, blurb))
    _assert_article_kept(r)
    _assert_dropped(r, [bio, blurb])


def test_a_last_paragraph_saying_who_one_of_the_storys_people_is_stays() -> None:
    """The story's own last paragraph about one of its people ("... is a reporter ...") is kept
    when the name stands nowhere above the article and no handle follows it."""
    last = ("Jane Moss is a freelance reporter who first wrote about the cracked filter bed in a "
            "local newsletter last spring.")
    r = _roles(_clean(TITLE, "By Tom Reed", *BEFORE, *AFTER, last))
    _assert_article_kept(r)
    assert r[last][0] == "body"


# --- short last paragraphs ----------------------------------------------------------------------

@pytest.mark.parametrize("last", [["He was 34."], ['"We will be back," she said.'],
                                  ["No one was hurt.", "Repairs will cost about 2 million pounds."]],
                         ids=["age", "short-quote", "two-short"])
@pytest.mark.parametrize("tail", [[], ["Share this:", "Facebook", "Twitter"],
                                  ["© 2024 Valley Courier. All rights reserved."]], ids=["end", "share-row", "notice"])
def test_short_last_sentences_end_the_article(last: list[str], tail: list[str]) -> None:
    """A short sentence or two under the last paragraph close the article: kept, though alone
    they score as furniture does."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, *last, *tail))
    _assert_article_kept(r)
    for line in last:
        assert r[line][0] == "body", (line, r[line])
    _assert_dropped(r, tail)


@pytest.mark.parametrize("line", ["Thanks for reading.", "You must be logged in to post a comment.",
                                  "Water board apologises for week-long notice", "Read the full report here:"])
def test_short_lines_after_the_article_that_are_no_sentence_of_it_stay_clutter(line: str) -> None:
    """A thank-you without a verb, a line speaking to the reader, a headline and a pointer are
    not the article's last sentence."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, line))
    _assert_article_kept(r)
    _assert_dropped(r, [line])


# --- links to other stories at the end and between paragraphs -----------------------------------

def test_headlines_under_a_read_more_pointer_at_the_end_are_clutter() -> None:
    """"Read more:" over a few other stories' headlines, written as sentences, after the last
    paragraph: they do not go on with the story, so the article ends at the pointer."""
    others = ["A man got the last seat on a nine-hour coach trip. Passengers filmed what happened next.",
              "Council votes to rebuild the old stone bridge before the winter floods arrive again."]
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, "Read more:", *others))
    _assert_article_kept(r)
    _assert_dropped(r, ["Read more:", *others])


def test_the_article_goes_on_under_a_read_more_pointer_inside_it() -> None:
    """A "Read more:" pointer with one link between two parts of the article: the part after it
    goes on with the story and is kept."""
    r = _roles(_clean(TITLE, *BEFORE, "Read more:", "Council approves new water budget", *AFTER))
    _assert_article_kept(r)


@pytest.mark.parametrize("link", ["[How the valley's water works were built in the 1970s]",
                                  "[A bakery owner threw away two days of dough. Then the tankers came.]"])
def test_another_storys_headline_in_brackets_between_paragraphs_is_clutter(link: str) -> None:
    r = _roles(_clean(TITLE, *BEFORE, link, *AFTER))
    _assert_article_kept(r)
    assert r[link] == ("boilerplate", "link_list")


@pytest.mark.parametrize("note", ["[This story has been updated to include comments from the board.]",
                                  "[Board report, p. 41]"])
def test_a_bracketed_note_about_the_article_or_a_citation_stays(note: str) -> None:
    r = _roles(_clean(TITLE, *BEFORE, note, *AFTER))
    _assert_article_kept(r)
    assert r[note][1] != "link_list"


def test_a_strip_of_kicker_teasers_run_into_one_line_is_clutter() -> None:
    """Other stories' teasers copied into one line, each under a kicker in capitals."""
    strip = ("MOST READ IN NEWS FINAL WHISTLE Valley Rovers lose cup tie after extra time "
             "BRIDGE DRAMA Lorry stuck under the old stone bridge for six hours")
    r = _roles(_clean(TITLE, *BEFORE, strip, *AFTER))
    _assert_article_kept(r)
    assert r[strip] == ("boilerplate", "link_list")


@pytest.mark.parametrize("line", [
    "NEW YORK (AP) — Engineers from the valley travelled to the city to study how its filter beds are kept.",
    "HOW TO BOIL WATER SAFELY AT HOME DURING A NOTICE",
])
def test_capitals_in_a_sentence_or_a_heading_are_no_teaser_strip(line: str) -> None:
    r = _roles(_clean(TITLE, *BEFORE, line, *AFTER))
    _assert_article_kept(r)
    assert r[line][1] != "link_list", r[line]


@pytest.mark.parametrize("header", ["Top Stories", "Latest News", "Sponsored Stories"])
def test_teasers_under_a_menu_phrase_that_is_no_stop_are_clutter(header: str) -> None:
    """Other stories' teasers, one sentence each, under a menu phrase that does not end the
    article by itself: they go on neither with the story nor with each other, so the article
    ends at the header."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, header, *TEASERS))
    _assert_article_kept(r)
    _assert_dropped(r, [header, *TEASERS])


def test_the_articles_last_section_under_a_subheading_is_kept() -> None:
    """A last section of one-sentence paragraphs under a subheading names the story's words:
    it is the article's."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER[:3], "What happens next", *AFTER[3:]))
    _assert_article_kept(r)


# --- a last paragraph cut off by a paywall ------------------------------------------------------

CUT = ("The water board said it would publish its own report within a month and would consider compensation "
       "for households and firms affected by the notice, though officials warned that payments could take…")


@pytest.mark.parametrize("tail", [[], ["Subscribe to continue reading"]], ids=["end", "paywall-prompt"])
def test_the_last_paragraph_cut_off_by_a_paywall_is_kept(tail: list[str]) -> None:
    """A copy that stops where the paywall cut the article: its last paragraph, cut off with
    "...", goes on with the story and is the article's."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER[:-1], CUT, *tail))
    assert r[CUT][0] == "body", r[CUT]
    _assert_dropped(r, tail)


@pytest.mark.parametrize("teasers", [
    ["Council votes to rebuild the old stone bridge before the winter floods arrive again, and the county "
     "says the work will take two years and close the road to lorries for…"],
    [CUT, "Council votes to rebuild the old stone bridge before the winter floods arrive again, and the county "
     "says the work will take two years and close the road to lorries for…"],
], ids=["another-story", "two-cut-lines"])
def test_teasers_cut_off_with_an_ellipsis_stay_clutter(teasers: list[str]) -> None:
    """One long teaser of another story, or several lines cut off in a row, after the article
    point to other pages."""
    r = _roles(_clean(TITLE, *BEFORE, *AFTER, *teasers))
    _assert_article_kept(r)
    _assert_dropped(r, teasers)


# --- a short first sentence ---------------------------------------------------------------------

@pytest.mark.parametrize("head", [[], ["By Tom Reed", "March 3, 2024"], ["Share", "Facebook", "Twitter"]],
                         ids=["under-title", "under-byline", "under-share-row"])
def test_a_short_first_sentence_opens_the_article(head: list[str]) -> None:
    """The article opens with one short sentence right above its first long paragraph."""
    lede = "Tap water is safe again."
    r = _roles(_clean(TITLE, *head, lede, *BEFORE, *AFTER))
    _assert_article_kept(r)
    assert r[lede][0] == "body", r[lede]


@pytest.mark.parametrize("line", ["Engineers at the treatment works on Monday", "GETTY Is the water safe now?"],
                         ids=["caption", "credit-first-caption"])
def test_a_caption_above_the_article_stays_out(line: str) -> None:
    r = _roles(_clean(TITLE, line, *BEFORE, *AFTER))
    _assert_article_kept(r)
    assert r[line][0] != "body", r[line]
