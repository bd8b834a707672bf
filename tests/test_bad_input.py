"""Broken and hostile input: a clear message naming the file, the rest builds, nothing injected."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.build import build_site
from builder.cli import main
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


#: a site with a full address gets a feed and a sitemap (a path-only base_url does not)
FULL_ADDRESS = '[site]\nbase_url = "https://news.example.org/"\n'


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
    # 600 stories of one article each (front matter says so: grouping is not what is tested), so
    # the build spends its time writing pages, the moment the kill is aimed at
    files = {
        f"bulk/{i:04d}.md": f"---\nstory: bulk-{i}\n---\nStory number {i} about topic {i % 97}\n"
        + (BODY.replace("six", str(i)) * 3)
        for i in range(600)
    }
    root = make_site(seeds=True, files=files)
    first = build(root)
    assert first.returncode == 0, first.stderr
    out = root / "public"
    before = snapshot(out)
    (root / "content" / "bulk" / "0000.md").write_text("---\nstory: bulk-0\n---\nA changed article.\n" + BODY)
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


# (file, front matter) that raised out of the YAML or TOML parser and sank the whole build
BAD_FRONT: list[tuple[str, str]] = [
    ("month.md", "---\ntitle: Month thirteen\npublished: 2024-13-45\n---\n"),
    ("feb30.md", "---\ntitle: February the thirtieth\npublished: 2024-02-30\n---\n"),
    ("quoted-feb30.md", '---\ntitle: Quoted thirtieth\npublished: "2024-02-30"\n---\n'),
    ("toml-feb30.md", '+++\ntitle = "TOML thirtieth"\npublished = "2024-02-30"\n+++\n'),
    ("bigint.md", "---\nviews: " + "9" * 5000 + "\n---\n"),
    ("bigint-toml.md", "+++\nviews = " + "9" * 5000 + "\n+++\n"),
    ("deep.md", "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n"),
    ("deep-map.md", "---\nx: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n---\n"),
    ("deep-toml.md", "+++\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\n"),
    ("tag.md", "---\ncount: !!int abc\n---\n"),
]


def test_front_matter_that_breaks_its_parser_is_a_warning_naming_the_file(make_site: SiteFactory) -> None:
    files = {name: front + BODY.replace("six", str(i + 7)) for i, (name, front) in enumerate(BAD_FRONT)}
    root = make_site(seeds=True, files=files, toml=FULL_ADDRESS)
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--no-search"], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warned = " ".join(proc.stderr.split())  # rich may wrap long lines
    for name, _ in BAD_FRONT:
        assert f"warning: {name}:" in warned, name
        assert (root / "public" / "sources" / name.removesuffix(".md") / "index.html").is_file(), name
    for seed in (root / "content").glob("0*.txt"):
        assert (root / "public" / "sources" / seed.stem / "index.html").is_file()
    # an impossible date is not published; the rest of that front matter is kept
    sources = {
        s["id"]: s for p in (root / "public" / "stories").glob("*/digest.json") for s in json.loads(p.read_text())["sources"]
    }
    for name in ("month", "feb30", "quoted-feb30", "toml-feb30"):
        assert sources[name]["published"] is None, (name, sources[name]["published"])
        assert not sources[name]["title_derived"] and "th" in sources[name]["title"], sources[name]["title"]
    assert "2024-02-30" not in (root / "public" / "feed.xml").read_text()


#: values that broke a parser, and pieces of YAML and TOML syntax
_VALUES = st.sampled_from([
    "2024-02-30", "2024-13-45", '"2024-02-30"', "!!int abc", "!!float x", "!!python/object:os.system", "!!binary ?",
    "9" * 5000, "[" * 5000, "{a: " * 5000, "&a [*a]", "*a", "? [a]", "[", "{", '"', "'", "\x1b[31m", "\x00", "\u202e",
])


@st.composite
def _front_matter(draw: st.DrawFn) -> tuple[str, str]:
    """(fence, front matter): any text, or key-value lines of YAML or TOML with odd values."""
    fence = draw(st.sampled_from(["---", "+++"]))
    if draw(st.booleans()):
        return fence, draw(st.text())
    keys = st.sampled_from(["title", "published", "views", "agencies", "x", ""])
    pairs = draw(st.lists(st.tuples(keys, st.one_of(_VALUES, st.text(max_size=10))), min_size=1, max_size=4))
    sep = ": " if fence == "---" else " = "
    return fence, "\n".join(f"{key}{sep}{value}" for key, value in pairs)


@settings(max_examples=15, deadline=None)
@given(case=_front_matter())
def test_any_front_matter_leaves_the_rest_of_the_site_building(case: tuple[str, str]) -> None:
    fence, front = case
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        content = Path(tmp) / "content"
        content.mkdir()
        (content / "other.txt").write_text("Harbour reopens\n" + BODY)
        (content / "fuzzed.md").write_text(f"{fence}\n{front}\n{fence}\n{BODY}", encoding="utf-8", errors="surrogatepass")
        result = CliRunner().invoke(main, ["build", "--no-search", "--no-cache", "-q"], catch_exceptions=True)
        assert result.exit_code == 0, (result.output, result.exception)
        assert (Path(tmp) / "public" / "sources" / "other" / "index.html").is_file()


def test_control_characters_in_a_title_leave_feed_and_sitemap_well_formed(make_site: SiteFactory) -> None:
    files = {
        # YAML escapes: NUL, C0 controls, an ANSI colour, a lone surrogate
        "escaped.md": '---\ntitle: "Bad\\0title\\x01 in \\x1b[31mcolour\\x0b \\ud800now"\n---\n' + BODY,
        "raw.txt": "Harbour\x02 reopens\x1f after \x08storm\n\nThe harbour reopened on Friday after the storm passed.\n",
    }
    root = make_site(seeds=True, files=files, toml=FULL_ADDRESS)
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--no-search"], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    feed = ET.parse(root / "public" / "feed.xml")
    ET.parse(root / "public" / "sitemap.xml")
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") or "" for e in feed.getroot().iter(f"{atom}entry")]
    assert any("Badtitle in [31mcolour" in t for t in titles), titles
    assert any("Harbour reopens after storm" in t for t in titles), titles


def test_terminal_output_shows_control_characters_from_files_as_escapes(make_site: SiteFactory) -> None:
    evil = "evil\x1b]0;pwned\x07\x1b[31m\u202e.txt"
    files = {
        evil: "Harbour \x1b[2Jreopens\x9b after the storm\n\nThe harbour reopened on Friday after the storm passed.\n",
        "empty\x1b[1m\nwarning: fake.txt": "",
    }
    root = make_site(seeds=True, files=files)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=300)

    proc = run("build", "--no-search")
    assert proc.returncode == 0, proc.stderr
    assert "empty\\x1b[1m\\x0awarning: fake.txt: empty file" in proc.stderr
    for command in (("inspect", f"content/{evil}"), ("inspect", "--json", f"content/{evil}"), ("check",)):
        proc = run(*command)
        shown = proc.stdout + proc.stderr
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", shown), (command, shown)
        if "--json" in command:
            assert json.loads(proc.stdout)["files"][0]["path"] == f"content/{evil}"
        elif command[0] == "inspect":
            assert "evil\\x1b]0;pwned\\x07\\x1b[31m\\u202e.txt" in proc.stdout
            assert "Harbour \\x1b[2Jreopens\\x9b" in proc.stdout
