"""Build time and memory at newsroom scale, beside Hugo and Pelican; and watch/serve latency.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,10000,50000] [--seed 1] [--work DIR]
                                               [--json out.json] [--timeout 600] [--no-hugo] [--no-pelican]
    .venv/bin/python benchmarks/bench_scale.py --latency [--latency-sites demo,10000] [--repeats 10]

For each size N a corpus is generated once (``benchmarks/corpus.py``, into ``--work``, default
``/tmp/digest-bench``) and the project's real CLI is run in a subprocess in the site folder,
``python -m builder build [--no-search]``:

- *cold*: no ``public/``, no ``.cache/``;
- *no change*: the same command again;
- *one added*: :func:`corpus.add_article` writes one more article joining a story, then the command.

Each run reports its wall time (process start to exit, as a user waits for it), the peak resident
memory (``/usr/bin/time -v``'s maximum RSS of the largest process, and the peak of the summed
RSS of the whole process tree, polled from ``/proc`` every 50 ms), and the per-stage split the CLI
prints in its summary (``Wrote N files to public/ in X s (read a, clean b, ...)``). The summary is
not printed with ``-q``, so the build runs without it (its progress bar is off when stderr is not a
terminal).

Beside them, on the same articles as Markdown pages: a Hugo cold build (``hugo --quiet``, Debian
package ``hugo``, minimal layouts) and a Pelican cold build (``pelican content -s pelicanconf.py``
with the default theme, from ``/tmp/pelican-venv`` or ``$PELICAN``). Each is skipped with a note when
it is not installed. Ratios are ours / theirs for the cold build.

``--latency`` measures watch/serve: ``python -m builder serve --port P`` in a site folder; then,
``--repeats`` times, one new article is written (joining a story) and ``/stories.json`` and the new
source's page ``sources/<stem>/index.html`` are polled every 10 ms until they show it; reported are
the median and the maximum delay from the file's arrival. Sites: ``demo`` (the repository's own
``site.toml``, ``content/`` and ``templates/``, copied) and generated sizes. At the end the server
gets SIGINT and must exit within a second.

The builder's code is copied once per invocation (``--work``/code-<hash>/builder, put first on
``PYTHONPATH``), so every run measures the same code even while others edit ``builder/`` — the
build cache is keyed by the code, and a no-change rebuild after an edit would be a cold build in
disguise. ``--live-code`` runs the checkout itself instead (then an edit during the run is flagged).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
TIME = Path("/usr/bin/time")
SUMMARY = re.compile(r"Wrote (?P<pages>\d+) files? to .*? in (?P<seconds>[\d.]+) s \((?P<stages>[^)]*)\)")
READ_LINE = re.compile(r"Read (?P<articles>\d+) of (?P<files>\d+) files? → (?P<stories>\d+) stor(?:y|ies), (?P<facts>\d+) facts?")


# --- running and measuring one command ---------------------------------------------------------


@dataclass
class Run:
    """One measured process run."""

    wall: float | None = None  #: seconds, start to exit (None: timed out)
    exit_code: int | None = None
    max_rss_mb: float | None = None  #: /usr/bin/time: the largest single process
    tree_rss_mb: float | None = None  #: peak of the summed RSS of the process tree (counts shared pages per process)
    tree_pss_mb: float | None = None  #: peak of the summed PSS of the process tree (shared pages once)
    monitor_cpu: float | None = None  #: CPU seconds the benchmark itself spent while the run went on
    stages: dict[str, float] = field(default_factory=dict)
    internal_seconds: float | None = None  #: the build's own total, from its summary
    pages: int | None = None
    stories: int | None = None
    facts: int | None = None
    note: str = ""


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _proc_kb(pid: int, name: str, key: bytes) -> int:
    """A kB figure from a /proc file of ``pid`` (``status``: VmRSS; ``smaps_rollup``: Pss)."""
    try:
        with open(f"/proc/{pid}/{name}", "rb") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _proc_kb(pid, "status", b"VmRSS:")


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (forked workers' copy-on-write memory) counted once."""
    return _proc_kb(pid, "smaps_rollup", b"Pss:")


