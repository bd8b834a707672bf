"""Putting a new site in place of the old one with no moment without a site, and cleaning up
after a build that was killed while doing it.

The new site is assembled in a folder beside the output folder (``.public.new-<pid>-…``) and
then exchanged with it in one step where the system offers one (Linux ``renameat2`` with
``RENAME_EXCHANGE``): a reader — a web server, ``serve`` — finds the old site or the new one,
never none. Elsewhere it is two renames, the old site moved aside (``.public.old-<pid>``) first;
a build killed between them leaves no ``public/``, and the next build puts the old one back
(:func:`recover_output`) before it reads anything from it. Pages replaced one by one inside the
output folder are staged in a hidden ``.tmp-<pid>-…`` folder there, which the next build removes
if a kill left it behind.

Every leftover name carries the process id of the build that made it, so a build never touches
the folder of another build still running (``watch`` beside a ``build``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import platform
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: renameat2's system call number where the C library has no wrapper (glibc before 2.28)
_SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276}
#: what renameat2 answers where the kernel or the file system cannot exchange
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}


def new_prefix(output_dir: Path) -> str:
    """Name prefix of the folder a build assembles the new site in, beside the output folder."""
    return f".{output_dir.name}.new-{os.getpid()}-"


def old_name(output_dir: Path) -> Path:
    """Where the two-rename swap moves the old site aside."""
    return output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"


#: name prefix of the folder inside the output folder where pages written in place are staged
STAGING_PREFIX = ".tmp-"


def staging_prefix() -> str:
    return f"{STAGING_PREFIX}{os.getpid()}-"


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """The C library's renameat2, or a call of the system call itself; None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    func = getattr(libc, "renameat2", None)
    if func is not None:
        func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        func.restype = ctypes.c_int
        return func  # type: ignore[no-any-return]
    number = _SYS_RENAMEAT2.get(platform.machine())
    if number is None:
        return None
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    return lambda *args: syscall(
        ctypes.c_long(number), ctypes.c_int(args[0]), ctypes.c_char_p(args[1]), ctypes.c_int(args[2]),
        ctypes.c_char_p(args[3]), ctypes.c_uint(args[4]),
    )


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system offers no such step
    (then nothing was done). Raises OSError, naming ``b``, for any other failure."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new: Path, output_dir: Path) -> Path | None:
    """Put the folder ``new`` in place of ``output_dir``; returns where the old site now is (to
    be deleted), or None when there was none."""
    if not output_dir.exists():
        os.rename(new, output_dir)
        return None
    if exchange(new, output_dir):
        return new  # the new site's folder name now holds the old site
    old = old_name(output_dir)
    os.rename(output_dir, old)
    try:
        os.rename(new, output_dir)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rename(old, output_dir)
        raise
    return old


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier process that had this id (containers reuse small ids)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def left_behind(name: str, prefix: str) -> bool:
    """Whether ``name`` (starting with ``prefix``) was left by a build no longer running."""
    pid = name[len(prefix):].split("-", 1)[0]
    return not pid.isdigit() or not _pid_alive(int(pid))


def _remove(path: Path) -> None:
    """Delete a leftover folder (or file); never follows a link (rmtree refuses one)."""
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(OSError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def recover_output(output_dir: Path) -> None:
    """Undo what a build killed mid-swap left behind: put the old site back when the output
    folder is missing, and delete the folders dead builds were assembling or staging.

    Raises OSError when the old site cannot be put back (then nothing else is deleted)."""
    parent = output_dir.parent
    if not parent.is_dir():
        return
    name = output_dir.name
    olds, news = f".{name}.old-", f".{name}.new-"
    entries = [p for p in parent.iterdir() if p.name.startswith((olds, news))]
    dead = [p for p in entries if left_behind(p.name, olds if p.name.startswith(olds) else news)]
    old = sorted((p for p in dead if p.name.startswith(olds) and p.is_dir() and not p.is_symlink()), key=_mtime)
    if old and not output_dir.exists() and not output_dir.is_symlink():
        os.rename(old[-1], output_dir)
        dead.remove(old[-1])
    for stale in dead:
        _remove(stale)
    if output_dir.is_dir() and not output_dir.is_symlink():
        with contextlib.suppress(OSError):
            for entry in os.scandir(output_dir):
                if entry.name.startswith(STAGING_PREFIX) and left_behind(entry.name, STAGING_PREFIX):
                    _remove(Path(entry.path))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
