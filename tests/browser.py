"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def require_chromium() -> None:
    """Skip where no browser can run — but never on CI, which installs it (`make test`)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing on CI: `make test` should have installed Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    pytest.importorskip("playwright")


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
