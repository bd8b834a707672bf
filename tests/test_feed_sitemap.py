"""The Atom feed and the sitemap through the real `build`: absolute URLs when the site has a full
address, a warning (and no invalid file) when `base_url` is only a path, and dates that are the
articles' own — an undated story is listed by title and never given a date in the feed."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import SiteFactory

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=300
    )


def article(title: str, story: str, body: str, published: str | None = None, outlet: str = "Valley Courier") -> str:
    date = f"published: {published}\n" if published else ""
    return f"---\ntitle: {title}\noutlet: {outlet}\nstory: {story}\n{date}---\n{body}\n"


STORIES = {
    "ferry.md": article(
        "Ferry service resumes after storm", "ferry",
        "The island ferry sailed again on Monday after three days in port.\n\n"
        "Crews checked the ramps overnight, the operator said.", "2025-03-04",
    ),
    "library.md": article(
        "Town library extends its hours", "library",
        "The town library will open until nine in the evening from next month.\n\n"
        "Volunteers offered to staff the late shifts, the council said.", "2025-02-11",
    ),
    "orchard.md": article(
        "orchard growers count frost damage", "orchard",
        "Growers in the upper valley said a late frost had browned the apple blossom.\n\n"
        "The cooperative expects a smaller harvest this autumn.",
    ),
    "bridge.md": article(
        "Bridge repairs close the east road", "bridge",
        "The east road will close for six weeks while the old bridge is repaired.\n\n"
        "A detour runs through the market square, the highways office said.",
    ),
    "avalanche.md": article(
        "Avalanche warning raised in the passes", "avalanche",
        "Mountain rescuers raised the avalanche warning to its second-highest level.\n\n"
        "Walkers were told to keep to marked trails below the tree line.",
    ),
}


def _absolute(url: str | None) -> bool:
    parts = urlparse(url or "")
    return parts.scheme == "https" and bool(parts.netloc)


def test_feed_and_sitemap_use_absolute_urls_with_a_full_address(make_site: SiteFactory) -> None:
    root = make_site(files=STORIES, toml='[site]\nbase_url = "https://news.example.org/valley/"\n')
    proc = run(root, "build", "--no-search")
    assert proc.returncode == 0, proc.stderr
    assert "feed.xml" not in proc.stderr and "0 warnings" in proc.stdout
    feed = ET.parse(root / "public" / "feed.xml").getroot()  # well-formed, or this raises
    ids = [e.text for e in feed.iter(f"{ATOM}id")]
    links = [e.get("href") for e in feed.iter(f"{ATOM}link")]
    assert len(ids) == 1 + len(STORIES) and len(links) == 2 + len(STORIES)
    assert all(_absolute(u) for u in ids + links), ids + links
    assert all(u.startswith("https://news.example.org/valley/") for u in ids + links)
    sitemap = ET.parse(root / "public" / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter(f"{SITEMAP}loc")]
    assert locs and all(_absolute(u) for u in locs), locs
    # the pages offer the feed
    assert 'type="application/atom+xml"' in (root / "public" / "index.html").read_text(encoding="utf-8")


def test_a_path_only_base_url_notes_it_and_writes_no_invalid_feed_or_sitemap(make_site: SiteFactory) -> None:
    root = make_site(files=STORIES, toml='[site]\nbase_url = "https://news.example.org/"\n')
    assert run(root, "build", "--no-search").returncode == 0
    assert (root / "public" / "feed.xml").is_file()
    # the editor moves the site to a path-only base_url (the default is "/")
    (root / "site.toml").write_text('[site]\nbase_url = "/valley/"\n', encoding="utf-8")
    proc = run(root, "build", "--no-search")
    assert proc.returncode == 0, proc.stderr
    said = next(line for line in proc.stderr.splitlines() if "feed.xml" in line)
    assert said.startswith("note:") and "sitemap.xml" in said
    assert "base_url" in said and "site.toml" in said and "https://" in said
    assert "0 warnings" in proc.stdout  # how every new site starts: nothing in the content is wrong
    # nothing invalid left behind: neither file, not even the one the earlier build wrote
    assert not (root / "public" / "feed.xml").exists()
    assert not (root / "public" / "sitemap.xml").exists()
    for page in (root / "public").rglob("*.html"):
        assert "feed.xml" not in page.read_text(encoding="utf-8"), page  # no link to a missing feed
    # check says it too, without failing on it, and --strict publishes the pages without them
    checked = run(root, "check")
    assert checked.returncode == 0 and "note:" in checked.stderr and "base_url" in checked.stderr
    assert run(root, "build", "--no-search", "--strict").returncode == 0
    assert not (root / "public" / "feed.xml").exists()
    # --base-url with the full address fixes it for one build
    proc = run(root, "build", "--no-search", "--base-url", "https://news.example.org/valley/")
    assert proc.returncode == 0 and "feed.xml" not in proc.stderr
    assert (root / "public" / "feed.xml").is_file() and (root / "public" / "sitemap.xml").is_file()


def test_undated_stories_follow_dated_ones_by_title_and_get_no_date(make_site: SiteFactory) -> None:
    root = make_site(files=STORIES, toml='[site]\nbase_url = "https://news.example.org/"\n')
    proc = run(root, "build", "--no-search")
    assert proc.returncode == 0, proc.stderr
    index = (root / "public" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<h2><a href="stories/[^"]+">([^<]+)</a></h2>', index)
    assert titles == [
        "Ferry service resumes after storm",  # 4 March
        "Town library extends its hours",  # 11 February
        "Avalanche warning raised in the passes",  # undated, A to Z (case aside)
        "Bridge repairs close the east road",
        "orchard growers count frost damage",
    ]
    feed = ET.parse(root / "public" / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == titles
    assert entries["Ferry service resumes after storm"].findtext(f"{ATOM}published") == "2025-03-04T00:00:00Z"
    assert entries["Ferry service resumes after storm"].findtext(f"{ATOM}updated") == "2025-03-04T00:00:00Z"
    for title in titles[2:]:
        entry = entries[title]
        assert entry.find(f"{ATOM}published") is None  # no publication date it does not have
        updated = entry.findtext(f"{ATOM}updated") or ""
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", updated)  # Atom requires one: the build's time
        assert not updated.startswith(("2025-03-04", "2025-02-11"))  # never a dated story's date
    # the sitemap gives a last-modified date only where there is a real one
    sitemap = (root / "public" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>") == 2


def test_a_new_site_checks_and_builds_clean_before_it_has_an_address(tmp_path: Path) -> None:
    # `new` writes base_url = "/": the site has no address yet, which is no problem of its content
    assert run(tmp_path, "new", "fresh").returncode == 0
    site = tmp_path / "fresh"
    checked = run(site, "check")
    assert checked.returncode == 0, checked.stderr
    assert "note:" in checked.stderr and "base_url" in checked.stderr
    built = run(site, "build", "--no-search", "--strict")
    assert built.returncode == 0, built.stderr
    assert (site / "public" / "index.html").is_file() and not (site / "public" / "feed.xml").exists()


def test_watch_gives_the_note_once_not_at_every_rebuild(make_site: SiteFactory, capsys: pytest.CaptureFixture[str]) -> None:
    from builder.watch import SiteWatcher

    root = make_site(files=STORIES)  # no base_url: the default "/"
    watcher = SiteWatcher(root)
    assert watcher.build_now() and watcher.build_now()
    said = capsys.readouterr().err
    assert said.count("note: feed.xml and sitemap.xml not written") == 1, said