def _tree_memory_kb(root: int, skip_root: bool, with_pss: bool) -> tuple[int, int]:
    """Summed (RSS, PSS) of ``root`` and its descendants (PSS 0 unless ``with_pss``)."""
    tree = _children()
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid != root or not skip_root:
            rss += _rss_kb(pid)
            if with_pss:
                pss += _pss_kb(pid)
        todo += tree.get(pid, [])
    return rss, pss


#: How often the process tree's RSS (cheap: /proc/PID/status) and PSS are sampled. PSS comes
#: from smaps_rollup, which makes the kernel walk the process's page tables under its memory
#: lock: about 20 ms for a 1.3 GB process, so sampling it every 50 ms took half a core from the
#: build being measured and stalled its page faults.
RSS_EVERY, PSS_EVERY = 0.05, 2.0


#: environment for the builder's subprocesses (PYTHONPATH → the code snapshot); set by main()
BUILDER_ENV: dict[str, str] | None = None


def snapshot_code(work: Path) -> Path:
    """Copy builder/ into ``work`` (once per code version) and return the folder to put on PYTHONPATH."""
    target = work / f"code-{code_signature()}"
    if not (target / "builder").is_dir():
        tmp = work / f".code-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(ROOT / "builder", tmp / "builder", ignore=shutil.ignore_patterns("__pycache__"))
        os.replace(tmp, target)
    return target


def run_measured(
    cmd: list[str], cwd: Path, timeout: float, log: Path | None = None, env: dict[str, str] | None = None
) -> tuple[Run, str]:
    """Run ``cmd`` in ``cwd``; return its measurements and its stdout (stderr goes to ``log``)."""
    wrapped = [str(TIME), "-v", *cmd] if TIME.exists() else cmd
    err_path = log or cwd / ".bench-stderr.txt"
    peak = [0, 0]
    with open(err_path, "wb") as err:
        started, cpu_started = time.perf_counter(), time.process_time()
        proc = subprocess.Popen(wrapped, cwd=cwd, stdout=subprocess.PIPE, stderr=err, start_new_session=True, env=env)
        done = threading.Event()

        def poll() -> None:
            last_pss = -PSS_EVERY
            while not done.is_set():
                now = time.perf_counter()
                with_pss = now - last_pss >= PSS_EVERY
                if with_pss:
                    last_pss = now
                rss, pss = _tree_memory_kb(proc.pid, skip_root=TIME.exists(), with_pss=with_pss)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                done.wait(RSS_EVERY)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        run = Run()
        try:
            stdout, _ = proc.communicate(timeout=timeout)
            run.wall = time.perf_counter() - started
            run.exit_code = proc.returncode
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # our own process group only
            stdout, _ = proc.communicate()
            run.note = f"stopped after {timeout:.0f} s"
        done.set()
        poller.join()
        run.monitor_cpu = round(time.process_time() - cpu_started, 2)
    text = stdout.decode("utf-8", "replace")
    run.tree_rss_mb = round(peak[0] / 1024, 1) if peak[0] else None
    run.tree_pss_mb = round(peak[1] / 1024, 1) if peak[1] else None
    errors = err_path.read_text(encoding="utf-8", errors="replace")
    if m := re.search(r"Maximum resident set size \(kbytes\): (\d+)", errors):
        run.max_rss_mb = round(int(m.group(1)) / 1024, 1)
    if m := re.search(r"Exit status: (\d+)", errors):
        run.exit_code = int(m.group(1)) if run.wall is not None else None
    if run.exit_code not in (0, None) and not run.note:
        tail = [line for line in errors.splitlines() if line.strip() and not line.startswith("\t")][-3:]
        run.note = f"exit {run.exit_code}: " + " | ".join(tail)
    return run, text


def parse_summary(run: Run, stdout: str) -> Run:
    """Fill in the stage split and counts from the CLI's summary lines."""
    if m := SUMMARY.search(stdout):
        run.pages = int(m.group("pages"))
        run.internal_seconds = float(m.group("seconds"))
        for part in m.group("stages").split(","):
            name, _, value = part.strip().rpartition(" ")
            with contextlib.suppress(ValueError):
                run.stages[name] = float(value)
    if m := READ_LINE.search(stdout):
        run.stories, run.facts = int(m.group("stories")), int(m.group("facts"))
    return run


