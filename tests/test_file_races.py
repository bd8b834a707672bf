"""Files swapped after listing (issue 22, item 5): a link or a FIFO put in place of a listed file
is never followed nor waited on — the open file decides, and the file is skipped with a warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import SiteFactory

BODY = "The regional council approved the new budget on Thursday after a debate that lasted six hours.\n"

# The real CLI, with discovery wrapped so that the swap happens exactly between listing and
# reading (the race the issue found), every time.
SWAP_AFTER_LISTING = """
import os, sys
from pathlib import Path
import builder.listing
from builder.cli import main

real = builder.listing.discover
secret = Path(sys.argv[1])

def discover(folder):
    found, warnings = real(folder)
    content = Path(folder)
    for name in ("to-link.txt", "sub/in-linked-folder.txt"):
        (content / name).unlink()
    os.symlink(secret, content / "to-link.txt")
    os.rename(content / "sub", content / "sub-moved")
    os.symlink(secret.parent, content / "sub")  # a folder on the way replaced by a link
    (content / "to-fifo.txt").unlink()
    os.mkfifo(content / "to-fifo.txt")
    return found, warnings

builder.listing.discover = discover  # where the content folder is listed
sys.argv = ["builder", *sys.argv[2:]]
main()
"""


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, timeout=120)


def test_a_file_swapped_for_a_link_or_a_fifo_after_listing_is_skipped(make_site: SiteFactory, tmp_path: Path) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    secret = outside / "in-linked-folder.txt"
    secret.write_text("SECRET OUTSIDE TEXT that must never be published.\n" + BODY)
    files = {
        "to-link.txt": "Link title\n" + BODY,
        "to-fifo.txt": "Fifo title\n" + BODY,
        "sub/in-linked-folder.txt": "Folder title\n" + BODY,
        "kept.txt": "Harbour reopens\n" + BODY.replace("six", "nine"),
    }
    root = make_site(seeds=True, files=files)
    proc = _run(root, "-c", SWAP_AFTER_LISTING, str(secret), "build", "--no-search", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warned = " ".join(proc.stderr.split())
    assert "to-link.txt: is a symbolic link leading outside the content folder; skipped" in warned, warned
    assert "to-fifo.txt: is a FIFO (named pipe), not a regular file; skipped" in warned, warned
    assert "in-linked-folder.txt: is a symbolic link leading outside the content folder; skipped" in warned, warned
    for path in (root / "public").rglob("*"):
        if path.is_file():
            assert b"SECRET OUTSIDE TEXT" not in path.read_bytes(), path
    assert (root / "public" / "sources" / "kept" / "index.html").is_file()


def test_a_fifo_in_the_content_folder_is_a_warning_not_a_hang(make_site: SiteFactory) -> None:
    root = make_site(seeds=True, files={"kept.txt": "Harbour reopens\n" + BODY})
    os.mkfifo(root / "content" / "pipe.txt")
    for args in (("build", "--no-search"), ("check",)):
        proc = _run(root, "-m", "builder", *args)
        assert "pipe.txt: not a regular file" in " ".join(proc.stderr.split()), proc.stderr
        assert "Traceback" not in proc.stderr
    assert (root / "public" / "sources" / "kept" / "index.html").is_file()
    proc = _run(root, "-m", "builder", "inspect", "content/pipe.txt")
    assert "pipe.txt: is a FIFO (named pipe), not a regular file; skipped" in " ".join(proc.stderr.split()), proc.stderr
