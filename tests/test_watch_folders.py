"""``watch`` and ``serve`` follow ``content/`` and ``templates/`` when they are deleted and made
anew (issue 22, item 14): files put in the new folders are published, with native events and
with ``--poll``. Through the real commands on a real folder."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time

import pytest

from .conftest import SiteFactory
from .factories import eventually, file_says


def report(title: str, detail: str) -> str:
    return f"{title}\n\nThe county board said on Tuesday that {detail}, after a vote that ended late at night.\n"



def _override(text: str) -> str:
    return '{% extends "base.html" %}{% block main %}<p class="mine">' + text + "</p>{% endblock %}"


@pytest.mark.parametrize(
    ("command", "poll"), [("watch", False), ("watch", True), ("serve", False)], ids=["watch-native", "watch-poll", "serve"]
)
def test_content_and_templates_made_anew_are_followed(
    make_site: SiteFactory, builder_env: dict[str, str], command: str, poll: bool
) -> None:
    root = make_site(files={"ferry.txt": report("Ferry fares frozen", "ferry fares would not rise this year")})
    public = root / "public"
    args = [sys.executable, "-m", "builder", command, *(["--port", "0"] if command == "serve" else [])]
    proc = subprocess.Popen(
        [*args, *(["--poll"] if poll else [])], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=builder_env,
    )
    wait = 60.0
    try:
        assert eventually(file_says(public / "sources" / "ferry" / "index.html", "Ferry fares frozen"), timeout=wait)
        time.sleep(1)  # the observer is running before the first build; let it settle
        # content/ deleted (the site is in error meanwhile), then made anew with other files
        shutil.rmtree(root / "content")
        time.sleep(1.5)
        (root / "content").mkdir()
        (root / "content" / "school.txt").write_text(report("School roof repaired", "the school roof was fixed"))
        assert eventually(lambda: (public / "sources" / "school" / "index.html").is_file(), timeout=wait)
        # a file put in the new folder later still reaches the site: the new folder is watched
        time.sleep(1)
        (root / "content" / "bridge.txt").write_text(report("Old bridge reopens", "the old bridge was safe again"))
        assert eventually(file_says(public / "index.html", "Old bridge reopens"), timeout=wait), "new content/ not watched"
        # the same for templates/
        shutil.rmtree(root / "templates")
        time.sleep(1.5)
        (root / "templates").mkdir()
        time.sleep(1.5)
        (root / "templates" / "index.html").write_text(_override("first override"))
        assert eventually(file_says(public / "index.html", "first override"), timeout=wait), "new templates/ not watched"
        time.sleep(0.5)
        (root / "templates" / "index.html").write_text(_override("second override"))
        assert eventually(file_says(public / "index.html", "second override"), timeout=wait)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