def code_signature() -> str:
    """A hash of builder/ now, to notice edits made while we measure."""
    h = hashlib.blake2b(digest_size=8)
    for path in sorted((ROOT / "builder").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


# --- our builder -------------------------------------------------------------------------------


def build_command() -> list[str]:
    """``python -m builder build`` with ``--no-search`` when the CLI has it."""
    helptext = subprocess.run(
        [str(PYTHON), "-m", "builder", "build", "--help"], cwd="/", capture_output=True, text=True, env=BUILDER_ENV
    ).stdout
    cmd = [str(PYTHON), "-m", "builder", "build"]
    if "--no-search" in helptext:
        cmd.append("--no-search")
    return cmd


def clear_build_state(site: Path) -> None:
    for name in ("public", ".cache"):
        shutil.rmtree(site / name, ignore_errors=True)
    for stale in site.glob(".public.*"):
        shutil.rmtree(stale, ignore_errors=True)


def measure_ours(site: Path, timeout: float, seed: int) -> dict[str, object]:
    cmd = build_command()
    clear_build_state(site)
    result: dict[str, object] = {"command": " ".join(cmd[1:])}
    signature = code_signature()
    cold, out = run_measured(cmd, site, timeout, site / ".bench-cold.log", BUILDER_ENV)
    result["cold"] = asdict(parse_summary(cold, out))
    if cold.wall is None or cold.exit_code != 0:
        result["note"] = "cold build did not finish; rebuilds not measured"
        return result
    again, out = run_measured(cmd, site, timeout, site / ".bench-nochange.log", BUILDER_ENV)
    result["no_change"] = asdict(parse_summary(again, out))
    added = corpus.add_article(site, seed=seed)
    result["added_file"] = added.relative_to(site).as_posix()
    one, out = run_measured(cmd, site, timeout, site / ".bench-added.log", BUILDER_ENV)
    result["one_added"] = asdict(parse_summary(one, out))
    if BUILDER_ENV is None and code_signature() != signature:
        result["note"] = "builder/ changed during these measurements: rebuild figures may include cache invalidation"
    return result


# --- Hugo and Pelican --------------------------------------------------------------------------


@dataclass
class Page:
    stem: str
    month: str
    title: str
    date: str
    body: str


def markdown_pages(site: Path) -> list[Page]:
    """The corpus's articles as (title, date, body): the first line is the title, the rest the body."""
    manifest = json.loads((site / corpus.MANIFEST).read_text(encoding="utf-8"))
    pages = []
    for story in manifest["stories"]:
        for f in story["files"]:
            text = (site / "content" / f["file"]).read_text(encoding="utf-8")
            title, _, body = text.partition("\n")
            pages.append(Page(Path(f["file"]).stem, f["file"][:7], title.strip() or "Untitled", story["date"], body.strip()))
    return pages


HUGO_SINGLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul></main></body></html>
"""


def hugo_version() -> str | None:
    exe = shutil.which("hugo")
    if exe is None:
        return None
    return subprocess.run([exe, "version"], capture_output=True, text=True).stdout.strip()


def measure_hugo(pages: list[Page], work: Path, timeout: float) -> dict[str, object]:
    exe = shutil.which("hugo")
    if exe is None:
        return {"skipped": "hugo not installed (apt-get install hugo)"}
    site = work / "hugo-site"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([exe, "new", "site", str(site), "--format", "toml"], check=True, capture_output=True)
    for name in ("hugo.toml", "config.toml"):
        if (site / name).exists():
            (site / name).write_text('baseURL = "/"\nlanguageCode = "en"\ntitle = "Synthetic newsroom"\n', encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(HUGO_LIST, encoding="utf-8")
    for p in pages:
        target = site / "content" / "posts" / p.month / f"{p.stem}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        front = f"+++\ntitle = {json.dumps(p.title, ensure_ascii=False)}\ndate = {p.date}\n+++\n\n"
        target.write_text(front + p.body + "\n", encoding="utf-8")
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / "resources", ignore_errors=True)
    run, _ = run_measured([exe, "--quiet"], site, timeout, work / "hugo.log")
    run.pages = sum(1 for _ in (site / "public").rglob("*.html")) if (site / "public").is_dir() else None
    return {"command": "hugo --quiet", "cold": asdict(run)}


PELICANCONF = """AUTHOR = "bench"
SITENAME = "Synthetic newsroom"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
"""


def pelican_exe() -> Path | None:
    for candidate in (os.environ.get("PELICAN"), "/tmp/pelican-venv/bin/pelican", shutil.which("pelican")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def pelican_version(exe: Path) -> str:
    return subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.strip()


def measure_pelican(pages: list[Page], work: Path, timeout: float) -> dict[str, object]:
    exe = pelican_exe()
    if exe is None:
        hint = "python3 -m venv /tmp/pelican-venv && /tmp/pelican-venv/bin/pip install pelican markdown"
        return {"skipped": f"pelican not found ({hint})"}
    site = work / "pelican-site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    for p in pages:
        target = site / "content" / p.month / f"{p.stem}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Slug: the file stem, as copies repeat titles and Pelican would drop same-slug pages
        meta = f"Title: {p.title}\nDate: {p.date}\nSlug: {p.stem}\n\n"
        target.write_text(meta + p.body + "\n", encoding="utf-8")
    run, _ = run_measured([str(exe), "content", "-s", "pelicanconf.py", "-q"], site, timeout, work / "pelican.log")
    run.pages = sum(1 for _ in (site / "output").rglob("*.html")) if (site / "output").is_dir() else None
    return {"command": "pelican content -s pelicanconf.py -q", "cold": asdict(run)}


# --- the scale run -----------------------------------------------------------------------------


def _ratio(ours: dict[str, object], theirs: dict[str, object]) -> float | None:
    a = (ours.get("cold") or {}).get("wall")  # type: ignore[union-attr]
    b = (theirs.get("cold") or {}).get("wall")  # type: ignore[union-attr]
    return round(a / b, 1) if a and b else None


def measure_size(n: int, args: argparse.Namespace) -> dict[str, object]:
    work = args.work / f"n{n}"
    site = work / "site"
    print(f"[{n}] generating corpus in {site} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    stats = corpus.generate(site, n, args.seed)
    generated = time.perf_counter() - started
    print(f"[{n}] {stats['stories']} stories in {generated:.1f} s; cold build ...", file=sys.stderr, flush=True)
    entry: dict[str, object] = {"articles": n, "corpus": stats, "site": str(site), "load_before": os.getloadavg()}
    entry["ours"] = ours = measure_ours(site, args.timeout, seed=args.seed)
    entry["load_after_ours"] = os.getloadavg()
    pages = markdown_pages(site) if not (args.no_hugo and args.no_pelican) else []
    # the article added above is in the manifest: compare on the same N articles
    pages = [p for p in pages if "_added_" not in p.stem]
    if not args.no_hugo:
        print(f"[{n}] hugo ...", file=sys.stderr, flush=True)
        entry["hugo"] = measure_hugo(pages, work, args.timeout)
        entry["ours_over_hugo"] = _ratio(ours, entry["hugo"])  # type: ignore[arg-type]
    if not args.no_pelican:
        print(f"[{n}] pelican ...", file=sys.stderr, flush=True)
        entry["pelican"] = measure_pelican(pages, work, args.timeout)
        entry["ours_over_pelican"] = _ratio(ours, entry["pelican"])  # type: ignore[arg-type]
    return entry


def _fmt_s(v: object) -> str:
    return "—" if v is None else f"{v:.2f}"


def _fmt_mb(run: dict[str, object] | None) -> str:
    if not run:
        return "—"
    a, b = run.get("max_rss_mb"), run.get("tree_pss_mb")
    return f"{a or '—'} / {b or '—'}"


def print_table(report: dict[str, object]) -> None:
    m = report["machine"]
    print(f"\nMachine: {m['cores']} cores, Python {m['python']} ({m['platform']}); builder {m['git']}, "  # type: ignore[index]
          f"code {report.get('code_snapshot', 'live checkout')}")
    header = f"{'N':>7}  {'run':<14} {'wall s':>8} {'MB max RSS/tree PSS':>20}  stages (s)"
    print(header)
    print("-" * len(header))
    for entry in report["sizes"]:  # type: ignore[attr-defined]
        n = entry["articles"]
        ours = entry["ours"]
        for key, label in (("cold", "ours cold"), ("no_change", "ours no-change"), ("one_added", "ours one-added")):
            run = ours.get(key)
            if run is None:
                continue
            stages = ", ".join(f"{k} {v:.2f}" for k, v in run["stages"].items())
            extra = f"  [{run['note']}]" if run.get("note") else ""
            print(f"{n:>7}  {label:<14} {_fmt_s(run['wall']):>8} {_fmt_mb(run):>20}  {stages}{extra}")
        for tool in ("hugo", "pelican"):
            if tool not in entry:
                continue
            res = entry[tool]
            if "skipped" in res:
                print(f"{n:>7}  {tool:<14} {'skipped':>8}  {res['skipped']}")
                continue
            run = res["cold"]
            ratio = entry.get(f"ours_over_{tool}")
            extra = f"  [{run['note']}]" if run.get("note") else ""
            print(f"{n:>7}  {tool + ' cold':<14} {_fmt_s(run['wall']):>8} {_fmt_mb(run):>20}  "
                  f"{run.get('pages')} html pages; ours/{tool} = {ratio if ratio is not None else '—'}x{extra}")
        if ours.get("note"):
            print(f"{'':>7}  note: {ours['note']}")
        c = ours["cold"]
        print(f"{'':>7}  ours: {c.get('stories')} stories (generated {entry['corpus']['stories']}), {c.get('facts')} facts, "
              f"{c.get('pages')} files written")


# --- latency (watch / serve) -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 120.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b""


def demo_site(work: Path) -> Path:
    site = work / "latency-demo"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    shutil.copy2(ROOT / "site.toml", site / "site.toml")
    shutil.copytree(ROOT / "content", site / "content")
    if (ROOT / "templates").is_dir():
        shutil.copytree(ROOT / "templates", site / "templates")
    return site


def _demo_article(site: Path, i: int) -> Path:
    """For the demo site (no manifest): a republisher's copy of a seed article, one line changed."""
    seeds = sorted(p for p in (site / "content").glob("0*.txt"))
    text = seeds[i % len(seeds)].read_text(encoding="utf-8")
    text += f"\nRepublished by latency-check site number {i}.\n"
    path = site / "content" / f"latency_{i:03d}.txt"
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def measure_latency(
    site: Path, label: str, repeats: int, start_timeout: float, seed: int, settle: float = 2.0, file_timeout: float = 120.0
) -> dict[str, object]:
    port = free_port()
    log = site.parent / f"serve-{label}.log"
    cmd = [str(PYTHON), "-m", "builder", "serve", "--port", str(port)]
    result: dict[str, object] = {"site": label, "command": " ".join(cmd[1:]), "port": port}
    with open(log, "wb") as fh:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=site, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True, env=BUILDER_ENV)
    base = f"http://127.0.0.1:{port}"
    try:
        while _get(base + "/stories.json", timeout=start_timeout)[0] != 200:
            if proc.poll() is not None or time.perf_counter() - started > start_timeout:
                result["note"] = f"server did not answer (see {log})"
                return result
            time.sleep(0.1)
        # a server whose output folder already holds a site may answer before its first build
        # ends (requests wait at most a minute for a build): startup ends with the first build
        while b" built " not in log.read_bytes():
            if proc.poll() is not None or time.perf_counter() - started > start_timeout:
                result["note"] = f"first build did not finish (see {log})"
                return result
            time.sleep(0.1)
        result["startup_seconds"] = round(time.perf_counter() - started, 2)
        # serve answers once its first build is done but starts watching only after that: a file
        # written at once can be missed (reported below as missed); wait for the watcher first
        time.sleep(settle)
        listed: list[float] = []
        served: list[float] = []
        misses = 0
        for i in range(repeats):
            is_demo = not (site / corpus.MANIFEST).exists()
            path = _demo_article(site, i) if is_demo else corpus.add_article(site, seed=seed * 1000 + i, new_story=i % 5 == 4)
            t0 = time.perf_counter()
            stem = path.stem
            got_list = got_page = None
            while time.perf_counter() - t0 < file_timeout:
                if got_list is None:
                    status, body = _get(base + "/stories.json")
                    if status == 200 and f'"{stem}"'.encode() in body:
                        got_list = time.perf_counter() - t0
                if got_page is None:
                    status, _ = _get(f"{base}/sources/{stem}/index.html")
                    if status == 200:
                        got_page = time.perf_counter() - t0
                if got_list is not None and got_page is not None:
                    break
                time.sleep(0.01)
            if got_list is None or got_page is None:
                misses += 1
            if got_list is not None:
                listed.append(got_list)
            if got_page is not None:
                served.append(got_page)
            time.sleep(0.3)  # an editor's pause between saves
        for name, values in (("stories_json", listed), ("source_page", served)):
            result[name] = {
                "median_s": round(statistics.median(values), 3) if values else None,
                "max_s": round(max(values), 3) if values else None,
                "samples": [round(v, 3) for v in values],
            }
        result["missed"] = misses
    finally:
        if proc.poll() is None:
            stop = time.perf_counter()
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
                result["shutdown_seconds"] = round(time.perf_counter() - stop, 2)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                result["shutdown_seconds"] = None
            result["exit_code"] = proc.returncode
            result["stopped_within_1s"] = result["shutdown_seconds"] is not None and result["shutdown_seconds"] <= 1.0
    return result


