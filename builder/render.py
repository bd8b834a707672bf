"""Render stage: stories and sources → the site's files, as a mapping of path → bytes.

Nothing here touches the disk except the template loader: :func:`render_site` is a pure
function of its inputs, and :mod:`builder.build` writes its result atomically. Templates come
from the site's ``templates/`` first and the builder's defaults second, so a site overrides one
template without copying the others. Autoescaping is on for every template.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from .config import SiteConfig
from .coverage import coverage_svg, overlap_matrix, ranked_sources, repeats
from .models import Fact, Source, Story
from .storyview import fact_views, glance

# package data lives beside this module (installed or editable alike)
DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

_md = MarkdownIt("commonmark", {"html": False, "linkify": False})
#: characters XML 1.0 forbids even escaped (C0 controls but tab and line breaks, surrogates,
#: U+FFFE/U+FFFF): one in a title would make the whole feed ill-formed, and readers drop it
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return _XML_UNSAFE.sub("", text)


#: the files that need the site's full address (Atom ids and links, sitemap locations are absolute URLs)
ADDRESSED_FILES = ("feed.xml", "sitemap.xml")


def has_full_address(config: SiteConfig) -> bool:
    """Whether ``base_url`` is a full address (``https://host/...``), not just a path."""
    return re.match(r"^https?://[^/]", config.base_url, re.I) is not None


def site_notes(config: SiteConfig) -> list[str]:
    """What the settings keep out of the site: with a path-only ``base_url`` the feed and the
    sitemap could hold only relative URLs, which neither format allows, so they are not written.
    A note, not a warning: it is how a new site starts (``new`` writes ``base_url = "/"``), and
    nothing in the content is wrong, so ``check`` and ``--strict`` do not fail on it."""
    if has_full_address(config):
        return []
    return [
        f"feed.xml and sitemap.xml not written: they need the site's full address, and base_url is "
        f"{config.base_url!r}; set base_url = \"https://your.host/path/\" under [site] in site.toml "
        f"(or build with --base-url https://your.host/path/)"
    ]


def page_settings(config: SiteConfig) -> str:
    """The settings every page shows (the site's title, description and language, whether it
    has a feed): a page rendered under other settings is rendered again."""
    return repr((config.title, config.description, config.language, has_full_address(config)))


def story_path(slug: str) -> str:
    return f"stories/{slug}/index.html"


def source_path(source_id: str) -> str:
    return f"sources/{source_id}/index.html"


def safe_href(url: str | None) -> str | None:
    """Only http(s) URLs from the input ever become links."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url.strip(), re.I):
        return url.strip()
    return None


def make_environment(config: SiteConfig) -> Environment:
    loaders = []
    if config.templates_dir.is_dir():
        loaders.append(FileSystemLoader(str(config.templates_dir)))
    loaders.append(FileSystemLoader(str(DEFAULT_TEMPLATES)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(("html", "xml", "htm"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = lambda text: Markup(_md.render(text or ""))
    env.filters["markdown_inline"] = lambda text: Markup(_md.renderInline(text or ""))
    env.filters["safe_href"] = safe_href
    env.filters["date"] = format_date
    return env


def format_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def relative_url(from_page: str, to_path: str) -> str:
    """A link from one output page to another that works on any host, sub-path or file://.

    Both are paths from the site's root, so the way up is one ``../`` per folder of the page.
    """
    if to_path.startswith("#"):
        return to_path
    return "../" * from_page.count("/") + to_path.lstrip("/")


@dataclass
class SentenceView:
    index: int
    text: str
    fact_id: str | None


def _fact_index(facts: Iterable[Fact]) -> dict[tuple[str, int], str]:
    return {(v.source, v.sentence): f.id for f in facts for v in f.variants}


def source_paragraphs(source: Source, fact_of: dict[tuple[str, int], str]) -> list[dict[str, Any]]:
    """The source's cleaned text as paragraphs of sentences, each linked to its fact
    (``fact_of``: (source id, sentence index) → fact id, from :func:`_fact_index`)."""
    from .sentences import source_sentences  # the splitter of the align stage

    by_line: dict[int, list[SentenceView]] = {}
    for sentence in source_sentences(source):
        view = SentenceView(sentence.index, sentence.text, fact_of.get((source.id, sentence.index)))
        by_line.setdefault(sentence.line, []).append(view)
    paragraphs: list[dict[str, Any]] = []
    for block in source.blocks:
        if block.role == "heading":
            paragraphs.append({"kind": "heading", "text": block.text, "line": block.line})
        elif block.role == "body" and block.line in by_line:
            paragraphs.append({"kind": "body", "sentences": by_line.pop(block.line), "line": block.line})
    return paragraphs


def source_labels(story: Story) -> dict[str, str]:
    """A name per source: the outlet, made unique with the file name where outlets repeat."""
    counts = Counter(s.outlet for s in story.sources)
    return {s.id: s.outlet if counts[s.outlet] == 1 else f"{s.outlet} · {s.path}" for s in story.sources}


def source_roles(story: Story, labels: dict[str, str]) -> dict[str, str]:
    """What each source is in the story: an original, a copy, a wire rewrite..."""
    roles: dict[str, str] = {}
    copied = {v for v in story.copy_of.values() if v}
    for s in story.sources:
        if original := story.copy_of.get(s.id):
            roles[s.id] = f"copy of {labels[original]}"
            continue
        kinds: dict[str, list[str]] = {}
        for r in story.relations:
            if s.id in (r.a, r.b) and r.kind in ("shared wire", "rewrite"):
                kinds.setdefault(r.kind, []).append(labels[r.b if r.a == s.id else r.a])
        parts = ["original" if s.id in copied else ""]
        if "shared wire" in kinds:
            parts.append("shares wire text with " + _names(kinds["shared wire"]))
        if "rewrite" in kinds:
            parts.append("reworded overlap with " + _names(kinds["rewrite"]))
        roles[s.id] = "; ".join(p for p in parts if p) or ("only source" if len(story.sources) == 1 else "independent report")
    return roles


def _names(names: list[str], most: int = 3) -> str:
    """A few names in full; more as a count (a source of a 40-source story overlaps with 30)."""
    return ", ".join(names) if len(names) <= most else f"{len(names)} sources"


def digest_json(story: Story) -> dict[str, Any]:
    """The machine-readable digest, schema documented in the README."""
    return {
        "slug": story.slug,
        "title": story.title,
        "published": story.published,
        "sources": [
            {
                "id": s.id,
                "file": s.path,
                "title": s.title,
                "title_derived": s.title_derived,
                "outlet": s.outlet,
                "outlet_from": s.outlet_from,
                "url": safe_href(s.url),
                "agencies": s.agencies,
                "byline": s.byline,
                "dateline": s.dateline,
                "published": s.published,
                "copy_of": story.copy_of.get(s.id),
                "warnings": s.warnings,  # what went wrong reading the file (broken front matter, decoding)
                "attribution": [{"line": b.line, "text": b.text, "rule": b.rule, **_jsonable(b.fields)} for b in s.attribution],
                "boilerplate": [{"line": b.line, "text": b.text, "rule": b.rule, "role": b.role} for b in s.removed],
            }
            for s in story.sources
        ],
        "facts": [
            {
                "id": f.id,
                "text": f.text,
                "sources": f.sources,
                "speaker": f.speaker,
                "variants": [
                    {
                        "source": v.source, "text": v.text, "score": round(v.score, 3),
                        # a source that tells the fact over two sentences: each wording is a part of it
                        "part": sum(1 for w in f.variants if w.source == v.source) > 1,
                    }
                    for v in f.variants
                ],
                "conflicts": [{"kind": c.kind, "values": c.values} for c in f.conflicts],
            }
            for f in story.facts
        ],
        "relations": [
            {"a": r.a, "b": r.b, "shared_facts": r.shared_facts, "kind": r.kind, "verbatim": round(r.verbatim, 3)}
            for r in story.relations
        ],
    }


def _jsonable(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in fields.items() if isinstance(v, str | int | float | bool | list | type(None))}
    return {("fields_" + k if k in ("line", "text", "rule") else k): v for k, v in out.items()}


class SiteRenderer:
    """Renders pages with one template environment; parts can be re-rendered on their own."""

    def __init__(
        self, config: SiteConfig, built_at: dt.datetime | None = None, env: Environment | None = None, search: bool = False
    ) -> None:
        self.config = config
        self.search = search  #: a Pagefind index will exist: show the search box
        self.env = env or make_environment(config)
        self.built_at = built_at or dt.datetime.now(dt.UTC)

    def page(self, template: str, path: str, absolute: bool = False, **context: Any) -> bytes:
        """Render one page; ``absolute`` links from base_url (for a 404 page served at any path)."""
        config = self.config
        ctx = {
            "site": config,
            "page_path": path,
            "url": (lambda target: config.url(target)) if absolute else (lambda target: relative_url(path, target)),
            "abs_url": lambda target: config.url(target),
            "story_path": story_path,
            "source_path": source_path,
            "built_at": self.built_at,
            "search": self.search,
            "feed": has_full_address(config),  #: feed.xml exists: pages link to it
            **context,
        }
        text = self.env.get_template(template).render(ctx)
        if template.endswith(".xml"):
            text = xml_safe(text)
        # "replace": a lone surrogate (a YAML "\ud800" escape) cannot be UTF-8; one bad title
        # must not stop the build
        return text.encode("utf-8", "replace")

    def story_files(self, story: Story) -> dict[str, bytes]:
        """A story's digest page, its digest.json and its sources' pages."""
        labels = source_labels(story)
        facts = fact_views(story, labels)
        shared = overlap_matrix(story)
        files = {
            story_path(story.slug): self.page(
                "story.html", story_path(story.slug), story=story, labels=labels, roles=source_roles(story, labels),
                facts=facts, glance=glance(story, facts, labels), coverage=coverage_svg(story, labels, shared),
                ranked=ranked_sources(story, labels, shared), repeats=repeats(story, labels),
            ),
            f"stories/{story.slug}/digest.json": _json(digest_json(story)),
        }
        fact_of = _fact_index(story.facts)
        for source in story.sources:
            files[source_path(source.id)] = self.page(
                "source.html", source_path(source.id), source=source, story=story, labels=labels,
                paragraphs=source_paragraphs(source, fact_of),
            )
        return files

    def site_files(self, stories: list[Story]) -> dict[str, bytes]:
        """Pages about all stories: index, feed, sitemap, stories.json, 404 and static assets."""
        ordered = newest_first(stories)
        files = {
            "index.html": self.page("index.html", "index.html", stories=ordered),
            "404.html": self.page("404.html", "404.html", absolute=True),
        }
        if has_full_address(self.config):  # else left out, with a note (site_notes)
            files["feed.xml"] = self.page("feed.xml", "feed.xml", stories=ordered[:50])
            files["sitemap.xml"] = self.page("sitemap.xml", "sitemap.xml", stories=ordered)
        index = [{"slug": s.slug, "title": s.title, "published": s.published, "sources": [x.id for x in s.sources]}
                 for s in ordered]
        files["stories.json"] = _json({"stories": index})
        files.update(static_files(self.config))
        return files


def _json(data: object) -> bytes:
    # compact: json's fast C encoder is only used without indent
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")


def _title_key(story: Story) -> tuple[str, str]:
    """Alphabetical by title, case and accents aside; the slug settles a tie, so the order
    never depends on the order the stories came in."""
    title = unicodedata.normalize("NFKD", story.title).casefold()
    return "".join(c for c in title if not unicodedata.combining(c)), story.slug


def newest_first(stories: list[Story]) -> list[Story]:
    """Dated stories by their newest source, newest first (one day's stories by title); then
    the undated stories by title: they have no place in time, and a reader scans them by name."""
    dated = sorted((s for s in stories if s.published), key=_title_key)
    dated.sort(key=lambda s: s.published or "", reverse=True)  # stable: titles stay in order within a day
    undated = sorted((s for s in stories if not s.published), key=_title_key)
    return dated + undated


def static_files(config: SiteConfig) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for folder in (STATIC_DIR, config.templates_dir / "static"):
        if folder.is_dir():
            for asset in sorted(folder.iterdir()):
                if asset.is_file() and not asset.name.startswith("."):
                    files[f"static/{asset.name}"] = asset.read_bytes()
    return files


def render_site(
    config: SiteConfig,
    stories: list[Story],
    built_at: dt.datetime | None = None,
    env: Environment | None = None,
) -> dict[str, bytes]:
    """Every output file of the site: pages, digests, feed, sitemap and static assets."""
    renderer = SiteRenderer(config, built_at, env)
    files = renderer.site_files(stories)
    for story in stories:
        files.update(renderer.story_files(story))
    return files
