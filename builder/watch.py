"""``python -m builder watch``: rebuild whenever content, templates or site.toml change.

A watchdog observer (or a polling one, ``--poll``, for network mounts and containers) feeds
changed paths into a queue; a burst of events collapses into one rebuild after a short quiet
period. A watch on a folder ends when the folder is deleted, so ``content/`` and ``templates/``
deleted and made anew are watched again (their parent folders are watched too, and their
identity looked at every second), and the new folder is read whole. The
:class:`~builder.build.SiteBuilder` behind it reuses everything the change did not touch. A
broken ``site.toml`` or template is reported and the last good site stays in place.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

from . import terminal
from .build import BuildError, SiteBuilder
from .config import CONFIG_NAME, ConfigError, SiteConfig, load_config
from .output import OutputFolderError, check_output
from .read import SUFFIXES, is_ignored
from .serve import SiteState

QUIET_SECONDS = 0.05  #: a burst of events ends after this long without a new one
MAX_DELAY_SECONDS = 1.0  #: ...or after this long in all, so a steady trickle still rebuilds
MAX_TOLD_PATHS = 200  #: above this many changed files a rebuild looks at the whole content folder
#: how often the content and templates folders are looked at for having been made anew (events
#: of their parent folders tell at once; this catches a parent no one watches)
FOLDER_CHECK_SECONDS = 1.0


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at ``folder`` now (None when there is none)."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if os.path.isdir(folder) else None


class _Events(FileSystemEventHandler):
    def __init__(self, watcher: SiteWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's listing changed: the file events themselves tell what
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self.watcher.notice(Path(raw if isinstance(raw, str) else raw.decode()), event.is_directory)


class SiteWatcher:
    """Watches a site and rebuilds it; ``state`` tells a preview server what is live."""

    def __init__(self, root: Path, config_path: str | None = None, state: SiteState | None = None, poll: bool = False) -> None:
        self.root = root.resolve()
        self.config_path = config_path
        self.config: SiteConfig = load_config(self.root, config_path)
        check_output(self.config)  # refused at the start, as `build` does; each build checks again
        self.config_file = self.config.path or (self.root / CONFIG_NAME)
        # big rebuilds (the first one, hundreds of files dropped at once) use every core
        self.builder = SiteBuilder(
            self.config, cache_file=self.root / ".cache" / "build.pickle", workers=os.cpu_count() or 1, preview=True
        )
        self.state = state or SiteState()
        self.poll = poll
        self._pending: set[str] = set()
        #: content paths (files and folders) seen changing since the last build
        self._pending_paths: set[Path] = set()
        self._last_event = 0.0
        self._first_event = 0.0
        self._wake = threading.Condition()
        self._stopping = False
        self._observer: Observer | PollingObserver | None = None
        #: the recursive watch on each of the content and templates folders, and which folder it was
        self._watches: dict[Path, tuple[ObservedWatch, tuple[int, int] | None]] = {}
        self._lost: set[Path] = set()  #: watched folders an event said were deleted, moved or made
        self._walk = False  #: the next rebuild reads the whole content folder
        self._thread: threading.Thread | None = None
        self.builds = 0
        self._building = threading.Lock()
        self.last_error: str | None = None

    # --- events ---

    def kind_of(self, path: Path, is_dir: bool) -> str | None:
        """"config", "templates", "content" or None for a path that should not trigger a build."""
        config = self.config
        path = path.absolute()
        if path == self.config_file:
            return "config"
        for ignored in (config.output_dir, self.root / ".cache", self.root / ".git", self.root / ".venv"):
            if path.is_relative_to(ignored):
                return None
        for base, kind in ((config.templates_dir, "templates"), (config.content_dir, "content")):
            if path.is_relative_to(base):
                parts = path.relative_to(base).parts
                if any(is_ignored(p) for p in parts):
                    return None
                if kind == "content" and not is_dir and path.suffix.lower() not in SUFFIXES:
                    return None
                return kind
        return None

    def notice(self, path: Path, is_dir: bool = False) -> None:
        kind = self.kind_of(path, is_dir)
        if kind is None:
            return
        with self._wake:
            if is_dir and path.absolute() in (self.config.content_dir, self.config.templates_dir):
                self._lost.add(path.absolute())  # the folder itself went or came: watch it anew
            now = time.monotonic()
            if not self._pending:
                self._first_event = now
            self._pending.add(kind)
            if kind == "content":
                self._pending_paths.add(path.absolute())  # a folder too: the builder walks it
            self._last_event = now
            self._wake.notify()

    # --- building ---

    def build_now(self, kinds: set[str] | None = None, paths: set[Path] | None = None) -> bool:
        """Rebuild for changes of the given kinds (all when None); False when it failed.
        ``paths``: the content files that changed, when known (only they are looked at again)."""
        with self._building:  # the first build and the rebuild thread never overlap
            return self._build(kinds if kinds is not None else {"config", "templates", "content"}, paths)

    def _build(self, kinds: set[str], paths: set[Path] | None = None) -> bool:
        self.state.begin()
        started = time.perf_counter()
        error: str | None = None
        try:
            if "config" in kinds and self.builds:
                try:
                    config = load_config(self.root, self.config_path)
                except ConfigError as exc:
                    raise BuildError(f"{exc}\n(the last good site is still served)") from None
                self.config = config
                self.builder.set_config(config)
            if "templates" in kinds:
                self.builder.templates_changed()
            # the first build may reuse `build`'s cache and leaves one for the next start; the
            # rebuilds after it stay in memory (saving the cache costs seconds on a big site)
            # only the reported paths are looked at again, unless the burst was big (a walk is
            # as cheap then, and it catches anything an overflowing event queue dropped)
            told = self.builds and "config" not in kinds and paths is not None and len(paths) <= MAX_TOLD_PATHS
            changes = paths if told else None
            result = self.builder.build(in_place=True, save_cache=not self.builds, changes=changes)
        except (BuildError, OutputFolderError) as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 — the watcher must survive anything a build throws
            error = f"unexpected {type(exc).__name__}: {exc}"
        self.builds += 1
        self.last_error = error
        self.state.finish(error)
        if error:
            terminal.error(f"build failed: {error}")
            return False
        for warning in result.warnings:
            terminal.warning(warning)
        if self.builds == 1:  # what the settings leave out: said once, not at every rebuild
            for line in result.notes:
                terminal.notice(line)
        terminal.note(
            f"{time.strftime('%H:%M:%S')} built {terminal.count(result.stories, 'story', 'stories')} "
            f"from {terminal.count(result.articles, 'file')} "
            f"in {time.perf_counter() - started:.2f} s",
        )
        if self.builds == 1:
            self.builder.warm_up()  # the site is live already; this only speeds up the next rebuild
        return True

    def _follow_folders(self) -> None:
        """Watch the content and templates folders again where they were deleted and made anew
        (or moved, or set elsewhere in site.toml): a watch ends with its folder, and a new folder
        of that name is another one. A folder watched anew is read whole by the next rebuild —
        files may have been put in it before its watch began."""
        observer = self._observer
        if observer is None:
            return
        config = self.config
        wanted = {config.content_dir: "content", config.templates_dir: "templates"}
        with self._wake:
            lost, self._lost = self._lost, set()
        for folder in [f for f in self._watches if f not in wanted]:
            self._unwatch(observer, folder)
        for folder, kind in wanted.items():
            now = _identity(folder)
            known = self._watches.get(folder)
            if known is not None and known[1] == now and folder not in lost:
                continue
            if known is None and now is None:
                continue
            self._unwatch(observer, folder)
            if now is not None:
                with contextlib.suppress(OSError):  # gone again already: the next look tries again
                    self._watches[folder] = (observer.schedule(_Events(self), str(folder), recursive=True), now)
            if known is None and now is not None and folder not in lost:
                continue  # watched from the start (see start()): nothing new
            with self._wake:
                stamp = time.monotonic()
                if not self._pending:
                    self._first_event = stamp
                self._pending.add(kind)
                self._last_event = stamp
                self._walk = True

    def _unwatch(self, observer: Observer | PollingObserver, folder: Path) -> None:
        known = self._watches.pop(folder, None)
        if known is not None:
            # the watch may have ended with its folder already
            with contextlib.suppress(Exception):
                observer.unschedule(known[0])

    def _loop(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._pending or self._stopping, timeout=FOLDER_CHECK_SECONDS)
                if self._stopping:
                    return
            self._follow_folders()
            with self._wake:
                if not self._pending:
                    continue
                # let the burst settle: quiet for a moment, but never wait too long in all
                while not self._stopping:
                    now = time.monotonic()
                    quiet_left = self._last_event + QUIET_SECONDS - now
                    total_left = self._first_event + MAX_DELAY_SECONDS - now
                    if quiet_left <= 0 or total_left <= 0:
                        break
                    self._wake.wait(min(quiet_left, total_left))
                if self._stopping:
                    return
                kinds, self._pending = self._pending, set()
                paths, self._pending_paths = self._pending_paths, set()
                walk, self._walk = self._walk, False
            self.build_now(kinds, None if walk else paths)

    # --- lifecycle ---

    def start(self) -> None:
        observer = PollingObserver(timeout=0.5) if self.poll else Observer()
        config = self.config
        self._observer = observer
        self._follow_folders()  # the content and templates folders, recursively
        # the folder holding site.toml, not the file: editors save by replacing the file; and the
        # folders holding content/ and templates/, which tell when those are deleted or made anew
        parents = {self.config_file.parent, config.content_dir.parent, config.templates_dir.parent}
        for parent in parents:
            if parent.is_dir():
                observer.schedule(_Events(self), str(parent), recursive=False)
        observer.start()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="rebuilder")
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        # both are daemon threads: a short wait lets a clean stop finish, and Ctrl-C stays quick
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=0.3)
        if self._thread is not None:
            self._thread.join(timeout=0.3)
        # what the rebuilds wrote becomes known to the next `build`, which starts from it (not
        # while a rebuild is still running: then the next build trusts only what it finds on disk)
        if self._building.acquire(timeout=1.0):
            try:
                self.builder.save_if_changed()
            finally:
                self._building.release()


def run_watch(root: Path, config_path: str | None, poll: bool = False) -> int:
    """The ``watch`` command: build, then rebuild on changes until Ctrl-C."""
    try:
        watcher = SiteWatcher(root, config_path, poll=poll)
    except (ConfigError, OutputFolderError) as exc:
        terminal.error(exc)
        return 2
    try:
        watcher.start()  # watch first: a file saved during the first build is not missed
        watcher.build_now()
        terminal.note(f"Watching {watcher.config.content_dir} — Ctrl-C to stop")
        while True:
            time.sleep(0.2)
    except KeyboardInterrupt:
        terminal.note("Stopping.")
    finally:
        watcher.stop()
    return 0
