"""One bad file in ``watch`` (issue 22, item 15) is a warning on that file; the rest of the site
keeps updating, through the real command on a real folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from .conftest import SiteFactory
from .factories import eventually, file_says

BODY = "The regional council approved the new budget on Thursday after a debate that lasted six hours.\n"

#: files that each broke a rebuild before (the site stayed in error until they were fixed)
BAD_FILES: dict[str, str | bytes] = {
    "month.md": "---\ntitle: Month thirteen\npublished: 2024-13-45\n---\n" + BODY,
    "feb30.md": '---\ntitle: Thirtieth\npublished: "2024-02-30"\n---\n' + BODY,
    "deep.md": "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n" + BODY,
    "tag.md": "---\ncount: !!int abc\n---\n" + BODY,
    "binary.txt": b"\x00\x01\x02" * 400,
}



@pytest.mark.parametrize("poll", [False, True], ids=["native", "poll"])
def test_one_bad_file_in_watch_is_a_warning_and_the_rest_keeps_updating(make_site: SiteFactory, poll: bool) -> None:
    root = make_site(seeds=True, files={"harbour.txt": "Harbour reopens\n\n" + BODY})
    args = [sys.executable, "-m", "builder", "watch", *(["--poll"] if poll else [])]
    proc = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    harbour = root / "public" / "sources" / "harbour" / "index.html"
    try:
        assert eventually(file_says(harbour, "Harbour reopens"), timeout=60.0), "first build"
        time.sleep(1)  # the observer is running before the first build; let it settle
        for name, data in BAD_FILES.items():
            path = root / "content" / name
            path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
        os.mkfifo(root / "content" / "pipe.txt")
        # each edit to a good file is published, whatever the bad ones hold
        for n in range(2):
            time.sleep(0.5)
            (root / "content" / "harbour.txt").write_text(f"Harbour reopens, edit {n}\n\n" + BODY.replace("six", str(n + 2)))
            assert eventually(file_says(harbour, f"edit {n}"), timeout=60.0), f"edit {n} not published"
        assert (root / "public" / "sources" / "month" / "index.html").is_file()  # built, its date left out
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    shown = " ".join(err.split())
    assert "Traceback" not in err and "build failed" not in shown, err
    for name in [*BAD_FILES, "pipe.txt"]:
        assert f"warning: {name}:" in shown, (name, err)