def run_latency(args: argparse.Namespace) -> list[dict[str, object]]:
    found = []
    for label in args.latency_sites.split(","):
        label = label.strip()
        if label == "demo":
            site = demo_site(args.work)
        else:
            n = int(label)
            site = args.work / f"n{n}" / "site"
            if not (site / corpus.MANIFEST).exists():
                print(f"[latency {n}] generating corpus ...", file=sys.stderr, flush=True)
                corpus.generate(site, n, args.seed)
        print(f"[latency {label}] serving {site} ...", file=sys.stderr, flush=True)
        found.append(measure_latency(site, label, args.repeats, args.start_timeout, args.seed, args.settle, args.file_timeout))
    return found


def print_latency(results: list[dict[str, object]]) -> None:
    print("\nwatch/serve latency: file written → visible (s)")
    print(f"{'site':>8}  {'startup':>8}  {'stories.json med/max':>21}  {'source page med/max':>20}  shutdown")
    for r in results:
        if "note" in r and "stories_json" not in r:
            print(f"{r['site']:>8}  {r['note']}")
            continue
        sj, sp = r["stories_json"], r["source_page"]
        print(f"{r['site']:>8}  {r.get('startup_seconds', '—'):>8}  {_fmt_s(sj['median_s']):>10} / {_fmt_s(sj['max_s']):<8}  "
              f"{_fmt_s(sp['median_s']):>9} / {_fmt_s(sp['max_s']):<8}  {r.get('shutdown_seconds')} s "
              f"(exit {r.get('exit_code')}, missed {r.get('missed')})")


