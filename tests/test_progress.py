"""Progress of `build` as its reader sees it: a line per stage in a log, moving bars on a terminal.

Both go through the real command on a generated site of a few dozen stories, so every stage has
work to count.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STAGES = ("read", "clean", "group", "align", "render", "write")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site of 100 articles (about 30 stories of 1–8 sources)."""
    root = tmp_path_factory.mktemp("progress") / "site"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus.py"), str(root), "--articles", "100"],
        check=True, capture_output=True, timeout=120,
    )
    return root


def test_without_a_terminal_each_stage_prints_one_line_with_its_time(corpus: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--no-cache", "--no-search"],
        cwd=corpus, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    for stage in STAGES:
        mine = [line for line in lines if line.split()[:1] == [stage]]
        assert len(mine) == 1, (stage, proc.stderr)
        assert re.search(r"\d+\.\d\d s$", mine[0]), mine[0]
    # counted stages say how many items they did
    align = next(line for line in lines if line.startswith("align"))
    stories = re.search(r"→ (\d+) stories", proc.stdout)
    assert stories and f"{stories[1]}/{stories[1]}" in align, (align, proc.stdout)
    # in the order they ran, all before the summary (which is on stdout)
    order = [line.split()[0] for line in lines if line.split()[:1] and line.split()[0] in STAGES]
    assert order == list(STAGES)


def test_quiet_prints_no_stage_lines(corpus: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--no-cache", "--no-search", "-q"],
        cwd=corpus, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert not any(line.split()[:1] == ["align"] for line in proc.stderr.splitlines())


def _run_in_a_terminal(args: list[str], cwd: Path) -> str:
    """What a terminal shows while the command runs (all bytes written to it, decoded)."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(args, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 600)
            if not ready:
                break
            try:
                data = os.read(master, 65536)
            except OSError:  # the other end closed: the command is done
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        proc.wait(timeout=60)
    assert proc.returncode == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_the_align_bar_moves_before_the_stage_ends(corpus: Path) -> None:
    shown = _run_in_a_terminal([sys.executable, "-m", "builder", "build", "--no-cache", "--no-search"], corpus)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", shown)  # the bars' cursor moves and colours
    counts = [(int(a), int(b)) for a, b in re.findall(r"align\s.*?(\d+)/(\d+)", text)]
    assert counts, shown[-2000:]
    total = counts[-1][1]
    assert total > 10
    # the bar was drawn part way: some stories aligned, not yet all
    assert any(0 < done < total for done, _ in counts), counts
    # a stage of unknown length (grouping) is drawn as a bar too, with its elapsed time
    assert re.search(r"group\s.*?\d:\d\d:\d\d", text), text[-2000:]
    # the bars are gone at the end; the summary stays
    assert "Read 100 of 100 files" in text
