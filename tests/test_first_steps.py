"""A new user's first steps, through the real command: the README's commands as written, the
example article `new` writes, and a file whose front matter is broken."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import SiteFactory

REPO = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent  # the virtualenv running these tests (make's .venv)
#: a shell outside any virtualenv: neither `digest` nor the venv's `python` is on its PATH
BARE_PATH = "/usr/local/bin:/usr/bin:/bin"


def bare_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = BARE_PATH
    return env


def readme_commands() -> list[str]:
    """The shell lines of the README's "Using it" block, comments cut."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Using it"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README: no sh block under 'Using it'"
    return [line.split("  #")[0].strip() for line in block[1].splitlines() if line.strip()]


def test_the_readme_commands_work_as_written_in_a_fresh_shell(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / ".venv").symlink_to(VENV)  # what `make setup` leaves in a fresh clone
    lines = readme_commands()
    # the block activates the virtualenv before anything else runs
    assert lines[0].startswith(". .venv/bin/activate"), lines
    # run it up to `check`: inspect needs a file of the reader's, watch and serve do not end
    upto = next(i for i, line in enumerate(lines) if line.split()[:2] == ["digest", "check"])
    script = "\n".join(["set -e", *lines[:upto], "digest check && echo check-exit=0", "python -m builder --version"])
    proc = subprocess.run(["bash", "-c", script], cwd=clone, env=bare_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "command not found" not in proc.stderr and "No module named" not in proc.stderr
    site = clone / "mysite"
    assert (site / "public" / "index.html").is_file()
    assert "Checked 1 file" in proc.stdout
    # a new site has no address yet: check names the key in a note, and finds no problem
    assert "base_url" in proc.stderr and "check-exit=0" in proc.stdout
    assert "version" in proc.stdout


def test_new_prints_a_next_command_that_works_from_a_plain_shell(tmp_path: Path) -> None:
    digest = VENV / "bin" / "digest"
    assert digest.is_file()  # the console script pyproject.toml declares
    proc = subprocess.run([str(digest), "new", "my site"], cwd=tmp_path, env=bare_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    following = next(line for line in proc.stdout.splitlines() if line.startswith("Next:"))
    command = following.removeprefix("Next:").strip()
    run = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=bare_env(), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, (command, run.stderr)
    assert (tmp_path / "my site" / "public" / "index.html").is_file()
    # with the virtualenv active, the short name
    active = {**bare_env(), "PATH": f"{VENV / 'bin'}:{BARE_PATH}"}
    proc = subprocess.run([str(digest), "new", "other"], cwd=tmp_path, env=active, capture_output=True, text=True)
    assert "Next: cd other && digest build" in proc.stdout


def test_the_example_article_steps_aside_once_the_site_has_its_own(tmp_path: Path) -> None:
    digest = str(VENV / "bin" / "digest")
    assert subprocess.run([digest, "new", "site"], cwd=tmp_path, capture_output=True).returncode == 0
    site = tmp_path / "site"
    example = next((site / "content").iterdir())

    def build() -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([digest, "build", "--no-search"], cwd=site, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        return proc

    def titles() -> list[str]:
        return [s["title"] for s in json.loads((site / "public" / "stories.json").read_text())["stories"]]

    build()
    assert titles() == ["Example article"]  # a new site shows what a build makes
    (site / "content" / "kiln.txt").write_text(
        "Pottery kiln fire closes craft market\n\n"
        "A fire in a pottery kiln closed the covered craft market on Saturday morning.\n\n"
        "Stallholders moved their goods to the square while firefighters aired the hall.\n",
        encoding="utf-8",
    )
    proc = build()
    assert titles() == ["Pottery kiln fire closes craft market"]  # no example left to delete by hand
    assert "Read 1 of 1 file" in proc.stdout
    assert not (site / "public" / "sources" / example.stem).exists()
    assert example.is_file()  # the editor's folder is never touched
    # once edited, it is an article like any other
    example.write_text(example.read_text(encoding="utf-8").replace("Example article", "Harbour notes"), encoding="utf-8")
    build()
    assert sorted(titles()) == ["Harbour notes", "Pottery kiln fire closes craft market"]


BROKEN = """---
title: Ferry timetable changes
outlet: Island Gazette
published: [2025-04-02
---
The island ferry will sail twice a day from May, the operator announced on Wednesday.

An evening crossing is added on weekends during the summer months.
"""


def test_broken_front_matter_is_published_with_the_problem_shown_where_the_editor_looks(make_site: SiteFactory) -> None:
    root = make_site(files={"ferry.md": BROKEN}, toml='[site]\nbase_url = "https://news.example.org/"\n')
    build = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--no-search"], cwd=root, capture_output=True, text=True, timeout=600
    )
    assert build.returncode == 0, build.stderr  # the article is still published
    warned = " ".join(build.stderr.split())
    assert "ferry.md: broken YAML front matter on line 4" in warned and "published: [2025-04-02" in warned
    # check lists it, and fails
    check = subprocess.run([sys.executable, "-m", "builder", "check"], cwd=root, capture_output=True, text=True, timeout=600)
    assert check.returncode == 1 and "ferry.md: broken YAML front matter on line 4" in " ".join(check.stderr.split())
    # the site says it: on the source's page, beside the source in its story, in digest.json
    page = (root / "public" / "sources" / "ferry" / "index.html").read_text(encoding="utf-8")
    assert "Problems reading this file" in page and "broken YAML front matter on line 4" in page
    story = next((root / "public" / "stories").iterdir())
    assert "1 problem reading the file" in (story / "index.html").read_text(encoding="utf-8")
    digest = json.loads((story / "digest.json").read_text(encoding="utf-8"))
    assert any("line 4" in w for w in digest["sources"][0]["warnings"])