# --- profile -----------------------------------------------------------------------------------

#: the CLI's cold build in one process (``os.cpu_count`` → 1, so no forked workers hide the work)
PROFILE_PROGRAM = (
    "import os, sys; os.cpu_count = lambda: 1; sys.argv = ['builder', 'build', '--no-search']; "
    "from builder.cli import main; main()"
)


def run_profile(n: int, args: argparse.Namespace) -> dict[str, object]:
    """A pyinstrument profile of a cold build of the N-article corpus: call tree and flat self-time."""
    site = args.work / f"n{n}" / "site"
    print(f"[profile {n}] generating corpus ...", file=sys.stderr, flush=True)
    corpus.generate(site, n, args.seed)
    clear_build_state(site)
    session = args.work / f"profile-{n}.pyisession"
    cmd = [str(PYTHON), "-m", "pyinstrument", "-r", "session", "-o", str(session), "-c", PROFILE_PROGRAM]
    print(f"[profile {n}] cold build under pyinstrument (one process) ...", file=sys.stderr, flush=True)
    run, out = run_measured(cmd, site, args.timeout, args.work / f"profile-{n}.log", BUILDER_ENV)
    parse_summary(run, out)
    tree = args.work / f"profile-{n}-tree.txt"
    subprocess.run([str(PYTHON), "-m", "pyinstrument", "--load", str(session), "-r", "text", "-o", str(tree)], check=False)
    # self time by function and by module, summed over the whole tree (pyinstrument's own flat view
    # lumps library frames into "[self]"); the project venv has pyinstrument, this script may not
    summary = subprocess.run([str(PYTHON), "-c", FLAT_PROGRAM, str(session)], capture_output=True, text=True, check=False)
    hotspots = json.loads(summary.stdout) if summary.returncode == 0 else {"error": summary.stderr[-500:]}
    print(f"\nprofile of a {n}-article cold build (one process): {_fmt_s(run.wall)} s wall under the profiler; "
          f"stages {run.stages}\n  call tree: {tree}")
    if "functions" in hotspots:
        print(f"\n{'self %':>7} {'total %':>8}  function  (module)")
        for h in hotspots["functions"][:25]:
            print(f"{h['self_pct']:>7.1f} {h['total_pct']:>8.1f}  {h['function']}  ({h['module']})")
        print(f"\n{'self %':>7}  module")
        for h in hotspots["modules"][:12]:
            print(f"{h['self_pct']:>7.1f}  {h['module']}")
    return {"articles": n, "run": asdict(run), "session": str(session), "tree": str(tree), "hotspots": hotspots}


