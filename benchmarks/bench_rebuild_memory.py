"""Memory over many rebuilds: does a long `watch`/`serve` session grow?

Copies a site (the demo by default) to a temporary folder, then edits one article and rebuilds
in place, as `watch` does, N times (default 300), printing the process's resident memory
(RSS) every 50 rebuilds and the growth from rebuild 50 to the last.

    .venv/bin/python benchmarks/bench_rebuild_memory.py [SITE_DIR] [--rebuilds 300]
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import tempfile
import time
from pathlib import Path

from builder.build import SiteBuilder
from builder.config import load_config

REPO = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path, default=REPO)
    parser.add_argument("--rebuilds", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(args.site / "content", site / "content")
        if (args.site / "site.toml").exists():
            shutil.copy(args.site / "site.toml", site / "site.toml")
        builder = SiteBuilder(load_config(site))
        builder.build(in_place=True)
        target = sorted((site / "content").rglob("*.txt"))[0]
        original = target.read_text(encoding="utf-8")
        marks: dict[int, float] = {}
        started = time.perf_counter()
        for n in range(1, args.rebuilds + 1):
            target.write_text(original + f"\nAn added closing sentence, edit number {n}, for the benchmark.\n", encoding="utf-8")
            builder.build(in_place=True)
            if n % 50 == 0:
                gc.collect()
                marks[n] = rss_mb()
                print(f"rebuild {n:4d}: RSS {marks[n]:7.1f} MB")
        elapsed = time.perf_counter() - started
        first, last = marks[min(marks)], marks[max(marks)]
        print(f"{args.rebuilds} rebuilds in {elapsed:.1f} s ({elapsed / args.rebuilds * 1000:.0f} ms each); "
              f"RSS from rebuild {min(marks)} to {max(marks)}: {first:.1f} → {last:.1f} MB ({last - first:+.1f} MB)")


if __name__ == "__main__":
    main()
