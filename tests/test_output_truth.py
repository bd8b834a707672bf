"""One truth about the output (issue 20, items 1 and 4): whatever ``serve`` leaves in public/ or
takes from it, the next ``build`` knows, and writes a complete site — search index included —
or says exactly what it did; ``serve`` starts from the build cache and answers at once.
Through the real CLI on real folders, with texts written for the purpose."""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.search import available as search_available
from builder.serve import SiteState, start_server

from .browser import chromium
from .conftest import SiteFactory
from .factories import http_get
from .test_slugs import FIRST, OTHER, SECOND

FILES = {"kayak-first.md": FIRST, "tram.md": OTHER}


def build(root: Path, env: dict[str, str], *args: str) -> str:
    """Run ``build``; its summary (stdout)."""
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", *args], cwd=root, env=env, capture_output=True, text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return " ".join(proc.stdout.split())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serve:
    """``serve`` in a subprocess; ``built()`` waits for its next "built …" line."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "builder", "serve", "--port", str(self.port)],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def built(self, timeout: float = 300) -> str:
        while True:
            line = self.lines.get(timeout=timeout)
            assert "failed" not in line and "Traceback" not in line, line
            if " built " in line:
                return line

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        assert self.proc.wait(timeout=60) == 0


@pytest.fixture
def serving() -> Iterator[list[Serve]]:
    started: list[Serve] = []
    yield started
    for s in started:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait()


needs_search = pytest.mark.skipif(not search_available(), reason="Pagefind (pagefind[bin]) is not installed")


@needs_search
def test_a_build_after_serve_has_the_search_index_and_starts_from_what_serve_wrote(
    make_site: SiteFactory, serving: list[Serve], builder_env: dict[str, str]
) -> None:
    root = make_site(files=FILES)
    public = root / "public"
    build(root, builder_env)
    assert (public / "pagefind" / "pagefind.js").is_file()
    story = next((public / "stories").glob("*/index.html"))
    page_inode = story.stat().st_ino

    s = Serve(root, builder_env)
    serving.append(s)
    s.built()
    # serve started from the build cache: it rebuilt nothing, and the page is the one build wrote
    assert story.stat().st_ino == page_inode
    (root / "content" / "kayak-second.md").write_text(SECOND, encoding="utf-8")
    s.built()  # the rebuild for the new article
    s.stop()

    summary = build(root, builder_env)
    # the pages serve wrote are known (nothing rebuilt from scratch); only the search index,
    # older than those pages, is made again — and the build says so
    assert "Wrote the search index to public/ (no page changed)" in summary, summary
    assert (public / "pagefind" / "pagefind.js").is_file()
    assert "pagefind" in (public / "index.html").read_text(encoding="utf-8")  # the search box
    assert "Nothing to write" in build(root, builder_env)  # and now it is up to date


@needs_search
def test_a_search_index_removed_by_hand_is_made_again(make_site: SiteFactory, builder_env: dict[str, str]) -> None:
    root = make_site(files=FILES)
    build(root, builder_env)
    index = root / "public" / "pagefind"
    for path in sorted(index.rglob("*"), reverse=True):  # as a clean-up script might
        path.rmdir() if path.is_dir() else path.unlink()
    index.rmdir()
    summary = build(root, builder_env)
    assert "search index" in summary and "Nothing to write" not in summary, summary
    assert (index / "pagefind.js").is_file()


def test_the_up_to_date_check_looks_at_the_output_folder(make_site: SiteFactory, builder_env: dict[str, str]) -> None:
    root = make_site(files=FILES)
    build(root, builder_env, "--no-search")
    public = root / "public"
    digest = next((public / "stories").glob("*/digest.json"))
    page = digest.with_name("index.html")
    want = {digest: digest.read_bytes(), page: page.read_bytes()}
    assert "Nothing to write" in build(root, builder_env, "--no-search")

    digest.unlink()
    summary = build(root, builder_env, "--no-search")
    assert "Nothing to write" not in summary and "Wrote 1 file" in summary, summary
    assert digest.read_bytes() == want[digest]

    page.write_bytes(want[page].replace(b"Kessvik", b"Kxssvik"))  # edited by hand, same size
    summary = build(root, builder_env, "--no-search")
    assert "Nothing to write" not in summary, summary
    assert page.read_bytes() == want[page]

    (public / "stray.html").write_text("left by someone", encoding="utf-8")
    summary = build(root, builder_env, "--no-search")  # a file no build wrote: the folder is not as it was left
    assert "Nothing to write" not in summary and "Wrote 1 file" in summary, summary  # only the stray goes
    assert not (public / "stray.html").exists()



def test_serve_answers_during_its_first_build(tmp_path: Path) -> None:
    out = tmp_path / "public"
    (out / "stories" / "old").mkdir(parents=True)
    (out / "index.html").write_text("<html><body>The previous site</body></html>")
    (out / "stories" / "old" / "index.html").write_text("<html><body>An old story</body></html>")
    state = SiteState(wait_first=False)  # as `serve` makes it
    state.begin()  # the first build runs (for as long as it takes)
    server = start_server("127.0.0.1", 0, out, state)
    port = server.server_address[1]
    try:
        status, body, _ = http_get(port, "/")  # at once: the site a previous build left
        assert status == 200 and b"The previous site" in body
        status, body, headers = http_get(port, "/stories/new/")  # a page not built yet
        assert status == 503 and b"Building" in body and headers.get("Retry-After") == "1"
        assert b'http-equiv="refresh"' in body and b"/__livereload" in body  # it reloads itself
        state.finish()
        assert http_get(port, "/stories/new/")[0] == 404  # built, and there is no such page
        state.begin()  # a later rebuild is waited for, as before: no one sees half a site
        waiting: list[int] = []
        thread = threading.Thread(target=lambda: waiting.append(http_get(port, "/")[0]))
        thread.start()
        thread.join(0.3)
        assert waiting == []
        state.finish()
        thread.join(10)
        assert waiting == [200]
    finally:
        state.close()
        server.shutdown()
        server.server_close()


def test_serve_on_a_site_never_built_shows_a_building_page_that_turns_into_the_site(
    make_site: SiteFactory, serving: list[Serve], builder_env: dict[str, str]
) -> None:
    root = make_site(files=FILES)
    with chromium() as browser:  # started first: the page is asked for as soon as serve listens
        s = Serve(root, builder_env)
        serving.append(s)
        page = browser.new_page()  # type: ignore[attr-defined]
        deadline = time.monotonic() + 60
        while True:
            try:
                page.goto(f"http://127.0.0.1:{s.port}/")
                break
            except Exception:  # noqa: BLE001 — not listening yet
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.05)
        # the pipeline is still loading, let alone building: the page says so, at once
        assert "Building" in page.title()
        # and it becomes the site by itself when the first build is done
        page.wait_for_function("document.title.indexOf('Building') < 0", timeout=120_000)
        assert page.locator("a[href*='stories/']").count() == 2
        page.close()
    s.stop()
