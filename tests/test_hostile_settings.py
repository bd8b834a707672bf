"""Hostile site settings (issue 22, items 8 and 9): refused up front, naming the key, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SiteFactory

BODY = "The regional council approved the new budget on Thursday after a debate that lasted six hours.\n"
# a line on which (a+)+$ backtracks for longer than the universe has left
EVIL_LINE = "a" * 40 + "!\n"


def run(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.parametrize("pattern", ["(a+)+$", "(?:\\\\s*x)*y", "(a*b?)*$", "((ab)+c)+", "(x+){50}", "(a|a)+$", "(a|aa)+$"])
@pytest.mark.parametrize("key", ["boilerplate", "attribution"])
def test_a_catastrophic_clean_pattern_is_refused_at_load(make_site: SiteFactory, pattern: str, key: str) -> None:
    files = {"evil.txt": "Budget passes\n" + EVIL_LINE + BODY}
    root = make_site(seeds=True, files=files, toml=f'[clean]\n{key} = ["{pattern}"]\n')
    for args in (("build", "--no-search"), ("check",)):
        proc = run(root, *args, timeout=60)  # before: the build hung on EVIL_LINE
        assert proc.returncode == 2, (args, proc.stderr)
        assert f"site.toml:2: [clean] {key}" in proc.stderr and "repeat" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    "pattern", ["(a++)+$", "(?>a+)+$", "^(Advert\\\\w*)\\\\W*$", "(ab){2,3}", "a+b*$", "(ab|a)+$", "(\\\\W|_)+$"]
)
def test_safe_clean_patterns_are_kept(make_site: SiteFactory, pattern: str) -> None:
    files = {"evil.txt": "Budget passes\n" + EVIL_LINE + BODY}
    root = make_site(seeds=True, files=files, toml=f'[clean]\nboilerplate = ["{pattern}"]\n')
    proc = run(root, "build", "--no-search", "-q", timeout=300)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("table", ["outlets", "stories"])
def test_an_invalid_glob_is_one_config_error_naming_the_key(make_site: SiteFactory, table: str) -> None:
    root = make_site(seeds=True, toml=f'[{table}]\n"[z-a]*.txt" = "Name"\n')
    for args in (("check",), ("build", "--no-search")):
        proc = run(root, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert f"site.toml:2: [{table}] [z-a]*.txt: bad glob" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
        assert proc.stderr.count("error") == 1, proc.stderr  # one error, not one per file


@pytest.mark.parametrize(
    "base_url",
    ["//evil.example/", "///evil.example/", "/\\\\evil.example/", "\\\\\\\\evil.example", "https:evil.example",
     "https:///path", "ftp://evil.example/", "javascript:alert(1)", " //evil.example/", "/a b/"],
)
def test_an_off_site_base_url_is_refused(make_site: SiteFactory, base_url: str) -> None:
    root = make_site(seeds=True, toml=f'[site]\nbase_url = "{base_url}"\n')
    proc = run(root, "build", "--no-search")
    assert proc.returncode == 2, proc.stderr
    assert "site.toml:2: [site] base_url" in proc.stderr and "Traceback" not in proc.stderr
    assert not (root / "public").exists()


def test_an_off_site_base_url_on_the_command_line_is_refused(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    proc = run(root, "build", "--no-search", "--base-url", "//evil.example/")
    assert proc.returncode == 2, proc.stderr
    assert "--base-url" in proc.stderr and "Traceback" not in proc.stderr
    assert not (root / "public").exists()


@pytest.mark.parametrize("base_url", ["/", "/digest/", "digest", "https://example.org/digest/", "http://127.0.0.1:8000/"])
def test_on_site_base_urls_build(make_site: SiteFactory, base_url: str) -> None:
    root = make_site(seeds=True, toml=f'[site]\nbase_url = "{base_url}"\n')
    proc = run(root, "build", "--no-search", "-q", timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = (root / "public" / "404.html").read_text()
    assert "//evil" not in page
