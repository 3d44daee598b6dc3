"""Writing a file so that readers see either the old one or the whole new one, never a part."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    The file gets the mode a plain ``open`` would give it (``0o666`` less the umask), or keeps
    the mode of the file it replaces; ``private`` makes it ``0o600`` (caches that hold code).
    Raises OSError naming ``path`` (never the temporary file) when it cannot be written.

    A target that exists and is no regular file is written in place, never replaced: renaming
    over ``/dev/null`` or a FIFO (``--output /dev/stdout``) would put a file where a device was.
    A directory is an error.
    """
    import errno
    import stat
    import tempfile

    try:
        kind = os.stat(path).st_mode
    except OSError:
        kind = None  # absent (or unreachable: mkstemp below says why)
    if kind is not None and stat.S_ISDIR(kind):
        raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if kind is not None and not stat.S_ISREG(kind):
        with open(path, "wb") as stream:
            stream.write(data)
        return

    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o600 if private else _mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        _remove(temporary)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        _remove(temporary)
        raise


def _mode(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)
