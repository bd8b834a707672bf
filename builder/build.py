"""The whole pipeline: read → clean → identify → group → align → trace → render → write.

:func:`build_site` is what ``python -m builder build`` runs. Reading and writing are the only
steps that touch the disk; a file that cannot be used becomes a warning naming it, and the rest
of the site still builds. Output is written to a temporary folder beside the output folder and
swapped in at the end, so a failed or killed build never leaves a half-written site.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from . import cache, redirects
from .align import align_story
from .cache import code_fingerprint, folder_signature
from .clean import CorpusProfile, clean, corpus_profile, profile_key
from .clean.failed import NotAnArticle, require_article
from .config import SiteConfig
from .errors import BuildError
from .group import GroupIndex
from .identify import identify
from .listing import ContentListing, read_content
from .models import Article, Facts, Relation, Source, Story, StoryGroup
from .output import MARKER, MARKER_TEXT, check_output, previous_slugs
from .render import SiteRenderer, page_settings, site_notes, story_path
from .scaffold import without_example
from .search import BUNDLE, index_site
from .search import available as search_available
from .template_outlet import carry_outlets
from .trace import trace
from .workers import collector_paused, parallel_map, stage_counter
from .writer import OutputWriter, recover

#: progress(stage, done, total) — called as work advances, for a progress bar (total None: unknown)
Progress = Callable[[str, int, int | None], None]


@dataclass
class BuildResult:
    output: Path
    files: int = 0  #: article files found
    articles: int = 0  #: files read successfully
    stories: int = 0
    facts: int = 0
    conflicts: int = 0
    pages: int = 0  #: output files written
    indexed: bool = False  #: the search index was written
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  #: what the settings leave out (not a problem)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


def _noop(stage: str, done: int, total: int | None) -> None:
    pass


# --- stories ---------------------------------------------------------------------------------


def story_title(sources: list[Source], copy_of: dict[str, str | None]) -> str:
    """The title of the most original source: not a copy, a real title, earliest published."""
    ranked = sorted(
        sources,
        key=lambda s: (copy_of.get(s.id) is not None, s.title_derived, s.published or "9999", s.id),
    )
    return ranked[0].title if ranked else "Untitled story"


# --- the build ---------------------------------------------------------------------------------


StoryKey = tuple[object, ...]

#: up to this many changed sources (or 2 % of the site) are placed into the kept grouping
INCREMENTAL_GROUP_MIN = 20
#: sites of this many articles keep their long-lived objects out of the cyclic collector
FREEZE_MIN_ARTICLES = 1000
class SiteBuilder:
    """Runs the pipeline and keeps what a rebuild can reuse.

    Read results are reused while a file's size and modification time are unchanged; cleaned
    sources while the file's bytes, the settings and the corpus evidence about its lines are
    unchanged; the grouping while the set of sources is unchanged; a story's facts while its
    sources are; its pages while the story and the templates are. ``build`` serves the cold build
    of ``python -m builder build`` and every rebuild of ``watch`` and ``serve``. With
    ``cache_file`` the caches persist between runs, so a second ``build`` of an unchanged site
    does almost nothing.
    """

    def __init__(
        self, config: SiteConfig, search: bool = False, cache_file: Path | None = None, workers: int = 1,
        preview: bool = False,
    ) -> None:
        self.config = config
        #: ``watch`` and ``serve``: make no search index, but keep the one ``build`` left (its
        #: pages show the search box), so their pages are the ones ``build`` wrote
        self.preview = preview
        #: processes for reading, cleaning, aligning and rendering (``build`` uses every core;
        #: ``watch`` stays in one process, as forking beside its threads is not safe)
        self.workers = workers
        #: run Pagefind after a full write (``build``); rebuilds in ``watch`` skip it for speed
        self.search = search and search_available()
        self.cache_file = cache_file
        self._read: dict[str, tuple[tuple[int, ...], Article]] = {}
        self._listing = ContentListing()  #: the last listing of the content folder
        self._sources: dict[StoryKey, Source] = {}
        self._groups: tuple[object, list[StoryGroup]] | None = None
        self._group_index: GroupIndex | None = None  # kept in memory only, for watch
        self._profile: tuple[CorpusProfile, set[tuple[str, str]]] | None = None  # likewise
        self._profile_keys: dict[tuple[str, str], tuple[int, ...]] = {}
        self._group_keys: dict[str, StoryKey] = {}
        self._grouped: tuple[list[Source], dict[str, StoryKey]] | None = None  # the last sources grouped
        self._stories: dict[StoryKey, Story] = {}
        self._story_pages: dict[StoryKey, tuple[str, list[str]]] = {}  # → (templates signature, paths)
        self._written: dict[str, str] | None = None  # what the output folder holds now: path → hash
        self._renderer: SiteRenderer | None = None
        #: :func:`cache.pages_signature` of the pages the search index on disk was made for
        self._index_for: str | None = None
        self._redirects: dict[str, str] = {}  #: old slug → live slug (see :mod:`builder.redirects`)
        self._stamps: dict[str, cache.Stamp] = {}  #: the output's files when last saved
        self._unsaved = False  #: a build changed the state since it was last saved
        self._loaded = False

    def set_config(self, config: SiteConfig) -> None:
        """A new site.toml: what depends on it is keyed by the settings, so most stays valid."""
        if config.output_dir != self.config.output_dir or config.content_dir != self.config.content_dir:
            self._written = None
            self._read.clear()
        self.config = config
        self._renderer = None

    def warm_up(self) -> None:
        """Prepare for quick rebuilds (``watch``, after its first build): compile every page
        template, and when the grouping came from the persistent cache, build the grouping
        index that places changed sources — else the first rebuild pays for both (seconds on
        a large site)."""
        if self._group_index is None and self._grouped is not None:
            self._keep_index(GroupIndex(self._grouped[0], self.config.group), self._grouped[1])
        if self._renderer is None:
            self._renderer = SiteRenderer(self.config, search=self._show_search())
        with contextlib.suppress(TemplateError):  # reported by the build that uses the template
            for name in ("story.html", "source.html"):
                self._renderer.env.get_template(name)
            # the site-wide pages once, thrown away: that compiles their templates, and stories
            # loaded from the cache work out the figures the index shows
            self._renderer.site_files(list(self._stories.values()))

    def _keep_index(self, index: GroupIndex, key_of: dict[str, StoryKey]) -> None:
        """Keep the grouping index and the source keys it was built from, for the next rebuild."""
        self._group_index, self._group_keys = index, dict(key_of)

    def templates_changed(self) -> None:
        self._renderer = None  # pages are keyed by the templates' signature

    # --- the persistent cache ---

    def _cache_identity(self) -> tuple[object, ...]:
        """What a cache must have been made for. Not whether search is on: ``build`` (with
        Pagefind) and ``serve`` (without) share one cache; the index is tracked on its own."""
        c = self.config
        return (code_fingerprint(), str(c.root), str(c.content_dir), str(c.output_dir))

    def load_cache(self) -> None:
        """Take up what the last run left, trusting only the output files still as it left
        them (see :mod:`builder.cache`)."""
        self._loaded = True
        saved = cache.load(self.cache_file, self._cache_identity())
        if saved is None:
            return
        self._read, self._sources, self._groups = saved.read, saved.sources, saved.groups
        self._stories, self._story_pages, self._redirects = saved.stories, saved.story_pages, saved.redirects
        self._written, index_ok = cache.trusted_output(saved, self.config.output_dir)
        self._index_for = saved.index_for if index_ok else None
        self._unsaved = False

    def save_cache(self) -> None:
        """Save the state, with the output folder's files as they are now."""
        if self.cache_file is None:
            return
        self._stamps = cache.output_stamps(self.config.output_dir)
        saved = cache.Saved(
            self._read, self._sources, self._groups, self._stories, self._story_pages, self._written,
            self._stamps, self._index_for, self._redirects,
        )
        cache.save(self.cache_file, self._cache_identity(), saved)
        self._unsaved = False

    def save_if_changed(self) -> None:
        """Save the state if a build since the last save changed it (``watch`` and ``serve`` on
        stopping: their rebuilds stay in memory, and the next ``build`` starts from them)."""
        if self._unsaved:
            self.save_cache()
            # the up-to-date record describes an output these rebuilds have changed
            cache.drop_manifest(self.cache_file)

    def _show_search(self) -> bool:
        """Whether pages show the search box: the index is made by this build, or kept."""
        return self.search or (self.preview and (self.config.output_dir / BUNDLE / "pagefind.js").is_file())

    def _index_current(self) -> bool:
        """Whether the search index on disk was made for the pages the output holds."""
        return self._index_for is not None and self._index_for == cache.pages_signature(self._written)

    # --- stages with caches ---

    def read_articles(
        self, progress: Progress = _noop, changes: Collection[Path] | None = None
    ) -> tuple[list[Article], int, list[str]]:
        """The articles, how many files were found, and warnings (see :func:`read_content`)."""
        articles, files, warnings, self._read = read_content(
            self.config.content_dir, self._listing, self._read, changes, self.workers, progress
        )
        kept = without_example(articles)  # the example `new` wrote steps aside for real articles
        return kept, files - (len(articles) - len(kept)), warnings

    def make_sources(self, articles: list[Article], progress: Progress = _noop) -> tuple[list[Source], list[str]]:
        sources, warnings, _ = self._make_sources(articles, progress)
        return sources, warnings

    def _make_sources(
        self, articles: list[Article], progress: Progress = _noop
    ) -> tuple[list[Source], list[str], dict[str, StoryKey]]:
        config = self.config
        progress("clean", 0, len(articles))  # counting the corpus takes a while on a large site
        profile = self._corpus_profile(articles)
        settings_key = (config.clean, tuple(config.outlets), tuple(config.stories), config.outlet_from)
        keys = [(a.digest, a.path, a.id, settings_key, self._article_profile_key(profile, a)) for a in articles]
        todo = [i for i, key in enumerate(keys) if key not in self._sources]

        def clean_one(k: int) -> Source | str:
            article = articles[todo[k]]
            try:
                return identify(require_article(clean(article, config.clean, profile)), config)
            except NotAnArticle as exc:  # a menu, a gallery, a login page: named, no story of its own
                return f"{article.path}: {exc}; skipped"
            except Exception as exc:  # noqa: BLE001 — one bad article must not sink the site
                return f"{article.path}: could not be cleaned ({type(exc).__name__}: {exc}); skipped"

        counter = stage_counter(progress, "clean", len(articles), len(articles) - len(todo))
        made = dict(zip(todo, parallel_map(clean_one, len(todo), self.workers, counter), strict=True))
        fresh: dict[StoryKey, Source] = {}
        key_of: dict[str, StoryKey] = {}
        sources: list[Source] = []
        warnings: list[str] = []
        for i, key in enumerate(keys):
            source = made.get(i, self._sources.get(key))
            if not isinstance(source, Source):
                warnings.append(str(source))
                continue
            fresh[key] = source
            key_of[source.id] = key
            sources.append(source)
        progress("clean", len(articles), len(articles))
        self._sources = fresh
        # after the cache: a carried outlet depends on the other files, not on this one alone
        return carry_outlets(sources), warnings, key_of

    def _corpus_profile(self, articles: list[Article]) -> CorpusProfile:
        """The corpus evidence for cleaning. Within one process (``watch``), while only a few
        files changed since it was counted, the last count is reused: counting a large site
        anew costs seconds, and a few files barely move how often a line recurs. A new count
        comes with every cold build and whenever more than a few files changed."""
        counted = {(a.digest, a.path) for a in articles}
        if self._profile is not None:
            profile, basis = self._profile
            if len(counted ^ basis) <= max(INCREMENTAL_GROUP_MIN, len(articles) // 50):
                return profile
        profile = corpus_profile(articles)
        self._profile = (profile, counted)
        self._profile_keys = {}
        return profile

    def _article_profile_key(self, profile: CorpusProfile, article: Article) -> tuple[int, ...]:
        """:func:`~builder.clean.profile_key`, remembered per article while the profile stays the same."""
        memo = (article.digest, article.path)
        key = self._profile_keys.get(memo)
        if key is None:
            key = self._profile_keys[memo] = profile_key(profile, article)
        return key

    def _make_stories(
        self, sources: list[Source], key_of: dict[str, StoryKey], progress: Progress, exact: bool = True
    ) -> tuple[list[tuple[StoryKey, Story]], list[str]]:
        """Group and align. ``exact``: the grouping must be the one a fresh build makes (``build``),
        not one kept up to date by placing changed sources into the last one (``watch``)."""
        config = self.config
        warnings: list[str] = []
        progress("group", 0, None)
        # source keys start with (content hash, path): sorting by those two is enough, and fast
        group_key = (tuple(sorted(key_of.values(), key=lambda k: (k[1], k[0]))), config.group)
        kept = self._groups
        if kept is not None and kept[0] == group_key and (kept[2] or not exact):
            groups = kept[1]
        else:
            groups, made_exact = self._regroup(sources, key_of, incremental=not exact)
            self._groups = (group_key, groups, made_exact)
        self._grouped = (sources, key_of)
        by_id = {s.id: s for s in sources}
        keys = [(g.slug, tuple(key_of[x] for x in g.source_ids), config.align) for g in groups]
        todo = [i for i, key in enumerate(keys) if key not in self._stories]

        def align_one(k: int) -> tuple[Facts, list[Relation], dict[str, str | None]] | str:
            g = groups[todo[k]]
            try:
                members = [by_id[x] for x in g.source_ids]
                facts = align_story(members, config.align)
                # sent back pickled, and kept so until read (see models.Facts)
                return (Facts(facts), *trace(members, facts, config.align))
            except Exception as exc:  # noqa: BLE001 — show the story unmerged rather than lose it
                return f"story {g.slug}: facts could not be aligned ({type(exc).__name__}: {exc})"

        counter = stage_counter(progress, "align", len(groups), len(groups) - len(todo))
        made = dict(zip(todo, parallel_map(align_one, len(todo), self.workers, counter), strict=True))
        fresh: dict[StoryKey, Story] = {}
        stories: list[tuple[StoryKey, Story]] = []
        for i, (g, key) in enumerate(zip(groups, keys, strict=True)):
            story = self._stories.get(key)
            if i in made:
                members = [by_id[x] for x in g.source_ids]
                parts = made[i]
                if isinstance(parts, str):
                    warnings.append(parts)
                    parts = ([], [], {x: None for x in g.source_ids})
                facts, relations, copy_of = parts
                story = Story(g.slug, story_title(members, copy_of), members, facts, relations, copy_of)
            assert story is not None
            fresh[key] = story
            stories.append((key, story))
        progress("align", len(groups), len(groups))
        self._stories = fresh
        return stories, warnings

    def _regroup(
        self, sources: list[Source], key_of: dict[str, StoryKey], incremental: bool
    ) -> tuple[list[StoryGroup], bool]:
        """Group from scratch, or — when ``incremental`` and only a few sources changed since the
        last grouping in this process — place just those into the kept index (``watch`` on a
        large site). Returns the groups and whether they are what a fresh grouping gives."""
        index, placed = self._group_index, self._group_keys
        changed = [s for s in sources if placed.get(s.id) != key_of[s.id]]
        removed = [i for i in placed if i not in key_of]
        small = len(changed) + len(removed) <= max(INCREMENTAL_GROUP_MIN, len(sources) // 50)
        exact = not (incremental and index is not None and index.settings == self.config.group and small)
        if exact:
            index = GroupIndex(sources, self.config.group)
        else:
            assert index is not None
            index.update(changed, removed)
        self._keep_index(index, key_of)
        return index.groups(), exact

    def _render(
        self,
        stories: list[tuple[StoryKey, Story]],
        add: Callable[[str, bytes], None],
        progress: Progress,
        check_disk: bool = False,
    ) -> set[str]:
        """Render new or changed files into ``add`` as they come; returns the paths of story
        pages that are unchanged on disk and stay as they are. ``check_disk``: keep a page only
        while it is on disk, so one deleted by hand is rendered again (a ``build``; ``watch``
        skips the look, a stat a page, as its rebuilds write in place and link nothing)."""
        config = self.config
        if self._renderer is None:
            self._renderer = SiteRenderer(config, search=self._show_search())
        renderer = self._renderer
        progress("render", 0, len(stories))
        signature = f"{folder_signature(config.templates_dir)}|{page_settings(config)}"  # what pages show
        for path, data in renderer.site_files([story for _, story in stories]).items():
            add(path, data)
        keep: set[str] = set()
        written = self._written or {}
        output = f"{config.output_dir}{os.sep}"
        fresh: dict[StoryKey, tuple[str, list[str]]] = {}
        todo: list[int] = []
        for i, (key, _) in enumerate(stories):
            previous = self._story_pages.get(key)
            if previous and previous[0] == signature and all(
                p in written and (not check_disk or os.path.isfile(output + p)) for p in previous[1]
            ):
                keep.update(previous[1])
                fresh[key] = previous
            else:
                todo.append(i)

        def render_one(k: int) -> dict[str, bytes] | str:
            try:
                return renderer.story_files(stories[todo[k]][1])
            except TemplateError as exc:  # reported in this process, with its template and line
                return f"{type(exc).__name__}|{exc}"

        counter = stage_counter(progress, "render", len(stories), len(stories) - len(todo))
        for i, pages in zip(todo, parallel_map(render_one, len(todo), self.workers, counter), strict=True):
            if isinstance(pages, str):
                renderer.story_files(stories[i][1])  # raises the template error here, with its details
            assert isinstance(pages, dict)
            for path, data in pages.items():
                add(path, data)
            fresh[stories[i][0]] = (signature, list(pages))
        progress("render", len(stories), len(stories))
        self._story_pages = fresh
        return keep

    def build(
        self,
        progress: Progress = _noop,
        write: bool = True,
        strict: bool = False,
        in_place: bool = False,
        save_cache: bool = True,
        changes: Collection[Path] | None = None,
    ) -> BuildResult:
        """Build the site into ``config.output_dir``; with ``strict``, any warning fails it.

        The output is swapped in whole (unchanged pages hard-linked from the old output), unless
        ``in_place``: then changed files are replaced one by one, as ``watch`` does. ``changes``:
        the content paths a watcher saw change since the last build (only they are looked at
        again); None to look at every file.
        """
        with collector_paused():
            return self._build(progress, write, strict, in_place, save_cache, changes)

    def _build(
        self,
        progress: Progress,
        write: bool,
        strict: bool,
        in_place: bool,
        save_cache: bool,
        changes: Collection[Path] | None,
    ) -> BuildResult:
        config = self.config
        started = clock = time.perf_counter()
        result = BuildResult(output=config.output_dir)

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            result.timings[stage] = now - clock
            clock = now

        if not config.content_dir.is_dir():
            raise BuildError(f"content folder {config.content_dir} does not exist (create it, or set [paths] content)")
        if write:
            check_output(config)  # the builder replaces everything in it: never a folder of the user's
            recover(config.output_dir)  # a swap a kill cut short: the old site back before its slugs are read
        manifest = None
        if self.cache_file is not None and write and not in_place:
            manifest = cache.content_manifest(config, self._cache_identity(), self.search)
            up_to_date = self._up_to_date(manifest, started)
            if up_to_date is not None:
                if strict and up_to_date.warnings:
                    n = len(up_to_date.warnings)
                    raise BuildError(f"{n} warning{'' if n == 1 else 's'} with --strict; nothing written", up_to_date.warnings)
                return up_to_date
        if not self._loaded:
            self.load_cache()
        if not config.output_dir.is_dir():
            self._written = None
        articles, result.files, warnings = self.read_articles(progress, changes)
        result.articles = len(articles)
        result.warnings.extend(warnings)
        lap("read")
        sources, warnings, key_of = self._make_sources(articles, progress)
        result.warnings.extend(warnings)
        # The site's articles and sources live as long as the build (or the watch session) and
        # form no reference cycles: moving them out of the cyclic collector's sight stops full
        # collections from walking millions of objects again and again on a large site. (On a
        # small site there is nothing to gain, and freezing would keep the odd cycle forever.)
        freeze = len(articles) >= FREEZE_MIN_ARTICLES
        if freeze:
            gc.freeze()
        lap("clean")
        published, warnings = previous_slugs(config.output_dir)  # untrusted: validated there
        result.warnings.extend(warnings)
        # the slugs as last built (the cache: a CI job may keep .cache/ and start from an empty
        # public/), and as last published
        previous = {s.id: story.slug for story in self._stories.values() for s in story.sources} | published
        moved, warnings = redirects.published(config.output_dir)  # likewise
        result.warnings.extend(warnings)
        keyed, warnings = self._make_stories(sources, key_of, progress, exact=not in_place)
        result.warnings.extend(warnings)
        result.stories = len(keyed)
        result.facts = sum(len(s.facts) for _, s in keyed)
        result.conflicts = sum(s.conflicts for _, s in keyed)
        live = ((s.slug, (x.id for x in s.sources)) for _, s in keyed)
        self._redirects = redirects.follow(previous, live, {**moved, **self._redirects})
        if freeze:
            gc.freeze()
        lap("align")
        result.notes = site_notes(config)  # a feed and sitemap the settings keep out
        if strict and result.warnings:
            n = len(result.warnings)
            raise BuildError(f"{n} warning{'' if n == 1 else 's'} with --strict; nothing written", result.warnings)
        writer = OutputWriter(config.output_dir, self._written, in_place) if write else None
        try:
            add = writer.add if writer is not None else lambda path, data: None
            add(MARKER, MARKER_TEXT)  # marks the folder as the builder's (builder.output)
            keep = self._render(keyed, add, progress, check_disk=writer is not None and not writer.in_place)
            titles = {s.slug: s.title for _, s in keyed}
            for old, new in self._redirects.items():
                add(story_path(old), redirects.redirect_page(config, old, new, titles[new]))
            if self._redirects:
                add(redirects.FILE, redirects.listing(self._redirects))
            lap("render")
            if writer is not None:
                progress("write", 0, None)
                writer.keep(keep)
                self._publish(writer, result)
        except TemplateSyntaxError as exc:
            self._renderer = None
            raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from exc
        except TemplateError as exc:
            self._renderer = None
            raise BuildError(f"rendering failed in a template: {type(exc).__name__}: {exc}") from exc
        finally:
            if writer is not None:
                writer.abort()  # after a failure: drop what was not published
        lap("write")
        self._unsaved = self._unsaved or write
        if save_cache and self.cache_file is not None:
            progress("cache", 0, None)
            self.save_cache()
        if manifest is not None and self.cache_file is not None:
            stamps = self._stamps if save_cache else cache.output_stamps(config.output_dir)
            figures = {k: getattr(result, k) for k in ("files", "articles", "stories", "facts", "conflicts", "warnings")}
            cache.write_manifest(self.cache_file, manifest, figures, stamps)
        if writer is not None:
            writer.wait()
        lap("cache")
        result.seconds = time.perf_counter() - started
        return result

    def _publish(self, writer: OutputWriter, result: BuildResult) -> None:
        """Commit the written files, with a search index when search is on and the one on disk
        is missing or older than the pages; note what it did in ``result``."""
        output = self.config.output_dir
        problems: list[str | None] = []  # one entry when the indexer ran: None if it worked
        reindex = self.search and not self._index_current()

        def index(site_dir: Path) -> None:
            problems.append(index_site(site_dir))

        result.pages = writer.commit(index if self.search else None, refresh=reindex)
        self._written = writer.hashes
        result.indexed = problems == [None]
        result.warnings.extend(p for p in problems if p)
        if problems:
            self._index_for = cache.pages_signature(self._written) if result.indexed else None
        elif not (output / BUNDLE / "pagefind.js").is_file():
            self._index_for = None  # a fresh folder swapped in without one

    def _up_to_date(self, manifest: dict[str, object], started: float) -> BuildResult | None:
        """The last build's result when nothing the site is made of has changed since, and the
        output folder holds exactly what it left (search index included); else None."""
        assert self.cache_file is not None
        last = cache.read_manifest(self.cache_file)
        if last is None or last[0] != manifest or not cache.output_unchanged(self.config.output_dir, last[2]):
            return None
        try:
            result = BuildResult(output=self.config.output_dir, **last[1])
        except TypeError:  # a manifest from another version
            return None
        result.timings["check"] = result.seconds = time.perf_counter() - started
        return result


def build_site(
    config: SiteConfig,
    progress: Progress = _noop,
    write: bool = True,
    strict: bool = False,
    search: bool = False,
    cache_file: Path | None = None,
    workers: int = 1,
) -> BuildResult:
    """Build the whole site into ``config.output_dir``; ``search`` runs Pagefind, ``cache_file``
    keeps what the next build can reuse, ``workers`` processes share the work."""
    return SiteBuilder(config, search=search, cache_file=cache_file, workers=workers).build(progress, write, strict)
