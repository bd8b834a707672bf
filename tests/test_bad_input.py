"""Broken and hostile input: a clear message naming the file, the rest builds, nothing injected."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.build import build_site
from builder.config import load_config

from .conftest import SiteFactory, snapshot

BODY = "The regional council approved the new budget on Thursday after a debate that lasted six hours.\n"


class Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.urls.append(value)
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
        if tag in ("script", "iframe", "object", "embed"):
            self.handlers.append(tag)


# (file name, content, what the warning must say — or None when the file must build fine)
MATRIX: list[tuple[str, bytes, str | None]] = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n\t \r\n", "empty"),
    ("nul.txt", b"text\x00with\x00nul" * 50, "binary"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    ("huge.txt", b"", "too large"),  # written sparse below: 50 MB
    ("latin1.txt", "Le ministre a d\u00e9clar\u00e9 jeudi que la r\u00e9forme \u00e9tait urgente.\n".encode("latin-1"), "UTF-8"),
    ("cp1252.txt", ("\u201cWe will not resign,\u201d the mayor said on Monday \u2013 twice.\n").encode("cp1252"), "UTF-8"),
    ("utf16.txt", BODY.encode("utf-16"), None),
    ("mixed-endings.txt", b"Title line\r\nFirst paragraph of the text, long enough to be a sentence.\rSecond one.\n", None),
    ("one-line.txt", (("word " * 20).strip() + ". ") .encode() * 10_000, None),
    ("broken-front.md", b"---\ntitle: [oops\n---\n" + BODY.encode(), "front matter"),
    ("typed-front.md", b"---\ntitle: [1, 2]\npublished: {a: 1}\n---\n" + BODY.encode(), "front matter"),
    ("name with spaces.txt", BODY.encode(), None),
    ("n\u00f6n-\u00e4scii \u540d\u524d.txt", BODY.encode(), None),
    ("dots..in..name.txt", BODY.encode(), None),
    ("a/same.txt", BODY.encode(), None),
    ("b/same.txt", BODY.replace("Thursday", "Friday").encode(), None),
    (
        "hostile.md",
        (
            b"---\ntitle: \"<script>alert('title')</script>\"\noutlet: \"<img src=x onerror=alert(1)>\"\n"
            b"url: \"javascript:alert('url')\"\noutlet_url: \"data:text/html,<script>alert(2)</script>\"\n---\n"
            b"<script>alert('body')</script> The mayor said the <a href=\"javascript:alert(3)\">plan</a> was final.\n\n"
            b"Officials <b onmouseover=\"alert(4)\">denied</b> it in a statement on Monday evening at the town hall.\n\n"
            b"See data:text/html;base64,PHNjcmlwdD4= and [click](javascript:alert(5)) for more.\n"
        ),
        None,
    ),
]


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("bad")
    content = root / "content"
    content.mkdir()
    for seed in (Path(__file__).resolve().parent.parent / "content").glob("*.txt"):
        (content / seed.name).write_bytes(seed.read_bytes())
    for name, data, _ in MATRIX:
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    with open(content / "huge.txt", "wb") as fh:  # 50 MB without spending 50 MB of disk
        fh.truncate(50 * 1024 * 1024)
    outside = root / "outside.txt"
    outside.write_text("SECRET OUTSIDE TEXT that must never be published anywhere.\n")
    os.symlink(outside, content / "escape.txt")
    os.symlink(content, content / "loop")
    os.symlink(root / "missing.txt", content / "dangling.txt")
    config = load_config(root)
    result = build_site(config)
    return root, result


def test_each_bad_file_gets_a_clear_message(bad_site: tuple[Path, object]) -> None:
    _, result = bad_site
    for name, _, problem in MATRIX:
        if problem is not None:
            assert any(w.startswith(name) and problem in w for w in result.warnings), (name, result.warnings)
    assert any("escape.txt" in w and "outside" in w for w in result.warnings)
    assert any("dangling.txt" in w for w in result.warnings)


def test_the_rest_of_the_site_builds(bad_site: tuple[Path, object]) -> None:
    root, result = bad_site
    out = root / "public"
    sources = {p.name for p in (out / "sources").iterdir()}
    for seed in (root / "content").glob("0*.txt"):
        assert seed.stem in sources
    good = [name for name, _, problem in MATRIX if problem is None or problem == "UTF-8" or problem == "front matter"]
    assert result.articles == 5 + len(good)
    assert len(sources) == result.articles


def test_nothing_outside_content_is_published(bad_site: tuple[Path, object]) -> None:
    root, _ = bad_site
    for path in (root / "public").rglob("*"):
        if path.is_file():
            assert b"SECRET OUTSIDE TEXT" not in path.read_bytes()
    written = {p.resolve() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}
    inside = ((root / "public").resolve(), (root / "content").resolve())
    allowed = {p for p in written if p.is_relative_to(inside[0]) or p.is_relative_to(inside[1])}
    assert written - allowed == {(root / "outside.txt").resolve()}


def test_no_input_markup_or_unsafe_url_reaches_a_page(bad_site: tuple[Path, object]) -> None:
    root, _ = bad_site
    for page in (root / "public").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        parser = Hrefs()
        parser.feed(html)
        assert parser.handlers == [], (page, parser.handlers)
        for url in parser.urls:
            assert not re.match(r"^\s*(javascript|data|vbscript):", url, re.I), (page, url)
    hostile = next(p for p in (root / "public" / "sources").iterdir() if p.name.startswith("hostile"))
    text = (hostile / "index.html").read_text()
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in text  # shown, escaped


def test_slugs_and_ids_are_safe(bad_site: tuple[Path, object]) -> None:
    root, _ = bad_site
    for folder in [*(root / "public" / "sources").iterdir(), *(root / "public" / "stories").iterdir()]:
        assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", folder.name), folder.name


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", "build", "-q"], cwd=root, capture_output=True, text=True, timeout=300)


def test_a_killed_build_leaves_the_previous_output_whole(make_site: SiteFactory) -> None:
    files = {
        f"bulk/{i:04d}.txt": f"Story number {i} about topic {i % 97}\n" + (BODY.replace("six", str(i)) * 3) for i in range(600)
    }
    root = make_site(seeds=True, files=files)
    first = build(root)
    assert first.returncode == 0, first.stderr
    out = root / "public"
    before = snapshot(out)
    (root / "content" / "bulk" / "0000.txt").write_text("A changed article.\n" + BODY)
    # --no-cache: a build that does not know the published files assembles a fresh folder
    proc = subprocess.Popen([sys.executable, "-m", "builder", "build", "-q", "--no-cache"], cwd=root)
    # kill it while it writes the new site: the moment its temporary output folder appears
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(root.glob(".public.new-*")):
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = snapshot(out)
    assert after == before
    again = build(root)
    assert again.returncode == 0, again.stderr
    assert not list(root.glob(".public.*"))  # leftovers of the killed build are cleaned up
    assert "A changed article" in (out / "sources" / "0000" / "index.html").read_text()
