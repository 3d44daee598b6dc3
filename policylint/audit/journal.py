"""The audit journal: one JSON row a line (schemas/audit-row.schema.json), appended and flushed
as each repository finishes, so a killed audit loses at most the repository it was writing.

Without ``--resume`` an existing journal is replaced (atomically, before the first row). With
it, the rows already there are read back, last row of a name winning; a torn last line (the
write a SIGKILL interrupted) is dropped, and the journal is rewritten cleanly before anything is
appended. When the audit ends the journal is rewritten once more (atomically) to hold every
repository of the audit exactly once, in the audit's order, streamed from the offsets of its
lines (a journal that is a device or a pipe, which cannot be read back, is left as written:
each row once, as it finished).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, overload

from policylint.atomicfile import write_atomically
from policylint.audit import ROW_VERSION
from policylint.documents.json_text import JsonProblem, parse_json
from policylint.errors import AuditError
from policylint.readfile import open_regular

Row = dict[str, Any]


class Journal:
    """An open journal, appended to row by row."""

    def __init__(self, path: str, stream: IO[bytes]) -> None:
        self.path, self.stream = path, stream

    def append(self, line: bytes) -> int:
        """Append one encoded row (``encode``), handed to the operating system before this
        returns: a killed audit (even ``kill -9``) loses none. Not ``fsync``ed row by row (it
        cost a third of the audit's time): the results database is the durable record, and
        the journal is synced when the audit rewrites it at the end. Returns where the line
        starts in the file."""
        offset = self.stream.tell()
        self.stream.write(line)
        self.stream.flush()
        return offset

    def close(self) -> None:
        self.stream.close()

    @property
    def seekable(self) -> bool:
        """A regular file, whose lines can be read back by offset (not ``/dev/null``)."""
        return stat.S_ISREG(os.fstat(self.stream.fileno()).st_mode)

    def finish_from(self, entries: Iterable[int | bytes]) -> FileRows:
        """Close and rewrite the journal with these rows, each the offset of a line this
        journal holds or an encoded row, streamed from the old file to a new one that then
        replaces it (no row is held in memory); its rows, read back from the file."""
        self.close()
        try:
            return _rewrite(self.path, entries)
        except OSError as exc:
            raise AuditError(f"{self.path}: cannot write the journal: {exc.strerror}") from None


def _rewrite(path: str, entries: Iterable[int | bytes]) -> FileRows:
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".journal-")
    count = 0
    try:
        with open(path, "rb") as old, os.fdopen(fd, "wb") as new:
            for entry in entries:
                count += 1
                if isinstance(entry, int):
                    old.seek(entry)
                new.write(old.readline() if isinstance(entry, int) else entry)
            new.flush()
            os.fsync(new.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return FileRows(path, count)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class FileRows(Sequence[Row]):
    """A journal's rows read from its file as they are iterated: an audit of many
    repositories holds none of them in memory for its summary."""

    def __init__(self, path: str, size: int) -> None:
        self.path, self.size = path, size

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[Row]:
        with open(self.path, "rb") as stream:
            for line in stream:
                yield decode(line)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        rows = list(self)
        return rows[index]


def start(path: str, *, resume: bool) -> Journal:
    """The journal opened for appending. Without ``resume`` it starts empty; with it, it keeps
    the last row of each name, in the order of those rows (``kept_rows`` reads them back)."""
    if resume and os.path.exists(path):
        _compact(path)
    else:
        _replace(path, [])
    try:
        stream = open(path, "ab")  # noqa: SIM115 - closed by Journal.close
    except OSError as exc:
        raise AuditError(f"{path}: cannot write the journal: {exc.strerror}") from None
    return Journal(path, stream)


def _compact(path: str) -> None:
    """The journal rewritten (atomically) with the last row of each name, a torn last line
    dropped: scanned line by line, only where each name's last row starts is held."""
    last: dict[str, int] = {}
    for number, offset, line in _lines(path):
        if line.strip():
            name = _row(path, number, line)["name"]
            last.pop(name, None)  # a later row moves to its later place
            last[name] = offset
    offsets = list(last.values())
    del last
    try:
        _rewrite(path, offsets)
    except OSError as exc:
        raise AuditError(f"{path}: cannot write the journal: {exc.strerror}") from None


def kept_rows(path: str) -> Iterator[tuple[int, Row]]:
    """The rows ``start`` kept (before anything is appended), one at a time, each with the
    offset where its line starts."""
    offset = 0
    with open(path, "rb") as stream:
        for line in stream:
            if line.strip():
                yield offset, decode(line)
            offset += len(line)


def _lines(path: str) -> Iterator[tuple[int, int, bytes]]:
    """Each whole line of the journal (number, offset, bytes); a last line without its newline
    (the write a SIGKILL interrupted) is left out."""
    try:
        stream = open_regular(path)
    except OSError as exc:
        raise AuditError(f"{path}: cannot read the journal: {exc.strerror}") from None
    with stream:
        offset = 0
        for number, line in enumerate(stream, 1):
            if line.endswith(b"\n"):
                yield number, offset, line
            offset += len(line)


def read_rows(path: str) -> dict[str, Row]:
    """The journal's rows by name (the last of a name wins); a torn last line is ignored."""
    rows: dict[str, Row] = {}
    for number, _, line in _lines(path):
        if line.strip():
            row = _row(path, number, line)
            rows.pop(row["name"], None)  # a later row moves to its later place
            rows[row["name"]] = row
    return rows


def _row(path: str, number: int, line: bytes) -> Row:
    try:
        row = parse_json(line.rstrip(b"\n").decode("utf-8"))
    except (UnicodeDecodeError, JsonProblem):
        row = None
    if not (isinstance(row, dict) and isinstance(row.get("name"), str)):
        raise AuditError(f"{path}:{number}: not an audit journal row")
    if row.get("version") != ROW_VERSION:
        raise AuditError(
            f"{path}:{number}: a row of version {row.get('version')!r}; "
            f"this policylint reads version {ROW_VERSION}: audit again without --resume"
        )
    return row


def encode(row: Row) -> bytes:
    return json.dumps(row, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n"


def decode(line: bytes) -> Row:
    row: Row = json.loads(line)
    return row


def _replace(path: str, lines: list[bytes]) -> None:
    try:
        write_atomically(Path(path), b"".join(lines))
    except OSError as exc:
        raise AuditError(f"{path}: cannot write the journal: {exc.strerror}") from None
