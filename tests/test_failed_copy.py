"""Failed copies (issue 18): a file whose text is nothing like an article — a menu, a photo gallery,
a login page — is a warning naming it in ``check`` and ``build``, and makes no story of its own,
while the real articles beside it build as before. Through the real CLI on a real folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import SiteFactory

ARTICLE = """Ferry services resume after harbour strike ends
Ferry services between the island and the mainland resumed on Thursday morning after dock workers
ended a four-day strike over pay and working hours at the harbour.
The first crossing left at seven o'clock with more than two hundred passengers on board, many of
them commuters who had been unable to reach their jobs since the start of the week.
Union officials said the agreement reached late on Wednesday would raise wages by six percent over
two years and limit night shifts for workers with young children.
The harbour authority said it expected the timetable to return to normal by the weekend.
"""

MENU = """Home
World
Business
Sport
Culture
Weather
Subscribe
Sign in
"""

GALLERY = """Photos: Autumn colours across the valley
1 of 4
Red maple leaves along the river path
2 of 4
A walker crossing the old stone bridge
3 of 4
Morning mist over the vineyards
4 of 4
Hide Caption
"""

LOGIN = """Sign in to your account
Email address
Password
Remember me
Forgot your password?
No account yet? Register now
"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=120)


def _site(make_site: SiteFactory) -> Path:
    return make_site(files={"ferry.txt": ARTICLE, "menu.txt": MENU, "gallery.txt": GALLERY, "login.txt": LOGIN})


def test_check_names_each_failed_copy(make_site: SiteFactory) -> None:
    root = _site(make_site)
    proc = run(root, "check")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    for name in ("menu.txt", "gallery.txt", "login.txt"):
        line = next((x for x in out.splitlines() if name in x), "")
        assert "reads like no article" in line, out
    assert not any("ferry.txt" in x and "no article" in x for x in out.splitlines())


def test_build_makes_no_story_of_a_failed_copy(make_site: SiteFactory) -> None:
    root = _site(make_site)
    proc = run(root, "build")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    for name in ("menu.txt", "gallery.txt", "login.txt"):
        assert name in out and "reads like no article" in out
    sources = root / "public" / "sources"
    assert (sources / "ferry" / "index.html").is_file()
    for stem in ("menu", "gallery", "login"):
        assert not (sources / stem).exists(), stem
    pages = " ".join(p.read_text(encoding="utf-8") for p in (root / "public").rglob("*.html"))
    assert "Forgot your password" not in pages and "Morning mist over the vineyards" not in pages


def test_a_short_note_is_not_a_failed_copy(make_site: SiteFactory) -> None:
    """A file of a line or two is a note, kept as a story whatever it holds."""
    root = make_site(files={"ferry.txt": ARTICLE, "note.txt": "Harbour update\nTimetable soon\n"})
    proc = run(root, "check")
    assert "no article" not in proc.stdout + proc.stderr
