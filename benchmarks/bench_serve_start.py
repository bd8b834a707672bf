"""How fast ``serve`` answers after a ``build``, and whether cached and fresh builds agree on slugs.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_serve_start.py [--content DIR] [--work DIR] [--repeats 3]

The articles (default ``../shared/eval-dev/stories/content/*.txt``, read where they are, never
copied into the repository) are copied into a scratch site made by ``python -m builder new`` under
``--work`` (default ``/tmp/digest-bench-serve``). All commands are the real CLI in a subprocess,
run on a copy of ``builder/`` (or of ``--code DIR``, e.g. an older version unpacked with ``git
archive``) taken at the start and put first on ``PYTHONPATH``, so edits others make to the
checkout meanwhile do not invalidate the build cache between the steps.

1. **serve first answer**: ``build``, then ``serve --port P``; the time from starting the process
   to the first ``200`` for ``/`` (polled every 10 ms), and to the line saying its first build is
   done (``built N stories … in X s``). Then SIGINT, and ``build`` again: its summary line (it
   must not rebuild from scratch). Repeated ``--repeats`` times; the median and maximum are shown.
2. **slugs, cached versus fresh**: in the same site, with the build cache, a sequence of builds —
   every third article left out; then all of them; then every fifth article deleted — and then
   the same final articles built with ``--no-cache`` in a second, clean site. Reported: the
   stories of each build, how many have the same sources in both, and of those how many have a
   different slug (the target is none).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
DEFAULT_CONTENT = ROOT.parent / "shared" / "eval-dev" / "stories" / "content"


def snapshot_code(work: Path, source: Path) -> dict[str, str]:
    """Copy ``source`` (a builder/ folder) into ``work`` and return the environment that runs it."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(source, code / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}


def cli(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(PYTHON), "-m", "builder", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=1800
    )
    if proc.returncode != 0:
        raise SystemExit(f"`builder {' '.join(args)}` failed in {cwd}:\n{proc.stderr}")
    return proc


def new_site(env: dict[str, str], work: Path, name: str, articles: list[Path]) -> Path:
    site = work / name
    shutil.rmtree(site, ignore_errors=True)
    cli(env, work, "new", name)
    for stray in (site / "content").iterdir():  # the scaffold's example article
        stray.unlink()
    for path in articles:
        shutil.copy2(path, site / "content" / path.name)
    return site


def summary(proc: subprocess.CompletedProcess[str]) -> str:
    """The build's last summary line (what it wrote and in how long)."""
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    return lines[-1] if lines else "(no summary)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def first_answer(env: dict[str, str], site: Path) -> dict[str, object]:
    """Start ``serve``; seconds to the first 200 for ``/`` and to its first build's report."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(PYTHON), "-m", "builder", "serve", "--port", str(port)],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    built: dict[str, object] = {}
    lines: list[str] = []

    def read_output() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip())
            if " built " in line and "built_s" not in built:
                built["built_s"] = time.perf_counter() - started
                built["built_line"] = line.strip()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    answered = None
    deadline = started + 300
    while time.perf_counter() < deadline and proc.poll() is None:
        with contextlib.suppress(OSError, urllib.error.URLError), urllib.request.urlopen(
            f"http://127.0.0.1:{port}/", timeout=60
        ) as resp:
            if resp.status == 200:
                answered = time.perf_counter() - started
                break
        time.sleep(0.01)
    while "built_s" not in built and time.perf_counter() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    reader.join(5)
    if answered is None:
        raise SystemExit("serve never answered 200 for /:\n" + "\n".join(lines))
    return {"first_200_s": answered, **built}


def slugs(site: Path) -> dict[frozenset[str], str]:
    """Each published story's sources → its slug."""
    stories = json.loads((site / "public" / "stories.json").read_text(encoding="utf-8"))["stories"]
    return {frozenset(s["sources"]): s["slug"] for s in stories}


