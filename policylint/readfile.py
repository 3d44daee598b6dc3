"""Reading a file that must be a regular file, without ever blocking on one that is not.

``open()`` on a FIFO waits for a writer, for ever: a checkout (or a pull request) that puts a
FIFO where ``.policylint.yaml``, a baseline or a settings file is expected would hang every
run. The file is opened non-blocking and checked with ``fstat`` before a byte is read, so a
FIFO, a socket, a device or a directory is an ``OSError`` that says what it is.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

# The largest policy file (YAML document) read: here, so the policy cache's check of its files
# on the hook path needs no document module.
MAX_POLICY_BYTES = 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotRegularFile(OSError):
    """A path that names something other than a regular file."""


class FileTooLarge(OSError):
    """A regular file larger than the limit, refused unread; ``size`` is its size."""

    def __init__(self, path: str, size: int) -> None:
        super().__init__(errno.EFBIG, f"larger than the limit ({size:,} bytes)", path)
        self.size = size


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit + 1`` (more than ``limit``:
    the file grew while it was read). Raises ``OSError``: ``NotRegularFile`` when ``path`` is
    not a regular file, ``FileTooLarge`` (unread) when ``stat`` says it is over ``limit``."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        mode = status.st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a file")
            raise NotRegularFile(errno.EINVAL, f"not a regular file ({kind})", path)
        if status.st_size > limit:
            raise FileTooLarge(path, status.st_size)
        chunks, size = [], 0
        while size <= limit:  # in one read when the size is right; chunks when it grows
            chunk = os.read(fd, min(limit + 1 - size, max(status.st_size + 1 - size, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_regular(path: str) -> BinaryIO:
    """The regular file at ``path`` opened for reading in binary (to stream a file too large to
    read at once). Raises ``OSError``, ``NotRegularFile`` when it is not a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a file")
            raise NotRegularFile(errno.EINVAL, f"not a regular file ({kind})", path)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")
