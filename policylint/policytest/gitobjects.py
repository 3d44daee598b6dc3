"""Git objects for a new repository: blobs, trees and commits, written as one pack.

A test run builds a repository per case, hundreds of them. A git process costs milliseconds
to start (``git fast-import`` about 15), and a loose object is a file and a directory each;
so the objects are collected in memory and written as one pack file and its index (formats:
git's Documentation/gitformat-pack.txt), undeltified, SHA-1. ``git fsck --strict`` accepts
them, and the same git commands ``policylint check`` runs read them back.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Mapping
from typing import NamedTuple, Union

# A tree under construction: a file's blob id, or a directory's entries.
Entries = dict[str, Union[str, "Entries"]]

FILE_MODE = b"100644"
TREE_MODE = b"40000"
TYPE_CODES = {b"commit": 1, b"tree": 2, b"blob": 3}
INDEX_MAGIC = b"\377tOc"


class Identity(NamedTuple):
    """A commit's author or committer."""

    name: str
    email: str


class Signature(NamedTuple):
    """Who made a commit and when: seconds since the epoch, in UTC."""

    author: Identity
    committer: Identity
    when: int


class ObjectStore:
    """Objects for the repository whose ``.git`` directory is ``git_dir``, kept in memory
    until ``write_pack``."""

    def __init__(self, git_dir: str) -> None:
        self.pack_dir = os.path.join(git_dir, "objects", "pack")
        self.objects: dict[bytes, tuple[bytes, bytes]] = {}  # binary id -> (kind, data)

    def add(self, kind: bytes, data: bytes) -> str:
        """An object of ``kind`` (``blob``, ``tree``, ``commit``); its id."""
        header = kind + b" " + str(len(data)).encode("ascii") + b"\0"
        object_id = hashlib.sha1(header + data, usedforsecurity=False).digest()
        self.objects[object_id] = (kind, data)
        return object_id.hex()

    def tree(self, files: Mapping[str, str]) -> str:
        """The tree of ``files`` (repository path -> text); directories as their paths say.
        No path may be both a file and a directory (the test file's checks see to that)."""
        root: Entries = {}
        for path, text in files.items():
            *parents, name = path.split("/")
            entries = root
            for parent in parents:
                child = entries.setdefault(parent, {})
                assert isinstance(child, dict), path
                entries = child
            entries[name] = self.blob(text)
        return self._tree(root)

    def blob(self, text: str) -> str:
        """A file's content (UTF-8; undecodable bytes kept as surrogate escapes)."""
        return self.add(b"blob", text.encode("utf-8", "surrogateescape"))

    def _tree(self, entries: Entries) -> str:
        records = []
        for name, entry in entries.items():
            object_id = self._tree(entry) if isinstance(entry, dict) else entry
            encoded = name.encode("utf-8", "surrogateescape")
            # git orders a directory as if its name ended with "/"
            order = encoded + b"/" if isinstance(entry, dict) else encoded
            mode = TREE_MODE if isinstance(entry, dict) else FILE_MODE
            records.append((order, mode + b" " + encoded + b"\0" + bytes.fromhex(object_id)))
        return self.add(b"tree", b"".join(record for _, record in sorted(records)))

    def commit(
        self, tree: str, parents: tuple[str, ...], signature: Signature, message: str
    ) -> str:
        """A commit of ``tree`` on ``parents``; the message is stored as given (UTF-8)."""
        lines = [f"tree {tree}", *(f"parent {parent}" for parent in parents)]
        lines.append(f"author {_signed(signature.author, signature.when)}")
        lines.append(f"committer {_signed(signature.committer, signature.when)}")
        text = "\n".join(lines) + "\n\n" + message
        return self.add(b"commit", text.encode("utf-8", "surrogateescape"))

    def write_pack(self) -> None:
        """Every object, as ``objects/pack/pack-ID.pack`` and its ``.idx``."""
        pack, entries = _pack(self.objects)
        name = os.path.join(self.pack_dir, "pack-" + pack[-20:].hex())
        with open(name + ".pack", "wb") as stream:
            stream.write(pack)
        with open(name + ".idx", "wb") as stream:
            stream.write(_index(entries, pack[-20:]))


def _signed(identity: Identity, when: int) -> str:
    return f"{identity.name} <{identity.email}> {when} +0000"


def _pack(
    objects: Mapping[bytes, tuple[bytes, bytes]],
) -> tuple[bytes, list[tuple[bytes, int, int]]]:
    """The pack's bytes (checksum last), and (id, crc32, offset) of each object."""
    parts = [b"PACK" + struct.pack(">II", 2, len(objects))]
    entries, offset = [], len(parts[0])
    for object_id, (kind, data) in objects.items():
        packed = _object_header(TYPE_CODES[kind], len(data)) + zlib.compress(data, 1)
        entries.append((object_id, zlib.crc32(packed), offset))
        parts.append(packed)
        offset += len(packed)
    body = b"".join(parts)
    return body + hashlib.sha1(body, usedforsecurity=False).digest(), entries


def _object_header(type_code: int, size: int) -> bytes:
    """Type and size: 3 bits of type and 4 of size, then 7 bits of size a byte."""
    out = bytearray()
    byte = (type_code << 4) | (size & 0x0F)
    size >>= 4
    while size:
        out.append(byte | 0x80)
        byte, size = size & 0x7F, size >> 7
    out.append(byte)
    return bytes(out)


def _index(entries: list[tuple[bytes, int, int]], pack_checksum: bytes) -> bytes:
    """A version 2 pack index: fan-out table, sorted ids, CRC32s, offsets, checksums."""
    entries = sorted(entries)
    fanout, count = [], 0
    for first_byte in range(256):
        while count < len(entries) and entries[count][0][0] == first_byte:
            count += 1
        fanout.append(count)
    body = b"".join(
        [
            INDEX_MAGIC + struct.pack(">I", 2),
            struct.pack(">256I", *fanout),
            *(object_id for object_id, _, _ in entries),
            *(struct.pack(">I", crc) for _, crc, _ in entries),
            *(struct.pack(">I", offset) for _, _, offset in entries),
            pack_checksum,
        ]
    )
    return body + hashlib.sha1(body, usedforsecurity=False).digest()