def compare_slugs(env: dict[str, str], work: Path, articles: list[Path]) -> dict[str, object]:
    site = new_site(env, work, "cached", [p for i, p in enumerate(articles) if i % 3])
    steps = [summary(cli(env, site, "build", "--no-search"))]
    for path in articles:  # the left-out third arrives
        if not (site / "content" / path.name).exists():
            shutil.copy2(path, site / "content" / path.name)
    steps.append(summary(cli(env, site, "build", "--no-search")))
    final = [p for i, p in enumerate(articles) if i % 5]
    for i, path in enumerate(articles):
        if not i % 5:
            (site / "content" / path.name).unlink()
    steps.append(summary(cli(env, site, "build", "--no-search")))
    fresh = new_site(env, work, "fresh", final)
    cli(env, fresh, "build", "--no-search", "--no-cache")
    cached, clean = slugs(site), slugs(fresh)
    same_sources = cached.keys() & clean.keys()
    differ = sorted((cached[k], clean[k]) for k in same_sources if cached[k] != clean[k])
    pages = (site / "public" / "stories").glob("*/index.html")
    redirects = [p.parent.name for p in pages if b'http-equiv="refresh"' in p.read_bytes()]
    return {
        "articles": len(final),
        "stories_cached": len(cached),
        "stories_fresh": len(clean),
        "same_sources": len(same_sources),
        "slugs_differ": len(differ),
        "differing": differ[:10],
        "redirect_pages": len(redirects),
        "steps": steps,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="folder of .txt articles")
    parser.add_argument("--work", type=Path, default=Path("/tmp/digest-bench-serve"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT / "builder",
                        help="the builder/ folder to measure (e.g. an older version, from git archive)")
    args = parser.parse_args(argv)
    articles = sorted(args.content.glob("*.txt"))
    if not articles:
        raise SystemExit(f"no .txt articles in {args.content}")
    args.work.mkdir(parents=True, exist_ok=True)
    env = snapshot_code(args.work, args.code)
    print(f"{len(articles)} articles from {args.content}; {os.cpu_count()} cores; work in {args.work}")

    site = new_site(env, args.work, "site", articles)
    print("build (cold):      ", summary(cli(env, site, "build")))
    runs = []
    for k in range(args.repeats):
        print("build:             ", summary(cli(env, site, "build")))
        run = first_answer(env, site)
        runs.append(run)
        print(f"serve #{k + 1}: first 200 for / after {run['first_200_s']:.2f} s; "
              f"first build reported after {run.get('built_s', float('nan')):.2f} s ({run.get('built_line', '?')})")
        print("build after serve: ", summary(cli(env, site, "build")))
        index = (site / "public" / "index.html").read_text(encoding="utf-8")
        print("  search index:", "present" if (site / "public" / "pagefind" / "pagefind.js").is_file() else "MISSING",
              "| search box:", "yes" if "pagefind" in index else "no")
    firsts = [float(r["first_200_s"]) for r in runs]  # type: ignore[arg-type]
    print(f"serve first answer: median {statistics.median(firsts):.2f} s, max {max(firsts):.2f} s "
          f"over {len(firsts)} starts (target < 2 s)")

    result = compare_slugs(env, args.work, articles)
    for step in result.pop("steps"):  # type: ignore[union-attr]
        print("cached sequence:   ", step)
    print(f"slugs: {result['articles']} articles; {result['stories_cached']} stories cached, "
          f"{result['stories_fresh']} fresh; {result['same_sources']} with the same sources in both, "
          f"{result['slugs_differ']} of them with a different slug; "
          f"{result['redirect_pages']} redirect pages left by the cached sequence")
    for cached, fresh in result["differing"]:  # type: ignore[union-attr]
        print(f"  differs: cached {cached!r} vs fresh {fresh!r}")
    print(re.sub(r"\s+", " ", json.dumps({"serve_first_200_s": firsts, **result})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
