"""The command line: exit codes, messages, `new`, `check`, `inspect`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import SiteFactory


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=120)


def test_build_command_builds_and_summarises(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    proc = run(root, "build")
    assert proc.returncode == 0, proc.stderr
    assert "Read 5 of 5 files" in proc.stdout
    assert "1 story" in proc.stdout
    # the seed story has exactly one conflict (200 vs 300 fighters): counted in the right form
    assert "1 conflict." in proc.stdout and "1 conflicts" not in proc.stdout
    assert (root / "public" / "index.html").is_file()


def test_config_error_exits_2_with_a_message_not_a_traceback(make_site: SiteFactory) -> None:
    root = make_site(seeds=True, toml="[site]\nbase_url = 5\n")
    proc = run(root, "build")
    assert proc.returncode == 2
    assert "site.toml:2" in proc.stderr and "[site] base_url" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_build_failure_exits_1_and_names_the_problem(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    (root / "templates" / "base.html").write_text("{% block %}")
    proc = run(root, "build")
    assert proc.returncode == 1
    assert "base.html" in proc.stderr and "Traceback" not in proc.stderr


def test_strict_exits_1_on_a_warning(make_site: SiteFactory) -> None:
    root = make_site(seeds=True, files={"img.txt": b"\xff\xd8\xff\xe0JFIF\x00"})
    assert run(root, "build").returncode == 0
    proc = run(root, "build", "--strict")
    assert proc.returncode == 1
    assert "img.txt" in proc.stderr and "JPEG" in proc.stderr


def test_content_and_output_overrides(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(seeds=True)
    out = tmp_path / "elsewhere"
    proc = run(root, "build", "--output", str(out), "--base-url", "https://news.example.org/sub")
    assert proc.returncode == 0, proc.stderr
    assert "https://news.example.org/sub/feed.xml" in (out / "feed.xml").read_text()


def test_new_starts_a_site_that_builds(tmp_path: Path) -> None:
    proc = run(tmp_path, "new", "mysite")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "mysite"
    assert (site / "site.toml").is_file() and (site / "content").is_dir() and (site / "templates").is_dir()
    build = run(site, "build")
    assert build.returncode == 0, build.stderr
    assert (site / "public" / "index.html").is_file()
    again = run(tmp_path, "new", "mysite")
    assert again.returncode == 2 and "already" in again.stderr


def test_check_reports_unreadable_files_and_writes_nothing(make_site: SiteFactory) -> None:
    # a full address: with a path-only base_url check reports the feed and sitemap it keeps out
    root = make_site(seeds=True, files={"bin.txt": b"\x00\x01\x02" * 20}, toml='[site]\nbase_url = "https://news.example.org/"\n')
    proc = run(root, "check")
    assert proc.returncode == 1
    assert "bin.txt" in proc.stderr and "binary" in proc.stderr
    assert not (root / "public").exists()
    (root / "content" / "bin.txt").unlink()
    ok = run(root, "check")
    assert ok.returncode == 0, ok.stderr


def test_inspect_json_covers_every_non_blank_line(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    files = sorted((root / "content").glob("*.txt"))
    proc = run(root, "inspect", "--json", *[str(f) for f in files])
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [f["path"] for f in data["files"]] == [str(f) for f in files]
    for entry, path in zip(data["files"], files, strict=True):
        non_blank = [i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if line.strip()]
        assert [rec["line"] for rec in entry["lines"]] == non_blank
        assert all(set(rec) >= {"line", "role", "rule", "text"} for rec in entry["lines"])


def test_a_second_build_of_an_unchanged_site_is_up_to_date_and_changes_are_seen(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    assert run(root, "build", "--no-search").returncode == 0
    again = run(root, "build", "--no-search")
    assert again.returncode == 0 and "up to date" in again.stdout
    index = root / "public" / "index.html"
    (root / "content" / "new.txt").write_text("Harbour strike halts ferries\nThe dock workers' union said it would strike.\n")
    changed = run(root, "build", "--no-search")
    assert "up to date" not in changed.stdout and "Harbour strike halts ferries" in index.read_text()
    (root / "site.toml").write_text('[site]\ntitle = "Night desk"\n')
    run(root, "build", "--no-search")
    assert "Night desk" in index.read_text()
    (root / "templates" / "index.html").write_text('{% extends "base.html" %}{% block main %}<p>mine</p>{% endblock %}')
    run(root, "build", "--no-search")
    assert "<p>mine</p>" in index.read_text()
    (root / "content" / "new.txt").unlink()
    run(root, "build", "--no-search")
    assert not (root / "public" / "sources" / "new").exists()


def test_check_counts_one_file_in_the_singular(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    for extra in sorted((root / "content").glob("*.txt"))[1:]:
        extra.unlink()
    proc = run(root, "check")
    assert "Checked 1 file:" in proc.stdout, proc.stdout
