"""Writing the site: files published so that a failed or killed build never leaves a broken site.

:class:`OutputWriter` takes the rendered files one at a time: into a fresh folder swapped in
place of the output folder at the end (:mod:`.swap`), or, for a rebuild that changes few files,
staged until all are written and then renamed into place. A write that fails (disk full,
read-only folder, busy mount) is one :class:`WriteError` naming the path and the cause, and the
published site is as it was.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import posixpath
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import BuildError
from .swap import new_prefix, recover_output, staging_prefix, swap_in

__all__ = ["HELD_MAX_BYTES", "HELD_MAX_FILES", "OutputWriter", "WriteError", "recover"]


class WriteError(BuildError):
    """The site could not be written; the message names the path and the cause, and the
    published site is the previous one."""


#: a word more than the system's message where it does not say what to do
_HINTS = {
    errno.EBUSY: " (is it a mount point? A build replaces the whole folder: mount the folder above it instead)",
    errno.EXDEV: " (it is on another file system than the folder above it: mount the folder above it instead)",
}


@contextlib.contextmanager
def _failing_as(path: Path, doing: str = "cannot write") -> Iterator[None]:
    """Turn an OSError into a :class:`WriteError` naming ``path`` (the page or folder the user
    knows, not a temporary name) and the system's reason."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteError(f"{doing} {path}: {reason}{_HINTS.get(exc.errno or 0, '')}") from None


def recover(output_dir: Path) -> None:
    """:func:`~builder.swap.recover_output`, its failure a :class:`WriteError`."""
    with _failing_as(output_dir, "cannot restore the site an interrupted build left aside as"):
        recover_output(output_dir)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


#: A build of a site whose published files it knows (from the build cache) that changes at most
#: this many files, or bytes, writes them where they are when everything is rendered, instead
#: of assembling a new output folder: after one new article that is a handful of pages, and
#: linking every other page into a new folder and deleting the old one cost seconds on a large
#: site (16,700 files at 10,000 articles).
HELD_MAX_FILES = 500
HELD_MAX_BYTES = 64 << 20


