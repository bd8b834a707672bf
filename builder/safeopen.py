"""Reading a file only when it is a regular file inside a given folder, decided on the open file.

A check made before opening (``is_file``, ``is_symlink``, a resolved path) can be outrun: the
file can be replaced by a link to ``/etc/passwd`` or by a FIFO between the check and the open,
and the open then follows the link or blocks for ever on the FIFO. So every folder on the way is
opened relative to the last without following links, the file with ``O_NOFOLLOW | O_NONBLOCK``
(a FIFO opens at once instead of waiting for a writer), and ``fstat`` on that descriptor decides.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class UnsafeFileError(OSError):
    """The file is not a regular file inside the folder; ``problem`` says what it is instead."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class TooLargeError(Exception):
    """The file is larger than the caller's limit; ``size`` in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return "is not a regular file"


def _open_inside(path: Path, root: Path) -> int:
    """A descriptor for ``path`` opened from ``root`` one component at a time, no link followed.

    Links that the content folder holds on purpose (inside the folder) are resolved first, once;
    a link that appears after that — or leads outside — is refused, not followed.
    """
    real_root = root.resolve()
    real = path.resolve()  # a link inside the content folder is allowed: follow it here, once
    if not real.is_relative_to(real_root):
        raise UnsafeFileError("is a symbolic link leading outside the content folder")
    parts = real.relative_to(real_root).parts
    if not parts:
        raise UnsafeFileError("is a folder, not a file")
    fd = os.open(real_root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for name in parts[:-1]:
            try:
                nxt = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    problem = f"is in a folder ({name}) that was replaced by a link or a file while the site was read"
                    raise UnsafeFileError(problem) from None
                raise
            os.close(fd)
            fd = nxt
        try:
            return os.open(parts[-1], os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafeFileError("was replaced by a symbolic link while the site was read") from None
            raise
    finally:
        os.close(fd)


def read_regular(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` of at most ``limit`` bytes.

    Raises :class:`UnsafeFileError` when it is not a regular file inside ``root`` (a FIFO, a
    device, a link swapped in), :class:`TooLargeError` over ``limit``, ``OSError`` when it cannot
    be read.
    """
    fd = _open_inside(path, root)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFileError(_kind(st.st_mode))
        if st.st_size > limit:
            raise TooLargeError(st.st_size)
        os.set_blocking(fd, True)  # a regular file: blocking reads, as usual
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # it grew after fstat
            raise TooLargeError(len(data))
        return data
    finally:
        os.close(fd)
