"""The demo site in a real browser: what a reader sees and can click."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from builder.build import build_site
from builder.config import load_config

from .browser import ARTIFACTS, chromium, require_chromium

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site built with search and served by a plain static file server."""
    require_chromium()
    config = load_config(REPO)
    config.output_dir = tmp_path_factory.mktemp("site") / "public"
    build_site(config, search=True)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(config.output_dir))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


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
