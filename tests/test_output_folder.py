"""The output folder is the builder's alone: it never replaces a folder of the user's, and what it
publishes is readable by a web server."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from builder.output import MARKER

from .conftest import SiteFactory, snapshot


def run(root: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=120,
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )


def test_build_refuses_an_outside_folder_holding_the_users_files(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(seeds=True)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.md").write_text("my notes\n")
    for args, toml in ((("--output", "../notes"), ""), ((), '[paths]\noutput = "../notes"\n')):
        (root / "site.toml").write_text(toml)
        proc = run(root, "build", "--no-search", *args)
        assert proc.returncode == 2, proc.stderr
        assert str(notes) in proc.stderr and "todo.md" in proc.stderr and "Traceback" not in proc.stderr
        assert snapshot(notes) == {Path("todo.md"): b"my notes\n"}


@pytest.mark.parametrize("output", ["content/2024", "content", "templates/x", ".git", ".git/pages", "site.toml", ".cache", "."])
def test_build_refuses_an_output_in_or_around_the_sites_own_files(make_site: SiteFactory, output: str) -> None:
    root = make_site(seeds=True, files={"2024/article.txt": "A council approved the budget on Thursday.\n"})
    (root / "templates" / "x").mkdir()
    (root / "templates" / "x" / "page.html").write_text("<p>mine</p>")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / ".cache").mkdir()
    (root / "site.toml").write_text(f'[paths]\noutput = "{output}"\n')
    before = snapshot(root)
    proc = run(root, "build", "--no-search")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert output.split("/")[0] in proc.stderr and "Traceback" not in proc.stderr
    assert snapshot(root) == before
    also = run(root, "build", "--no-search", "--output", output)
    assert also.returncode == 2 and snapshot(root) == before


def test_build_refuses_a_symbolic_link_and_a_file(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(seeds=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "public").symlink_to(elsewhere, target_is_directory=True)
    proc = run(root, "build", "--no-search")
    assert proc.returncode == 2 and "symbolic link" in proc.stderr
    assert not any(elsewhere.iterdir())
    (root / "notes.txt").write_text("mine\n")
    proc = run(root, "build", "--no-search", "--output", "notes.txt")
    assert proc.returncode == 2 and "notes.txt" in proc.stderr
    assert (root / "notes.txt").read_text() == "mine\n"


def test_watch_and_serve_refuse_a_folder_of_the_users(make_site: SiteFactory) -> None:
    root = make_site(seeds=True, toml='[paths]\noutput = "mine"\n')
    (root / "mine").mkdir()
    (root / "mine" / "keep.txt").write_text("keep\n")
    for command in ("watch", "serve"):
        proc = run(root, command, "--port", "0") if command == "serve" else run(root, command)
        assert proc.returncode == 2, proc.stderr
        assert "keep.txt" in proc.stderr
    assert (root / "mine" / "keep.txt").read_text() == "keep\n"


def test_build_writes_a_new_empty_own_or_previously_built_folder(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(seeds=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (root / "public", empty, tmp_path / "new" / "deeper"):
        proc = run(root, "build", "--no-search", "--output", str(out))
        assert proc.returncode == 0, proc.stderr
        assert (out / MARKER).is_file() and (out / "index.html").is_file()
    # the marker is published harmlessly: no page, sitemap entry or feed entry names it
    public = root / "public"
    assert not any(MARKER in p.read_text() for p in public.rglob("*") if p.is_file() and p.name != MARKER)
    # a site built by a version without the marker (stories.json and index.html) is still the builder's
    (public / MARKER).unlink()
    (root / "content" / "extra.txt").write_text("A second article about the harbour, long enough to stand alone.\n")
    proc = run(root, "build", "--no-search")
    assert proc.returncode == 0, proc.stderr
    assert (public / MARKER).is_file()
    # once built, a rebuild into its own folder goes on working
    assert run(root, "build", "--no-search", "--no-cache").returncode == 0


def _modes(folder: Path) -> set[tuple[str, int]]:
    found = {("dir", stat.S_IMODE(folder.stat().st_mode))}
    for p in folder.rglob("*"):
        found.add(("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode)))
    return found


def test_output_is_readable_by_a_web_server(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    proc = run(root, "build", "--no-search", umask=0o022)
    assert proc.returncode == 0, proc.stderr
    assert _modes(root / "public") == {("dir", 0o755), ("file", 0o644)}
    # a small change is written in place (atomic replacement): still readable
    (root / "content" / "extra.txt").write_text("A second article about the harbour, long enough to stand alone.\n")
    proc = run(root, "build", "--no-search", umask=0o022)
    assert proc.returncode == 0, proc.stderr
    assert _modes(root / "public") == {("dir", 0o755), ("file", 0o644)}
    # the user's umask is respected
    proc = run(root, "build", "--no-search", "--no-cache", umask=0o027)
    assert proc.returncode == 0, proc.stderr
    assert _modes(root / "public") == {("dir", 0o750), ("file", 0o640)}
