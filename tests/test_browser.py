"""The demo site in a real browser: what a reader sees and can click."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.build import build_site
from builder.config import load_config

from .browser import ARTIFACTS, chromium, require_chromium, static_server

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site built with search and served by a plain static file server."""
    require_chromium()
    config = load_config(REPO)
    config.output_dir = tmp_path_factory.mktemp("site") / "public"
    build_site(config, search=True)
    with static_server(config.output_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(demo_url: str) -> Iterator[object]:
    with chromium() as b:
        yield b


def digest_path(demo_url: str) -> str:
    import urllib.request

    stories = json.loads(urllib.request.urlopen(demo_url + "stories.json").read())["stories"]
    return f"stories/{stories[0]['slug']}/index.html"


def open_page(browser, url: str, width: int = 1280, javascript: bool = True):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, errors


def test_the_conflict_is_visible_with_who_says_what(browser, demo_url: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = open_page(browser, demo_url + digest_path(demo_url))
    conflict = page.locator(".fact.has-conflict .conflict").first
    assert conflict.is_visible()
    text = conflict.inner_text()
    assert "200" in text and "300" in text
    assert "DW" in text and "Dawn" in text  # each figure names its outlets
    assert errors == []


def test_a_credit_mark_leads_to_the_sentence_on_the_source_page(browser, demo_url: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = open_page(browser, demo_url + digest_path(demo_url))
    fact = page.locator(".fact.has-conflict").first
    credit = fact.locator("a.credit").nth(1)
    outlet = credit.inner_text()
    digest_json = demo_url + digest_path(demo_url).replace("index.html", "digest.json")
    facts = json.loads(page.context.request.get(digest_json).text())["facts"]
    variants = {v["source"]: v["text"] for f in facts if f["conflicts"] for v in f["variants"]}
    credit.click()
    page.wait_for_load_state()
    assert "/sources/" in page.url and "#s" in page.url
    source_id = page.url.split("/sources/")[1].split("/")[0]
    anchor = page.url.split("#")[1]
    sentence = page.locator(f"[id='{anchor}']")
    assert sentence.is_visible()
    assert sentence.inner_text().strip().rstrip("↗").strip() == variants[source_id].strip()
    assert outlet in page.locator("dl.fields").inner_text()
    # and the sentence links back to its fact on the digest
    sentence.locator("a.to-fact").click()
    page.wait_for_load_state()
    assert page.url.split("#")[1].startswith("f")
    assert errors == []


def test_details_open_and_the_audit_starts_closed(browser, demo_url: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = open_page(browser, demo_url + digest_path(demo_url))
    audit = page.locator("details.audit").first
    assert audit.get_attribute("open") is None
    assert not audit.locator("li").first.is_visible()
    audit.locator("summary").click()
    assert audit.get_attribute("open") is not None
    assert audit.locator("li").first.is_visible()
    variants = page.locator(".fact details.variants").first
    variants.locator("summary").click()
    assert variants.locator("li").first.is_visible()
    assert errors == []


@pytest.mark.parametrize("width", [375, 1280])
def test_no_horizontal_scroll_and_screenshots(browser, demo_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    for path in ("index.html", digest_path(demo_url)):
        page, errors = open_page(browser, demo_url + path, width=width)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page, _ = open_page(browser, demo_url + digest_path(demo_url), width=width)
    shot = ARTIFACTS / f"digest-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_works_without_javascript(browser, demo_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(browser, demo_url + digest_path(demo_url), javascript=False)
    assert page.locator(".fact").count() > 10
    assert page.locator(".conflict").first.is_visible()
    page.locator("details.audit summary").first.click()
    assert page.locator("details.audit").first.get_attribute("open") is not None


def test_search_finds_a_digest(browser, demo_url: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = open_page(browser, demo_url + "index.html")
    page.locator("#search input").fill("militias")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert "/stories/" in result.get_attribute("href")
    assert errors == []


# --- digest pages from 2 to 40 sources: at a glance, pictures that scale, clean fact text ------

PAGE_LIMIT = 600_000  #: bytes of HTML for the 40-source, 600-fact test story

#: every SVG text box inside its SVG (with half a pixel for anti-aliasing), as offending labels
_CLIPPED_SVG_TEXT = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.left < box.left - .5 || r.right > box.right + .5 || r.top < box.top - .5 || r.bottom > box.bottom + .5)
        out.push(t.textContent);
    }
  }
  return out;
}"""
#: text cut by its own box (an element narrower than its text that hides the rest)
_CLIPPED_HTML_TEXT = """() => [...document.querySelectorAll('main *')].filter(e => {
  const s = getComputedStyle(e);
  return e.scrollWidth > e.clientWidth + 1 && s.overflowX !== 'visible' && s.overflowX !== 'auto'
    && s.display !== 'inline' && e.clientWidth > 0;
}).map(e => e.className + ': ' + e.textContent.slice(0, 40))"""


@pytest.fixture(scope="module")
def big_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two made-up stories (40 sources and 600 facts; 12 sources) rendered and served."""
    require_chromium()
    from builder.config import SiteConfig
    from builder.render import render_site

    from .big_story import big_story

    root = tmp_path_factory.mktemp("big")
    for name, story in (("big40", big_story(40, 600)), ("big12", big_story(12, 150, seed=12))):
        story.slug = name
        for path, data in render_site(SiteConfig(root=root / "nosite"), [story]).items():
            target = root / "public" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    with static_server(root / "public") as url:
        yield url


def _page_url(name: str, demo_url: str, big_url: str) -> str:
    return demo_url + digest_path(demo_url) if name == "seed" else f"{big_url}stories/{name}/index.html"


@pytest.mark.parametrize("name", ["seed", "big12", "big40"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_digest_reads_at_a_glance_at_any_size(  # type: ignore[no-untyped-def]
    browser, demo_url: str, big_url: str, name: str, width: int, javascript: bool
) -> None:
    from builder.storyview import split_dateline

    page, errors = open_page(browser, _page_url(name, demo_url, big_url), width=width, javascript=javascript)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    assert page.evaluate(_CLIPPED_SVG_TEXT) == []
    assert page.evaluate(_CLIPPED_HTML_TEXT) == []
    summary = page.locator(".glance .summary")
    assert summary.is_visible() and " facts: " in summary.inner_text()
    assert page.locator(".glance h2").first.bounding_box()["y"] < page.locator("#facts-h").bounding_box()["y"]
    # every disagreement at the top, each figure with words around it and who gives it
    disputes = page.locator(".glance .disputes > li")
    assert disputes.count() == page.locator(".facts .conflict").count() > 0
    for side in disputes.first.locator("li").all():
        assert side.locator("mark").count() and side.locator(".who").first.inner_text().strip()
    # datelines are with the sources, not in the facts
    texts = page.locator(".fact-text").all_inner_texts()
    assert texts and [t for t in texts if split_dateline(t)[0]] == []
    table = page.locator("table.ranked-table")
    table.evaluate("t => t.closest('details').open = true")
    assert table.bounding_box()["width"] <= page.locator("main").bounding_box()["width"]
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    suffix = "" if javascript else "-nojs"
    page.screenshot(path=str(ARTIFACTS / f"glance-{name}-{width}{suffix}.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": 2400})
    if javascript:
        page.locator("section:has(#coverage-h)").screenshot(path=str(ARTIFACTS / f"coverage-{name}-{width}.png"))


def test_the_seed_glance_names_what_each_figure_counts(browser, demo_url: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = open_page(browser, demo_url + digest_path(demo_url))
    glance = page.locator(".glance .disputes").inner_text()
    assert "approximately 200 Iraqi militiamen" in glance
    assert "300 fighters" in glance
    assert "DW" in glance and "Dawn" in glance
    # Dawn's "AMMAN:" and AP's "BEIRUT (AP)" open no fact: they are shown with the source
    datelines = page.locator(".variants .dl").all_text_contents()  # in closed details
    assert "AMMAN" in datelines and "BEIRUT (AP)" in datelines
    wordings = page.locator(".variants .w").all_text_contents()
    assert any(w.startswith("Hundreds of fighters from Iraqi militias") for w in wordings)
    assert any(w.startswith("Iraqi militias supported by Iran") for w in wordings)
    assert not any(w.startswith(("AMMAN", "BEIRUT")) for w in wordings)
    assert errors == []


def test_a_40_source_page_weighs_under_its_limit_and_lists_only_what_repeats(  # type: ignore[no-untyped-def]
    browser, big_url: str
) -> None:
    import urllib.request

    html = urllib.request.urlopen(f"{big_url}stories/big40/index.html").read()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight-big40.txt").write_text(f"{len(html)} bytes of HTML\n")
    assert len(html) < PAGE_LIMIT, f"{len(html)} bytes"
    page, errors = open_page(browser, f"{big_url}stories/big40/index.html")
    assert page.locator("svg.coverage").count() == 0  # 40 sources: ranked, not a 40 x 40 grid
    assert page.locator(".ranked li").count() == 40
    independent = page.locator(".independent").inner_text()
    assert "independent" in independent and page.locator(".repeats li").count() < 780
    assert page.locator(".glance details.only").count() > 10
    assert page.locator(".glance details.only[open]").count() == 0
    assert errors == []
