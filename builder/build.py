"""The whole pipeline: read → clean → identify → group → align → trace → render → write.

:func:`build_site` is what ``python -m builder build`` runs. Reading and writing are the only
steps that touch the disk; a file that cannot be used becomes a warning naming it, and the rest
of the site still builds. Output is written to a temporary folder beside the output folder and
swapped in at the end, so a failed or killed build never leaves a half-written site.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from .align import align_story
from .clean import CorpusProfile, clean, corpus_profile
from .config import SiteConfig
from .group import group
from .identify import identify
from .models import Article, Source, Story, StoryGroup
from .read import ReadError, assign_ids, discover, read_file
from .render import render_site
from .trace import trace

#: progress(stage, done, total) — called as work advances, for a progress bar
Progress = Callable[[str, int, int], None]


class BuildError(Exception):
    """The build could not produce a site; the previous output is untouched."""

    def __init__(self, message: str, warnings: list[str] | None = None) -> None:
        super().__init__(message)
        self.warnings = warnings or []


@dataclass
class BuildResult:
    output: Path
    files: int = 0  #: article files found
    articles: int = 0  #: files read successfully
    stories: int = 0
    facts: int = 0
    conflicts: int = 0
    pages: int = 0  #: output files written
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


def _noop(stage: str, done: int, total: int) -> None:
    pass


# --- stages over a whole site ------------------------------------------------------------------


def read_articles(config: SiteConfig, progress: Progress = _noop) -> tuple[list[Article], int, list[str]]:
    """Every readable article (sorted by path), the number of files found, and warnings."""
    paths, warnings = discover(config.content_dir)
    rel = {p: p.relative_to(config.content_dir).as_posix() for p in paths}
    ids = assign_ids(rel.values())
    articles: list[Article] = []
    for i, path in enumerate(paths, 1):
        try:
            article = read_file(path, config.content_dir, ids[rel[path]])
        except ReadError as exc:
            warnings.append(str(exc))
        else:
            warnings.extend(article.warnings)
            articles.append(article)
        progress("read", i, len(paths))
    return articles, len(paths), warnings


def make_sources(
    articles: list[Article], config: SiteConfig, profile: CorpusProfile | None = None, progress: Progress = _noop
) -> tuple[list[Source], list[str]]:
    """Clean and identify every article; one that fails is a warning, not a failed build."""
    profile = profile if profile is not None else corpus_profile(articles)
    sources: list[Source] = []
    warnings: list[str] = []
    for i, article in enumerate(articles, 1):
        try:
            sources.append(identify(clean(article, config.clean, profile), config))
        except Exception as exc:  # noqa: BLE001 — one bad article must not sink the site
            warnings.append(f"{article.path}: could not be cleaned ({type(exc).__name__}: {exc}); skipped")
        progress("clean", i, len(articles))
    return sources, warnings


def story_title(sources: list[Source], copy_of: dict[str, str | None]) -> str:
    """The title of the most original source: not a copy, a real title, earliest published."""
    ranked = sorted(
        sources,
        key=lambda s: (copy_of.get(s.id) is not None, s.title_derived, s.published or "9999", s.id),
    )
    return ranked[0].title if ranked else "Untitled story"


def make_story(group_: StoryGroup, by_id: dict[str, Source], config: SiteConfig) -> Story:
    sources = [by_id[i] for i in group_.source_ids]
    facts = align_story(sources, config.align)
    relations, copy_of = trace(sources, facts, config.align)
    return Story(group_.slug, story_title(sources, copy_of), sources, facts, relations, copy_of)


def make_stories(
    sources: list[Source], config: SiteConfig, previous: dict[str, str] | None = None, progress: Progress = _noop
) -> tuple[list[Story], list[str]]:
    groups = group(sources, config.group, previous)
    by_id = {s.id: s for s in sources}
    stories: list[Story] = []
    warnings: list[str] = []
    for i, g in enumerate(groups, 1):
        try:
            stories.append(make_story(g, by_id, config))
        except Exception as exc:  # noqa: BLE001 — show the story unmerged rather than lose it
            warnings.append(f"story {g.slug}: facts could not be aligned ({type(exc).__name__}: {exc}); shown without facts")
            members = [by_id[x] for x in g.source_ids]
            stories.append(Story(g.slug, story_title(members, {}), members, [], [], {x: None for x in g.source_ids}))
        progress("align", i, len(groups))
    return stories, warnings


def previous_slugs(output_dir: Path) -> dict[str, str]:
    """source id → story slug from the last build's ``stories.json``, to keep slugs stable."""
    try:
        data = json.loads((output_dir / "stories.json").read_text(encoding="utf-8"))
        return {src: story["slug"] for story in data["stories"] for src in story["sources"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


# --- writing -----------------------------------------------------------------------------------


def recover_output(output_dir: Path) -> None:
    """Undo what a build killed mid-swap left behind: restore the old site, drop temp folders."""
    parent = output_dir.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{output_dir.name}.old-*"))
    if olds and not output_dir.exists():
        os.rename(olds.pop(), output_dir)
    for stale in [*olds, *parent.glob(f".{output_dir.name}.new-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def write_output(files: dict[str, bytes], output_dir: Path) -> None:
    """Write ``files`` into a fresh folder and swap it in place of ``output_dir``."""
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    recover_output(output_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=parent))
    try:
        root = tmp.resolve()
        for rel, data in files.items():
            target = (tmp / rel).resolve()
            if not target.is_relative_to(root):  # a slug can never do this; belt and braces
                raise BuildError(f"refusing to write outside the output folder: {rel}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        old = parent / f".{output_dir.name}.old-{os.getpid()}"
        if output_dir.exists():
            os.rename(output_dir, old)
        os.rename(tmp, output_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --- the build ---------------------------------------------------------------------------------


def build_site(
    config: SiteConfig, progress: Progress = _noop, write: bool = True, strict: bool = False
) -> BuildResult:
    """Build the whole site into ``config.output_dir``.

    With ``strict``, any warning fails the build before anything is written.
    """
    started = time.perf_counter()
    result = BuildResult(output=config.output_dir)
    clock = started

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.timings[stage] = result.timings.get(stage, 0.0) + now - clock
        clock = now

    if not config.content_dir.is_dir():
        raise BuildError(f"content folder {config.content_dir} does not exist (create it or set [paths] content in site.toml)")
    articles, result.files, warnings = read_articles(config, progress)
    result.articles = len(articles)
    result.warnings.extend(warnings)
    lap("read")
    sources, warnings = make_sources(articles, config, progress=progress)
    result.warnings.extend(warnings)
    lap("clean")
    stories, warnings = make_stories(sources, config, previous_slugs(config.output_dir), progress)
    result.warnings.extend(warnings)
    result.stories = len(stories)
    result.facts = sum(len(s.facts) for s in stories)
    result.conflicts = sum(s.conflicts for s in stories)
    lap("group+align")
    try:
        files = render_site(config, stories, dt.datetime.now(dt.UTC))
    except TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from exc
    except TemplateError as exc:
        raise BuildError(f"rendering failed in a template: {type(exc).__name__}: {exc}") from exc
    lap("render")
    if strict and result.warnings:
        n = len(result.warnings)
        raise BuildError(f"{n} warning{'' if n == 1 else 's'} with --strict; nothing written", result.warnings)
    if write:
        write_output(files, config.output_dir)
    lap("write")
    result.pages = len(files)
    result.seconds = time.perf_counter() - started
    return result
