"""The build cache between runs (``.cache/build.pickle``), and what it knows about the output.

One truth about the output folder: whatever a run leaves in it — ``build``, or ``watch`` and
``serve`` writing pages in place, or a hand that deletes a file — the next run compares the
folder with what the cache recorded (each file's size, modification time and inode, taken when
the cache was saved) and trusts only the files that match. A page that differs is rendered and
written again; a search index that is gone or older than the pages is made again.

The manifest beside the cache (``build.pickle.manifest.json``) lets a ``build`` of an unchanged
site stop early: it holds what the site was made of (code, settings, templates, each content
file's stamp) and the output's stamps, so "up to date" is said only when both still match.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .read import discover
from .search import BUNDLE
from .swap import STAGING_PREFIX

#: bumped whenever the saved state changes shape
CACHE_VERSION = 3

#: (size, modification time in ns, inode) of one output file
Stamp = tuple[int, int, int]


@functools.cache
def code_fingerprint() -> str:
    """A hash of the builder's own code and templates: a cache from other code is not used.
    (Read once per process: the code does not change under a running build.)"""
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(str(CACHE_VERSION).encode(), digest_size=16)
    for path in sorted([*here.rglob("*.py"), *here.glob("templates/*"), *here.glob("static/*")]):
        h.update(path.relative_to(here).as_posix().encode())  # subpackages too (builder/align/)
        h.update(path.read_bytes())
    return h.hexdigest()


def folder_signature(*folders: Path) -> str:
    """Names, sizes and times of the files in template folders: changes when a template does."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    st = path.stat()
                    h.update(f"{path}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def output_stamps(output_dir: Path) -> dict[str, Stamp]:
    """Every regular file under the output folder (relative POSIX path → stamp), symbolic links
    not followed: what is on disk now, to compare with what a build left."""
    stamps: dict[str, Stamp] = {}
    stack = [(str(output_dir), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    rel = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, rel + "/"))
                    elif entry.is_file(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        stamps[rel] = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            continue  # a folder that vanished or cannot be read holds nothing we can trust
    return stamps


def pages_signature(written: dict[str, str] | None) -> str:
    """One hash of every page the output holds (path → content hash): a search index made for
    these pages is current exactly while this stays the same."""
    h = hashlib.blake2b(digest_size=16)
    for path, digest in sorted((written or {}).items()):
        h.update(f"{path}\0{digest}\n".encode())
    return h.hexdigest()


def index_on_disk(output_dir: Path, recorded: dict[str, Stamp], now: dict[str, Stamp]) -> bool:
    """Whether the search index the cache recorded is on disk as it was left."""
    prefix = BUNDLE + "/"
    files = [p for p in recorded if p.startswith(prefix)]
    return bool(files) and f"{prefix}pagefind.js" in now and all(now.get(p) == recorded[p] for p in files)


@dataclass
class Saved:
    """What one run leaves for the next (see :class:`~builder.build.SiteBuilder` for each part)."""

    read: dict[str, Any] = field(default_factory=dict)
    sources: dict[Any, Any] = field(default_factory=dict)
    groups: Any = None
    stories: dict[Any, Any] = field(default_factory=dict)
    story_pages: dict[Any, Any] = field(default_factory=dict)
    #: what the output folder holds: path → content hash (None: unknown)
    written: dict[str, str] | None = None
    #: the output's files as they were when this was saved
    stamps: dict[str, Stamp] = field(default_factory=dict)
    #: :func:`pages_signature` of the pages the search index on disk was made for
    index_for: str | None = None
    #: old story slug → the slug of the story it became, for the redirect pages
    redirects: dict[str, str] = field(default_factory=dict)


def load(cache_file: Path | None, identity: tuple[object, ...]) -> Saved | None:
    """The saved state, if it is there, readable, and made by this code for this site."""
    if cache_file is None or not cache_file.is_file():
        return None
    try:
        with open(cache_file, "rb") as fh:
            saved_identity, saved = pickle.load(fh)
    except Exception:  # noqa: BLE001 — a stale or broken cache is simply rebuilt
        return None
    if saved_identity != identity or not isinstance(saved, Saved):
        return None
    return saved


def save(cache_file: Path, identity: tuple[object, ...], saved: Saved) -> None:
    """Write the state atomically (a reader sees the old cache or the new one)."""
    tmp = cache_file.with_name(cache_file.name + f".{os.getpid()}.tmp")
    try:  # a folder that cannot hold the cache (read-only root) only costs the next run time
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump((identity, saved), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def trusted_output(saved: Saved, output_dir: Path) -> tuple[dict[str, str] | None, bool]:
    """The part of ``saved.written`` still on disk as it was left, and whether the search index
    is: a file changed or deleted since (by hand, or by a ``serve`` stopped before it could save)
    is not trusted, so the build writes it again."""
    if saved.written is None or not output_dir.is_dir():
        return None, False
    now = output_stamps(output_dir)
    recorded = saved.stamps
    written = {p: h for p, h in saved.written.items() if p in now and now[p] == recorded.get(p)}
    # a file no build wrote (put there by hand): of unknown content, so the build replaces it
    # or, as it makes no such file, removes it — every build makes the whole folder its site
    # (the search index is looked after on its own; a staging folder by the writer)
    for path in now.keys() - saved.written.keys():
        if not path.startswith((BUNDLE + "/", STAGING_PREFIX)):
            written[path] = ""
    return written, index_on_disk(output_dir, recorded, now)


# --- the up-to-date check ------------------------------------------------------------------


def content_manifest(config: SiteConfig, identity: tuple[object, ...], search: bool) -> dict[str, object]:
    """What the site is made of: code, settings, templates and each content file's stamp."""
    paths, warnings = discover(config.content_dir)
    stamps = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        stamps.append([path.relative_to(config.content_dir).as_posix(), st.st_mtime_ns, st.st_size, st.st_ino])
    return {
        "identity": [str(x) for x in identity],
        "search": search,
        "config": repr(config),
        "templates": folder_signature(config.templates_dir),
        "files": stamps,
        "discover": warnings,
    }


def manifest_file(cache_file: Path) -> Path:
    return cache_file.with_name(cache_file.name + ".manifest.json")


def read_manifest(cache_file: Path) -> tuple[dict[str, object], dict[str, Any], dict[str, list[int]]] | None:
    """The last build's manifest, the figures of its result and the output's stamps it left."""
    try:
        data = json.loads(manifest_file(cache_file).read_text(encoding="utf-8"))
        result, output = data.pop("result"), data.pop("output")
        if not isinstance(result, dict) or not isinstance(output, dict):
            return None
        return data, result, output
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None


def write_manifest(cache_file: Path, manifest: dict[str, object], result: dict[str, Any], stamps: dict[str, Stamp]) -> None:
    data = {**manifest, "result": result, "output": stamps}
    with contextlib.suppress(OSError):
        manifest_file(cache_file).write_text(json.dumps(data), encoding="utf-8")


def drop_manifest(cache_file: Path | None) -> None:
    """Forget the up-to-date record: the output changed in a way it does not describe."""
    if cache_file is not None:
        with contextlib.suppress(OSError):
            manifest_file(cache_file).unlink()


def output_unchanged(output_dir: Path, recorded: dict[str, list[int]]) -> bool:
    """Whether the output folder holds exactly the files, unchanged, that the last build left."""
    now = output_stamps(output_dir)
    return bool(now) and now.keys() == recorded.keys() and all(list(now[p]) == recorded[p] for p in now)
