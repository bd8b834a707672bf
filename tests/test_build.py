"""Whole builds of real sites: the demo site's pages, overrides, links, escaping, atomic output."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest

from builder.build import BuildError, build_site
from builder.config import load_config

from .conftest import SiteFactory, snapshot


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse_html(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site (the five seeds and the repo's site.toml) built once for this module."""
    root = Path(__file__).resolve().parent.parent
    config = load_config(root)
    config.output_dir = tmp_path_factory.mktemp("demo") / "public"
    result = build_site(config)
    assert result.articles == 5
    assert result.warnings == []
    return config.output_dir


def test_demo_index_lists_one_story_with_five_sources(demo: Path) -> None:
    index = (demo / "index.html").read_text(encoding="utf-8")
    stories = json.loads((demo / "stories.json").read_text())["stories"]
    assert len(stories) == 1
    assert len(stories[0]["sources"]) == 5
    assert "5 sources" in index
    assert f'href="stories/{stories[0]["slug"]}/index.html"' in index


def test_demo_source_pages_show_their_text(demo: Path) -> None:
    seeds = sorted((Path(__file__).resolve().parent.parent / "content").glob("*.txt"))
    for seed in seeds:
        page = (demo / "sources" / seed.stem / "index.html").read_text(encoding="utf-8")
        # a body sentence of each seed, found by position rather than by content: the longest line
        longest = max(seed.read_text(encoding="utf-8").splitlines(), key=len)
        words = re.sub(r"\s+", " ", longest).split(" ")[:6]
        assert " ".join(words).replace("'", "&#39;").replace('"', "&#34;") in page, seed.name


def test_every_internal_link_resolves(demo: Path) -> None:
    pages = list(demo.rglob("*.html"))
    assert len(pages) >= 7  # index, 404, one digest, five source pages
    for page in pages:
        rel_page = page.relative_to(demo).as_posix()
        doc = parse_html(page)
        for link in doc.links:
            if re.match(r"^(https?:|mailto:)", link) or link.startswith("#"):
                continue
            target, _, anchor = link.partition("#")
            base = PurePosixPath(".") if target.startswith("/") else PurePosixPath(rel_page).parent  # base_url is "/"
            resolved = PurePosixPath(os.path.normpath(base / target.lstrip("/")))
            assert (demo / resolved).exists(), f"{rel_page} links to missing {link}"
            if anchor and resolved.suffix == ".html":
                assert anchor in parse_html(demo / resolved).ids, f"{rel_page} links to missing anchor {link}"


