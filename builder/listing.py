"""The content folder: its listing, and its articles read with a cache.

A full walk of a large content folder costs a stat a file; ``watch`` knows which paths changed,
so its rebuilds update the last listing with just those (and the files of a folder among them).
A file is read again only when its stamp (size, modification time, inode) changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from .models import Article
from .read import SUFFIXES, ReadError, assign_ids, discover, is_ignored, read_file
from .workers import parallel_map, stage_counter


def _apply_change(listed: dict[str, Path], touched: set[str], path: Path, content: Path) -> bool:
    """Bring a listing of the content folder (relative path → path) up to date with one path a
    watcher saw change, noting the relative paths that may have changed in ``touched``. False
    when only a full walk can tell (a symbolic link, the content folder itself, an unreadable
    path)."""
    try:
        rel = path.absolute().relative_to(content).as_posix()
    except ValueError:
        return True  # outside the content folder: not an article
    try:
        if path.is_symlink() or rel == ".":
            return False
        if path.is_dir():  # a folder came: walk just it
            found, trouble = discover(path)
            subs = [p.relative_to(content).as_posix() for p in found]
            listed.update((sub, p) for sub, p in zip(subs, found, strict=True) if _is_article(sub))
            touched.update(subs)
            return not trouble
        if not path.exists():  # a file, or a folder with everything in it, went
            gone = [r for r in listed if r == rel or r.startswith(rel + "/")]
            for r in gone:
                del listed[r]
            touched.update(gone)
            return True
        touched.add(rel)
        if path.is_file() and _is_article(rel):
            listed[rel] = content / rel
        elif _is_article(rel):
            return False  # a FIFO, a device, a socket: the full walk warns about it
        else:
            listed.pop(rel, None)
        return True
    except OSError:
        return False


def _is_article(rel: str) -> bool:
    """Whether a file's relative path names an article :func:`discover` would list."""
    return rel.lower().endswith(SUFFIXES) and not any(is_ignored(part) for part in rel.split("/"))


class ContentListing:
    """The last listing of the content folder: (folder, relative path → path, warnings)."""

    def __init__(self) -> None:
        self._last: tuple[Path, dict[str, Path], list[str]] | None = None

    def update(self, content: Path, changes: Collection[Path] | None) -> tuple[list[str], list[Path], list[str], set[str] | None]:
        """The content files (relative POSIX paths and paths, in the order of a walk), the
        discovery warnings, and the relative paths that may have changed since the last build
        (None: any of them).

        With ``changes`` (the paths a watcher saw change) the last listing is updated with just
        those files — and the files of a folder among them — instead of walking the content folder
        again; a symbolic link or anything unusual among them means a full walk.
        """
        last = self._last
        if changes is not None and last is not None and last[0] == content:
            listed, touched = dict(last[1]), set()
            if all(_apply_change(listed, touched, path, content) for path in changes):
                rels = sorted(listed, key=lambda rel: rel.split("/"))  # as discover walks: folder by folder
                self._last = (content, listed, last[2])
                return rels, [listed[rel] for rel in rels], list(last[2]), touched
        paths, warnings = discover(content)
        rels = [p.relative_to(content).as_posix() for p in paths]
        self._last = (content, dict(zip(rels, paths, strict=True)), warnings)
        return rels, paths, list(warnings), None


#: the read cache: relative path → (the file's stamp when read, the article)
ReadCache = dict[str, tuple[tuple[int, ...], Article]]


def read_content(
    content: Path,
    listing: ContentListing,
    cache: ReadCache,
    changes: Collection[Path] | None,
    workers: int,
    progress: Callable[[str, int, int | None], None],
) -> tuple[list[Article], int, list[str], ReadCache]:
    """Read the content folder: the articles, how many files were found, warnings, and the
    read cache for the next time. A file whose size, modification time and inode are as when
    it was read is not read again; with ``changes`` (a watcher's), files it did not report are
    not even looked at."""
    rels, paths, warnings, touched = listing.update(content, changes)
    ids = assign_ids(rels)
    found: dict[int, tuple[tuple[int, ...], Article | None]] = {}
    todo: list[int] = []
    for i, (path, rel) in enumerate(zip(paths, rels, strict=True)):
        cached = cache.get(rel)
        if touched is not None and rel not in touched and cached and cached[1].id == ids[rel]:
            found[i] = cached  # the watcher saw no change to it: no need to look
            continue
        try:
            st = path.stat()
        except OSError:
            warnings.append(f"{rel}: deleted while the site was being built; skipped")
            continue
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        if cached and cached[0] == stamp and cached[1].id == ids[rel]:
            found[i] = cached
        else:
            found[i] = (stamp, None)
            todo.append(i)

    def read_one(k: int) -> Article | str:
        i = todo[k]
        try:
            return read_file(paths[i], content, ids[rels[i]])
        except ReadError as exc:
            return str(exc)
        except Exception as exc:  # noqa: BLE001 — one file the reader did not foresee must not sink the site
            return f"{rels[i]}: could not be read ({type(exc).__name__}: {exc}); skipped"

    counter = stage_counter(progress, "read", len(paths), len(paths) - len(todo))
    for i, result in zip(todo, parallel_map(read_one, len(todo), workers, counter), strict=True):
        if isinstance(result, Article):
            found[i] = (found[i][0], result)
        else:
            warnings.append(str(result))
            del found[i]
    progress("read", len(paths), len(paths))
    articles: list[Article] = []
    fresh: dict[str, tuple[tuple[int, ...], Article]] = {}
    for i in sorted(found):
        stamp, article = found[i]
        assert article is not None
        fresh[rels[i]] = (stamp, article)
        warnings.extend(article.warnings)
        articles.append(article)
    return articles, len(paths), warnings, fresh
