"""Writing the site: files published so that a failed or killed build never leaves a broken site.

:class:`OutputWriter` takes the rendered files one at a time: into a fresh folder swapped in
place of the output folder at the end, or, for a rebuild that changes few files, held until all
are rendered and then replaced where they are, each atomically.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import posixpath
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import BuildError

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
    :meth:`commit`, so a failed or killed build leaves the previous site whole; unchanged files
    of the old output are hard-linked, not rendered again. With ``in_place`` (``watch``), each
    changed file is replaced atomically where it is and stale ones are removed — a reader sees
    an old page or a new one, never half of one.

    When the files the output folder holds are known (``written``) and a build changes few of
    them (:data:`HELD_MAX_FILES`), the changes are held in memory and only :meth:`commit`
    replaces them where they are, atomically one by one: deepest paths first, the site-wide
    pages (index, feed) last and stale files after them, so the site never links to a page not
    yet written. A failed build has touched nothing; a build killed during those few writes
    leaves whole pages, and the next build completes the set. Once the changes outgrow the
    limits, or a search index has to be made, the build goes on into a fresh folder as above.
    """

    def __init__(self, output_dir: Path, written: dict[str, str] | None, in_place: bool = False) -> None:
        self.output_dir = output_dir
        self.written = written or {}
        self.in_place = in_place and written is not None and output_dir.is_dir()
        if not self.in_place:
            output_dir.parent.mkdir(parents=True, exist_ok=True)
            recover_output(output_dir)
        self.hashes: dict[str, str] = {}  #: path → hash of every file of the new site
        self.changed = 0
        self._removal: threading.Thread | None = None
        self._folders: set[str] = set()  #: folders of the new site made so far
        #: changed files not yet written (None: not holding; writing to ``self.dir``)
        self._held: dict[str, bytes] | None = None
        self._held_bytes = 0
        self._untouched: list[str] = []  #: files held back as they are on disk (linked if going fresh)
        self._fresh: Path | None = None  #: the new folder this build assembles, if any
        if self.in_place:
            self.dir = output_dir
        elif written is not None and output_dir.is_dir():
            self._held, self.dir = {}, output_dir
        else:
            self._start_fresh()
        self.root = output_dir.resolve()  #: where pages written in place must stay

    def _start_fresh(self) -> None:
        self._fresh = self.dir = Path(
            tempfile.mkdtemp(prefix=f".{self.output_dir.name}.new-", dir=self.output_dir.parent)
        )
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
        self._write(rel, data)

    def _write(self, rel: str, data: bytes) -> None:
        """Write a file of the new site: plainly into a fresh folder no one reads yet, atomically
        into the published one."""
        self._make_folder(rel)
        if self._fresh is None:
            _replace(self.dir / rel, data)
            return
        with open(self.dir / rel, "wb") as fh:
            fh.write(data)

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
            self._make_folder(path)
            target = self.dir / path
            try:
                os.link(self.output_dir / path, target)
            except OSError:
                shutil.copy2(self.output_dir / path, target)

    def commit(self, finish: Callable[[Path], None] | None = None) -> int:
        """Publish; returns how many files changed. ``finish`` runs on a fresh folder before
        the swap (the search indexer), so what it adds is published with the pages."""
        stale = set(self.written) - set(self.hashes)
        if self._held is not None and finish is not None and (self._held or stale):
            self._go_fresh()
        if self._held is not None:
            held, self._held = self._held, None
            for rel in sorted(held, key=lambda r: (-r.count("/"), r)):  # the site-wide pages last
                self._write(rel, held[rel])
            self._remove(stale)
            return self.changed + len(stale)
        if self.in_place:
            self._remove(stale)
            return self.changed + len(stale)
        if self.written and not self.changed and not stale and self.output_dir.is_dir():
            self.abort()  # the output folder already is this site
            return 0
        try:
            if finish is not None:
                finish(self.dir)
            old = self.output_dir.parent / f".{self.output_dir.name}.old-{os.getpid()}"
            if self.output_dir.exists():
                os.rename(self.output_dir, old)
            os.rename(self.dir, self.output_dir)
            self._fresh = None
            # The old site is out of sight: delete it while the build saves its cache (deleting
            # tens of thousands of files is system calls, saving is Python — they overlap). Not
            # a daemon thread, so the process cannot exit before it is done; were it killed, the
            # next build's recover_output removes the rest.
            self._removal = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True})
            self._removal.start()
        except BaseException:
            self.abort()
            raise
        return self.changed + len(stale)

    def _remove(self, stale: Iterable[str]) -> None:
        for path in stale:
            with contextlib.suppress(OSError):
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
        """Drop what is not published: held changes, or the fresh folder (the output folder
        itself is never touched here)."""
        self._held = {} if self._held is not None else None
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


def _replace(target: Path, data: bytes) -> None:
    """Write ``target`` atomically: a reader sees the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        # mkstemp makes a private file (0600); a published page is as open() would make it
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
