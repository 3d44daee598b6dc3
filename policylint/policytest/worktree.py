"""The work tree and index of a new repository, written in Python: what ``git read-tree -u``
would do, without starting a git process for each of hundreds of test repositories.

The index is version 2 (git's Documentation/gitformat-index.txt): one entry per file, sorted
by path bytes, with the file's stat data as written here, so git sees a clean checkout.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Mapping

INDEX_HEADER = b"DIRC" + struct.pack(">I", 2)
FILE_MODE = 0o100644
MAX_NAME_LENGTH = 0xFFF
ENTRY_FIXED_SIZE = 62  # the stat fields, object id and flags before the path


def check_out(root: str, files: Mapping[str, str], blob_ids: Mapping[str, str]) -> None:
    """Write ``files`` (path -> text) under ``root`` and ``.git/index`` listing them with
    their blob ids."""
    entries = []
    for path in sorted(files, key=_encoded):
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as stream:
            stream.write(files[path].encode("utf-8", "surrogateescape"))
            status = os.fstat(stream.fileno())
        entries.append(_entry(_encoded(path), status, blob_ids[path]))
    body = INDEX_HEADER + struct.pack(">I", len(entries)) + b"".join(entries)
    index = body + hashlib.sha1(body, usedforsecurity=False).digest()
    with open(os.path.join(root, ".git", "index"), "wb") as stream:
        stream.write(index)


def _encoded(path: str) -> bytes:
    return path.encode("utf-8", "surrogateescape")


def _entry(name: bytes, status: os.stat_result, blob_id: str) -> bytes:
    """One index entry: stat data (32 bits each), mode, id, flags, the path, NUL padding."""
    fields = (
        int(status.st_ctime),
        status.st_ctime_ns % 1_000_000_000,
        int(status.st_mtime),
        status.st_mtime_ns % 1_000_000_000,
        status.st_dev,
        status.st_ino,
        FILE_MODE,
        status.st_uid,
        status.st_gid,
        status.st_size,
    )
    packed = struct.pack(">10I", *(value & 0xFFFFFFFF for value in fields))
    flags = struct.pack(">H", min(len(name), MAX_NAME_LENGTH))
    size = (ENTRY_FIXED_SIZE + len(name) + 8) & ~7  # at least one NUL after the path
    entry = packed + bytes.fromhex(blob_id) + flags + name
    return entry + b"\0" * (size - len(entry))
