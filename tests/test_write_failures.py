"""Writing the site on a real host (issue 22, items 11 and 12): a write that fails — the disk
full, a read-only folder, a busy mount — is one message naming the path and the cause, with the
old site intact (no orphan page of a cached rebuild left in the live folder); the swap of a new
site into place has no moment without a site; what a killed build leaves is put right by the
next one, before it reads the old site's slugs. Through the real CLI on real folders; the disk
and mount failures on a small tmpfs, where the machine allows mounting one."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .conftest import SiteFactory, snapshot

#: places a town builds, one article each: different titles, so different slugs
PLACES = ["harbour", "library", "bridge", "orchard", "railway", "museum", "stadium", "canal", "airport", "theatre"]


def article(place: str, n: int) -> str:
    return (
        f"{place.title()} plan {n} approved\n\n"
        f"The {place} project number {n} was approved on Monday by the local board after a long debate.\n"
        f"Officials said the {place} would open to the public in the spring and cost about {n + 3} million.\n"
        f"Residents near the {place} welcomed the decision but asked for quieter building hours.\n"
    )


#: the environment the CLI runs in: conftest's builder_env (a copy of the code taken once, so the
#: build cache between two commands is not thrown by an edit to the checkout meanwhile)
ENV: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _cli_env(builder_env: dict[str, str]) -> None:
    ENV.clear()
    ENV.update(builder_env)


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", "build", "-q", "--no-search", *args],
        cwd=root, capture_output=True, text=True, timeout=300, env=ENV,
    )


def one_error(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    """The run failed with exactly one error line, holding every word, and no traceback."""
    assert proc.returncode not in (0, None), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    for word in words:
        assert word in errors[0], (word, proc.stderr)
    return errors[0]


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "4m") -> Iterator[Path]:
    """A small tmpfs mounted at ``path`` for the test's length (skips where none can be mounted)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on this machine")
    path.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {proc.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(mount: Path, leave: int) -> Path:
    """Fill the file system at ``mount`` to the last byte, then free ``leave`` bytes."""
    filler = mount / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def places_site(make_site: SiteFactory, output: Path) -> Path:
    files = {f"{place}.txt": article(place, n) for n, place in enumerate(PLACES)}
    return make_site(files=files, toml=f'[paths]\noutput = "{output}"\n')


@pytest.mark.parametrize("cache", [True, False], ids=["cached-rebuild", "fresh-folder"])
def test_a_full_disk_is_one_message_and_leaves_the_published_site_as_it_was(
    make_site: SiteFactory, tmp_path: Path, cache: bool
) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        public = disk / "public"
        root = places_site(make_site, public)
        assert run(root).returncode == 0
        failed = 0
        # from no byte free to enough for a few pages: some of the new pages fit, others do not
        for n, leave in enumerate((0, 16 << 10, 64 << 10, 256 << 10)):
            before = snapshot(public)
            filler = fill(disk, leave)
            (root / "content" / f"volcano-{n}.txt").write_text(article(f"volcano {n}", 40 + n))
            proc = run(root, *([] if cache else ["--no-cache"]))
            filler.unlink()
            if proc.returncode == 0:  # it all fitted: published whole
                assert (public / "sources" / f"volcano-{n}" / "index.html").is_file()
                continue
            failed += 1
            one_error(proc, str(public), "No space left on device")
            assert snapshot(public) == before, f"{leave} bytes free: the published site changed"
            assert sorted(p.name for p in disk.iterdir()) == ["public"]  # no temporary folder left
            assert not [p for p in public.iterdir() if p.name.startswith(".tmp-")]
        assert failed
        # with room again, the next build publishes every new article
        assert run(root, *([] if cache else ["--no-cache"])).returncode == 0
        assert all((public / "sources" / f"volcano-{n}" / "index.html").is_file() for n in range(4))


@pytest.mark.parametrize("cache", [True, False], ids=["cached-rebuild", "fresh-folder"])
def test_a_read_only_output_folder_is_one_message_and_the_old_site_stays(
    make_site: SiteFactory, tmp_path: Path, cache: bool
) -> None:
    readonly = tmp_path / "readonly"
    if os.geteuid() == 0:
        # root writes through any mode bits: a read-only file system refuses root too
        with tmpfs(readonly) as mount:
            public = mount / "public"
            root = places_site(make_site, public)
            assert run(root).returncode == 0
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
            _rebuild_fails_naming(root, public, cache, "Read-only file system")
        return
    readonly.mkdir()
    public = readonly / "public"
    root = places_site(make_site, public)
    assert run(root).returncode == 0
    for folder in (readonly, public):
        folder.chmod(0o555)
    try:
        _rebuild_fails_naming(root, public, cache, "Permission denied")
    finally:
        for folder in (readonly, public):
            folder.chmod(0o755)


def _rebuild_fails_naming(root: Path, public: Path, cache: bool, cause: str) -> None:
    before = snapshot(public)
    (root / "content" / "volcano.txt").write_text(article("volcano", 40))
    proc = run(root, *([] if cache else ["--no-cache"]))
    one_error(proc, str(public.parent), cause)
    assert snapshot(public) == before


def test_a_busy_mount_as_output_is_one_message_and_keeps_its_site(make_site: SiteFactory, tmp_path: Path) -> None:
    root = places_site(make_site, tmp_path / "site" / "public")
    assert run(root).returncode == 0
    public = root / "public"
    built = snapshot(public)
    shutil.rmtree(public)
    with tmpfs(public):
        # the published site lives on the mount, and a fresh build cannot move a mount point
        for rel, data in built.items():
            (public / rel).parent.mkdir(parents=True, exist_ok=True)
            (public / rel).write_bytes(data)
        (root / "content" / "volcano.txt").write_text(article("volcano", 40))
        proc = run(root, "--no-cache")
        one_error(proc, str(public), "busy", "mount")
        assert snapshot(public) == built
        assert not [p for p in root.iterdir() if p.name.startswith(".public.")]


#: unrelated reports, each its own story (title → text)
REPORTS = {
    "storm.txt": ("Storm cuts power to coastal towns",
                  "Winds of over 120 km/h brought down lines along the coast overnight, leaving 40,000 homes dark."),
    "chess.txt": ("Teenager wins national chess title",
                  "A 15-year-old from the valley beat the defending champion in a final game lasting six hours."),
    "vaccine.txt": ("Clinic trial of new flu vaccine begins",
                    "Doctors at the university hospital gave the first doses to 300 volunteers on Wednesday."),
    "wheat.txt": ("Drought halves the wheat harvest",
                  "Farmers in the plains reported yields at half of last year's after the driest summer on record."),
    "museum.txt": ("Stolen painting found in attic",
                   "Police recovered a portrait taken from the city gallery in 1994 during a house clearance."),
    "rail.txt": ("Night train returns after ten years",
                 "The overnight service between the two capitals resumed on Friday with sleeping cars for 200."),
}


def _dead_pid() -> int:
    """The id of a process that has ended (a build killed with -9 leaves names carrying one)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _slugs(public: Path) -> dict[tuple[str, ...], str]:
    stories = json.loads((public / "stories.json").read_text())["stories"]
    return {tuple(sorted(s["sources"])): s["slug"] for s in stories}


def test_a_swap_cut_short_by_a_kill_is_put_back_before_its_slugs_are_read(make_site: SiteFactory) -> None:
    root = make_site(files={name: f"{title}\n\n{text}\n" for name, (title, text) in REPORTS.items()})
    assert run(root).returncode == 0
    public = root / "public"
    slugs = _slugs(public)
    assert len(set(slugs.values())) == len(REPORTS)
    # titles edited: the next build knows the stories' old addresses from stories.json
    for name, (title, text) in list(REPORTS.items())[:3]:
        (root / "content" / name).write_text(f"{title}, officials say\n\n{text}\n")
    # what a build killed between the two renames of a swap leaves: no public/, the old site
    # moved aside, the new one half assembled
    pid = _dead_pid()
    old = root / f".public.old-{pid}"
    public.rename(old)
    half = root / f".public.new-{pid}-x1y2z3"
    (half / "stories").mkdir(parents=True)
    (half / "index.html").write_text("<p>half a site</p>")
    proc = run(root)
    assert proc.returncode == 0, proc.stderr
    # every story is published, and every address of the old site still leads to its story
    # (the same page, or a page sending the reader on to the story's new address)
    assert len(_slugs(public)) == len(REPORTS)
    for slug in slugs.values():
        assert (public / "stories" / slug / "index.html").is_file(), slug
    assert "Storm cuts power to coastal towns, officials say" in (public / "index.html").read_text()
    assert not [p for p in root.iterdir() if p.name.startswith(".public.")]


def test_what_killed_builds_leave_is_cleaned_and_a_running_builds_is_not(make_site: SiteFactory) -> None:
    root = make_site(files={f"{place}.txt": article(place, n) for n, place in enumerate(PLACES)})
    assert run(root).returncode == 0
    public = root / "public"
    pid = _dead_pid()
    # an in-place commit killed while staging its pages (this version), and the temporary files
    # an earlier version's killed in-place writes left beside the pages
    staged = public / f".tmp-{pid}-k3j2"
    staged.mkdir()
    (staged / "0").write_text("<p>a staged page</p>")
    (public / ".tmp-q8w7e6").write_text("<p>half a page</p>")
    next((public / "stories").iterdir()).joinpath(".tmp-z9x8c7").write_text("<p>half a page</p>")
    (root / f".public.new-{pid}-a1b2c3").mkdir()
    # a build still running (this test's own process stands for it): its folder is its own
    running = root / f".public.new-{os.getpid()}-r4t5y6"
    running.mkdir()
    (running / "index.html").write_text("<p>being assembled</p>")
    (root / "content" / "volcano.txt").write_text(article("volcano", 40))
    proc = run(root)
    assert proc.returncode == 0, proc.stderr
    assert not [p for p in public.rglob(".tmp-*")]
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".public.")) == [running.name]
    assert (running / "index.html").read_text() == "<p>being assembled</p>"


class _Names(FileSystemEventHandler):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def on_any_event(self, event: FileSystemEvent) -> None:
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self.names.add(Path(raw if isinstance(raw, str) else raw.decode()).name)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the atomic exchange is Linux's renameat2")
def test_a_rebuild_swaps_the_site_in_with_no_moment_without_one(make_site: SiteFactory) -> None:
    root = make_site(files={f"{place}.txt": article(place, n) for n, place in enumerate(PLACES)})
    assert run(root).returncode == 0
    index = root / "public" / "index.html"
    missing = 0
    stop = threading.Event()

    def look() -> None:
        nonlocal missing
        while not stop.is_set():
            missing += not index.is_file()

    names = _Names()
    observer = Observer()
    observer.schedule(names, str(root), recursive=False)
    observer.start()
    reader = threading.Thread(target=look)
    reader.start()
    try:
        for n in range(3):
            (root / "content" / "volcano.txt").write_text(article("volcano", 40 + n))
            proc = run(root, "--no-cache")  # a fresh folder, swapped in whole
            assert proc.returncode == 0, proc.stderr
    finally:
        stop.set()
        reader.join()
        observer.stop()
        observer.join()
    assert missing == 0
    # the old site was never moved aside: public/ and the new folder changed places in one step
    assert any(name.startswith(".public.new-") for name in names.names)
    assert not [name for name in names.names if re.match(r"\.public\.old-", name)]


def test_a_public_replaced_by_a_file_or_a_link_to_a_users_folder_is_refused(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(files={name: f"{title}\n\n{text}\n" for name, (title, text) in REPORTS.items()})
    assert run(root).returncode == 0  # the cache now knows the published files: a rebuild goes in place
    public = root / "public"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("<p>my own page</p>")
    (mine / "stories").mkdir()
    (mine / "stories" / "notes.txt").write_text("my notes\n")
    (mine / "volcano").mkdir()
    (mine / "volcano" / "index.html").write_text("<p>my volcano page</p>")
    kept = snapshot(mine)
    (root / "content" / "volcano.txt").write_text(article("volcano", 40))
    shutil.rmtree(public)
    public.symlink_to(mine, target_is_directory=True)
    for args in ((), ("--no-cache",)):
        proc = run(root, *args)
        assert proc.returncode == 2 and "symbolic link" in one_error(proc, str(public)), proc.stderr
        assert snapshot(mine) == kept and public.is_symlink()
    public.unlink()
    public.write_text("a file of mine\n")
    proc = run(root)
    assert proc.returncode == 2 and "is a file" in one_error(proc, str(public))
    assert public.read_text() == "a file of mine\n"
    # a link where an interrupted swap left the old site aside is not taken for it, nor followed
    public.unlink()
    aside = root / f".public.old-{_dead_pid()}"
    aside.symlink_to(mine, target_is_directory=True)
    proc = run(root)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(mine) == kept
    assert public.is_dir() and not public.is_symlink() and not aside.is_symlink()
    # a folder of the site replaced by a link: a rebuild deletes no file through it
    (public / "sources").rename(root / "sources-moved")
    (public / "sources").symlink_to(mine, target_is_directory=True)
    (root / "content" / "volcano.txt").unlink()
    proc = run(root)
    one_error(proc, "outside the output folder")
    assert snapshot(mine) == kept


def test_a_cache_folder_that_cannot_be_made_is_skipped_quietly(tmp_path: Path) -> None:
    # save() runs after the site is published: a root where .cache/ cannot be made (read-only,
    # or a file in its place, which refuses root too) costs the next run time, not a traceback
    from builder import cache

    blocker = tmp_path / "root"
    blocker.write_text("a file where the site root's folder would be")
    cache_file = blocker / ".cache" / "build.pickle"
    cache.save(cache_file, ("id",), cache.Saved())
    assert not cache_file.exists() and cache.load(cache_file, ("id",)) is None
