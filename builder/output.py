"""Whether a folder may be the output folder: the builder replaces everything in it, so it must
be a folder the builder owns.

A build swaps a new folder in place of the output folder and deletes the old one whole, so any
file of the user's in it would be lost. The builder therefore writes only into a folder that is
missing, empty, or one it wrote itself — marked by :data:`MARKER`, or, for sites built before
the marker existed, holding a previous build's ``stories.json`` and ``index.html``. It never
writes into or around the site's own folders (content, templates, ``.git``, the cache) or
``site.toml``, over a file, or through a symbolic link.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .safeopen import TooLargeError, UnsafeFileError, read_regular

#: the file every build writes into the output folder: "this folder is the builder's"
MARKER = ".digest-output"
MARKER_TEXT = (
    b"This folder is written by the digest builder (python -m builder build).\n"
    b"Every build replaces all of its contents: keep no other files here.\n"
)
#: what a build by a version without the marker always wrote at the top of the output folder
_PREVIOUS_BUILD = ("stories.json", "index.html")


class OutputFolderError(Exception):
    """The output folder is not one the builder may write; the message names it and why."""


def _inside(path: Path, other: Path) -> bool:
    return path == other or path.is_relative_to(other)


def output_problem(config: SiteConfig) -> str | None:
    """Why the builder must not write ``config.output_dir``, or None when it may."""
    out = Path(os.path.abspath(config.output_dir))
    if out.is_symlink():
        return f"output folder {out} is a symbolic link; give the real folder"
    if out.exists() and not out.is_dir():
        return f"output folder {out} is a file, not a folder"
    real = out.resolve()  # a link further up is the user's own layout: compare where it leads
    root = config.root.resolve()
    if _inside(root, real):
        return f"output folder {out} holds the site itself; use a folder of its own, such as {root / 'public'}"
    if ".git" in real.parts:
        return f"output folder {out} is (or is inside) a .git folder"
    protected = [
        ("the content folder", config.content_dir),
        ("the templates folder", config.templates_dir),
        ("the .git folder", root / ".git"),
        ("the build cache", root / ".cache"),
    ]
    if config.path is not None:
        protected.append(("site.toml", config.path))
    for name, path in protected:
        where = path.resolve()
        if _inside(real, where) or _inside(where, real):
            return f"output folder {out} overlaps {name} ({where}); use a folder of its own, such as {root / 'public'}"
    parent = real.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"output folder {out} cannot be made: {parent} is a file"
    if not real.exists():
        return None
    try:
        names = set(os.listdir(real))
    except OSError as exc:
        return f"output folder {out} cannot be read ({exc.strerror})"
    if not names or MARKER in names or all(name in names for name in _PREVIOUS_BUILD):
        return None
    shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
    return (
        f"output folder {out} holds files the builder did not write ({shown}); a build replaces "
        "everything in it. Choose a new or empty folder, or empty this one"
    )


def check_output(config: SiteConfig) -> None:
    """Raise :class:`OutputFolderError` unless the builder may write ``config.output_dir``."""
    problem = output_problem(config)
    if problem is not None:
        raise OutputFolderError(problem)


# --- what the builder reads back from its output ------------------------------------------------

#: a slug or source id as the builder makes them (read.slugify): nothing else names a folder
PLAIN_NAME = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,198}[a-z0-9])?")
#: stories.json of a very large site stays far below this; more is not the builder's
_STORIES_LIMIT = 64 * 1024 * 1024


def read_published(path: Path, output_dir: Path, key: str, kind: type, consequence: str, limit: int) -> tuple[Any, list[str]]:
    """The ``key`` entry of a JSON file an earlier build published in ``output_dir``, read as
    untrusted input (a regular file, not through a link, at most ``limit`` bytes), and warnings:
    None with a warning ending in ``consequence`` when it is not what the builder writes (a
    ``{key: kind}`` object); None and no warning when there is no such file."""
    what = f"a {key} list"
    try:
        data = json.loads(read_regular(path, output_dir, limit))
    except FileNotFoundError:
        return None, []
    except (OSError, ValueError, TooLargeError, RecursionError) as exc:
        problem = exc.problem if isinstance(exc, UnsafeFileError) else f"not {what} ({type(exc).__name__})"
        return None, [f"{path}: {problem}; {consequence}"]
    entry = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entry, kind):
        return None, [f"{path}: not {what}; {consequence}"]
    return entry, []


def previous_slugs(output_dir: Path) -> tuple[dict[str, str], list[str]]:
    """Source id → story slug from the last build's ``stories.json``, and warnings.

    The file is read back as untrusted input: anyone who can write ``public/`` can edit it, and a
    slug names a folder the build writes. An entry whose slug or source is not a plain name as
    the builder makes them (a list, a NUL, ``../``, ``.``), or that claims a slug or a source an
    earlier entry claimed, is ignored with one warning; the stories themselves come from the
    content and are never dropped, they only get a fresh slug.
    """
    path = output_dir / "stories.json"
    stories, warnings = read_published(path, output_dir, "stories", list, "story slugs are made afresh", _STORIES_LIMIT)
    if stories is None:
        return {}, warnings
    entries = [(s.get("slug"), s.get("sources")) if isinstance(s, dict) else (None, None) for s in stories]
    # a slug two entries claim names one story's page for another: trust neither
    claims = Counter(slug for slug, _ in entries if isinstance(slug, str))
    slug_of: dict[str, str] = {}
    bad: list[str] = []
    for slug, sources in entries:
        if not isinstance(slug, str) or not PLAIN_NAME.fullmatch(slug) or claims[slug] > 1 or not isinstance(sources, list):
            bad.append(repr(slug)[:60])
            continue
        for source in sources:
            if isinstance(source, str) and PLAIN_NAME.fullmatch(source) and source not in slug_of:
                slug_of[source] = slug
            else:
                bad.append(repr(source)[:60])
    if not bad:
        return slug_of, []
    more = f" and {len(bad) - 1} more" if len(bad) > 1 else ""
    problem = f"ignored an entry that is not one the builder writes ({bad[0]}{more})"
    return slug_of, [f"{path}: {problem}; those stories get fresh slugs"]
