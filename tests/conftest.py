"""Shared fixtures: the demo content and a factory for throwaway sites."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEMO_CONTENT = REPO / "content"


@pytest.fixture
def seeds_dir() -> Path:
    return DEMO_CONTENT


SiteFactory = Callable[..., Path]


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file under ``folder`` (path relative to it → bytes), to compare two outputs."""
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def make_site(tmp_path: Path) -> SiteFactory:
    """Create a site folder: ``make_site(files={"a.txt": "..."}, toml="...", seeds=True)``."""

    def factory(files: dict[str, str | bytes] | None = None, toml: str = "", seeds: bool = False) -> Path:
        root = tmp_path / "site"
        (root / "content").mkdir(parents=True, exist_ok=True)
        (root / "templates").mkdir(exist_ok=True)
        (root / "site.toml").write_text(toml, encoding="utf-8")
        if seeds:
            for f in DEMO_CONTENT.glob("*.txt"):
                shutil.copy(f, root / "content" / f.name)
        for name, data in (files or {}).items():
            path = root / "content" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return root

    return factory


@pytest.fixture(scope="session")
def builder_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose ``python -m builder`` runs a copy of ``builder/`` taken once per
    session: a test that runs several commands and relies on the build cache between them is
    not thrown by an edit to the checkout meanwhile (the cache is keyed by the code)."""
    code = tmp_path_factory.mktemp("code")
    shutil.copytree(REPO / "builder", code / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}
