"""Watch and serve together, with the real observer and the real server."""

from __future__ import annotations

import http.client
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.serve import PreviewServer, start_server
from builder.watch import SiteWatcher

from .conftest import SiteFactory
from .factories import eventually


def get(server: PreviewServer, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp.status, body


@pytest.fixture(params=[False, True], ids=["native", "poll"])
def served(request: pytest.FixtureRequest, make_site: SiteFactory) -> Iterator[tuple[Path, SiteWatcher, PreviewServer]]:
    root = make_site(seeds=True)
    watcher = SiteWatcher(root, poll=request.param)
    assert watcher.build_now()
    server = start_server("127.0.0.1", 0, watcher.config.output_dir, watcher.state)
    watcher.start()
    yield root, watcher, server
    watcher.state.close()
    watcher.stop()
    server.shutdown()
    server.server_close()


OTHER_STORY = """Harbour strike halts ferries
The dock workers' union said on Tuesday that its members would stop work at the northern harbour for two days.
Ferry operators cancelled all crossings and told passengers to expect delays until Friday.
The union is demanding a pay rise of eight percent after talks with port managers broke down last week.
"""


def test_new_article_appears_and_disappears(served: tuple[Path, SiteWatcher, PreviewServer]) -> None:
    root, _, server = served
    (root / "content" / "harbour.txt").write_text(OTHER_STORY)
    assert eventually(lambda: "Harbour strike halts ferries" in get(server, "/")[1])
    assert get(server, "/sources/harbour/index.html")[0] == 200
    (root / "content" / "harbour.txt").unlink()
    assert eventually(lambda: "Harbour strike halts ferries" not in get(server, "/")[1])
    assert get(server, "/sources/harbour/index.html")[0] == 404


def test_a_new_copy_joins_its_story(served: tuple[Path, SiteWatcher, PreviewServer]) -> None:
    root, watcher, server = served
    stories = json.loads(get(server, "/stories.json")[1])["stories"]
    assert len(stories) == 1
    slug = stories[0]["slug"]
    seed = sorted((root / "content").glob("*.txt"))[0]
    shutil.copy(seed, root / "content" / "sub-copy.txt")
    assert eventually(lambda: "sub-copy" in get(server, f"/stories/{slug}/digest.json")[1])
    assert len(json.loads(get(server, f"/stories/{slug}/digest.json")[1])["sources"]) == 6


def test_broken_config_shows_error_then_recovers(served: tuple[Path, SiteWatcher, PreviewServer]) -> None:
    root, _, server = served
    (root / "site.toml").write_text("[site]\ntitle = 42\n")
    assert eventually(lambda: get(server, "/")[0] == 500)
    status, body = get(server, "/")
    assert "[site] title" in body
    (root / "site.toml").write_text('[site]\ntitle = "Fixed desk"\n')
    assert eventually(lambda: get(server, "/")[0] == 200)
    assert "Fixed desk" in get(server, "/")[1]


def test_broken_template_shows_error_then_recovers(served: tuple[Path, SiteWatcher, PreviewServer]) -> None:
    root, _, server = served
    (root / "templates" / "index.html").write_text("{% if %}")
    assert eventually(lambda: get(server, "/")[0] == 500)
    assert "index.html" in get(server, "/")[1]
    (root / "templates" / "index.html").write_text('{% extends "base.html" %}{% block main %}<p>custom index</p>{% endblock %}')
    assert eventually(lambda: "custom index" in get(server, "/")[1])


def test_temp_and_output_files_do_not_trigger_builds(served: tuple[Path, SiteWatcher, PreviewServer]) -> None:
    root, watcher, _ = served
    time.sleep(0.5)
    before = watcher.builds
    (root / "content" / ".draft.txt.swp").write_text("x")
    (root / "content" / "notes.txt~").write_text("x")
    (root / "public" / "extra.html").write_text("x")
    time.sleep(1.5)
    assert watcher.builds == before


def test_a_burst_of_files_is_one_or_few_rebuilds(served: tuple[Path, SiteWatcher, PreviewServer]) -> None:
    root, watcher, server = served
    time.sleep(0.3)
    before = watcher.builds
    for i in range(100):
        (root / "content" / "burst" / f"n{i}.txt").parent.mkdir(exist_ok=True)
        (root / "content" / "burst" / f"n{i}.txt").write_text(OTHER_STORY.replace("two days", f"{i + 2} days"))
    assert eventually(lambda: len(json.loads(get(server, "/stories.json")[1])["stories"]) >= 2, timeout=20)
    assert eventually(lambda: sum(len(s["sources"]) for s in json.loads(get(server, "/stories.json")[1])["stories"]) == 105,
                      timeout=20)
    assert watcher.builds - before <= 10


def test_an_open_page_reloads_itself_after_a_change(served: tuple[Path, SiteWatcher, PreviewServer]) -> None:
    from .browser import chromium

    root, _, server = served
    with chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        assert "Harbour strike" not in page.content()
        page.evaluate("window.__marker = 'still the old document'")
        (root / "content" / "harbour.txt").write_text(OTHER_STORY)
        page.wait_for_function("document.body.innerText.includes('Harbour strike halts ferries')", timeout=15_000)
        assert page.evaluate("window.__marker === undefined")  # a real reload, not a patched page
        assert errors == []
