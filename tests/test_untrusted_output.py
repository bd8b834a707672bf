"""What the builder reads back from public/ is untrusted (issue 22, item 4): a tampered
stories.json is ignored with a warning; it never crashes the build, writes outside the output
folder, or drops a story."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import SiteFactory

BODY = "The regional council approved the new budget on Thursday after a debate that lasted six hours.\n"
FILES = {
    "harbour.txt": "Harbour strike halts ferries\n\nThe dock workers union said on Monday it would strike for three days.\n",
    "library.txt": "Library reopens after flood\n\nThe city library reopened on Tuesday after a flood closed it for months.\n",
}
TOML = '[stories]\n"harbour.txt" = "harbour"\n"library.txt" = "library"\n'

Story = dict[str, Any]


def _slug(value: object) -> Callable[[list[Story]], None]:
    def tamper(stories: list[Story]) -> None:
        next(s for s in stories if s["slug"] == "library")["slug"] = value

    return tamper


def _swap_to_existing(stories: list[Story]) -> None:
    next(s for s in stories if s["slug"] == "library")["slug"] = "harbour"  # the other story's page


def _sources_not_a_list(stories: list[Story]) -> None:
    next(s for s in stories if s["slug"] == "library")["sources"] = {"x": 1}


TAMPERS: dict[str, Callable[[list[Story]], None]] = {
    "slug-list": _slug(["a", "b"]),
    "slug-nul": _slug("lib\x00rary"),
    "slug-climbs": _slug("../../../outside"),
    "slug-into-static": _slug("../static"),
    "slug-dot": _slug("."),
    "slug-number": _slug(7),
    "slug-upper-and-slash": _slug("Sources/harbour"),
    "slug-too-long": _slug("a" * 300),
    "names-an-existing-page": _swap_to_existing,
    "sources-not-a-list": _sources_not_a_list,
}


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", "build", "--no-search"], cwd=root, capture_output=True, text=True, timeout=300
    )


def _story_titles(root: Path) -> dict[str, str]:
    """slug → title of every story the published stories.json lists, each with its page."""
    stories = json.loads((root / "public" / "stories.json").read_text())["stories"]
    for story in stories:
        assert (root / "public" / "stories" / story["slug"] / "index.html").is_file(), story["slug"]
    return {s["slug"]: s["title"] for s in stories}


@pytest.mark.parametrize("case", sorted(TAMPERS))
def test_a_tampered_stories_json_is_ignored_with_a_warning(make_site: SiteFactory, case: str) -> None:
    root = make_site(seeds=True, files=FILES, toml=TOML)
    assert build(root).returncode == 0
    before = _story_titles(root)
    path = root / "public" / "stories.json"
    data = json.loads(path.read_text())
    TAMPERS[case](data["stories"])
    path.write_text(json.dumps(data))
    (root / "content" / "museum.txt").write_text("Museum opens a new wing\n\n" + BODY)  # the next build regroups
    proc = build(root)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "stories.json: ignored an entry" in " ".join(proc.stderr.split()), proc.stderr
    after = _story_titles(root)
    assert set(before.values()) < set(after.values()) and len(after) == len(before) + 1  # none dropped
    assert after["harbour"] == "Harbour strike halts ferries" and after["library"] == "Library reopens after flood"
    assert not (root.parent / "outside").exists() and not (root / "outside").exists()
    assert (root / "public" / "static").is_dir() and not (root / "public" / "static" / "index.html").exists()


@pytest.mark.parametrize("text", ["[]", "{\"stories\": 5}", "not json", "[" * 100_000, "\x00\x01"])
def test_an_unreadable_stories_json_starts_slugs_afresh(make_site: SiteFactory, text: str) -> None:
    root = make_site(seeds=True, files=FILES, toml=TOML)
    assert build(root).returncode == 0
    (root / "public" / "stories.json").write_text(text)
    (root / "content" / "museum.txt").write_text("Museum opens a new wing\n\n" + BODY)
    proc = build(root)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "stories.json" in proc.stderr
    assert len(_story_titles(root)) == 4