class OutputWriter:
    """Takes the site's files one at a time and publishes them.

    By default into a fresh folder beside the output folder, swapped in place of it by
    :meth:`commit` in one step (:func:`~builder.swap.swap_in`), so a failed or killed build
    leaves the previous site whole; unchanged files of the old output are hard-linked, not
    rendered again.

    When the files the output folder holds are known (``written``) and a build changes few of
    them (:data:`HELD_MAX_FILES`), the changes are held in memory; with ``in_place`` (``watch``)
    each changed file is written at once, but to a hidden staging folder inside the output
    folder. Either way :meth:`commit` first writes everything it will publish — every page into
    the staging folder, every new folder made — and only then renames the pages into place,
    each atomically, deepest paths first, the site-wide pages (index, feed) last and stale files
    after them, so the site never links to a page not yet written. A write that fails before
    the renames (the disk full, a read-only folder) leaves the published site exactly as it was:
    no orphan page of a story the index does not list. A build killed during the renames leaves
    whole pages, and the next build completes the set; the staging folder a kill leaves is
    removed by the next build. Once held changes outgrow the limits, or a search index has to
    be made, the build goes on into a fresh folder as above.
    """

    def __init__(self, output_dir: Path, written: dict[str, str] | None, in_place: bool = False) -> None:
        self.output_dir = output_dir
        self.written = written or {}
        self.in_place = in_place and written is not None and output_dir.is_dir()
        with _failing_as(output_dir.parent):
            output_dir.parent.mkdir(parents=True, exist_ok=True)
        recover(output_dir)
        self.hashes: dict[str, str] = {}  #: path → hash of every file of the new site
        self.changed = 0
        self._removal: threading.Thread | None = None
        self._folders: set[str] = set()  #: folders of the new site made so far
        #: changed files not yet written (None: not holding; writing to ``self.dir``)
        self._held: dict[str, bytes] | None = None
        self._held_bytes = 0
        self._untouched: list[str] = []  #: files held back as they are on disk (linked if going fresh)
        self._fresh: Path | None = None  #: the new folder this build assembles, if any
        self._staging: Path | None = None  #: where pages to be renamed into place wait
        self._staged: dict[str, Path] = {}  #: path in the site → its staged file
        self._made: list[Path] = []  #: folders made in the published site for staged pages
        if self.in_place:
            self.dir = output_dir
        elif written is not None and output_dir.is_dir():
            self._held, self.dir = {}, output_dir
        else:
            self._start_fresh()
        self.root = output_dir.resolve()  #: where pages written in place must stay

    def _start_fresh(self) -> None:
        parent = self.output_dir.parent
        with _failing_as(parent, f"cannot assemble the new site beside {self.output_dir.name}/ in"):
            self._fresh = self.dir = Path(tempfile.mkdtemp(prefix=new_prefix(self.output_dir), dir=parent))
            # mkdtemp makes a private folder (0700); published, it must be readable by a web server
            os.chmod(self.dir, 0o777 & ~_umask())
        self._folders.clear()

    def add(self, path: str, data: bytes) -> None:
        digest = self.hashes[path] = _digest(data)
        unchanged = self.written.get(path) == digest
        if self.in_place and unchanged and (self.dir / path).is_file():
            return
        self.changed += not unchanged
        # a slug can never lead outside; belt and braces. A fresh folder made by this build
        # holds no symbolic links, so a check of the path's text is enough there (resolving
        # every path cost a dozen system calls a file on a large site).
        rel = posixpath.normpath(path)
        if rel.startswith(("/", "../")) or rel in (".", ".."):
            raise BuildError(f"refusing to write outside the output folder: {path}")
        target = self.dir / rel
        if (self.in_place or self._held is not None) and not target.resolve().is_relative_to(self.root):
            raise BuildError(f"refusing to write outside the output folder: {path}")
        if self._held is not None:
            if unchanged and _holds(target, data):
                self._untouched.append(rel)
                return
            self._held[rel] = data
            self._held_bytes += len(data)
            if len(self._held) > HELD_MAX_FILES or self._held_bytes > HELD_MAX_BYTES:
                self._go_fresh()
            return
        if self.in_place:
            self._stage(rel, data)
            return
        self._write(rel, data)

    def _write(self, rel: str, data: bytes) -> None:
        """Write a file of the new site into the fresh folder no one reads yet."""
        with _failing_as(self.output_dir / rel):
            self._make_folder(rel)
            with open(self.dir / rel, "wb") as fh:
                fh.write(data)

    def _stage(self, rel: str, data: bytes) -> None:
        """Write a page to be renamed into place by :meth:`commit` into the staging folder."""
        with _failing_as(self.output_dir / rel):
            if self._staging is None:
                self._staging = Path(tempfile.mkdtemp(prefix=staging_prefix(), dir=self.output_dir))
            staged = self._staged.get(rel) or self._staging / str(len(self._staged))
            with open(staged, "wb") as fh:
                # a published page is as open() would make it, whatever the staging folder's mode
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
                fh.write(data)
            self._staged[rel] = staged

    def _make_folder(self, rel: str) -> None:
        """Make the folder of a file of the new site (once per folder)."""
        folder = posixpath.dirname(rel)
        if folder not in self._folders:
            (self.dir / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def _go_fresh(self) -> None:
        """Stop holding: assemble the new site in a fresh folder from here on."""
        held, untouched = self._held or {}, self._untouched
        self._held, self._untouched = None, []
        self._start_fresh()
        for rel, data in held.items():
            self._write(rel, data)
        self._link(untouched)

    def keep(self, paths: Iterable[str]) -> None:
        """Files of the old output that stay as they are."""
        paths = list(paths)
        for path in paths:
            self.hashes[path] = self.written[path]
        if self._held is not None:
            self._untouched.extend(paths)
        elif not self.in_place:
            self._link(paths)

    def _link(self, paths: Iterable[str]) -> None:
        for path in paths:
            target = self.dir / path
            with _failing_as(self.output_dir / path):
                self._make_folder(path)
                try:
                    os.link(self.output_dir / path, target)
                except OSError as exc:
                    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                        raise
                    shutil.copy2(self.output_dir / path, target)

    def commit(self, finish: Callable[[Path], None] | None = None, refresh: bool = False) -> int:
        """Publish; returns how many files changed. ``finish`` runs on a fresh folder before
        the swap (the search indexer), so what it adds is published with the pages;
        ``refresh``: run it even when no page changed (the search index is missing or stale)."""
        stale = set(self.written) - set(self.hashes)
        if self._held is not None and finish is not None and (self._held or stale or refresh):
            self._go_fresh()
        if self._held is not None:
            held, self._held = self._held, None
            for rel, data in held.items():
                self._stage(rel, data)
        if self._fresh is None:
            self._publish_staged()
            self._remove(stale)
            return self.changed + len(stale)
        if self.written and not self.changed and not stale and not refresh and self.output_dir.is_dir():
            self.abort()  # the output folder already is this site
            return 0
        try:
            if finish is not None:
                finish(self.dir)
            with _failing_as(self.output_dir, "cannot put the new site in place of"):
                old = swap_in(self.dir, self.output_dir)
            self._fresh = None
            # The old site is out of sight: delete it while the build saves its cache (deleting
            # tens of thousands of files is system calls, saving is Python — they overlap). Not
            # a daemon thread, so the process cannot exit before it is done; were it killed, the
            # next build's recover_output removes the rest.
            if old is not None:
                self._removal = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True})
                self._removal.start()
        except BaseException:
            self.abort()
            raise
        return self.changed + len(stale)

    def _publish_staged(self) -> None:
        """Rename the staged pages into place: every folder they need made first (a failure
        there is undone), then the pages deepest first, the site-wide ones last."""
        staged, self._staged = self._staged, {}
        if not staged:
            self._drop_staging()
            return
        for rel in staged:
            with _failing_as(self.output_dir / posixpath.dirname(rel)):
                self._make_live_folder(posixpath.dirname(rel))
        for rel in sorted(staged, key=lambda r: (-r.count("/"), r)):
            with _failing_as(self.output_dir / rel):
                os.replace(staged[rel], self.output_dir / rel)
        self._made = []
        self._drop_staging()

    def _make_live_folder(self, folder: str) -> None:
        """Make a folder of the published site (and its missing parents), remembering each made
        so that :meth:`abort` can take them away again."""
        if not folder or folder in self._folders:
            return
        missing: list[Path] = []
        path = self.output_dir / folder
        while path != self.output_dir and not path.is_dir():
            missing.append(path)
            path = path.parent
        for path in reversed(missing):
            path.mkdir()
            self._made.append(path)
        self._folders.add(folder)

    def _drop_staging(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def _remove(self, stale: Iterable[str]) -> None:
        for path in stale:
            with contextlib.suppress(OSError):
                if not (self.output_dir / path).parent.resolve().is_relative_to(self.root):
                    continue  # a folder of the site replaced by a link: never delete through it
                (self.output_dir / path).unlink()
                parent = (self.output_dir / path).parent  # drop a deleted story's empty folders
                while parent != self.output_dir and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent

    def wait(self) -> None:
        """Until the old site that :meth:`commit` replaced is deleted."""
        if self._removal is not None:
            self._removal.join()

    def abort(self) -> None:
        """Drop what is not published: held or staged changes (and the folders made for them),
        or the fresh folder. No published page is touched here."""
        self._held = {} if self._held is not None else None
        self._staged = {}
        self._drop_staging()
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only while empty: a page renamed into it stays published
        self._made = []
        if self._fresh is not None:
            shutil.rmtree(self._fresh, ignore_errors=True)
            self._fresh = None


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds ``data`` (one the cache says is unchanged may have
    been edited or deleted by hand since)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


@functools.cache
def _umask() -> int:
    """The process's umask (read once: it can only be read by setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