def test_digest_json_feed_and_sitemap(demo: Path) -> None:
    slug = json.loads((demo / "stories.json").read_text())["stories"][0]["slug"]
    digest = json.loads((demo / "stories" / slug / "digest.json").read_text())
    assert {"slug", "title", "sources", "facts", "relations"} <= set(digest)
    assert {s["id"] for s in digest["sources"]} == {p.stem for p in (demo / "sources").iterdir()}
    for fact in digest["facts"]:
        assert fact["sources"] == list(dict.fromkeys(v["source"] for v in fact["variants"]))  # each source once
        for v in fact["variants"]:  # a part: one of two wordings a source gives of the fact
            assert v["part"] == (sum(w["source"] == v["source"] for w in fact["variants"]) > 1)
    feed = ET.parse(demo / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    sitemap = ET.parse(demo / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"https://digest.example.org/stories/{slug}/index.html" in locs  # the demo's base_url: absolute
    assert (demo / "static" / "style.css").is_file()
    assert (demo / "404.html").is_file()


def test_base_url_sub_path_is_used_for_absolute_urls(make_site: SiteFactory) -> None:
    root = make_site(seeds=True, toml='[site]\nbase_url = "https://example.org/digest"\n')
    config = load_config(root)
    build_site(config)
    feed = (config.output_dir / "feed.xml").read_text()
    assert 'href="https://example.org/digest/feed.xml"' in feed
    assert "<loc>https://example.org/digest/index.html</loc>" in (config.output_dir / "sitemap.xml").read_text()
    # pages link relatively, so they work under the sub-path (and from file://)
    assert 'href="static/style.css"' in (config.output_dir / "index.html").read_text()


def test_a_site_template_overrides_one_default(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    (root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="mine">{{ stories | length }} stories here</p>{% endblock %}'
    )
    config = load_config(root)
    build_site(config)
    index = (config.output_dir / "index.html").read_text()
    assert '<p class="mine">1 stories here</p>' in index
    assert 'href="static/style.css"' in index  # base.html still the built-in one
    assert "Sources" in next((config.output_dir / "stories").rglob("index.html")).read_text()


def test_input_text_is_escaped(make_site: SiteFactory) -> None:
    evil = (
        "---\ntitle: <script>alert('t')</script>\noutlet: <img src=x onerror=alert(1)>\nurl: javascript:alert(2)\n---\n"
        "The council voted on Tuesday <script>alert('x')</script> to close the old bridge for repairs.\n"
        "Officials said the <b onmouseover=alert(3)>work</b> will take about six months to finish.\n"
    )
    root = make_site(files={"evil.md": evil})
    config = load_config(root)
    build_site(config)
    for page in config.output_dir.rglob("*.html"):
        html = page.read_text()
        assert "<script>" not in html and "<img src=x" not in html and "<b onmouseover" not in html, page
        assert 'href="javascript:' not in html and 'href="data:' not in html, page
    assert "&lt;script&gt;" in (config.output_dir / "sources" / "evil" / "index.html").read_text()


def test_a_bad_file_is_a_warning_and_the_rest_builds(make_site: SiteFactory) -> None:
    root = make_site(seeds=True, files={"broken.txt": b"\x89PNG\r\n\x1a\n\x00\x00binary", "empty.txt": ""})
    config = load_config(root)
    result = build_site(config)
    assert result.articles == 5
    assert any("broken.txt" in w and "binary" in w for w in result.warnings)
    assert any("empty.txt" in w and "empty" in w for w in result.warnings)
    assert (config.output_dir / "index.html").is_file()


def test_strict_fails_on_warnings_and_keeps_old_output(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    config = load_config(root)
    build_site(config)
    before = snapshot(config.output_dir)
    (root / "content" / "empty.txt").write_text("")
    with pytest.raises(BuildError) as info:
        build_site(config, strict=True)
    assert any("empty.txt" in w for w in info.value.warnings)
    after = snapshot(config.output_dir)
    assert after == before


def test_a_failing_build_leaves_the_old_output_intact(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    config = load_config(root)
    build_site(config)
    before = snapshot(config.output_dir)
    (root / "templates" / "story.html").write_text("{% extends 'base.html' %}{% block main %}{{ story.nope() }}{% endblock %}")
    (root / "content" / "new.txt").write_text("A new article about something else entirely, with a sentence.\n")
    with pytest.raises(BuildError):
        build_site(config)
    after = snapshot(config.output_dir)
    assert after == before
    leftovers = [p.name for p in config.output_dir.parent.iterdir() if p.name.startswith(".public.")]
    assert leftovers == []


def test_the_garbage_collector_runs_again_after_a_build(make_site: SiteFactory) -> None:
    # builds pause the cyclic collector; a watch session must get it back after each one,
    # whether the build succeeded or failed
    import gc

    root = make_site(seeds=True)
    config = load_config(root)
    assert gc.isenabled()
    build_site(config)
    assert gc.isenabled()
    (root / "templates" / "story.html").write_text("{% extends 'base.html' %}{% block main %}{{ story.nope() }}{% endblock %}")
    with pytest.raises(BuildError):
        build_site(config)
    assert gc.isenabled()
    # a caller that turned it off itself keeps it off
    gc.disable()
    try:
        with pytest.raises(BuildError):
            build_site(config)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_template_syntax_error_names_the_template(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    (root / "templates" / "index.html").write_text("line one\n{% if %}\n")
    with pytest.raises(BuildError) as info:
        build_site(load_config(root))
    assert "index.html:2" in str(info.value)


def test_same_file_name_in_two_folders(make_site: SiteFactory) -> None:
    text = "The harbour authority said on Friday that the ferry service would resume after the storm passed.\n"
    root = make_site(files={"a/report.txt": text, "b/report.txt": text.replace("Friday", "Saturday")})
    config = load_config(root)
    result = build_site(config)
    assert result.articles == 2
    assert len(list((config.output_dir / "sources").iterdir())) == 2


def test_parallel_and_serial_builds_write_the_same_site(make_site: SiteFactory, tmp_path: Path) -> None:
    files = {
        f"many/{i:03d}.txt": f"Report {i} on the harbour works\n"
        f"The harbour authority said on day {i} that dredging of berth {i % 7} would take {i + 3} weeks.\n"
        f"Shipping firms said the work in berth {i % 7} would delay {i * 2} container ships.\n"
        for i in range(80)
    }
    root = make_site(seeds=True, files=files)
    outputs = []
    for workers in (1, 2):
        config = load_config(root)
        config.output_dir = tmp_path / f"out{workers}"
        build_site(config, workers=workers)
        outputs.append(snapshot(config.output_dir))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 80


def test_a_cached_rebuild_matches_a_cold_build(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(seeds=True)
    config = load_config(root)
    cache = tmp_path / "cache.pickle"
    build_site(config, cache_file=cache)
    seeds = sorted((root / "content").glob("*.txt"))
    (root / "content" / "extra.txt").write_text(
        "Harbour strike halts ferries\nThe dock workers' union said on Tuesday that its members would stop work for two days.\n"
    )
    seeds[1].unlink()  # a source leaves the story
    build_site(config, cache_file=cache)  # reuses the cache for what did not change
    # the replaced site is gone by the time the build returns, and no temporary folder is left
    assert [p.name for p in config.output_dir.parent.glob(f".{config.output_dir.name}.*")] == []
    warm = snapshot(config.output_dir)
    config.output_dir = tmp_path / "cold"
    build_site(config)
    cold = snapshot(config.output_dir)
    assert warm == cold


def test_a_rebuild_that_changes_few_pages_writes_them_where_they_are(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(seeds=True)
    config = load_config(root)
    cache = tmp_path / "cache.pickle"
    build_site(config, cache_file=cache)
    folder = config.output_dir.stat().st_ino
    untouched = next((config.output_dir / "sources").glob("*/index.html"))
    page = untouched.stat().st_ino
    (root / "content" / "extra.txt").write_text(
        "Harbour strike halts ferries\nThe dock workers' union said on Tuesday that its members would stop work for two days.\n"
    )
    result = build_site(config, cache_file=cache)
    # the same folder, updated: no new folder assembled beside it, an unchanged page not rewritten
    assert config.output_dir.stat().st_ino == folder
    assert untouched.stat().st_ino == page
    assert 0 < result.pages < 20
    assert [p.name for p in config.output_dir.parent.iterdir() if p.name.startswith(".public.")] == []
    assert not list(config.output_dir.rglob(".tmp-*"))
    warm = snapshot(config.output_dir)
    config.output_dir = tmp_path / "cold"
    build_site(config)
    assert warm == snapshot(config.output_dir)


def test_a_failing_rebuild_of_few_pages_leaves_the_old_output_intact(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(seeds=True)
    config = load_config(root)
    cache = tmp_path / "cache.pickle"
    build_site(config, cache_file=cache)
    before = snapshot(config.output_dir)
    (root / "content" / "new.txt").write_text("A new article about something else entirely, with a sentence.\n")
    # the site-wide pages are rendered first and held; the story page then fails
    (root / "templates" / "story.html").write_text("{% extends 'base.html' %}{% block main %}{{ story.nope() }}{% endblock %}")
    with pytest.raises(BuildError):
        build_site(config, cache_file=cache)
    assert snapshot(config.output_dir) == before


def test_a_published_page_deleted_by_hand_comes_back_with_the_next_rebuild(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    root = make_site(seeds=True)
    config = load_config(root)
    cache = tmp_path / "cache.pickle"
    build_site(config, cache_file=cache)
    page = next((config.output_dir / "sources").glob("*/index.html"))
    text = page.read_bytes()
    page.unlink()
    (root / "content" / "extra.txt").write_text("Harbour strike halts ferries\nThe union said on Tuesday that work would stop.\n")
    build_site(config, cache_file=cache)
    assert page.read_bytes() == text


def test_rebuilds_told_only_the_changed_paths_match_cold_builds(make_site: SiteFactory, tmp_path: Path) -> None:
    """``watch`` tells the builder which content paths changed, and only those are looked at
    again: after every kind of change the site must be the one a cold build makes."""
    from builder.build import SiteBuilder

    root = make_site(seeds=True)
    content = root / "content"
    config = load_config(root)
    cache = tmp_path / "cache.pickle"
    build_site(config, cache_file=cache)
    builder = SiteBuilder(config, cache_file=cache)  # as `watch` starts: from the cache ...
    builder.build(in_place=True)
    builder.warm_up()  # ... and readies its grouping index and templates for the rebuilds
    seeds = sorted(content.glob("*.txt"))
    harbour = (
        "Harbour strike halts ferries\n"
        "The dock workers' union said on Tuesday that its members would stop work for two days.\n"
    )

    def add_file() -> set[Path]:
        (content / "extra.txt").write_text(harbour)
        return {content / "extra.txt"}

    def edit_file() -> set[Path]:
        (content / "extra.txt").write_text(harbour + "Ferry operators cancelled all crossings until Friday.\n")
        return {content / "extra.txt"}

    def ignored_file() -> set[Path]:
        (content / "draft.txt~").write_text(harbour)
        (content / "notes.pdf").write_bytes(b"%PDF-1.4")
        return {content / "draft.txt~", content / "notes.pdf"}

    def new_folder() -> set[Path]:
        (content / "desk" / "inner").mkdir(parents=True)
        (content / "desk" / "extra.txt").write_text(harbour)  # same stem: both ids change
        (content / "desk" / "inner" / "late.txt").write_text(harbour)
        return {content / "desk"}  # a folder moved in: one event for the folder, none for its files

    def hidden_folder() -> set[Path]:
        (content / ".drafts").mkdir()
        (content / ".drafts" / "draft.txt").write_text(harbour)
        return {content / ".drafts"}

    def rename() -> set[Path]:
        (content / "extra.txt").rename(content / "moved.txt")
        return {content / "extra.txt", content / "moved.txt"}

    def delete_folder() -> set[Path]:
        shutil.rmtree(content / "desk")
        return {content / "desk"}

    def delete_file() -> set[Path]:
        seeds[0].unlink()
        return {seeds[0]}

    for change in (add_file, edit_file, ignored_file, new_folder, hidden_folder, rename, delete_folder, delete_file):
        builder.build(in_place=True, changes=change())
        told = snapshot(config.output_dir)
        cold_config = load_config(root)
        cold_config.output_dir = tmp_path / "cold"
        build_site(cold_config)
        assert told == snapshot(cold_config.output_dir), change.__name__


@pytest.mark.parametrize("path", ["../escaped.html", "stories/../../escaped.html", "/tmp/escaped.html", ".."])
def test_the_writer_refuses_paths_outside_the_output(tmp_path: Path, path: str) -> None:
    from builder.writer import OutputWriter

    writer = OutputWriter(tmp_path / "public", None)
    writer.add("stories/a/index.html", b"<p>kept</p>")
    with pytest.raises(BuildError, match="outside the output folder"):
        writer.add(path, b"<p>no</p>")
    assert not (tmp_path / "escaped.html").exists()
    writer.abort()


def test_demo_digest_opens_with_the_glance_and_the_conflict_says_what_it_counts(demo: Path) -> None:
    slug = json.loads((demo / "stories.json").read_text())["stories"][0]["slug"]
    page = (demo / "stories" / slug / "index.html").read_text(encoding="utf-8")
    glance = page[page.index('<section class="glance"') : page.index('id="facts-h"')]
    assert "approximately <mark>200</mark> Iraqi militiamen" in glance
    assert "<mark>300</mark> fighters" in glance
    assert '<small class="tag dl">AMMAN</small>' in page  # Dawn's dateline, with Dawn
    assert not re.search(r'<p class="fact-text">(AMMAN|BEIRUT)', page)


def test_the_credit_key_reads_right_for_a_story_of_one_or_two_sources(make_site: SiteFactory) -> None:
    # the key under "All facts" shows a fact's count over the story's sources: never "3/1"
    body = ("The night ferry to the island was cancelled on Friday because of a storm warning. "
            "The operator said passengers would be moved to the first morning sailing.\n")
    root = make_site(files={"one.txt": "Title: Night ferry cancelled\n\n" + body})
    config = load_config(root)
    build_site(config)
    page = next((config.output_dir / "stories").rglob("index.html")).read_text()
    assert "<b>1/1</b>: the one source" in page and "3/1" not in page
    (root / "content" / "two.txt").write_text("Title: Ferry cancelled over storm\n\n" + body, encoding="utf-8")
    build_site(config)
    page = next((config.output_dir / "stories").rglob("index.html")).read_text()
    assert "<b>2/2</b>: both sources" in page and "3/2" not in page
