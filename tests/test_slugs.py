"""Slugs are a function of a story's current sources (issue 20, item 2): a cached build and a
fresh one (a CI server, a colleague's clone) give a story the same address, and when a story's
address changes, the old one keeps working through a redirect page. Through the real CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .browser import chromium, static_server
from .conftest import SiteFactory

# One made-up event told three times, each with its own title and date (written for this test).
FIRST = """---
title: Lighthouse keeper rescues three kayakers off Kessvik point
published: 2025-03-03
outlet: Coastline Daily
---
Lighthouse keeper Aino Brevik rescued three kayakers off Kessvik point on Monday evening after
their boats capsized in a sudden squall, the Kessvik harbour master said.

Brevik saw the capsized kayaks from the Kessvik lighthouse gallery and rowed out in the station
dinghy, reaching the three paddlers about twenty minutes after they went into the water.

The kayakers, students from the Tromlund sailing club, were treated for cold at Kessvik clinic.
"""
SECOND = """---
title: Three paddlers saved by Kessvik lighthouse keeper after squall
published: 2025-03-04
outlet: Fjord Radio
---
Three kayakers from the Tromlund sailing club were rescued off Kessvik point by lighthouse keeper
Aino Brevik on Monday evening after a squall capsized their boats, the harbour master said.

Brevik rowed the station dinghy out from the Kessvik lighthouse and reached the paddlers about
twenty minutes after they went into the water. All three were treated for cold at Kessvik clinic.
"""
EARLIEST = """---
title: Kessvik squall capsizes kayaks, keeper rows out
published: 2025-03-02
outlet: Harbour Notes
---
A squall capsized three kayaks off Kessvik point and lighthouse keeper Aino Brevik rowed out in
the station dinghy to reach the paddlers from the Tromlund sailing club, the harbour master said.

The three were treated for cold at Kessvik clinic after about twenty minutes in the water.
"""
OTHER = """---
title: Town council votes to extend the tram line to Osterby
published: 2025-03-03
outlet: City Paper
---
The town council voted on Tuesday to extend the tram line to Osterby by 2028, adding six stops
along the old railway embankment, the transport committee chair said.
"""


BASE = "https://digest.example.org/"
TOML = f'[site]\nbase_url = "{BASE}"\n'


def build(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--no-search", *args], cwd=root, env=env, capture_output=True,
        text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def slugs(root: Path) -> dict[frozenset[str], str]:
    """Each published story's sources → its slug."""
    stories = json.loads((root / "public" / "stories.json").read_text(encoding="utf-8"))["stories"]
    return {frozenset(s["sources"]): s["slug"] for s in stories}


def kayak_slug(root: Path) -> str:
    return next(slug for sources, slug in slugs(root).items() if any("kayak" in s for s in sources))


def redirect_target(root: Path, slug: str) -> str | None:
    """The story a redirect page at ``stories/<slug>/`` leads to (None: no redirect there)."""
    page = root / "public" / "stories" / slug / "index.html"
    if not page.is_file():
        return None
    text = page.read_text(encoding="utf-8")
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text)
    if refresh is None:
        return None
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    link = re.search(r'<a href="([^"]+)"', text)
    assert link and link[1] == refresh[1], text  # the link to follow by hand goes where the refresh does
    target = re.fullmatch(r"\.\./\.\./stories/([a-z0-9-]+)/index\.html", refresh[1])
    assert target, refresh[1]
    assert canonical and canonical[1] == f"{BASE}stories/{target[1]}/index.html", text  # the full address
    return target[1]


def fresh_slug(make_fresh: Path, env: dict[str, str], files: dict[str, str]) -> str:
    """The kayak story's slug in a clean site of ``files``, built without a cache."""
    for name, text in files.items():
        (make_fresh / "content" / name).write_text(text, encoding="utf-8")
    build(make_fresh, env, "--no-cache")
    return kayak_slug(make_fresh)


def test_a_cached_build_names_a_story_as_a_fresh_build_does_and_old_addresses_redirect(
    make_site: SiteFactory, tmp_path: Path, builder_env: dict[str, str]
) -> None:
    root = make_site(files={"kayak-first.md": FIRST, "tram.md": OTHER}, toml=TOML)
    build(root, builder_env)
    first = kayak_slug(root)
    assert first.startswith("lighthouse-keeper-rescues")
    (root / "content" / "kayak-second.md").write_text(SECOND, encoding="utf-8")
    build(root, builder_env)
    assert kayak_slug(root) == first  # a later source does not rename the story
    assert len(slugs(root)) == 2  # the two tellings are one story
    (root / "content" / "kayak-first.md").unlink()  # the source that named it goes
    build(root, builder_env)
    second = kayak_slug(root)

    fresh = tmp_path / "fresh"
    (fresh / "content").mkdir(parents=True)
    (fresh / "site.toml").write_text(TOML, encoding="utf-8")
    assert second == fresh_slug(fresh, builder_env, {"kayak-second.md": SECOND, "tram.md": OTHER})
    assert second != first
    # the old address keeps working: a redirect page to the story's new one
    assert redirect_target(root, first) == second
    published = json.loads((root / "public" / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert first not in {s["slug"] for s in published}  # not a story: not listed, not in the sitemap
    assert f"stories/{first}/" not in (root / "public" / "sitemap.xml").read_text(encoding="utf-8")

    # an earlier telling names the story again; every old address leads to the live one
    (root / "content" / "kayak-earliest.md").write_text(EARLIEST, encoding="utf-8")
    build(root, builder_env)
    third = kayak_slug(root)
    assert third.startswith("kessvik-squall")
    assert redirect_target(root, first) == third and redirect_target(root, second) == third
    assert redirect_target(root, kayak_slug(root)) is None  # the live page is the story itself
    assert third == fresh_slug(fresh, builder_env, {"kayak-earliest.md": EARLIEST})  # fresh: the same name

    # in a browser, the old address arrives at the story
    with chromium() as browser, static_server(root / "public") as url:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(f"{url}stories/{first}/")
        page.wait_for_url(f"**/stories/{third}/index.html", timeout=10_000)
        assert "Kessvik" in page.title()
        page.close()


def test_a_story_key_names_the_story_whatever_its_sources(make_site: SiteFactory, builder_env: dict[str, str]) -> None:
    keyed = {name: text.replace("---\ntitle", "---\nstory: Kessvik rescue\ntitle", 1)
             for name, text in (("kayak-first.md", FIRST), ("kayak-second.md", SECOND))}
    root = make_site(files=keyed)
    build(root, builder_env)
    assert kayak_slug(root) == "kessvik-rescue"
    (root / "content" / "kayak-first.md").unlink()
    build(root, builder_env)
    assert kayak_slug(root) == "kessvik-rescue"
    assert not [p for p in (root / "public" / "stories").iterdir() if p.name != "kessvik-rescue"]


def test_a_build_into_an_empty_output_keeps_old_addresses_the_cache_knows(
    make_site: SiteFactory, builder_env: dict[str, str]
) -> None:
    # a CI job that keeps .cache/ between runs but starts each from an empty public/
    root = make_site(files={"kayak-first.md": FIRST, "kayak-second.md": SECOND, "tram.md": OTHER}, toml=TOML)
    build(root, builder_env)
    first = kayak_slug(root)
    shutil.rmtree(root / "public")
    (root / "content" / "kayak-first.md").unlink()
    build(root, builder_env)
    second = kayak_slug(root)
    assert second != first and redirect_target(root, first) == second
    assert json.loads((root / "public" / "redirects.json").read_text(encoding="utf-8")) == {"redirects": {first: second}}
