"""Full-text search across digests with Pagefind, run over a freshly written site.

Pagefind's PyPI package (``pagefind[bin]``) ships its binary. Where it is missing the site is
built without search: pages only show the search box when the index exists.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"  #: the folder, inside the output, that holds the search index and UI


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None and importlib.util.find_spec("pagefind_bin") is not None


def index_site(site_dir: Path, timeout: float = 900.0) -> str | None:
    """Index the digest pages under ``site_dir``; None on success, else why it failed."""
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE, "--silent"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search index not built ({exc})"
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        return f"search index not built (pagefind: {detail[-1] if detail else f'exit {proc.returncode}'})"
    return None
