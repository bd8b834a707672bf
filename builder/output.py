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

import os
from pathlib import Path

from .config import SiteConfig

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