FLAT_PROGRAM = """
import json, sys
from collections import defaultdict
from pyinstrument.session import Session
root = Session.load(sys.argv[1]).root_frame()
total = root.time or 1.0
self_t, incl = defaultdict(float), defaultdict(float)
mod_t = defaultdict(float)
def walk(frame, stack):
    key = (frame.function, frame.file_path_short or "?")
    real = [c for c in frame.children if not c.is_synthetic]  # "[self]" leaves: the frame's own time
    own = frame.time - sum(c.time for c in real)
    self_t[key] += own
    mod_t[key[1]] += own
    if key not in stack:  # recursion counted once
        incl[key] += frame.time
    for c in real:
        walk(c, stack | {key})
walk(root, frozenset())
fns = sorted(self_t, key=self_t.get, reverse=True)[:40]
print(json.dumps({
    "seconds": root.time,
    "functions": [{"function": f, "module": m, "self_pct": round(100 * self_t[(f, m)] / total, 1),
                   "total_pct": round(100 * incl[(f, m)] / total, 1)} for f, m in fns],
    "modules": [{"module": m, "self_pct": round(100 * t / total, 1)}
                for m, t in sorted(mod_t.items(), key=lambda kv: kv[1], reverse=True)[:20]],
}))
"""


# --- main --------------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "builder"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    info: dict[str, object] = {
        "cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "git": git + (" + uncommitted builder/ edits" if dirty else ""), "builder_signature": code_signature(),
        "hugo": hugo_version(),
    }
    exe = pelican_exe()
    info["pelican"] = pelican_version(exe) if exe else None
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated article counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/digest-bench"), help="where corpora and sites go")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--timeout", type=float, default=600, help="stop any one build after this many seconds")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-pelican", action="store_true")
    parser.add_argument("--live-code", action="store_true", help="run the checkout's builder/, not a snapshot of it")
    parser.add_argument("--code", type=Path, help="an earlier snapshot folder (WORK/code-<hash>) to run instead of a new one")
    parser.add_argument("--latency", action="store_true", help="measure watch/serve latency instead of build scale")
    parser.add_argument("--latency-sites", default="demo,10000", help="'demo' and/or article counts")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--profile", type=int, metavar="N", help="profile a cold build of N articles with pyinstrument instead")
    parser.add_argument("--start-timeout", type=float, default=1800, help="wait this long for serve's first build")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds between serve answering and the first new file")
    parser.add_argument("--file-timeout", type=float, default=120.0, help="give up on one new file after this long")
    args = parser.parse_args(argv)
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.work.is_relative_to(ROOT):
        parser.error("--work must be outside the repository")

    global BUILDER_ENV
    # a shell's background job starts with SIGINT ignored, and children inherit that: the serve
    # test must be able to stop the server with SIGINT, so restore the default for our children
    signal.signal(signal.SIGINT, signal.default_int_handler)
    report: dict[str, object] = {"machine": machine(), "seed": args.seed}
    if not args.live_code:
        code = args.code.resolve() if args.code else snapshot_code(args.work)
        if not (code / "builder" / "__main__.py").is_file():
            parser.error(f"--code {code}: no builder/ package there")
        BUILDER_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}
        report["code_snapshot"] = str(code)
    if args.profile:
        report["profile"] = run_profile(args.profile, args)
    elif args.latency:
        report["latency"] = results = run_latency(args)
        print_latency(results)
    else:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        report["sizes"] = entries = []
        for n in sizes:
            entries.append(measure_size(n, args))
            if args.json:  # keep what is measured so far, in case a later size is stopped
                args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
